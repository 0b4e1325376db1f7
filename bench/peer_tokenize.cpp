// peer_tokenize: the practical floor of indexing for the issue-6 benchmark: read the corpus,
// parse each JSON line and split every answer (and each thread's title and question) into
// words with medqa's tokenizer, then nothing. No index is written.
//   peer_tokenize index CORPUS_DIR [DB]     (DB is accepted and ignored, like the other peers)

#include <string>

#include "bench_common.hpp"
#include "core/text.hpp"

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "";
    if ((argc != 3 && argc != 4) || mode != "index") bench::fail("usage: peer_tokenize index CORPUS_DIR [DB]");
    auto files = bench::corpus_files(argv[2]);
    auto start = bench::Clock::now();
    size_t answers = 0, words = 0;
    size_t bytes = bench::for_each_thread(files, [&](const nlohmann::json& thread) {
        words += medqa::text::tokenize(thread.value("title", "")).size();
        words += medqa::text::tokenize(thread.value("question", "")).size();
        for (const auto& a : thread.at("answers")) {
            words += medqa::text::tokenize(a.at("text").get<std::string>()).size();
            ++answers;
        }
    });
    // The word count is printed so that the work cannot be optimised away and is seen to be done.
    bench::print_line({{"system", "tokenize"}, {"phase", "index"}, {"seconds", bench::seconds_since(start)},
                       {"answers", answers}, {"bytes", bytes}, {"words", words}});
}
