// make_corpus: the synthetic corpus of issue 6. Real answer texts (MedQuAD's and the doctors'
// of questionDoctorQAs.json) resampled into threads of 1-8 answers under a real question, at
// any size, seeded: the same seed and size give the same bytes. Written as medqa JSONL split
// into files of about 10k answers, so that adding or changing one file is a small change.
// It also draws the long queries: real MedQuAD questions, with their own seed.

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "bench_common.hpp"
#include "core/text.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// splitmix64 rather than std::mt19937 + std::uniform_int_distribution: the distributions are
// not specified bit for bit, and the corpus must be the same with any standard library.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next() {
        uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform enough in [0, n): the modulo bias is below 1e-12 for the pool sizes used here.
    size_t below(size_t n) { return static_cast<size_t>(next() % n); }

private:
    uint64_t state_;
};

struct PoolAnswer {
    std::string author;
    std::string text;
};
struct PoolQuestion {
    std::string title;
    std::string question;
};
struct Pools {
    std::vector<PoolAnswer> answers;
    std::vector<PoolQuestion> questions;
    std::vector<std::string> medquad_questions;  // the long queries are drawn from these
};

void load_medquad(const fs::path& dir, Pools& pools) {
    if (!fs::is_directory(dir)) bench::fail(dir.string() + ": MedQuAD folder not found (give --corpora)");
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path());
    // Directory order differs between file systems; the pools must not.
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        pugi::xml_document doc;
        if (!doc.load_file(file.c_str())) continue;  // a few MedQuAD files are not well-formed
        auto document = doc.child("Document");
        std::string source = document.attribute("source").as_string();
        for (auto pair : document.child("QAPairs").children("QAPair")) {
            auto question = medqa::text::squeeze_space(pair.child_value("Question"));
            auto answer = medqa::text::squeeze_space(pair.child_value("Answer"));
            if (question.empty()) continue;
            pools.medquad_questions.push_back(question);
            pools.questions.push_back({question, question});
            // Three MedQuAD folders had their answers removed: their questions still serve.
            if (!answer.empty()) pools.answers.push_back({"MedQuAD " + source, answer});
        }
    }
}

void load_doctor_qa(const fs::path& file, Pools& pools) {
    std::ifstream in(file);
    if (!in) bench::fail(file.string() + ": doctor-QA file not found (give --corpora)");
    auto doc = json::parse(in);
    std::string last_url;
    for (const auto& r : doc) {
        auto answer = medqa::text::squeeze_space(r.value("answer", ""));
        if (!answer.empty()) pools.answers.push_back({r.value("answer_author", ""), answer});
        // Consecutive records of one url are one thread: its question is taken once.
        auto url = r.value("url", "");
        if (url == last_url) continue;
        last_url = url;
        std::string title = r.value("question_text", ""), question = r.value("question", "");
        if (title.size() > question.size()) std::swap(title, question);
        if (!question.empty()) pools.questions.push_back({title.empty() ? question : title, question});
    }
}

void write_corpus(const Pools& pools, size_t total_answers, uint64_t seed, const fs::path& out,
                  size_t answers_per_file) {
    fs::create_directories(out);
    // A smaller corpus written over a larger one must not keep the larger one's last files.
    for (const auto& e : fs::directory_iterator(out))
        if (e.path().extension() == ".jsonl") fs::remove(e.path());
    Rng rng(seed);
    std::ofstream file;
    size_t written = 0, in_file = 0, files = 0, threads = 0, bytes = 0;
    while (written < total_answers) {
        if (!file.is_open() || in_file >= answers_per_file) {
            file.close();
            file.open(out / fmt::format("part-{:05}.jsonl", files++));
            if (!file) bench::fail((out / "part-*.jsonl").string() + ": cannot write");
            in_file = 0;
        }
        const auto& q = pools.questions[rng.below(pools.questions.size())];
        size_t n = std::min<size_t>(1 + rng.below(8), total_answers - written);
        json answers = json::array();
        for (size_t i = 0; i < n; ++i) {
            const auto& a = pools.answers[rng.below(pools.answers.size())];
            answers.push_back({{"author", a.author}, {"text", a.text}});
        }
        json thread = {{"id", fmt::format("bench-{:07}", ++threads)},
                       {"title", q.title},
                       {"question", q.question},
                       {"source", "bench"},
                       {"answers", std::move(answers)}};
        auto line = thread.dump();
        file << line << '\n';
        bytes += line.size() + 1;
        written += n;
        in_file += n;
    }
    file.close();
    if (!file) bench::fail(out.string() + ": write failed");
    std::cerr << fmt::format("make_corpus: {} answers in {} threads, {} files, {:.1f} MB in {}\n", written, threads,
                             files, static_cast<double>(bytes) / 1e6, out.string());
}

void write_queries(const Pools& pools, size_t count, uint64_t seed, const fs::path& out) {
    // Without replacement: a partial Fisher-Yates shuffle of the indices.
    std::vector<size_t> order(pools.medquad_questions.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    Rng rng(seed);
    count = std::min(count, order.size());
    for (size_t i = 0; i < count; ++i) std::swap(order[i], order[i + rng.below(order.size() - i)]);
    if (out.has_parent_path()) fs::create_directories(out.parent_path());
    std::ofstream file(out);
    for (size_t i = 0; i < count; ++i) file << pools.medquad_questions[order[i]] << '\n';
    if (!file) bench::fail(out.string() + ": write failed");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Synthetic medqa JSONL corpus from real MedQuAD and doctor-QA texts (issue 6 benchmark)"};
    std::string corpora = "../shared/corpora", out, queries_out;
    size_t answers = 0, per_file = 10000, query_count = 500;
    uint64_t seed = 6, query_seed = 600;
    app.add_option("--corpora", corpora, "Folder holding medquad/ and doctor-qa/")->capture_default_str();
    app.add_option("--answers", answers, "Answers to write (0: none, e.g. only --queries-out)");
    app.add_option("--out", out, "Corpus folder (its *.jsonl files are replaced)");
    app.add_option("--per-file", per_file, "Answers per file, about")->capture_default_str();
    app.add_option("--seed", seed, "Corpus seed")->capture_default_str();
    app.add_option("--queries-out", queries_out, "Also write this many MedQuAD questions as long queries");
    app.add_option("--queries", query_count, "How many long queries")->capture_default_str();
    app.add_option("--query-seed", query_seed, "Long-query seed")->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    if (answers > 0 && out.empty()) bench::fail("make_corpus: --answers needs --out");

    Pools pools;
    load_medquad(fs::path(corpora) / "medquad", pools);
    load_doctor_qa(fs::path(corpora) / "doctor-qa" / "questionDoctorQAs.json", pools);
    if (pools.answers.empty() || pools.questions.empty()) bench::fail("make_corpus: no answers or questions read");
    std::cerr << fmt::format("make_corpus: pools of {} answers and {} questions\n", pools.answers.size(),
                             pools.questions.size());
    if (answers > 0) write_corpus(pools, answers, seed, out, per_file);
    if (!queries_out.empty()) write_queries(pools, query_count, query_seed, queries_out);
}
