#pragma once
// Snippets: a short passage of an answer with the query's words highlighted.
//
// Xapian's snippet generator (MSet::snippet) reads the whole text it is given, tokenising and
// weighing every word; on MedQuAD-length answers (several kilobytes) that was half of a
// query's time. It is given the window of the answer where the query's words are densest
// instead, a few times the snippet's length, and picks the passage within it.

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

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

// The byte range of `text`, at most `window_bytes` long and starting and ending at word
// boundaries, that holds the most distinct `words` (lower-cased query words; a word also
// matches its inflections through `stemmer`); the start of the text when none occurs there.
text::Span densest_window(std::string_view text, const std::vector<std::string>& words,
                          const Xapian::Stem& stemmer, size_t window_bytes);

// The passage of `text` for one hit of `mset`, highlighted, HTML entities decoded, with "…"
// where text was left out.
std::string make_snippet(const Xapian::MSet& mset, std::string_view text, const std::vector<std::string>& words,
                         const Xapian::Stem& stemmer, const SnippetStyle& style);

// Xapian escapes snippets for HTML; a terminal or JSON wants the text back.
std::string unescape_html(std::string_view text);

}  // namespace medqa
