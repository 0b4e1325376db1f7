// Fuzzes query parsing and search: each input is a query, searched like `medqa search QUERY`
// over a small database (the seed thread and a few JSON threads, so that words, fields,
// synonyms and spelling data all exist) built once in a scratch folder. Any exception
// escaping is a finding: a bad query gets a notice, never an error.

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "annotate/annotator.hpp"
#include "index/index_run.hpp"
#include "search/searcher.hpp"

namespace {

namespace fs = std::filesystem;
using namespace medqa;

const fs::path kSourceDir = MEDQA_SOURCE_DIR;

constexpr const char* kThreads =
    R"({"id": "jaw", "title": "Is jaw clenching after Botox normal?", "question": "My masseter feels weak after Botox. Should I worry about TMJ?", "answers": [{"author": "Dr. A", "text": "No, masseter weakness is expected after Botox and the jaw joint recovers."}, {"text": "It may cause temporary chewing fatigue; see your injector if it persists."}], "tags": ["botox", "masseter"]})"
    "\n"
    R"({"id": "bp", "title": "Can high blood pressure cause headaches?", "question": "I have hypertension and a headache in my temples.", "answers": [{"text": "Yes, very high blood pressure can cause headaches, usually at the back of the head."}]})"
    "\n";

struct Fixture {
    fs::path dir;
    annotate::Annotator annotator{kSourceDir / "data" / "lexicon"};
    std::unique_ptr<Searcher> searcher;

    Fixture() {
        std::string pattern = (fs::temp_directory_path() / "medqa-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        dir = pattern;
        std::ofstream(dir / "threads.jsonl") << kThreads;
        auto report = index_paths({kSourceDir / "data" / "threads" / "botox-volume-loss.txt", dir / "threads.jsonl"},
                                  dir / "db", annotator, [](const ingest::Problem&) { std::abort(); });
        if (report.threads != 3) std::abort();
        searcher = std::make_unique<Searcher>(dir / "db", annotator);
    }
    ~Fixture() {
        searcher.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    SearchRequest request;
    request.query.assign(reinterpret_cast<const char*>(data), size);
    fixture.searcher->search(request);
    return 0;
}
