#pragma once
// The numbers that shape medqa's ranking, in one place so that `medqa eval` can try others
// (--bm25-k1, --bm25-b, --bm25-delta, --context-weight, --synonym-weight, --proximity-weight,
// --coordination-weight, --title-match-weight, --max-query-words, --feedback-docs, --feedback-terms, --feedback-weight) and
// bench/eval-sweep can measure them. The defaults are the measured choice of core/schema.hpp.

#include "core/schema.hpp"

namespace medqa {

struct RankingParameters {
    double bm25_k1 = schema::kBm25K1;
    double bm25_b = schema::kBm25B;
    double bm25_delta = schema::kBm25PlusDelta;  // 0: plain BM25
    double context_weight = schema::kContextWeight;  // title and question words, vs answer words
    double synonym_weight = schema::kSynonymWeight;  // synonyms, vs the user's own words
    double proximity_weight = schema::kProximityWeight;  // neighbouring query words said close together
    double coordination_weight = schema::kCoordinationWeight;  // every query word said
    double title_match_weight = schema::kTitleMatchWeight;     // every query word in the thread's title
    unsigned max_query_words = schema::kMaxQueryWords;  // longer queries keep this many words
    // Pseudo-relevance feedback (search/feedback.hpp); 0 docs, 0 terms or weight 0: off.
    unsigned feedback_docs = schema::kFeedbackDocs;      // first answers taken as relevant
    unsigned feedback_terms = schema::kFeedbackTerms;    // expansion words drawn from them
    double feedback_weight = schema::kFeedbackWeight;    // of the best expansion word, vs a query word
};

}  // namespace medqa
