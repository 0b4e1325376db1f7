#pragma once
// Small text primitives shared by ingestion and annotation: words with their byte offsets,
// sentence boundaries, and normalisation. English, UTF-8 in, nothing clever.

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medqa::text {

// Whether a word is one of a fixed list of words (the annotators' closed word classes).
template <size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view word) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

struct Token {
    std::string word;  // lower-cased; curly apostrophes folded to '
    size_t begin = 0;  // byte offsets into the text it came from
    size_t end = 0;
};

// Words are runs of letters and digits (any non-ASCII byte counts as a letter, so accented
// words stay whole); an apostrophe between letters stays inside ("don't", "crow's"). Hyphens
// and other punctuation separate words.
std::vector<Token> tokenize(std::string_view text);

// Sentences as [begin, end) byte ranges. A sentence ends at . ! or ? followed by white space
// and then something that can start a sentence (in text with no capitals at all, anything),
// or at a blank line; common abbreviations ("Dr.", "e.g.") do not end one.
struct Span {
    size_t begin = 0;
    size_t end = 0;
};
std::vector<Span> sentences(std::string_view text);

// ASCII white space, and a view without it at either end.
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Editors on Windows start UTF-8 files with a byte-order mark; it is not content.
inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
inline std::string_view without_byte_order_mark(std::string_view text) {
    return text.starts_with(kByteOrderMark) ? text.substr(kByteOrderMark.size()) : text;
}

// Collapse runs of white space (including newlines) into single spaces and trim.
std::string squeeze_space(std::string_view text);

std::string lower(std::string_view text);

// A long title cut for a one-line listing: at most max_bytes of the title, ended at a word
// boundary (or, with no space to cut at, at a character boundary), then "…". Some archives have no
// title and use the patient's whole message as one (eHealthForum).
std::string headline(std::string_view title, size_t max_bytes = 120);

// A light, symmetric plural folding for matching lexicon entries: "arteries" -> "artery",
// "sinuses" -> "sinus", "temples" -> "temple"; words ending in -ss, -us, -is, -as and short
// words are left alone. Apply it to both sides of a comparison.
std::string singular(std::string_view word);

// Control characters (C0 but tab and newline, DEL, C1) replaced by a space, and a carriage
// return before a newline dropped. Scraped text carries them (form feeds, stray escapes), and
// printed to a terminal an escape sequence would recolour it, clear it or retitle its window.
// The text must be valid UTF-8 (C1 controls are two bytes there).
std::string without_control_characters(std::string_view text);
// The first control character of the text (see without_control_characters), if any: its
// code point.
std::optional<char32_t> first_control_character(std::string_view text);

// Levenshtein distance in bytes (insertions, deletions, substitutions), for "did you mean"
// among a few thousand short names.
size_t edit_distance(std::string_view a, std::string_view b);

// Whether the bytes are well-formed UTF-8 (no stray continuation bytes, no truncated or
// overlong sequences, no surrogates, nothing above U+10FFFF).
bool valid_utf8(std::string_view text);
// The length of the well-formed UTF-8 sequence at `at` (1 to 4 bytes), or 0 for a byte that
// starts none.
size_t utf8_length_at(std::string_view text, size_t at);
// The text with each byte that is not part of a well-formed UTF-8 sequence made a space: a
// query's stray byte then separates words, as punctuation does, rather than spoil the word it
// sits in ("hpv\xff" searches hpv).
std::string without_invalid_utf8(std::string_view text);
// User text made safe to print to a terminal on one line: control characters (C0, tab and
// newline too, DEL) and bytes that are not UTF-8 written as "\x1b", C1 controls as "\u009b".
// The one helper for every echo of what a user typed or a file held (queries, suggestions,
// notices, errors): an escape sequence printed raw would retitle the window or clear the screen.
std::string printable(std::string_view text);
// What to do about text that is not UTF-8, said alike wherever it is found.
inline constexpr const char* kNotUtf8 = "not valid UTF-8 (convert the file to UTF-8, e.g. with iconv)";

}  // namespace medqa::text
