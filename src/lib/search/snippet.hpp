#pragma once
// Snippets: a short passage of an answer with the query's words highlighted.
//
// Xapian's snippet generator (MSet::snippet) reads the whole text it is given, tokenising and
// weighing every word; on MedQuAD-length answers (several kilobytes) that was half of a
// query's time. It is given the window of the answer where the query's words are densest
// instead, a few times the snippet's length, and picks the passage within it.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "annotate/word_list.hpp"
#include "core/text.hpp"

namespace medqa {

struct SnippetStyle {
    std::string highlight_start = "**";
    std::string highlight_end = "**";
    size_t bytes = 240;  // the passage's length, about
};

// Xapian reads this many times the snippet's length around the densest place of the query's
// words.
inline constexpr size_t kSnippetWindowFactor = 4;

// The query's words as snippets look for them in an answer: by spelling, or by stem for a
// token that begins like one of them (stemming every token of a long answer would cost what
// the window saves). Made once per search: a pasted question has hundreds of words.
class SnippetWords {
public:
    // `words`: lower-cased and accent-folded (core/fold.hpp), each once.
    SnippetWords(const std::vector<std::string>& words, const Xapian::Stem& stemmer);
    // Which of the words `token` (lower-cased) is, by its index; -1 for none.
    int find(const std::string& token) const;
    size_t size() const { return stems_.size(); }
    const Xapian::Stem& stemmer() const { return stemmer_; }

private:
    static constexpr size_t kPrefix = 3;  // letters a token shares with a word before it is stemmed
    std::unordered_map<std::string, int> by_spelling_;
    std::unordered_map<std::string, std::vector<int>> by_prefix_;
    std::vector<std::string> stems_;
    Xapian::Stem stemmer_;
};

// The byte range of `text` (accent-folded, as `words` are), at most `window_bytes` long and starting and ending at word
// boundaries, that holds the most distinct `words`; the start of the text when none occurs
// there.
text::Span densest_window(std::string_view text, const SnippetWords& words, size_t window_bytes);

// What a snippet highlights: the terms of `query` that are words of an answer's text (stemmed
// or not, without a field prefix), stop words aside. Given the query before feedback, these
// are the user's words and their synonyms: not feedback's expansion words ("however",
// "likely"), which would mark words the user never asked for, nor the "a" of a phrase synonym
// ("botulinum toxin type a"). An empty query when there are none.
Xapian::Query highlighted_words(const Xapian::Query& query, const annotate::WordList& stopwords);

// The passage of `text`, with the words of `mset`'s query highlighted, HTML entities decoded, with "…"
// where text was left out.
std::string make_snippet(const Xapian::MSet& mset, std::string_view text, const SnippetWords& words,
                         const SnippetStyle& style);

// Xapian escapes snippets for HTML; a terminal or JSON wants the text back.
std::string unescape_html(std::string_view text);

}  // namespace medqa
