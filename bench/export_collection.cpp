// bench/export_collection: medqa input (read by medqa's own readers, as `medqa index` reads
// it) as the documents of bench/fts5_baseline, `THREAD/ANSWER<TAB>CONTEXT<TAB>ANSWER TEXT`,
// so that the baseline searches the same text under the same ids. Optionally also:
//   --jsonl FILE   the threads as medqa JSONL, with the context below as their title, for
//                  `medqa index` (needed when the context is not what medqa would index);
//   --known-item N topics and qrels for known-item retrieval: N threads drawn with --seed, the
//                  query is the thread's question, the relevant documents its answer and any
//                  copy of it that no system could tell apart: the same context and answer
//                  text (MedQuAD repeats some pairs across sources). Boilerplate answers ("This
//                  condition is inherited in an autosomal recessive pattern...", 348 times)
//                  under another focus are not copies: the focus tells them apart.
//   --query title  the known-item query is the thread's title instead, and the relevant
//                  document the thread (its id in the qrels, so any of its answers counts),
//                  with every thread of the same title: a user who pastes a title they saw
//                  wants that thread, whichever of its answers comes first.
// The context is what both systems may match beside the answer: `question` (default) is the
// thread's title and question, as medqa indexes them; `focus` is the first tag (MedQuAD's
// <Focus>, "Glaucoma") and no question text at all, for known-item runs whose queries are the
// questions themselves.

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/thread.hpp"
#include "ingest/input_files.hpp"

namespace fs = std::filesystem;
using namespace medqa;
using json = nlohmann::ordered_json;

namespace {

// Tabs and line breaks would break the TSV columns; they are white space to both systems.
std::string one_line(const std::string& text) { return text::squeeze_space(text); }

std::string context_of(const Thread& t, bool focus) {
    if (focus) return t.tags.empty() ? t.title : t.tags.front();
    std::string question = one_line(t.question);
    return question == t.title ? t.title : t.title + " " + question;
}

std::ofstream open_out(const std::string& path) {
    if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"medqa input as bench/fts5_baseline documents (and known-item topics and qrels)"};
    std::vector<std::string> inputs;
    std::string docs, jsonl, topics, qrels, context = "question", query = "question";
    size_t known_items = 0;
    unsigned seed = 4;
    app.add_option("inputs", inputs, "Files or folders, as for medqa index")->required();
    app.add_option("--docs", docs, "Write the documents here: THREAD/ANSWER<TAB>CONTEXT<TAB>TEXT")->required();
    app.add_option("--context", context, "Text beside each answer: question (title and question) or focus")
        ->check(CLI::IsMember({"question", "focus"}));
    app.add_option("--jsonl", jsonl, "Also write the threads, with that context as title, as medqa JSONL");
    auto* known = app.add_option("--known-item", known_items, "Draw this many threads as known-item topics");
    app.add_option("--seed", seed, "Seed of the draw")->default_val(4);
    app.add_option("--query", query, "Known-item query: the thread's question (its first answer relevant) or title (the thread)")
        ->check(CLI::IsMember({"question", "title"}))
        ->needs(known);
    app.add_option("--topics", topics, "Known-item topics file to write")->needs(known);
    app.add_option("--qrels", qrels, "Known-item qrels file to write")->needs(known);
    CLI11_PARSE(app, argc, argv);
    if (known_items && (topics.empty() || qrels.empty())) {
        fmt::print(stderr, "export_collection: --known-item needs --topics and --qrels\n");
        return 2;
    }

    try {
        std::vector<Thread> threads;
        size_t problems = 0;
        std::vector<fs::path> roots(inputs.begin(), inputs.end());
        auto input = ingest::collect_input_files(roots);
        problems += input.unreadable_folders.size();
        for (const auto& file : input.files)
            ingest::read_threads(file, {.on_thread = [&](Thread&& t) { threads.push_back(std::move(t)); },
                                        .on_problem = [&](ingest::Problem&&) { ++problems; }});
        const bool focus = context == "focus";

        auto doc_out = open_out(docs);
        std::map<std::string, std::vector<std::string>> ids_by_text;  // context and answer text -> ids
        std::map<std::string, std::vector<std::string>> threads_by_title;
        for (const auto& t : threads) {
            threads_by_title[one_line(t.title)].push_back(t.id);
            for (const auto& a : t.answers) {
                std::string id = t.id + "/" + a.id, text = one_line(a.text);
                std::string context = one_line(context_of(t, focus));
                doc_out << id << '\t' << context << '\t' << text << '\n';
                ids_by_text[context + '\t' + text].push_back(id);
            }
        }
        if (!jsonl.empty()) {
            auto out = open_out(jsonl);
            for (const auto& t : threads) {
                json answers = json::array();
                for (const auto& a : t.answers) answers.push_back({{"id", a.id}, {"author", a.author}, {"text", a.text}});
                std::string title = context_of(t, focus);
                out << json{{"id", t.id}, {"title", title}, {"question", title}, {"answers", answers},
                            {"source", t.source}}
                           .dump(-1, ' ', false, json::error_handler_t::replace)
                    << '\n';
            }
        }
        if (known_items) {
            // Fisher-Yates with mt19937's raw output: std::uniform_int_distribution differs
            // between standard libraries, and the draw must be the same everywhere.
            std::mt19937 rng(seed);
            std::vector<size_t> order(threads.size());
            for (size_t i = 0; i < order.size(); ++i) order[i] = i;
            for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
            order.resize(std::min(known_items, order.size()));
            auto topic_out = open_out(topics), qrel_out = open_out(qrels);
            for (size_t n = 0; n < order.size(); ++n) {
                const Thread& t = threads[order[n]];
                std::string qid = fmt::format("KI-{}", n + 1);
                if (query == "title") {
                    topic_out << qid << '\t' << one_line(t.title) << '\n';
                    for (const auto& id : threads_by_title[one_line(t.title)]) qrel_out << qid << " 0 " << id << " 1\n";
                    continue;
                }
                topic_out << qid << '\t' << one_line(t.question) << '\n';
                const std::string key = one_line(context_of(t, focus)) + '\t' + one_line(t.answers.front().text);
                for (const auto& id : ids_by_text[key]) qrel_out << qid << " 0 " << id << " 1\n";
            }
        }
        fmt::print(stderr, "export_collection: {} threads{}{}\n", threads.size(),
                   problems ? fmt::format(", {} records rejected", problems) : "",
                   known_items ? fmt::format(", {} known-item topics", std::min(known_items, threads.size())) : "");
    } catch (const Error& e) {
        fmt::print(stderr, "export_collection: error: {}\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "export_collection: error: {}\n", e.what());
        return 1;
    }
    return 0;
}
