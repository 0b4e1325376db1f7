#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace medqa::text {
namespace {

// One UTF-8 sequence at text[i]: its code point and byte length. Broken sequences count as
// one byte of U+FFFD, so no input can stall or crash the tokenizer.
struct CodePoint {
    char32_t value;
    size_t length;
};
CodePoint decode(std::string_view text, size_t i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) return {c, 1};
    // F8..FF start no UTF-8 sequence (they once started 5- and 6-byte ones).
    size_t length = c >= 0xF8 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (length == 0 || i + length > text.size()) return {0xFFFD, 1};
    char32_t value = c & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) {
        unsigned char next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return {0xFFFD, 1};
        value = (value << 6) | (next & 0x3F);
    }
    return {value, length};
}

// Letters and digits: ASCII ones, and any non-ASCII code point that is not white space,
// punctuation or a symbol of the Latin-1 and General Punctuation blocks (so "café" and
// "Sjögren" stay whole, while no-break spaces, curly quotes and dashes separate words).
bool is_word_char(char32_t c) {
    if (c < 0x80) return std::isalnum(static_cast<int>(c));
    if (c < 0xC0 || c == 0xD7 || c == 0xF7) return false;       // Latin-1 punctuation, NBSP, × ÷
    if (c >= 0x2000 && c <= 0x206F) return false;                // General Punctuation
    if (c >= 0x2E00 && c <= 0x2E7F) return false;                // Supplemental Punctuation
    return c != 0x3000 && c != 0xFEFF && c != 0xFFFD;
}

constexpr char32_t kRightSingleQuote = 0x2019;  // the apostrophe of word processors

bool is_unicode_space(char32_t c) { return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x3000; }

// Lower-case abbreviations (without their final dot) after which a '.' does not end a sentence;
// "no" only before a number.
constexpr std::array<std::string_view, 16> kAbbreviations{
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "approx", "no", "fig", "al", "inc", "jr"};

bool ends_with_abbreviation(std::string_view text, size_t dot) {
    size_t start = dot;
    while (start > 0 && !is_space(text[start - 1]) && text[start - 1] != '(') --start;
    std::string word = lower(text.substr(start, dot - start));
    if (word == "no") {
        // "No. 5" numbers something; "No. Avoid flying" is an answer that ends there.
        size_t next = dot + 1;
        while (next < text.size() && is_space(text[next])) ++next;
        return next < text.size() && (std::isdigit(static_cast<unsigned char>(text[next])) || text[next] == '#');
    }
    return std::find(kAbbreviations.begin(), kAbbreviations.end(), word) != kAbbreviations.end();
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    size_t i = 0;
    const size_t n = text.size();
    while (i < n) {
        CodePoint cp = decode(text, i);
        if (!is_word_char(cp.value)) {
            i += cp.length;
            continue;
        }
        Token tok;
        tok.begin = i;
        while (i < n) {
            cp = decode(text, i);
            if (cp.value == '\'' || cp.value == kRightSingleQuote) {
                // An apostrophe stays inside a word only between two word characters.
                if (i + cp.length < n && is_word_char(decode(text, i + cp.length).value)) {
                    tok.word += '\'';
                    i += cp.length;
                    continue;
                }
                break;
            }
            if (!is_word_char(cp.value)) break;
            if (cp.length == 1) tok.word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
            else tok.word.append(text.substr(i, cp.length));
            i += cp.length;
        }
        tok.end = i;
        tokens.push_back(std::move(tok));
    }
    return tokens;
}

std::vector<Span> sentences(std::string_view text) {
    std::vector<Span> out;
    size_t begin = 0;
    const size_t n = text.size();
    // Text written (or stored) all in lower case gives no capital to start a sentence.
    const bool has_capitals = std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    auto emit = [&](size_t end) {
        size_t b = begin, e = end;
        while (b < e && is_space(text[b])) ++b;
        while (e > b && is_space(text[e - 1])) --e;
        if (b < e) out.push_back({b, e});
        begin = end;
    };
    for (size_t i = 0; i < n; ++i) {
        char c = text[i];
        if (c == '\n') {
            // A blank line always ends a sentence.
            size_t j = i + 1;
            while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
            if (j < n && text[j] == '\n') emit(i);
            continue;
        }
        if (c != '.' && c != '!' && c != '?') continue;
        size_t j = i + 1;
        while (j < n && (text[j] == '.' || text[j] == '!' || text[j] == '?' || text[j] == '"' || text[j] == ')' ||
                         text[j] == '\''))
            ++j;
        if (j < n && !is_space(text[j])) continue;  // "3.5", "e.g.x", "botox.com"
        if (c == '.' && ends_with_abbreviation(text, i)) continue;
        size_t k = j;
        while (k < n && is_space(text[k])) ++k;
        if (k < n) {
            unsigned char next = static_cast<unsigned char>(text[k]);
            // Lower case after the stop usually means the stop was not a sentence end.
            if (has_capitals && std::islower(next)) continue;
        }
        emit(j);
        i = j > 0 ? j - 1 : j;
    }
    emit(n);
    return out;
}

std::string headline(std::string_view title, size_t max_bytes) {
    if (title.size() <= max_bytes) return std::string(title);
    size_t cut = title.rfind(' ', max_bytes);
    if (cut == std::string_view::npos || cut < max_bytes / 2) {
        cut = max_bytes;  // one long word: back up to the start of a UTF-8 character
        while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;
    }
    while (cut > 0 && std::string_view(" ,;:-").find(title[cut - 1]) != std::string_view::npos) --cut;
    return std::string(title.substr(0, cut)) + "…";
}

std::string squeeze_space(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (size_t i = 0; i < text.size();) {
        CodePoint cp = decode(text, i);
        if (is_space(text[i]) || is_unicode_space(cp.value)) {
            pending_space = !out.empty();
            i += cp.length;
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out.append(text.substr(i, cp.length));
        i += cp.length;
    }
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string singular(std::string_view word) {
    std::string w(word);
    if (w.size() <= 3 || w.back() != 's') return w;
    if (w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") || w.ends_with("as")) return w;
    if (w.ends_with("ies")) return w.substr(0, w.size() - 3) + "y";
    for (std::string_view sibilant : {"sses", "shes", "ches", "xes", "zes", "uses"})
        if (w.ends_with(sibilant)) return w.substr(0, w.size() - 2);
    return w.substr(0, w.size() - 1);
}

namespace {

// The length of the control character at `at` (1 byte for C0 and DEL, 2 for C1), or 0.
size_t control_at(std::string_view text, size_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return 1;
    if (c == 0xC2 && at + 1 < text.size() && static_cast<unsigned char>(text[at + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[at + 1]) <= 0x9F)
        return 2;
    return 0;
}

}  // namespace

std::string without_control_characters(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t at = 0; at < text.size();) {
        const size_t length = control_at(text, at);
        if (length == 0) {
            out += text[at++];
            continue;
        }
        if (!(text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n')) out += ' ';
        at += length;
    }
    return out;
}

std::optional<char32_t> first_control_character(std::string_view text) {
    for (size_t at = 0; at < text.size(); ++at)
        if (const size_t length = control_at(text, at))
            return length == 1 ? static_cast<unsigned char>(text[at]) : static_cast<unsigned char>(text[at + 1]);
    return std::nullopt;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

size_t utf8_length_at(std::string_view text, size_t at) {
    const CodePoint cp = decode(text, at);
    if (cp.value == 0xFFFD && cp.length == 1 && static_cast<unsigned char>(text[at]) >= 0x80) return 0;
    // Overlong forms, surrogates and values past Unicode decode but are not UTF-8.
    static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp.value < kMinForLength[cp.length] || (cp.value >= 0xD800 && cp.value <= 0xDFFF) || cp.value > 0x10FFFF)
        return 0;
    return cp.length;
}

bool valid_utf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const size_t length = utf8_length_at(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::string without_invalid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const size_t length = utf8_length_at(text, i);
        if (length == 0) out += ' ';
        else out.append(text.substr(i, length));
        i += length == 0 ? 1 : length;
    }
    return out;
}

namespace {

// "\\x1b": a byte in hex after its prefix.
std::string escaped(unsigned char byte, std::string_view prefix) {
    static constexpr char kHex[] = "0123456789abcdef";
    return std::string(prefix) + kHex[byte >> 4] + kHex[byte & 0xF];
}

}  // namespace

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const size_t length = utf8_length_at(text, i);
        if (length == 0 || byte < 0x20 || byte == 0x7F) {  // a stray byte, or a C0 control (tab and newline too)
            out += escaped(byte, "\\x");
            ++i;
        } else if (control_at(text, i) == 2) {  // a C1 control, U+0080 to U+009F
            out += escaped(static_cast<unsigned char>(text[i + 1]), "\\u00");
            i += 2;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

}  // namespace medqa::text
