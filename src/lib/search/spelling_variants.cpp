#include "search/spelling_variants.hpp"

#include <algorithm>
#include <array>

namespace medqa {
namespace {

bool is_vowel(char c) { return std::string_view("aeiouy").find(c) != std::string_view::npos; }

// Word endings spelt two ways; each pair is tried in both directions.
struct EndingPair {
    std::string_view british, american;
    bool after_consonant;  // only when a consonant comes before the ending ("fibre", not "more")
};
constexpr std::array<EndingPair, 14> kEndings{{
    {"our", "or", false},
    {"ours", "ors", false},
    {"re", "er", true},
    {"res", "ers", true},
    {"ise", "ize", false},
    {"ised", "ized", false},
    {"ises", "izes", false},
    {"ising", "izing", false},
    {"isation", "ization", false},
    {"isations", "izations", false},
    {"yse", "yze", false},
    {"ysed", "yzed", false},
    {"yses", "yzes", false},
    {"ysing", "yzing", false},
}};

}  // namespace

std::vector<std::string> spelling_variants(std::string_view word) {
    std::vector<std::string> out;
    if (word.size() < kMinVariantWordLength) return out;
    auto add = [&](std::string variant) {
        if (variant != word && std::find(out.begin(), out.end(), variant) == out.end()) out.push_back(std::move(variant));
    };
    // A digraph "ae" / "oe" at [i, i + 1] of a word n long is a spelling only inside the word:
    // not at its end, nor in a final "-es" ("toes", "does" are no spellings of "tes", "des").
    const size_t n = word.size();
    auto inside = [&](size_t i, size_t length) { return i + 2 < length && !(word.ends_with("es") && i + 3 == length); };
    for (size_t i = 0; i < n; ++i) {
        if ((word[i] == 'a' || word[i] == 'o') && i + 1 < n && word[i + 1] == 'e' && inside(i, n))  // haem -> hem
            add(std::string(word.substr(0, i)) + std::string(word.substr(i + 1)));
        if (word[i] == 'e' && (i == 0 || (word[i - 1] != 'a' && word[i - 1] != 'o')) && inside(i, n + 1))
            for (char v : {'a', 'o'}) add(std::string(word.substr(0, i)) + v + std::string(word.substr(i)));  // hem -> haem
    }
    for (const auto& e : kEndings)
        for (auto [from, to] : {std::pair{e.british, e.american}, std::pair{e.american, e.british}}) {
            if (!word.ends_with(from) || word.size() < from.size() + 2) continue;
            const std::string_view stem = word.substr(0, word.size() - from.size());
            if (e.after_consonant && is_vowel(stem.back())) continue;
            add(std::string(stem) + std::string(to));
        }
    return out;
}

}  // namespace medqa
