#include "annotate/anatomy.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "annotate/tsv_file.hpp"
#include "core/fold.hpp"
#include "core/text.hpp"

namespace medqa::annotate {
namespace {

// Accent, plural and possessive folding for lexicon matching: "temples" -> "temple",
// "kidney's" -> "kidney", "derrière" -> "derriere" (core/fold.hpp: names and text alike).
std::string fold(std::string_view word) {
    if (word.ends_with("'s")) word.remove_suffix(2);
    return text::singular(text::fold_word(word));
}

// A capital first letter followed by lower case ("Temple", not "TMJ" or "temple").
bool is_capitalised(std::string_view text, const text::Token& t) {
    auto c0 = static_cast<unsigned char>(text[t.begin]);
    auto c1 = t.end > t.begin + 1 ? static_cast<unsigned char>(text[t.begin + 1]) : 'a';
    return std::isupper(c0) && std::islower(c1);
}

// Words that may stand between a place word and the concept it introduces: "in [the whole]
// body", "all over [her own] body". General English, not a lexicon of this project.
constexpr std::array<std::string_view, 17> kDeterminers{"the",  "a",   "an",  "this",  "that",  "my",
                                                         "your", "his", "her", "its",   "our",   "their",
                                                         "one's", "whole", "entire", "own", "human"};

constexpr std::string_view kPlaceRule = "after:";

std::vector<std::string> raw_words(std::string_view phrase) {
    std::vector<std::string> words;
    for (auto& t : text::tokenize(phrase)) words.push_back(std::move(t.word));
    return words;
}

}  // namespace

std::vector<std::string> AnatomyLexicon::normalised_words(std::string_view phrase) const {
    std::vector<std::string> words;
    for (const auto& t : text::tokenize(phrase)) words.push_back(fold(t.word));
    return words;
}

AnatomyLexicon::AnatomyLexicon(const std::vector<std::filesystem::path>& concept_files,
                               const std::filesystem::path& false_alarms) {
    struct PendingParent {
        uint32_t child;
        std::string parent;
        std::string where;
    };
    std::vector<PendingParent> parents;
    // text::singular leaves words in -as alone (pancreas, atlas), so the plural of a name in -a
    // (corneas, retinas, aortas) is registered with the name, once every name given is known:
    // a name given wins over a plural made.
    std::vector<std::pair<std::vector<std::string>, uint32_t>> plurals_in_as;
    for (const auto& file : concept_files) {
        read_tsv(file, 1, 4, [&](const TsvRow& row) {
            const std::string name = text::lower(row.cells[0]);
            if (by_name_.count(name)) lexicon_error(row.where, "concept '" + name + "' is defined twice");
            auto id = static_cast<uint32_t>(concepts_.size());
            concepts_.push_back({name, -1, row.cells[3] == "ambiguous", {}});
            if (!row.cells[3].empty() && row.cells[3] != "ambiguous")
                lexicon_error(row.where, "unknown flag '" + row.cells[3] + "' (the only flag is 'ambiguous')");
            by_name_[name] = id;
            if (!row.cells[1].empty()) parents.push_back({id, text::lower(row.cells[1]), row.where});
            std::vector<std::string> phrases{name};
            for (auto& s : split_list(row.cells[2])) phrases.push_back(text::lower(s));
            concepts_.back().synonyms.assign(phrases.begin() + 1, phrases.end());
            for (const auto& phrase : phrases) {
                auto words = normalised_words(phrase);
                if (words.empty()) lexicon_error(row.where, "empty name or synonym");
                uint32_t other = 0;
                if (names_.lookup(words, &other) && other != id)
                    lexicon_error(row.where, "'" + phrase + "' already names '" + concepts_[other].name + "'");
                names_.add(words, id);
                if (words.back().ends_with('a')) {
                    words.back() += 's';
                    plurals_in_as.emplace_back(std::move(words), id);
                }
            }
        });
    }
    for (const auto& [words, id] : plurals_in_as)
        if (!names_.lookup(words)) names_.add(words, id);
    std::vector<std::string> parent_row(concepts_.size());  // file:line that names each concept's parent
    for (const auto& p : parents) {
        auto it = by_name_.find(p.parent);
        if (it == by_name_.end()) lexicon_error(p.where, "parent '" + p.parent + "' is not a concept of the lexicon");
        concepts_[p.child].parent = static_cast<int>(it->second);
        parent_row[p.child] = p.where;
    }
    // A cycle would make lineage() loop: walk each chain at most size() steps. Past them, the
    // walk stands on the cycle itself (the concept it started from may only lead into it), and
    // the row that names that concept's parent is in whichever file defined it.
    for (uint32_t i = 0; i < concepts_.size(); ++i) {
        int at = static_cast<int>(i);
        for (size_t steps = 0; at >= 0; ++steps, at = concepts_[static_cast<size_t>(at)].parent)
            if (steps > concepts_.size()) {
                const auto& on_cycle = concepts_[static_cast<size_t>(at)];
                lexicon_error(parent_row[static_cast<size_t>(at)], "the parents of '" + on_cycle.name + "' form a cycle ('" +
                                                                       on_cycle.name + "' < '" +
                                                                       concepts_[static_cast<size_t>(on_cycle.parent)].name + "' < ...)");
            }
    }

    read_tsv(false_alarms, 1, 2, [&](const TsvRow& row) {
        // The ';'-separated words of a rule's second column, each a single word.
        auto single_words = [&](std::string_view list, std::string_view what) {
            std::vector<std::string> out;
            for (auto& item : split_list(list)) {
                auto words = raw_words(item);
                if (words.size() != 1) lexicon_error(row.where, std::string(what) + " must be single words: '" + item + "'");
                out.push_back(std::move(words.front()));
            }
            return out;
        };
        if (row.cells[1].empty()) {
            false_alarms_.add(raw_words(row.cells[0]), 0);
            return;
        }
        // "body<TAB>after: in; into": the concept is a mention only after one of those words.
        if (row.cells[1].starts_with(kPlaceRule)) {
            uint32_t id = 0;
            if (!names_.lookup(normalised_words(row.cells[0]), &id))
                lexicon_error(row.where, "'" + row.cells[0] + "' names no concept of the lexicon");
            for (auto& place : single_words(row.cells[1].substr(kPlaceRule.size()), "place words"))
                place_words_[id].insert(std::move(place));
            return;
        }
        // "temple<TAB>worship; pray; church": the word is no body part near those words.
        auto word = fold(text::lower(row.cells[0]));
        for (auto& context : single_words(row.cells[1], "context words")) contexts_[word].insert(std::move(context));
    });
}

bool AnatomyLexicon::near_context(const std::vector<std::string>& raw, const std::vector<size_t>& sentence_of,
                                  const std::string& folded_word, size_t at) const {
    auto it = contexts_.find(folded_word);
    if (it == contexts_.end()) return false;
    size_t from = at > kContextWindow ? at - kContextWindow : 0;
    size_t to = std::min(raw.size(), at + kContextWindow + 1);
    for (size_t k = from; k < to; ++k)
        if (k != at && sentence_of[k] == sentence_of[at] && it->second.count(raw[k])) return true;
    return false;
}

bool AnatomyLexicon::not_a_place(const std::vector<std::string>& raw, const std::vector<size_t>& sentence_of,
                                 uint32_t concept_id, size_t at) const {
    auto it = place_words_.find(concept_id);
    if (it == place_words_.end()) return false;
    size_t k = at;
    while (k > 0 && sentence_of[k - 1] == sentence_of[at]) {
        --k;
        if (!text::in(kDeterminers, raw[k])) return it->second.count(raw[k]) == 0;
    }
    return true;
}

std::vector<AnatomyMention> AnatomyLexicon::mentions(std::string_view text) const {
    auto tokens = text::tokenize(text);
    std::vector<std::string> raw, folded;
    raw.reserve(tokens.size());
    folded.reserve(tokens.size());
    for (const auto& t : tokens) {
        raw.push_back(t.word);
        folded.push_back(fold(t.word));
    }
    // Context words count within the mention's own sentence only.
    std::vector<size_t> sentence_of(tokens.size(), 0);
    auto spans = text::sentences(text);
    std::vector<size_t> first_token_of(spans.size() + 1, 0);  // of each sentence
    for (size_t k = 0, s = 0; k < tokens.size(); ++k) {
        while (s + 1 < spans.size() && tokens[k].begin >= spans[s].end) ++s;
        if (k == 0 || sentence_of[k - 1] != s) first_token_of[s] = k;
        sentence_of[k] = s;
    }
    std::vector<bool> in_false_alarm(tokens.size(), false);
    for (const auto& m : false_alarms_.find(raw))
        for (size_t i = m.first; i < m.last; ++i) in_false_alarm[i] = true;

    std::vector<AnatomyMention> out;
    for (const auto& m : names_.find(folded)) {
        const Concept& c = concepts_[m.payload];
        bool blocked = false;
        for (size_t i = m.first; i < m.last; ++i)
            blocked = blocked || in_false_alarm[i] || near_context(raw, sentence_of, folded[i], i);
        // "Temple University", "Palm Beach": an everyday body word capitalised inside a
        // sentence is a name.
        if (c.ambiguous && m.first != first_token_of[sentence_of[m.first]] && is_capitalised(text, tokens[m.first]))
            blocked = true;
        if (not_a_place(raw, sentence_of, m.payload, m.first)) blocked = true;
        if (blocked) continue;
        out.push_back({c.name, tokens[m.first].begin, tokens[m.last - 1].end});
    }
    return out;
}

std::vector<std::string> AnatomyLexicon::tag(std::string_view text) const {
    std::vector<std::string> names;
    for (auto& m : mentions(text))
        if (std::find(names.begin(), names.end(), m.concept_name) == names.end()) names.push_back(m.concept_name);
    return names;
}

std::optional<std::string> AnatomyLexicon::nearest_name(std::string_view words) const {
    const std::string wanted = text::lower(words);
    std::optional<std::string> nearest;
    size_t best = 3;  // at most two edits
    for (const auto& c : concepts_) {
        auto consider = [&](const std::string& name) {
            if (const size_t d = text::edit_distance(wanted, name); d < best) {
                best = d;
                nearest = name;
            }
        };
        consider(c.name);
        for (const auto& s : c.synonyms) consider(s);
    }
    return nearest;
}

std::vector<std::vector<std::string>> AnatomyLexicon::name_groups() const {
    std::vector<std::vector<std::string>> groups;
    for (const auto& c : concepts_) {
        if (c.synonyms.empty()) continue;
        groups.push_back({c.name});
        groups.back().insert(groups.back().end(), c.synonyms.begin(), c.synonyms.end());
    }
    return groups;
}

std::vector<std::string> AnatomyLexicon::lineage(std::string_view canonical) const {
    std::vector<std::string> out;
    auto it = by_name_.find(std::string(canonical));
    if (it == by_name_.end()) return out;
    for (int at = static_cast<int>(it->second); at >= 0; at = concepts_[static_cast<size_t>(at)].parent)
        out.push_back(concepts_[static_cast<size_t>(at)].name);
    return out;
}

std::optional<std::string> AnatomyLexicon::resolve(std::string_view words) const {
    uint32_t id = 0;
    if (names_.lookup(normalised_words(words), &id)) return concepts_[id].name;
    return std::nullopt;
}

}  // namespace medqa::annotate
