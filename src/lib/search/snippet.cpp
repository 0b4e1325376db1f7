#include "search/snippet.hpp"

#include "core/fold.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"

namespace medqa {
namespace {

constexpr std::string_view kEllipsis = "…";

bool no_words(std::string_view text) { return text::tokenize(text).empty(); }

// Xapian's passage of `text` (a window of an answer), highlighted and decoded.
std::string passage_of(const Xapian::MSet& mset, std::string_view text, const Xapian::Stem& stemmer,
                       const std::string& highlight_start, const std::string& highlight_end, const std::string& omit,
                       size_t bytes) {
    return unescape_html(mset.snippet(std::string(text), bytes, stemmer,
                                      Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                      highlight_start, highlight_end, omit));
}

// Xapian's passage of a window of folded text, in the original's characters. Marked with
// control characters, which no stored text holds (ingestion replaces them), the passage is
// one stretch of the window between its marks; each piece of it is replaced by the original
// bytes it was folded from, and each mark by the style's.
std::string passage_in_original(const Xapian::MSet& mset, const text::FoldedText& folded, text::Span window,
                                std::string_view original, const Xapian::Stem& stemmer, const SnippetStyle& style) {
    static const std::string kStart = "\x01", kEnd = "\x02", kOmit = "\x03";
    const std::string_view window_text = std::string_view(folded.text).substr(window.begin, window.end - window.begin);
    const std::string marked = passage_of(mset, window_text, stemmer, kStart, kEnd, kOmit, style.bytes);
    auto is_mark = [](char c) { return c == kStart[0] || c == kEnd[0] || c == kOmit[0]; };
    std::string plain;
    for (char c : marked)
        if (!is_mark(c)) plain += c;
    const size_t found = window_text.find(plain);
    if (found == std::string_view::npos)  // Xapian's passages are stretches; else shown folded, not wrong
        return passage_of(mset, window_text, stemmer, style.highlight_start, style.highlight_end,
                          std::string(kEllipsis), style.bytes);
    std::string out;
    size_t piece = window.begin + found;  // where the text since the last mark starts
    auto flush = [&](size_t end) {
        out += original.substr(folded.origin[piece], folded.origin[end] - folded.origin[piece]);
        piece = end;
    };
    size_t at = piece;
    for (char c : marked) {
        if (!is_mark(c)) {
            ++at;
            continue;
        }
        flush(at);
        out += c == kStart[0] ? style.highlight_start : c == kEnd[0] ? style.highlight_end : std::string(kEllipsis);
    }
    flush(at);
    return out;
}

}  // namespace

SnippetWords::SnippetWords(const std::vector<std::string>& words, const Xapian::Stem& stemmer) : stemmer_(stemmer) {
    for (const auto& w : words) {
        const int index = int(stems_.size());
        by_spelling_.emplace(w, index);
        if (w.size() >= kPrefix) by_prefix_[w.substr(0, kPrefix)].push_back(index);
        stems_.push_back(stemmer_(w));
    }
}

int SnippetWords::find(const std::string& token) const {
    if (auto it = by_spelling_.find(token); it != by_spelling_.end()) return it->second;
    if (token.size() < kPrefix) return -1;
    auto bucket = by_prefix_.find(token.substr(0, kPrefix));
    if (bucket == by_prefix_.end()) return -1;
    const std::string stem = stemmer_(token);
    for (int i : bucket->second)
        if (stems_[i] == stem) return i;
    return -1;
}

text::Span densest_window(std::string_view text, const SnippetWords& words, size_t window_bytes) {
    if (text.size() <= window_bytes) return {0, text.size()};
    const auto tokens = text::tokenize(text);
    struct Hit {
        size_t begin;
        int word;
    };
    std::vector<Hit> hits;
    for (const auto& t : tokens)
        if (int w = words.find(t.word); w >= 0) hits.push_back({t.begin, w});
    // The window starting at each hit, slid along the hits; the first with the most distinct
    // words wins.
    size_t best_begin = 0, best_distinct = 0, distinct = 0, end = 0;
    std::vector<unsigned> in_window(words.size(), 0);
    for (size_t i = 0; i < hits.size() && best_distinct < words.size(); ++i) {
        for (; end < hits.size() && hits[end].begin < hits[i].begin + window_bytes; ++end)
            if (in_window[hits[end].word]++ == 0) ++distinct;
        if (distinct > best_distinct) {
            best_distinct = distinct;
            best_begin = hits[i].begin;
        }
        if (--in_window[hits[i].word] == 0) --distinct;
    }
    // Start a little before the words, at a word, so that the passage can lead into them.
    size_t begin = 0;
    for (const auto& t : tokens) {
        if (t.begin + window_bytes / 4 > best_begin) break;
        begin = t.begin;
    }
    size_t stop = begin;
    bool more_words = false;
    for (const auto& t : tokens) {
        if (t.begin < begin) continue;
        if (t.end > begin + window_bytes) {
            more_words = true;
            break;
        }
        stop = t.end;
    }
    if (!more_words) stop = text.size();  // keep the closing punctuation
    return {begin, stop};
}

Xapian::Query highlighted_words(const Xapian::Query& query, const annotate::WordList& stopwords) {
    std::vector<Xapian::Query> words;
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        const std::string term = *it;  // the iterator gives a string by value
        const std::string_view word = schema::answer_word(term);
        if (!word.empty() && !stopwords.contains(word)) words.emplace_back(term);
    }
    return Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end());
}

std::string make_snippet(const Xapian::MSet& mset, std::string_view text, const SnippetWords& words,
                         const SnippetStyle& style) {
    // The query's words are accent-folded, as the index's are (core/fold.hpp): the passage is
    // chosen and marked in the folded text, where Xapian finds "sjogren" in "Sjögren", and
    // shown in the answer's own characters.
    // Nearly every answer has nothing to fold: no copy, no map of offsets for it.
    const bool folds = text::has_foldable(text);
    const text::FoldedText folded = folds ? text::fold_accents_mapped(text) : text::FoldedText{};
    const std::string_view searched = folds ? std::string_view(folded.text) : text;
    const text::Span window = densest_window(searched, words, style.bytes * kSnippetWindowFactor);
    const std::string_view original_window =
        folds ? text.substr(folded.origin[window.begin], folded.origin[window.end] - folded.origin[window.begin])
              : text.substr(window.begin, window.end - window.begin);
    std::string passage = folds ? passage_in_original(mset, folded, window, text, words.stemmer(), style)
                                : passage_of(mset, original_window, words.stemmer(), style.highlight_start,
                                             style.highlight_end, std::string(kEllipsis), style.bytes);
    // Xapian weighs the window's words by their rarity in the index and leaves out those that
    // weigh nothing: an answer whose every word is in every answer ("Yes." in a small index)
    // came out as just "…". The window's text is the passage then.
    if (no_words(passage) && !no_words(original_window))
        passage = text::headline(text::squeeze_space(original_window), style.bytes);
    // Xapian marks what it left out of the window; what the window left out of the answer is
    // marked here.
    if (window.begin > 0 && !passage.starts_with(kEllipsis)) passage.insert(0, kEllipsis);
    if (window.end < searched.size() && !passage.ends_with(kEllipsis)) passage += kEllipsis;
    // One line under its hit: an answer's paragraphs would break the listing's indentation.
    return text::squeeze_space(passage);
}

std::string unescape_html(std::string_view text) {
    static constexpr std::pair<std::string_view, char> kEntities[]{
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        bool replaced = false;
        if (text[i] == '&')
            for (auto [entity, c] : kEntities)
                if (text.substr(i, entity.size()) == entity) {
                    out += c;
                    i += entity.size();
                    replaced = true;
                    break;
                }
        if (!replaced) out += text[i++];
    }
    return out;
}

}  // namespace medqa
