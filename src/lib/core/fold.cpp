#include "core/fold.hpp"

#include <memory>
#include <stdexcept>

#include <unicode/translit.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include "core/text.hpp"

namespace medqa::text {
namespace {

// ICU's Latin-ASCII transform, limited to Latin letters and combining marks: it strips the
// marks of Latin letters (precomposed or not) and spells the others in ASCII (ß, æ, ø, ł, þ,
// ligatures), while leaving out punctuation and symbols ("½" would become " 1/2", a quote a
// straight one) so that words keep their boundaries. It leaves marks on other scripts alone.
constexpr const char* kTransform = "[[[:Latin:]&[:L:]][:Mn:]] Latin-ASCII";

// What sets off folding: a non-ASCII Latin letter or a combining mark. A scan for these is
// the fast path: most text, curly quotes and dashes included, has none.
constexpr const char* kFoldable = "[[[:Latin:]&[:L:]][:Mn:]-[\\u0000-\\u007F]]";
// A folded run: the Latin word around such a character, letters and marks (the base of a
// mark written apart, "e" + U+0301, is in it, and the transform sees them together).
constexpr const char* kLatinWord = "[[[:Latin:]&[:L:]][:Mn:]]";

icu::UnicodeSet frozen_set(const char* pattern) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeSet set(icu::UnicodeString(pattern, -1, US_INV), status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU set ") + pattern + ": " + u_errorName(status));
    set.freeze();  // frozen sets span fast and may be shared between threads
    return set;
}

const icu::UnicodeSet& foldable() {
    static const icu::UnicodeSet set = frozen_set(kFoldable);
    return set;
}
const icu::UnicodeSet& latin_word() {
    static const icu::UnicodeSet set = frozen_set(kLatinWord);
    return set;
}

// ICU's transliterators must not be shared between threads: one per thread.
icu::Transliterator& transform() {
    thread_local const std::unique_ptr<icu::Transliterator> instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
            icu::UnicodeString(kTransform, -1, US_INV), UTRANS_FORWARD, status));
        if (U_FAILURE(status) || !t)
            throw std::runtime_error(std::string("ICU transform ") + kTransform + ": " + u_errorName(status));
        return t;
    }();
    return *instance;
}

std::string folded_word(std::string_view word) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    transform().transliterate(u);
    std::string out;
    return u.toUTF8String(out);
}

// Calls keep(begin, end) for each piece of the text that folding leaves as it is, and
// fold(begin, end, folded) for each Latin word that it changes, in order.
template <class Keep, class Fold>
void for_each_piece(std::string_view text, Keep keep, Fold fold) {
    const char* s = text.data();
    const auto n = static_cast<int32_t>(text.size());
    int32_t at = 0;
    while (at < n) {
        const int32_t next = at + foldable().spanUTF8(s + at, n - at, USET_SPAN_NOT_CONTAINED);
        if (next == n) break;
        const int32_t begin = at + latin_word().spanBackUTF8(s + at, next - at, USET_SPAN_CONTAINED);
        const int32_t end = next + latin_word().spanUTF8(s + next, n - next, USET_SPAN_CONTAINED);
        if (begin > at) keep(size_t(at), size_t(begin));
        fold(size_t(begin), size_t(end), folded_word(text.substr(begin, end - begin)));
        at = end;
    }
    if (at < n) keep(size_t(at), size_t(n));
}

}  // namespace

bool has_foldable(std::string_view text) {
    const auto n = static_cast<int32_t>(text.size());
    return foldable().spanUTF8(text.data(), n, USET_SPAN_NOT_CONTAINED) < n;
}

std::string fold_accents(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_piece(
        text, [&](size_t begin, size_t end) { out.append(text.substr(begin, end - begin)); },
        [&](size_t, size_t, const std::string& folded) { out += folded; });
    return out;
}

std::string fold_word(std::string_view word) { return lower(fold_accents(word)); }

FoldedText fold_accents_mapped(std::string_view text) {
    FoldedText out;
    out.text.reserve(text.size());
    out.origin.reserve(text.size() + 1);
    for_each_piece(
        text,
        [&](size_t begin, size_t end) {
            out.text.append(text.substr(begin, end - begin));
            for (size_t i = begin; i < end; ++i) out.origin.push_back(i);
        },
        [&](size_t begin, size_t, const std::string& folded) {
            // Inside a folded word no byte maps to one of the original: each maps to its start.
            out.text += folded;
            out.origin.insert(out.origin.end(), folded.size(), begin);
        });
    out.origin.push_back(text.size());
    return out;
}

}  // namespace medqa::text
