#pragma once
// How many answers a query matches, counted rather than guessed. Xapian's estimate assumes the
// parts of an OR are independent; medqa's queries OR the answer's words, their synonyms and the
// title/question words, which mostly match the same answers, so the estimate ran 2 to 3 times
// too high ("pain" on the doctor-QA corpus: about 9,000 for 3,510 answers).

#include <optional>

#include <xapian.h>

namespace medqa {

// A count checks about this many answers, whatever the size of the index: every answer of a
// database of fewer than twice as many, else those at every k-th document id (k = answers /
// kCountSampleAnswers), and the count is scaled up and rounded to two significant digits.
inline constexpr Xapian::doccount kCountSampleAnswers = 20000;

// Below this many answers a count checks every answer, and so do the facets (Searcher).
inline constexpr Xapian::doccount kExactCountAnswers = 2 * kCountSampleAnswers;

struct MatchCount {
    Xapian::doccount matches = 0;
    bool exact = false;
};

// The answers `query` matches in `db` (with `collapse`, the threads they belong to): exact on a
// database of fewer than 2 * sample_answers answers, else scaled from a systematic sample of
// document ids. None for threads past that size: a thread's answers are not sampled together,
// so the threads in a sample do not scale. Not for remote shards (the sample is a
// PostingSource, which a remote server does not know).
std::optional<MatchCount> count_matches(const Xapian::Database& db, const Xapian::Query& query, bool collapse,
                                        Xapian::doccount sample_answers = kCountSampleAnswers);

}  // namespace medqa
