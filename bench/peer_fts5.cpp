// peer_fts5: what a user would build with SQLite instead of medqa, for the issue-6 benchmark.
// One FTS5 row per answer (answer text, thread title, question; porter stemming), all rows
// inserted in one transaction; queries are the query's words as an OR of quoted terms, ranked
// by bm25(), top 10 with their text.
//   peer_fts5 index CORPUS_DIR DB      peer_fts5 query DB QUERY_FILE
// Each prints one JSON line of timings.

#include <cctype>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "bench_common.hpp"

namespace {

using nlohmann::json;

void check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        bench::fail(std::string("peer_fts5: ") + what + ": " + sqlite3_errmsg(db));
}

sqlite3* open(const std::string& path, int flags) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK)
        bench::fail("peer_fts5: " + path + ": " + (db ? sqlite3_errmsg(db) : "cannot open"));
    return db;
}

void exec(sqlite3* db, const char* sql) { check(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), sql); }

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
    sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

int index(const bench::fs::path& corpus, const bench::fs::path& path) {
    auto files = bench::corpus_files(corpus);
    bench::fs::remove(path);
    auto start = bench::Clock::now();
    sqlite3* db = open(path.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    exec(db, "CREATE VIRTUAL TABLE answers USING fts5(text, title, question, tokenize='porter unicode61')");
    exec(db, "BEGIN");
    sqlite3_stmt* insert = nullptr;
    check(db, sqlite3_prepare_v2(db, "INSERT INTO answers(text, title, question) VALUES (?, ?, ?)", -1, &insert, nullptr),
          "prepare insert");
    size_t answers = 0;
    size_t bytes = bench::for_each_thread(files, [&](const json& thread) {
        std::string title = thread.value("title", ""), question = thread.value("question", "");
        for (const auto& a : thread.at("answers")) {
            bind_text(insert, 1, a.at("text").get<std::string>());
            bind_text(insert, 2, title);
            bind_text(insert, 3, question);
            check(db, sqlite3_step(insert), "insert");
            sqlite3_reset(insert);
            ++answers;
        }
    });
    sqlite3_finalize(insert);
    exec(db, "COMMIT");
    sqlite3_close(db);
    bench::print_line({{"system", "fts5"}, {"phase", "index"}, {"seconds", bench::seconds_since(start)},
                       {"answers", answers}, {"bytes", bytes}});
    return 0;
}

// Bag of words: each run of letters and digits (non-ASCII bytes count as letters) becomes a
// quoted term, so that FTS5's query syntax (AND, NEAR, -, :) in a question means nothing.
std::string or_of_terms(std::string_view query) {
    std::string out, word;
    auto flush = [&] {
        if (word.empty()) return;
        out += (out.empty() ? "\"" : " OR \"") + word + "\"";
        word.clear();
    };
    for (unsigned char c : query) {
        if (std::isalnum(c) || c >= 0x80) word += static_cast<char>(c);
        else flush();
    }
    flush();
    return out;
}

int query(const bench::fs::path& path, const bench::fs::path& query_file) {
    if (!bench::fs::is_regular_file(path)) bench::fail("peer_fts5: " + path.string() + ": no database (run index first)");
    auto queries = bench::read_queries(query_file);
    sqlite3* db = open(path.string(), SQLITE_OPEN_READONLY);
    sqlite3_stmt* search = nullptr;
    check(db, sqlite3_prepare_v2(db, "SELECT rowid, text FROM answers WHERE answers MATCH ? ORDER BY bm25(answers) LIMIT 10",
                                 -1, &search, nullptr),
          "prepare search");
    auto result = bench::time_queries(queries, [&](const std::string& q) -> size_t {
        auto expr = or_of_terms(q);
        if (expr.empty()) return 0;
        bind_text(search, 1, expr);
        size_t hits = 0;
        int rc;
        while ((rc = sqlite3_step(search)) == SQLITE_ROW) {
            // Fetch the text as a search front end would for its snippets.
            hits += sqlite3_column_bytes(search, 1) > 0;
        }
        check(db, rc, "search");
        sqlite3_reset(search);
        return hits;
    });
    sqlite3_finalize(search);
    sqlite3_close(db);
    result["system"] = "fts5";
    result["phase"] = "query";
    bench::print_line(result);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "";
    if (argc == 4 && mode == "index") return index(argv[2], argv[3]);
    if (argc == 4 && mode == "query") return query(argv[2], argv[3]);
    bench::fail("usage: peer_fts5 index CORPUS_DIR DB | peer_fts5 query DB QUERY_FILE");
}
