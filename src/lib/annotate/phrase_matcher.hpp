#pragma once
// Finds lexicon phrases (sequences of normalised words) in a token sequence: leftmost, then
// longest, never overlapping. Shared by the anatomy tagger and the stance cue finder.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace medqa::annotate {

class PhraseMatcher {
public:
    struct Match {
        size_t first = 0;  // token index of the first word
        size_t last = 0;   // one past the last word
        uint32_t payload = 0;
    };

    // Adds a phrase; a phrase added twice keeps its first payload. Words must already be
    // normalised the way the tokens passed to find() will be.
    void add(const std::vector<std::string>& words, uint32_t payload);

    // Returns true when this exact phrase is known, and its payload.
    bool lookup(const std::vector<std::string>& words, uint32_t* payload = nullptr) const;

    std::vector<Match> find(const std::vector<std::string>& words) const;

private:
    struct Entry {
        std::vector<std::string> rest;  // the words after the first
        uint32_t payload;
    };
    // First word -> candidate phrases starting with it, longest first.
    std::unordered_map<std::string, std::vector<Entry>> by_first_;
};

}  // namespace medqa::annotate
