#include "annotate/annotator.hpp"

#include <cstdlib>
#include <fstream>
#include <tuple>
#include <utility>
#include <sstream>

#include "annotate/tsv_file.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"

#ifndef MEDQA_DEFAULT_LEXICON_DIR
#error "MEDQA_DEFAULT_LEXICON_DIR must be defined by the build"
#endif

namespace medqa::annotate {
namespace fs = std::filesystem;

fs::path lexicon_dir(const std::string& from_command_line) {
    if (!from_command_line.empty()) return from_command_line;
    if (const char* env = std::getenv("MEDQA_LEXICON_DIR"); env && *env) return env;
    return MEDQA_DEFAULT_LEXICON_DIR;
}

namespace {

std::vector<fs::path> concept_files(const fs::path& dir, const std::vector<fs::path>& extra) {
    std::vector<fs::path> files{dir / "anatomy.tsv"};
    files.insert(files.end(), extra.begin(), extra.end());
    return files;
}

std::string content_hash(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return hash_hex(content.str());
}

// The fingerprint of the lexicons (the rules version and the hash of every file, in reading
// order) and what it is made of, each file read once.
std::pair<std::string, LexiconSources> fingerprint_of(const fs::path& dir, const std::vector<fs::path>& extra) {
    LexiconSources sources{std::string(kRulesVersion), fs::absolute(dir).lexically_normal().string(), {}, {}};
    const std::string anatomy = content_hash(dir / "anatomy.tsv");
    std::string all = sources.rules + anatomy;
    for (const auto& f : extra) {
        sources.user.push_back({f.string(), content_hash(f)});
        all += sources.user.back().hash;
    }
    std::string built_in = anatomy;
    for (const char* name : {"query-synonyms.tsv", "anatomy-false-alarms.tsv", "stance-cues.tsv", "stopwords.tsv"})
        built_in += content_hash(dir / name);
    all += built_in.substr(anatomy.size());
    sources.built_in = hash_hex(built_in);
    return {hash_hex(all), std::move(sources)};
}

}  // namespace

Annotator::Annotator(const fs::path& dir, const std::vector<fs::path>& extra_anatomy)
    : stopwords_(dir / "stopwords.tsv"),
      anatomy_(concept_files(dir, extra_anatomy), dir / "anatomy-false-alarms.tsv"),
      stance_(dir / "stance-cues.tsv") {
    read_tsv(dir / "query-synonyms.tsv", 2, 2, [&](const TsvRow& row) {
        std::vector<std::string> group{text::lower(row.cells[0])};
        for (auto& synonym : split_list(row.cells[1])) group.push_back(text::lower(synonym));
        if (group.size() < 2) lexicon_error(row.where, "a synonym group needs at least one synonym");
        query_synonyms_.push_back(std::move(group));
    });
    std::tie(fingerprint_, sources_) = fingerprint_of(dir, extra_anatomy);
}

QuestionFrame Annotator::frame(const Thread& thread) const { return frame(thread.title, thread.question); }

QuestionFrame Annotator::frame(std::string_view title, std::string_view question) const {
    return analyse_question(title, question, stopwords_, stem_);
}

std::vector<std::vector<std::string>> Annotator::synonym_groups() const {
    auto groups = query_synonyms_;
    auto anatomy = anatomy_.name_groups();
    groups.insert(groups.end(), anatomy.begin(), anatomy.end());
    return groups;
}

AnswerAnalysis Annotator::analyse(const QuestionFrame& question, std::string_view answer) const {
    return {stance_.classify(question, answer), anatomy_.tag(answer)};
}

std::vector<AnswerLabels> Annotator::annotate(const Thread& thread) const {
    const QuestionFrame question = frame(thread);
    std::vector<AnswerLabels> labels;
    labels.reserve(thread.answers.size());
    for (const auto& answer : thread.answers) {
        auto analysis = analyse(question, answer.text);
        labels.push_back({analysis.stance.stance, std::move(analysis.anatomy)});
    }
    return labels;
}

}  // namespace medqa::annotate
