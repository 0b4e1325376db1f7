#include "search/feedback.hpp"

#include <vector>

#include "core/schema.hpp"

namespace medqa {

FeedbackWords::FeedbackWords(const annotate::WordList& stopwords) {
    const Xapian::Stem stem(schema::kStemLanguage);
    for (const auto& word : stopwords.words()) stopword_terms_.insert(schema::stemmed_term(stem, word));
}

bool FeedbackWords::operator()(const std::string& term) const {
    return term.starts_with(schema::kStemmedPrefix) && schema::answer_word(term).size() > 1 &&
           !stopword_terms_.count(term);
}

Xapian::Query with_feedback(Xapian::Enquire& enquire, const Xapian::Query& query, const RankingParameters& ranking,
                            const FeedbackWords& words, Expansion expansion, Xapian::doccount check_at_least) {
    enquire.set_query(query);
    if (ranking.feedback_docs == 0 || ranking.feedback_terms == 0 || ranking.feedback_weight <= 0) return query;
    Xapian::MSet first = enquire.get_mset(0, ranking.feedback_docs, check_at_least);
    if (first.empty()) return query;
    Xapian::RSet top;
    for (auto it = first.begin(); it != first.end(); ++it) top.add_document(*it);
    // Exact term frequencies: Xapian estimates them for an index of several shards, which would
    // make the words chosen depend on how the index is split.
    Xapian::ESet eset = enquire.get_eset(ranking.feedback_terms, top, Xapian::Enquire::USE_EXACT_TERMFREQ,
                                         &words);
    if (eset.empty()) return query;
    // Each word weighs as much as the expand set rates it, the best one feedback_weight: a
    // word all the first answers share counts more than one of them says in passing.
    const double best = eset.begin().get_weight();
    std::vector<Xapian::Query> expansion_words;
    for (auto it = eset.begin(); it != eset.end(); ++it)
        expansion_words.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                                     ranking.feedback_weight * it.get_weight() / best);
    return Xapian::Query(expansion == Expansion::finds ? Xapian::Query::OP_OR : Xapian::Query::OP_AND_MAYBE, query,
                         Xapian::Query(Xapian::Query::OP_OR, expansion_words.begin(), expansion_words.end()));
}

}  // namespace medqa
