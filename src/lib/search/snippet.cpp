#include "search/snippet.hpp"

#include <algorithm>
#include <set>

namespace medqa {
namespace {

constexpr std::string_view kEllipsis = "…";

// Which query word a token of the text is, by its spelling or its stem; -1 for none. Only
// tokens that begin like a query word are stemmed: stemming every word of a long answer
// would cost what the window saves.
int query_word_of(const std::string& token, const std::vector<std::string>& words,
                  const std::vector<std::string>& stems, const Xapian::Stem& stemmer) {
    for (size_t i = 0; i < words.size(); ++i)
        if (token == words[i]) return int(i);
    for (size_t i = 0; i < words.size(); ++i) {
        size_t shared = std::min<size_t>(3, std::min(token.size(), words[i].size()));
        if (shared == 3 && token.compare(0, 3, words[i], 0, 3) == 0 && stemmer(token) == stems[i]) return int(i);
    }
    return -1;
}

}  // namespace

text::Span densest_window(std::string_view text, const std::vector<std::string>& words,
                          const Xapian::Stem& stemmer, size_t window_bytes) {
    if (text.size() <= window_bytes) return {0, text.size()};
    std::vector<std::string> stems;
    for (const auto& w : words) stems.push_back(stemmer(w));
    const auto tokens = text::tokenize(text);
    struct Hit {
        size_t begin;
        int word;
    };
    std::vector<Hit> hits;
    for (const auto& t : tokens)
        if (int w = query_word_of(t.word, words, stems, stemmer); w >= 0) hits.push_back({t.begin, w});
    // The window starting at each hit; the first with the most distinct words wins.
    size_t best_begin = 0, best_distinct = 0;
    for (size_t i = 0; i < hits.size(); ++i) {
        std::set<int> distinct;
        for (size_t j = i; j < hits.size() && hits[j].begin < hits[i].begin + window_bytes; ++j)
            distinct.insert(hits[j].word);
        if (distinct.size() > best_distinct) {
            best_distinct = distinct.size();
            best_begin = hits[i].begin;
        }
        if (best_distinct == words.size()) break;  // none can do better
    }
    // Start a little before the words, at a word, so that the passage can lead into them.
    size_t begin = 0;
    for (const auto& t : tokens) {
        if (t.begin + window_bytes / 4 > best_begin) break;
        begin = t.begin;
    }
    size_t end = begin;
    bool more_words = false;
    for (const auto& t : tokens) {
        if (t.begin < begin) continue;
        if (t.end > begin + window_bytes) {
            more_words = true;
            break;
        }
        end = t.end;
    }
    if (!more_words) end = text.size();  // keep the closing punctuation
    return {begin, end};
}

std::string make_snippet(const Xapian::MSet& mset, std::string_view text, const std::vector<std::string>& words,
                         const Xapian::Stem& stemmer, const SnippetStyle& style) {
    const text::Span window = densest_window(text, words, stemmer, style.bytes * kSnippetWindowFactor);
    std::string passage = unescape_html(mset.snippet(std::string(text.substr(window.begin, window.end - window.begin)),
                                                     style.bytes, stemmer,
                                                     Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                                         Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                                     style.highlight_start, style.highlight_end, std::string(kEllipsis)));
    // Xapian marks what it left out of the window; what the window left out of the answer is
    // marked here.
    if (window.begin > 0 && !passage.starts_with(kEllipsis)) passage.insert(0, kEllipsis);
    if (window.end < text.size() && !passage.ends_with(kEllipsis)) passage += kEllipsis;
    return passage;
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
