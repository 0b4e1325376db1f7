#include "index/index_run.hpp"

#include "index/indexer.hpp"
#include "index/synonyms.hpp"
#include "ingest/input_files.hpp"
#include "ingest/validate.hpp"

namespace medqa {

// Metadata: the fingerprint of the lexicons the synonym table was written from.
constexpr std::string_view kLexiconsKey = "medqa.lexicons";

IndexReport index_paths(const std::vector<std::filesystem::path>& roots, const std::filesystem::path& db_path,
                        const annotate::Annotator& annotator,
                        const std::function<void(const ingest::Problem&)>& on_problem, ingest::InputFormat format) {
    auto files = ingest::collect_input_files(roots, format);  // before opening: a typo in a path writes nothing
    Indexer indexer(db_path, annotator);
    IndexReport report;
    report.files = files.size();
    ingest::ThreadSink sink{
        [&](Thread&& thread) {
            try {
                ingest::validate(thread);
                switch (indexer.add(thread)) {
                    case Indexer::Outcome::added: ++report.added; break;
                    case Indexer::Outcome::updated: ++report.updated; break;
                    case Indexer::Outcome::unchanged: ++report.unchanged; break;
                }
                ++report.threads;
                report.answers += thread.answers.size();
            } catch (const ingest::RecordError& e) {
                ++report.rejected;
                on_problem({thread.origin, e.what()});
            }
        },
        [&](ingest::Problem&& problem) {
            ++report.rejected;
            on_problem(problem);
        },
        [&](ingest::Problem&&) { ++report.skipped; }};
    // One transaction for the run: a crash or an error that stops it leaves the index exactly
    // as it was (Xapian cancels an open transaction when the database is closed).
    indexer.database().begin_transaction();
    for (const auto& file : files) ingest::read_threads(file, sink, format);
    // The synonym table follows the lexicons: rewritten only when they changed.
    auto& db = indexer.database();
    if (db.get_metadata(std::string(kLexiconsKey)) != annotator.fingerprint()) {
        write_synonyms(db, annotator.synonym_groups());
        db.set_metadata(std::string(kLexiconsKey), annotator.fingerprint());
    }
    db.commit_transaction();
    return report;
}

}  // namespace medqa
