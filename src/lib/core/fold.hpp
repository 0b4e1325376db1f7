#pragma once
// Accent folding: Latin letters without their diacritics ("Sjögren" -> "Sjogren", "Ménière" ->
// "Meniere"), and the Latin letters that have no plain base written as ASCII ("Straße" ->
// "Strasse", "æ" -> "ae", "ø" -> "o", "ł" -> "l"), so that a user who types "sjogren" finds
// the answers that write "Sjögren", and the other way round. The words indexed and the words
// of a query are folded alike; stored text and what is shown keep the original characters.
// Case, punctuation and other scripts are left as they are (Xapian lower-cases by itself).

#include <string>
#include <string_view>
#include <vector>

namespace medqa::text {

// Whether the text has anything to fold: the quick scan that fold_accents starts with.
bool has_foldable(std::string_view text);

// The text with its Latin words folded. Text with nothing to fold (ASCII, curly quotes,
// dashes: nearly every answer) comes back as it is, after one quick scan.
std::string fold_accents(std::string_view text);

// A word of text::tokenize folded and lower-cased again: tokenize lower-cases ASCII letters
// only, and "É" folds to "E" ("École" -> "ecole").
std::string fold_word(std::string_view word);

// Folded text that knows where each of its bytes came from, to show a passage of the folded
// text in the original characters (snippets). origin[i] is the byte offset in the original
// text of folded byte i, and origin[text.size()] the original's size; exact at the edges of
// words, which is where passages and highlights start and end.
struct FoldedText {
    std::string text;
    std::vector<size_t> origin;
};
FoldedText fold_accents_mapped(std::string_view text);

}  // namespace medqa::text
