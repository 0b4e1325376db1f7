#pragma once
// Pseudo-relevance feedback (RM3-like): the best answers of a first pass are taken as
// relevant, and the words they share that the query does not say (Xapian's expand set over
// them) are OR-ed into the query at a low weight. A query about "statins" then also counts
// "cholesterol" and "LDL" where the first answers use them, and finds answers that say those
// words only, below those that say the query's words. A query with syntax or filters
// (+must, -word, stance:, --anatomy) is only re-ranked (OP_AND_MAYBE): the expansion finds no
// answer that its rules did not let in.

#include <xapian.h>

#include "search/ranking.hpp"

namespace medqa {

enum class Expansion {
    finds,      // the expansion words find answers too (plain words)
    re_ranks,   // they only re-rank the answers the query finds (syntax or filters)
};

// `query` with the expansion of its first pass over `enquire`'s database; `query` itself
// when feedback is off (RankingParameters::feedback_docs, feedback_terms or feedback_weight
// 0) or the first pass finds nothing. Runs the first pass on `enquire` (its weighting and
// collapse key as set), which is left set to `query`, checking at least `check_at_least`
// matches (Xapian::Enquire::get_mset).
Xapian::Query with_feedback(Xapian::Enquire& enquire, const Xapian::Query& query, const RankingParameters& ranking,
                            Expansion expansion, Xapian::doccount check_at_least = 0);

}  // namespace medqa
