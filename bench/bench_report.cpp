// bench_report: the tables of the issue-6 benchmark from the JSON lines bench/run collects
// (one line per system, size, phase and run). Each figure is the median over the runs, and
// every peer gets a row of ratios medqa / peer, since only ratios within one run are
// comparable on a shared, noisy machine.
//   bench_report RESULTS.jsonl      (Markdown on stdout)

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

const std::vector<std::string> kSystems = {"medqa", "fts5", "xapian", "tokenize"};
const std::map<std::string, std::string> kNames = {
    {"medqa", "medqa"}, {"fts5", "SQLite FTS5"}, {"xapian", "bare Xapian"}, {"tokenize", "tokenize only"}};

std::optional<double> median(std::vector<double> v) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The records of one system, size and phase (and query set), with the medians of their fields.
struct Group {
    std::vector<json> runs;
    std::optional<double> operator[](const std::string& field) const {
        std::vector<double> values;
        for (const auto& r : runs)
            if (r.contains(field) && r[field].is_number()) values.push_back(r[field].get<double>());
        return median(values);
    }
};

std::string num(std::optional<double> v, const char* format = "{:.2f}") {
    return v ? fmt::format(fmt::runtime(format), *v) : "-";
}

std::string ratio(std::optional<double> a, std::optional<double> b) {
    return a && b && *b > 0 ? fmt::format("{:.2f}x", *a / *b) : "-";
}

// Thousands get a separator so that 24,113 answers/s reads at a glance.
std::string count(std::optional<double> v) {
    if (!v) return "-";
    auto digits = fmt::format("{:.0f}", *v);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        fmt::print(stderr, "usage: bench_report RESULTS.jsonl\n");
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        fmt::print(stderr, "bench_report: {}: cannot read\n", argv[1]);
        return 1;
    }
    // size -> key (system/phase[/set]) -> runs; sizes in the order they first appear.
    std::vector<std::string> sizes;
    std::map<std::string, std::map<std::string, Group>> groups;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        auto r = json::parse(line);
        auto size = r.at("size").get<std::string>();
        if (std::find(sizes.begin(), sizes.end(), size) == sizes.end()) sizes.push_back(size);
        auto key = r.at("system").get<std::string>() + "/" + r.at("phase").get<std::string>();
        if (r.contains("set")) key += "/" + r["set"].get<std::string>();
        groups[size][key].runs.push_back(r);
    }

    for (const auto& size : sizes) {
        auto& g = groups[size];
        auto get = [&](const std::string& system, const std::string& key) -> const Group& {
            static const Group none;
            auto it = g.find(system + "/" + key);
            return it == g.end() ? none : it->second;
        };
        // The size as the systems counted it: the first that indexed it (a run cut short may lack medqa).
        std::optional<double> answers;
        size_t runs = 0;
        for (const auto& s : kSystems)
            if (const auto& ix = get(s, "index"); !answers && !ix.runs.empty()) {
                answers = ix["answers"];
                runs = ix.runs.size();
            }
        fmt::print("\n### {} answers ({} {} of indexing)\n\n", count(answers), runs, runs == 1 ? "run" : "runs");
        fmt::print("| system | build s wall | build s CPU | answers/s (CPU) | MB/s (CPU) | answers/s (wall) | peak RSS MiB "
                   "| index MB | long p50 / p95 / p99 ms | long q/s | short p50 / p95 / p99 ms | short q/s |\n");
        fmt::print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        auto latencies = [](const Group& q) {
            if (q.runs.empty()) return std::string("-");
            return fmt::format("{} / {} / {}", num(q["p50_ms"]), num(q["p95_ms"]), num(q["p99_ms"]));
        };
        for (const auto& s : kSystems) {
            const auto& ix = get(s, "index");
            if (ix.runs.empty()) continue;
            auto rate = [&](const char* field, const char* per) -> std::optional<double> {
                auto v = ix[field], t = ix[per];
                return v && t && *t > 0 ? std::optional(*v / *t) : std::nullopt;
            };
            auto mb = [](std::optional<double> v, double unit) {
                return v ? std::optional(*v / unit) : std::nullopt;
            };
            fmt::print("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", kNames.at(s),
                       num(ix["seconds"], "{:.1f}"), num(ix["cpu_seconds"], "{:.1f}"),
                       count(rate("answers", "cpu_seconds")), num(mb(rate("bytes", "cpu_seconds"), 1e6), "{:.1f}"),
                       count(rate("answers", "seconds")), num(mb(ix["rss_kb"], 1024), "{:.0f}"), num(mb(ix["index_bytes"], 1e6), "{:.1f}"),
                       latencies(get(s, "query/long")), num(get(s, "query/long")["qps"], "{:.0f}"),
                       latencies(get(s, "query/short")), num(get(s, "query/short")["qps"], "{:.0f}"));
        }
        fmt::print("\nRatios medqa / peer:\n\n");
        fmt::print("| peer | build time wall | build time CPU | answers/s (CPU) | answers/s (wall) | peak RSS | index size "
                   "| long p50 | short p50 |\n");
        fmt::print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        const auto& m = get("medqa", "index");
        for (const auto& s : kSystems) {
            const auto& p = get(s, "index");
            if (s == "medqa" || p.runs.empty()) continue;
            auto rate = [](const Group& x, const char* per) -> std::optional<double> {
                auto a = x["answers"], t = x[per];
                return a && t && *t > 0 ? std::optional(*a / *t) : std::nullopt;
            };
            fmt::print("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", kNames.at(s), ratio(m["seconds"], p["seconds"]),
                       ratio(m["cpu_seconds"], p["cpu_seconds"]), ratio(rate(m, "cpu_seconds"), rate(p, "cpu_seconds")),
                       ratio(rate(m, "seconds"), rate(p, "seconds")), ratio(m["rss_kb"], p["rss_kb"]),
                       ratio(m["index_bytes"], p["index_bytes"]),
                       ratio(get("medqa", "query/long")["p50_ms"], get(s, "query/long")["p50_ms"]),
                       ratio(get("medqa", "query/short")["p50_ms"], get(s, "query/short")["p50_ms"]));
        }
        for (const auto& [phase, what] : std::vector<std::pair<std::string, std::string>>{
                 {"update", "one new thread (a new file) added to this index, incl. commit"},
                 {"reindex", "no-change re-index of this corpus"},
                 {"remove", "the new file removed again"}}) {
            const auto& u = get("medqa", phase);
            if (u.runs.empty()) continue;
            fmt::print("\nmedqa index, {}: {} s wall, {} s CPU (peak RSS {} MiB; process start and lexicon loading "
                       "included)\n", what, num(u["seconds"], "{:.3f}"), num(u["cpu_seconds"], "{:.3f}"), num(u["rss_kb"] ? std::optional(*u["rss_kb"] / 1024) : std::nullopt,
                                                        "{:.0f}"));
        }
    }
}
