// bench/nfcorpus_to_jsonl: NFCorpus documents (`MED-123<TAB>lower-cased title and abstract`)
// as medqa JSONL threads, so that `medqa index` can read them and `medqa eval` judge them with
// the NFCorpus qrels. One thread per document: its id is the document id (what the qrels name),
// the title and question are its first words, and the one answer is the whole text. (The text
// starts with the article's title, before "pubmed ncbi abstract"; read as the title it scored a
// little lower for medqa and FTS5 alike: bench/README.md, "NFCorpus titles as the documents carry
// them".)

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;  // keys in the order of medqa's README: id first

namespace {

// Title words: the article's title (9 words at the median) and the abstract's first words.
constexpr size_t kTitleWords = 12;

std::string first_words(const std::string& text, size_t n) {
    std::istringstream in(text);
    std::string word, out;
    for (size_t i = 0; i < n && in >> word; ++i) out += (out.empty() ? "" : " ") + word;
    return out;
}

json thread(const std::string& id, const std::string& text) {
    std::string title = first_words(text, kTitleWords);
    return {{"id", id},
            {"title", title},
            {"question", title},
            {"answers", json::array({{{"text", text}}})},
            {"source", "nfcorpus"}};
}

struct Counts {
    size_t written = 0, empty = 0;
};

// Throws std::runtime_error naming FILE:LINE for a line that is not ID<TAB>TEXT.
Counts convert(const fs::path& input, std::ostream& out) {
    std::ifstream in(input);
    if (!in) throw std::runtime_error("cannot read " + input.string());
    Counts counts;
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        auto tab = line.find('\t');
        if (tab == std::string::npos || tab == 0)
            throw std::runtime_error(fmt::format("{}:{}: expected DOC-ID<TAB>text", input.string(), number));
        std::string text = line.substr(tab + 1);
        if (first_words(text, 1).empty()) {  // medqa rejects an answer without text
            ++counts.empty;
            continue;
        }
        out << thread(line.substr(0, tab), text).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
        ++counts.written;
    }
    return counts;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"NFCorpus documents (ID<TAB>text) as medqa JSONL threads, one thread per document"};
    std::string input, output;
    app.add_option("input", input, "NFCorpus docs file, e.g. ../shared/corpora/nfcorpus-dev/dev.docs")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("output", output, "JSONL file to write (replaced atomically)")->required();
    CLI11_PARSE(app, argc, argv);

    fs::path out_path(output), tmp = out_path;
    tmp += ".tmp";
    try {
        if (out_path.has_parent_path()) fs::create_directories(out_path.parent_path());
        Counts counts;
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out) throw std::runtime_error("cannot write " + tmp.string());
            counts = convert(input, out);
            out.flush();
            if (!out) throw std::runtime_error("writing " + tmp.string() + " failed");
        }
        fs::rename(tmp, out_path);
        fmt::print(stderr, "nfcorpus_to_jsonl: wrote {} threads to {}{}\n", counts.written, output,
                   counts.empty ? fmt::format(" (skipped {} documents without text)", counts.empty) : "");
    } catch (const std::exception& e) {
        std::error_code ec;
        fs::remove(tmp, ec);
        fmt::print(stderr, "nfcorpus_to_jsonl: error: {}\n", e.what());
        return 1;
    }
    return 0;
}
