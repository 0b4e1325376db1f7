#pragma once
// The anatomy lexicon and tagger. A lexicon file (data/lexicon/anatomy.tsv) has one concept a
// row: canonical name, parent, ';'-separated synonyms, flags ("ambiguous" for everyday words
// such as back, arm, temple). Mentions are found on word boundaries, longest phrase first,
// with plurals folded (text::singular). A mention is dropped when it sits inside a known
// non-anatomical phrase ("come back", "arm's length", "vascular endothelial growth factor"),
// or when one of the words that mark another sense of it stands within kContextWindow words
// of it in its sentence ("temple" near "worship", "pray"): both kinds of rule are in
// data/lexicon/anatomy-false-alarms.tsv. The mention of an ambiguous concept is also dropped
// when it is capitalised inside a sentence ("Temple University", "Palm Beach"). A concept with
// a place rule ("body<TAB>after: in; into; ...") is a mention only where the text names it as a
// place: after one of those words, determiners and possessives between ("all over your body",
// not "effects on your body" or "your body will get used to it").

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "annotate/phrase_matcher.hpp"

namespace medqa::annotate {

struct AnatomyMention {
    std::string concept_name;  // canonical
    size_t begin = 0;          // byte range of the mention in the text
    size_t end = 0;
};

class AnatomyLexicon {
public:
    // Concept files are read in order (later files may refer to earlier concepts as parents);
    // false_alarms is a file of non-anatomical phrases, one per line.
    AnatomyLexicon(const std::vector<std::filesystem::path>& concept_files,
                   const std::filesystem::path& false_alarms);

    std::vector<AnatomyMention> mentions(std::string_view text) const;

    // Canonical names mentioned in text, each once, in order of first mention.
    std::vector<std::string> tag(std::string_view text) const;

    // The concept and all its ancestors up to the root, nearest first.
    std::vector<std::string> lineage(std::string_view canonical) const;

    // A user's word for a concept ("temples", "TMJ", "Temporalis muscle") -> canonical name.
    std::optional<std::string> resolve(std::string_view words) const;

    // The name or synonym nearest to a word that names no concept ("kneee" -> "knee"), within
    // two edits; none when nothing is that near.
    std::optional<std::string> nearest_name(std::string_view words) const;

    size_t size() const { return concepts_.size(); }

    // Each concept's names: canonical first, then its synonyms (for the query synonym table).
    std::vector<std::vector<std::string>> name_groups() const;

    static constexpr size_t kContextWindow = 6;

private:
    struct Concept {
        std::string name;
        int parent = -1;
        bool ambiguous = false;
        std::vector<std::string> synonyms;  // lower case, as written in the lexicon
    };
    std::vector<std::string> normalised_words(std::string_view phrase) const;
    // Whether a word that marks another sense of folded_word stands near token `at`, in the
    // same sentence (sentence_of: each token's sentence number).
    bool near_context(const std::vector<std::string>& raw, const std::vector<size_t>& sentence_of,
                      const std::string& folded_word, size_t at) const;
    // Whether the concept has a place rule and the words before token `at` do not meet it.
    bool not_a_place(const std::vector<std::string>& raw, const std::vector<size_t>& sentence_of, uint32_t concept_id,
                     size_t at) const;

    std::vector<Concept> concepts_;
    std::unordered_map<std::string, uint32_t> by_name_;
    PhraseMatcher names_;         // normalised words -> concept index
    PhraseMatcher false_alarms_;  // raw lower-case words of non-anatomical phrases
    std::unordered_map<std::string, std::unordered_set<std::string>> contexts_;  // word -> other-sense words
    std::unordered_map<uint32_t, std::unordered_set<std::string>> place_words_;  // concept -> words before it
};

}  // namespace medqa::annotate
