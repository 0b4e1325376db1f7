// medqa_query_bench: medqa's query latency for the issue-6 benchmark. `medqa search` per query
// would measure process start and lexicon loading, so this opens the index and the lexicons
// once and runs each query through the Searcher as `medqa search` does for people
// (presentation on: snippets, facets, consensus, synonyms and the spelling suggestion), single
// thread, top 10, warm cache.
//   medqa_query_bench DB QUERY_FILE [LEXICON_DIR]
// Prints one JSON line of timings.

#include <exception>
#include <string>

#include "annotate/annotator.hpp"
#include "bench_common.hpp"
#include "search/searcher.hpp"

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) bench::fail("usage: medqa_query_bench DB QUERY_FILE [LEXICON_DIR]");
    std::string db = argv[1];
    if (!bench::fs::is_directory(db)) bench::fail("medqa_query_bench: " + db + ": no index (run medqa index first)");
    auto queries = bench::read_queries(argv[2]);
    try {
        medqa::annotate::Annotator annotator(medqa::annotate::lexicon_dir(argc == 4 ? argv[3] : ""));
        medqa::Searcher searcher(db, annotator);
        auto result = bench::time_queries(queries, [&](const std::string& q) -> size_t {
            medqa::SearchRequest request;
            request.query = q;
            return searcher.search(request).hits.size();
        });
        result["system"] = "medqa";
        result["phase"] = "query";
        bench::print_line(result);
    } catch (const std::exception& e) {
        bench::fail(std::string("medqa_query_bench: ") + e.what());
    } catch (const Xapian::Error& e) {
        bench::fail("medqa_query_bench: " + e.get_description());
    }
}
