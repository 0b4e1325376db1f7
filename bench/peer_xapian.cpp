// peer_xapian: a bare Xapian program, for the issue-6 benchmark: what medqa costs over the
// library it is built on. One document per answer, TermGenerator with the English stemmer over
// the answer text, thread title and question (no annotation, no values, no synonyms), the text
// as document data, a commit every 10k documents; queries through QueryParser (default OP_OR),
// BM25, top 10 with their data.
//   peer_xapian index CORPUS_DIR DB      peer_xapian query DB QUERY_FILE
// Each prints one JSON line of timings.

#include <string>

#include <xapian.h>

#include "bench_common.hpp"

namespace {

using nlohmann::json;

constexpr Xapian::doccount kCommitEvery = 10000;

int index(const bench::fs::path& corpus, const std::string& path) {
    auto files = bench::corpus_files(corpus);
    auto start = bench::Clock::now();
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator terms;
    terms.set_stemmer(Xapian::Stem("english"));
    size_t answers = 0;
    size_t bytes = bench::for_each_thread(files, [&](const json& thread) {
        std::string title = thread.value("title", ""), question = thread.value("question", "");
        for (const auto& a : thread.at("answers")) {
            auto text = a.at("text").get<std::string>();
            Xapian::Document doc;
            terms.set_document(doc);
            terms.index_text(text);
            terms.increase_termpos();  // no phrase across the fields' boundary
            terms.index_text(title);
            terms.increase_termpos();
            terms.index_text(question);
            doc.set_data(text);
            db.add_document(doc);
            if (++answers % kCommitEvery == 0) db.commit();
        }
    });
    db.commit();
    db.close();
    bench::print_line({{"system", "xapian"}, {"phase", "index"}, {"seconds", bench::seconds_since(start)},
                       {"answers", answers}, {"bytes", bytes}});
    return 0;
}

int query(const std::string& path, const bench::fs::path& query_file) {
    if (!bench::fs::is_directory(path)) bench::fail("peer_xapian: " + path + ": no database (run index first)");
    auto queries = bench::read_queries(query_file);
    Xapian::Database db(path);
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(db);
    parser.set_default_op(Xapian::Query::OP_OR);
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    auto result = bench::time_queries(queries, [&](const std::string& q) -> size_t {
        Xapian::Query parsed;
        try {
            parsed = parser.parse_query(q);
        } catch (const Xapian::QueryParserError&) {
            // A question with stray syntax is searched as plain words, as medqa does.
            parsed = parser.parse_query(q, 0);
        }
        enquire.set_query(parsed);
        auto mset = enquire.get_mset(0, 10);
        size_t hits = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it) hits += !it.get_document().get_data().empty();
        return hits;
    });
    result["system"] = "xapian";
    result["phase"] = "query";
    bench::print_line(result);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (argc == 4 && mode == "index") return index(argv[2], argv[3]);
        if (argc == 4 && mode == "query") return query(argv[2], argv[3]);
    } catch (const Xapian::Error& e) {
        bench::fail("peer_xapian: " + e.get_description());
    }
    bench::fail("usage: peer_xapian index CORPUS_DIR DB | peer_xapian query DB QUERY_FILE");
}
