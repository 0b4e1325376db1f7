#pragma once
// Pseudo-relevance feedback (RM3-like): the best answers of a first pass are taken as
// relevant, and the words they share that the query does not say (Xapian's expand set over
// them) are OR-ed into the query at a low weight. A query about "statins" then also counts
// "cholesterol" and "LDL" where the first answers use them, and finds answers that say those
// words only, below those that say the query's words. A query with syntax or filters
// (+must, -word, stance:, --anatomy) is only re-ranked (OP_AND_MAYBE): the expansion finds no
// answer that its rules did not let in.

#include <string>
#include <unordered_set>

#include <xapian.h>

#include "annotate/word_list.hpp"
#include "search/ranking.hpp"

namespace medqa {

enum class Expansion {
    finds,      // the expansion words find answers too (plain words)
    re_ranks,   // they only re-rank the answers the query finds (syntax or filters)
};

// The words an expansion may add: stemmed answer words ("Z" then lower case), not stop words.
// Not the unstemmed copies of the same words, title and question terms ("ZS", "ZXQ") or boolean
// terms (ids, stances), which would weigh an answer's thread or metadata rather than its text.
// Stop words are in nearly every answer, so the expand set rates them by the first answers'
// length more than their topic ("and", "the", "of" among a query's five words), and each one
// the query then ORs in reads nearly every answer's posting.
class FeedbackWords : public Xapian::ExpandDecider {
public:
    explicit FeedbackWords(const annotate::WordList& stopwords);
    bool operator()(const std::string& term) const override;

private:
    std::unordered_set<std::string> stopword_terms_;  // "Z" + stem, as indexed
};

// `query` with the expansion of its first pass over `enquire`'s database; `query` itself
// when feedback is off (RankingParameters::feedback_docs, feedback_terms or feedback_weight
// 0) or the first pass finds nothing. Runs the first pass on `enquire` (its weighting and
// collapse key as set), which is left set to `query`, checking at least `check_at_least`
// matches (Xapian::Enquire::get_mset). The expansion words are among `words`.
Xapian::Query with_feedback(Xapian::Enquire& enquire, const Xapian::Query& query, const RankingParameters& ranking,
                            const FeedbackWords& words, Expansion expansion, Xapian::doccount check_at_least = 0);

}  // namespace medqa
