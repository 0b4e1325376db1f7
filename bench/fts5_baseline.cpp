// bench/fts5_baseline: the plain-BM25 system medqa is compared with. SQLite FTS5 (porter
// stemming, unicode61 tokens, ranked by bm25() with its fixed k1 1.2 and b 0.75 and every
// column weighted 1) over the same documents, run on the same topics and scored by medqa's
// own measures (search/evaluation.hpp), so that the two systems differ only in ranking.
//
// Documents: `ID<TAB>TEXT`, or `ID<TAB>CONTEXT<TAB>TEXT` where CONTEXT is what medqa indexes
// beside an answer (the thread's title and question), searched as a second column. An ID is
// THREAD/ANSWER as medqa names answers (the thread is what comes before the last '/'), or a
// plain id, its own thread. Hits map onto the judged ids as in `medqa eval`: a judged answer,
// else a judged thread, each once at its best rank (eval::ranking_from_hits).
// Prints the means as `medqa eval` does (text, or the same JSON keys with --format json) and
// can write the TREC run.

#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "core/error.hpp"
#include "search/evaluation.hpp"

namespace fs = std::filesystem;
using namespace medqa;
using nlohmann::json;

namespace {

struct DbClose {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbClose>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw std::runtime_error(what + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, sql);
}

Stmt prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) fail(db, sql);
    return Stmt(s);
}

void bind_text(sqlite3_stmt* s, int column, const std::string& text) {
    sqlite3_bind_text(s, column, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// A document id as the thread and answer of a medqa hit.
Hit as_hit(const std::string& id, double score) {
    Hit h;
    h.score = score;
    auto slash = id.rfind('/');
    h.answer.thread = slash == std::string::npos ? id : id.substr(0, slash);
    h.answer.answer = slash == std::string::npos ? "" : id.substr(slash + 1);
    return h;
}

struct Ids {
    std::set<std::string> threads, answers;
};

// Loads the documents into an in-memory FTS5 table; returns how many.
size_t load(sqlite3* db, const fs::path& docs, Ids& ids) {
    std::ifstream in(docs);
    if (!in) throw std::runtime_error("cannot read " + docs.string());
    exec(db, "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, context, text, tokenize = 'porter unicode61')");
    exec(db, "BEGIN");
    Stmt insert = prepare(db, "INSERT INTO docs (id, context, text) VALUES (?, ?, ?)");
    size_t count = 0;
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        auto first = line.find('\t');
        if (first == std::string::npos || first == 0)
            throw std::runtime_error(fmt::format("{}:{}: expected ID<TAB>TEXT or ID<TAB>CONTEXT<TAB>TEXT", docs.string(), number));
        auto second = line.find('\t', first + 1);
        std::string id = line.substr(0, first);
        std::string context = second == std::string::npos ? "" : line.substr(first + 1, second - first - 1);
        std::string text = line.substr(second == std::string::npos ? first + 1 : second + 1);
        Hit h = as_hit(id, 0);
        ids.threads.insert(h.answer.thread);
        if (!h.answer.answer.empty()) ids.answers.insert(id);
        bind_text(insert.get(), 1, id);
        bind_text(insert.get(), 2, context);
        bind_text(insert.get(), 3, text);
        if (sqlite3_step(insert.get()) != SQLITE_DONE) fail(db, fmt::format("{}:{}: insert", docs.string(), number));
        sqlite3_reset(insert.get());
        ++count;
    }
    exec(db, "COMMIT");
    return count;
}

// The query as an FTS5 expression: each distinct word quoted, the words OR-ed. Quoting makes
// every FTS5 operator character (" * ^ : ( ) - +) and keyword (AND, OR, NOT, NEAR) a plain word,
// so no query can be a syntax error. OR, because BM25 scores a bag of words: FTS5's implicit AND
// would return nothing for most natural-language questions, which is not what a BM25 baseline
// does. Words are split as unicode61 splits them (ASCII letters and digits, and every non-ASCII
// byte, are word characters); an empty string means the query has no words.
std::string fts5_or_query(const std::string& text) {
    std::set<std::string> seen;
    std::string out, word;
    auto flush = [&] {
        if (!word.empty() && seen.insert(word).second) out += (out.empty() ? "\"" : " OR \"") + word + "\"";
        word.clear();
    };
    for (unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) word += static_cast<char>(std::tolower(c));
        else flush();
    }
    flush();
    return out;
}

eval::TopicRun rank(sqlite3* db, sqlite3_stmt* search, const eval::Topic& topic, const eval::Judgements& judged,
                    eval::IdLevel level, int depth) {
    eval::TopicRun run{topic.id, {}, {}};
    std::string match = fts5_or_query(topic.query);
    if (match.empty()) {
        run.notices.push_back("no words to search");
        return run;
    }
    bind_text(search, 1, match);
    sqlite3_bind_int(search, 2, depth);
    std::vector<Hit> hits;
    int rc;
    while ((rc = sqlite3_step(search)) == SQLITE_ROW)
        hits.push_back(as_hit(reinterpret_cast<const char*>(sqlite3_column_text(search, 0)),
                              -sqlite3_column_double(search, 1)));  // bm25() is lower for better matches
    if (rc != SQLITE_DONE) fail(db, "topic " + topic.id);
    sqlite3_reset(search);
    run.ranking = eval::ranking_from_hits(hits, judged, level);
    return run;
}

json scores_json(const eval::Scores& s) {
    json j = json::object();
    for (const auto& m : eval::measures(s)) j[std::string(m.key)] = m.value;
    return j;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"SQLite FTS5 bm25() over the same documents and topics as medqa eval, scored by medqa's measures"};
    std::string docs, topics_file, qrels_file, run_out, format = "text";
    int depth = 100;
    app.add_option("--docs", docs, "Documents: ID<TAB>TEXT or ID<TAB>CONTEXT<TAB>TEXT per line")->required()->check(CLI::ExistingFile);
    app.add_option("--topics", topics_file, "Queries: ID<TAB>query text per line")->required()->check(CLI::ExistingFile);
    app.add_option("--qrels", qrels_file, "TREC qrels: QID 0 DOCID GRADE")->required()->check(CLI::ExistingFile);
    app.add_option("--run-out", run_out, "Also write the run (TREC format)");
    app.add_option("--depth", depth, "Documents retrieved per topic")->default_val(100)->check(CLI::Range(1, 10000));
    app.add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));
    CLI11_PARSE(app, argc, argv);

    try {
        sqlite3* raw = nullptr;
        if (sqlite3_open(":memory:", &raw) != SQLITE_OK) throw std::runtime_error("cannot open an in-memory SQLite database");
        Db db(raw);
        auto start = std::chrono::steady_clock::now();
        Ids ids;
        size_t count = load(db.get(), docs, ids);
        auto loaded = std::chrono::steady_clock::now();
        std::clock_t cpu_start = std::clock();  // CPU time too: wall time counts other jobs of a shared machine
        Stmt search = prepare(db.get(), "SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?");
        auto topics = eval::read_topics(topics_file);
        auto qrels = eval::read_qrels(qrels_file);
        auto level = eval::judged_level(
            qrels, [&](const std::string& id) { return ids.threads.contains(id); },
            [&](const std::string& id) { return ids.answers.contains(id); });
        auto evaluation = eval::evaluate(topics, qrels, [&](const eval::Topic& t, const eval::Judgements& judged) {
            return rank(db.get(), search.get(), t, judged, level, depth);
        });
        auto done = std::chrono::steady_clock::now();
        double search_cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        double index_s = std::chrono::duration<double>(loaded - start).count();
        double search_s = std::chrono::duration<double>(done - loaded).count();
        if (!run_out.empty()) eval::write_file_atomically(run_out, eval::trec_run(evaluation.runs, "fts5"));
        if (format == "json") {
            fmt::print("{}\n", json{{"documents", count},
                                    {"topics", evaluation.runs.size()},
                                    {"evaluated", evaluation.evaluated.size()},
                                    {"skipped", evaluation.skipped.size()},
                                    {"index_seconds", index_s},
                                    {"search_seconds", search_s},
                                    {"search_cpu_seconds", search_cpu_s},
                                    {"mean", scores_json(evaluation.mean)}}
                                   .dump());
        } else {
            fmt::print("{} documents indexed in {:.1f} s; {} topics evaluated, {} skipped; searched in {:.1f} s\n", count,
                       index_s, evaluation.evaluated.size(), evaluation.skipped.size(), search_s);
            for (const auto& m : eval::measures(evaluation.mean)) fmt::print("{:<9} {:.4f}\n", m.label, m.value);
        }
    } catch (const Error& e) {
        fmt::print(stderr, "fts5_baseline: error: {}{}\n", e.what(), e.hint().empty() ? "" : " (" + e.hint() + ")");
        return 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "fts5_baseline: error: {}\n", e.what());
        return 1;
    }
    return 0;
}
