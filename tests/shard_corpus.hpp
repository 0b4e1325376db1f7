#pragma once
// For the sharding tests: a generated archive of a few thousand threads (seeded, so every run
// and machine gets the same bytes), 50 queries that exercise ranking, filters, collapsing,
// paging, synonyms and spelling, and what of a search must be the same on any layout.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/stance.hpp"
#include "search/searcher.hpp"

namespace medqa::test {

// Threads of 1-4 answers of clinical and lay words; some answers are repeated word for word in
// other threads (as "Thank you, see your doctor." is in real archives), so that equal scores
// occur and their order is tested too. Written as `files` JSONL files into `folder`.
inline void write_shard_corpus(const std::filesystem::path& folder, size_t threads, size_t files = 4) {
    static const std::vector<std::string> words{
        "botox", "filler", "temple", "cheek", "jaw", "pain", "swelling", "headache", "migraine", "atrophy",
        "muscle", "volume", "loss", "injection", "weeks", "months", "safe", "risk", "bruising", "nerve",
        "skin", "collagen", "steroid", "antibiotic", "infection", "fever", "cough", "asthma", "diabetes",
        "insulin", "kidney", "liver", "heart", "blood", "pressure", "stroke", "itching", "rash", "fatigue",
        "nausea", "gallstones", "hypertension", "masseter", "temporalis", "eyelid", "droopy", "hair", "scalp"};
    static const std::vector<std::string> openings{"Yes, it is safe.", "No, you should not.",
                                                   "Maybe, it depends on the dose.", "See your doctor."};
    static const std::vector<std::string> repeated{"Thank you, see your doctor about the pain.",
                                                   "No, botox does not cause atrophy."};
    uint64_t state = 7;
    auto next = [&state](uint64_t n) {  // splitmix64: the same sequence with any standard library
        uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return (z ^ (z >> 31)) % n;
    };
    auto sentence = [&](size_t from, size_t to) {
        std::string s;
        for (size_t i = 0, n = from + next(to - from + 1); i < n; ++i) s += (i ? " " : "") + words[next(words.size())];
        return s;
    };
    std::filesystem::create_directories(folder);
    std::vector<std::ofstream> out;
    for (size_t f = 0; f < files; ++f) out.emplace_back(folder / ("part-" + std::to_string(f) + ".jsonl"));
    for (size_t t = 0; t < threads; ++t) {
        nlohmann::json answers = nlohmann::json::array();
        for (size_t a = 0, n = 1 + next(4); a < n; ++a) {
            std::string text = next(10) == 0 ? repeated[next(repeated.size())]
                                             : openings[next(openings.size())] + " " + sentence(8, 40) + ".";
            answers.push_back({{"author", "Dr " + std::to_string(next(50))}, {"text", text}});
        }
        nlohmann::json thread{{"id", "t" + std::to_string(t)},
                              {"title", sentence(3, 6)},
                              {"question", "Is " + sentence(6, 14) + "?"},
                              {"answers", answers}};
        out[t % files] << thread.dump() << '\n';
    }
}

// A plain query, every other field at its default but `exact`: counting the best
// kFacetCheckAtLeast, and the ranking of what Xapian skips, depend on how the index is split.
inline SearchRequest plain(const std::string& text) {
    SearchRequest r;
    r.query = text;
    r.exact = true;
    return r;
}

// 50 requests: single words, pairs, phrases, synonyms only ("wasting"), misspellings, filters,
// collapsing and pages.
inline std::vector<SearchRequest> shard_queries() {
    const std::vector<std::string> texts{
        "botox", "pain", "atrophy", "temple atrophy", "botox pain", "wasting", "volume loss", "high blood pressure",
        "heart attack", "kidney stones", "botx", "headche", "migrane swelling", "itchy rash", "tired",
        "\"botox does not cause\"", "masseter", "jaw muscle", "temples", "insulin diabetes", "fever cough",
        "steroid injection", "safe", "droopy eyelid", "hair loss scalp", "liver -kidney", "title:botox",
        "question:fever", "antibiotic infection weeks", "nausea"};
    std::vector<SearchRequest> requests;
    auto add = [&](const std::string& text, auto&& adjust) {
        SearchRequest r = plain(text);
        adjust(r);
        requests.push_back(r);
    };
    for (const auto& t : texts) add(t, [](SearchRequest&) {});
    for (const auto& t : {"botox", "pain", "atrophy", "fever"}) add(t, [](SearchRequest& r) { r.stances = {"no"}; });
    for (const auto& t : {"pain", "skin"}) add(t, [](SearchRequest& r) { r.anatomy = {"jaw"}; });
    for (const auto& t : {"botox", "headache", "blood pressure", "cough"}) add(t, [](SearchRequest& r) { r.collapse = true; });
    for (const auto& t : {"botox", "pain", "swelling", "risk"}) add(t, [](SearchRequest& r) { r.offset = 10; });
    for (const auto& t : {"injection", "atrophy"}) add(t, [](SearchRequest& r) { r.offset = 20, r.collapse = true; });
    for (const auto& t : {"months", "nerve", "weeks", "stroke"}) add(t, [](SearchRequest& r) { r.stances = {"yes", "maybe"}; });
    return requests;
}

// What must not change with the layout: the hits (answer ids and stances, in order), the match
// count, the facets, the consensus and the spelling suggestion.
inline std::string layout_independent(const SearchResult& r) {
    std::ostringstream out;
    out << r.estimated_matches << " matches;";
    for (const auto& h : r.hits) out << ' ' << h.answer.thread << '/' << h.answer.answer << '=' << to_string(h.answer.stance);
    out << "\nstance:";
    for (const auto& [name, n] : r.stance_facets) out << ' ' << name << ' ' << n;
    out << "\nanatomy:";
    for (const auto& [name, n] : r.anatomy_facets) out << ' ' << name << ' ' << n;
    out << "\nconsensus:";
    for (const auto& t : r.consensus.threads) out << ' ' << t.thread << ' ' << describe(t.stance);
    out << "\ndid you mean: " << r.did_you_mean;
    return out.str();
}

}  // namespace medqa::test
