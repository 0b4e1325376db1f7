#pragma once
// What the benchmark programs of issue 6 share: finding the corpus files, reading query files,
// timing, and the one JSON line each run prints (bench/run collects these lines and
// bench_report turns them into tables).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bench {

namespace fs = std::filesystem;

[[noreturn]] inline void fail(const std::string& message) {
    std::fprintf(stderr, "%s\n", message.c_str());
    std::exit(1);
}

// The corpus is bench/out/corpus-SIZE/*.jsonl as make_corpus writes it; sorted so that every
// system reads the threads in the same order. An absent or empty folder is an error that says
// how to make one, not an empty benchmark.
inline std::vector<fs::path> corpus_files(const fs::path& dir) {
    if (!fs::is_directory(dir))
        fail(dir.string() + ": no such corpus folder (make one with bench/run, or make_corpus --answers N --out " +
             dir.string() + ")");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".jsonl") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) fail(dir.string() + ": no .jsonl files in the corpus folder");
    return files;
}

// Calls fn(thread) for each JSON line of the corpus files, in order; returns the bytes read.
template <typename Fn>
size_t for_each_thread(const std::vector<fs::path>& files, Fn&& fn) {
    size_t bytes = 0;
    std::string line;
    for (const auto& file : files) {
        std::ifstream in(file);
        if (!in) fail(file.string() + ": cannot read");
        while (std::getline(in, line)) {
            bytes += line.size() + 1;
            if (!line.empty()) fn(nlohmann::json::parse(line));
        }
    }
    return bytes;
}

// One query per line; blank lines are skipped.
inline std::vector<std::string> read_queries(const fs::path& file) {
    std::ifstream in(file);
    if (!in) fail(file.string() + ": cannot read the query file");
    std::vector<std::string> queries;
    for (std::string line; std::getline(in, line);)
        if (line.find_first_not_of(" \t\r") != std::string::npos) queries.push_back(line);
    if (queries.empty()) fail(file.string() + ": no queries");
    return queries;
}

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Nearest-rank percentile (p in 0..100) of latencies in milliseconds.
inline double percentile(std::vector<double> ms, double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(ms.size())));
    return ms[std::clamp<size_t>(rank, 1, ms.size()) - 1];
}

// Runs every query once to warm the caches (the table reports warm-cache latency), then times
// each query of a second pass alone. run(query) returns the number of hits it fetched, so that
// a broken peer that finds nothing shows up in the output.
template <typename Run>
nlohmann::json time_queries(const std::vector<std::string>& queries, Run&& run) {
    for (const auto& q : queries) run(q);
    std::vector<double> ms;
    size_t hits = 0;
    auto start = Clock::now();
    for (const auto& q : queries) {
        auto t = Clock::now();
        hits += run(q);
        ms.push_back(seconds_since(t) * 1000.0);
    }
    double total = seconds_since(start);
    return {{"queries", queries.size()},
            {"hits", hits},
            {"seconds", total},
            {"p50_ms", percentile(ms, 50)},
            {"p95_ms", percentile(ms, 95)},
            {"p99_ms", percentile(ms, 99)},
            {"qps", static_cast<double>(queries.size()) / total}};
}

inline void print_line(const nlohmann::json& j) { std::printf("%s\n", j.dump().c_str()); }

}  // namespace bench
