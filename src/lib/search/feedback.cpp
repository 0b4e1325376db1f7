#include "search/feedback.hpp"

#include <cctype>
#include <vector>

namespace medqa {
namespace {

// Expansion words are stemmed answer words ("Z" then lower case): not the unstemmed copies
// of the same words, title and question terms ("ZS", "ZXQ") or boolean terms (ids, stances),
// which would weigh an answer's thread or metadata rather than its text.
class AnswerWords : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        return term.size() > 2 && term[0] == 'Z' && std::islower(static_cast<unsigned char>(term[1]));
    }
};

}  // namespace

Xapian::Query with_feedback(Xapian::Enquire& enquire, const Xapian::Query& query, const RankingParameters& ranking,
                            Expansion expansion, Xapian::doccount check_at_least) {
    enquire.set_query(query);
    if (ranking.feedback_docs == 0 || ranking.feedback_terms == 0 || ranking.feedback_weight <= 0) return query;
    Xapian::MSet first = enquire.get_mset(0, ranking.feedback_docs, check_at_least);
    if (first.empty()) return query;
    Xapian::RSet top;
    for (auto it = first.begin(); it != first.end(); ++it) top.add_document(*it);
    const AnswerWords answer_words;
    // Exact term frequencies: Xapian estimates them for an index of several shards, which would
    // make the words chosen depend on how the index is split.
    Xapian::ESet eset = enquire.get_eset(ranking.feedback_terms, top, Xapian::Enquire::USE_EXACT_TERMFREQ,
                                         &answer_words);
    if (eset.empty()) return query;
    // Each word weighs as much as the expand set rates it, the best one feedback_weight: a
    // word all the first answers share counts more than one of them says in passing.
    const double best = eset.begin().get_weight();
    std::vector<Xapian::Query> words;
    for (auto it = eset.begin(); it != eset.end(); ++it)
        words.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                           ranking.feedback_weight * it.get_weight() / best);
    return Xapian::Query(expansion == Expansion::finds ? Xapian::Query::OP_OR : Xapian::Query::OP_AND_MAYBE, query,
                         Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()));
}

}  // namespace medqa
