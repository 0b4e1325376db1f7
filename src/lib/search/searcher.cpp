#include "search/searcher.hpp"

#include <algorithm>
#include <set>

#include "core/schema.hpp"
#include "core/text.hpp"
#include "index/database.hpp"
#include "search/feedback.hpp"
#include "search/query_builder.hpp"

namespace medqa {

Searcher::Searcher(const std::filesystem::path& db_path, const annotate::Annotator& annotator,
                   const RankingParameters& ranking)
    : db_(open_for_reading(db_path)), annotator_(annotator), ranking_(ranking) {}

// Xapian also "corrects" words the index has when a more frequent one is near ("temporalis"
// -> "temporal"); a suggestion may only replace words that no answer uses.
bool Searcher::corrects_only_unknown_words(const std::string& query, const std::string& corrected) const {
    if (query.find(':') != std::string::npos) return false;  // field names are no words ("title:")
    auto before = text::tokenize(query), after = text::tokenize(corrected);
    if (before.size() != after.size()) return false;
    for (size_t i = 0; i < before.size(); ++i)
        if (before[i].word != after[i].word && db_.term_exists(before[i].word)) return false;
    return true;
}

Xapian::Enquire Searcher::enquire(const Xapian::Query& query, bool collapse) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    // Xapian's other BM25 constants stay at their defaults: k2 0 (no query-length correction),
    // k3 1 (a word repeated in the query counts more), min_normlen 0.5.
    enquire.set_weighting_scheme(
        Xapian::BM25PlusWeight(ranking_.bm25_k1, 0, 1, ranking_.bm25_b, 0.5, ranking_.bm25_delta));
    if (collapse) enquire.set_collapse_key(schema::kThreadSlot);
    return enquire;
}

// The proximity bonus only ever adds weight, and BM25's statistics are the database's whatever
// the filter, so among the threads of the best matches the ranking is the one the whole query
// would give; an answer outside them would need the bonus to more than make up the difference.
Xapian::MSet Searcher::rerank_by_proximity(const Xapian::Query& query, const Xapian::Query& proximity,
                                           const Xapian::MSet& best, const SearchRequest& request) const {
    std::vector<Xapian::Query> threads;
    std::set<std::string> seen;
    for (auto it = best.begin(); it != best.end(); ++it)
        if (std::string thread = it.get_document().get_value(schema::kThreadSlot); seen.insert(thread).second)
            threads.emplace_back(schema::term(schema::kThreadPrefix, thread));
    Xapian::Query ranked(Xapian::Query::OP_AND_MAYBE, query, proximity);
    Xapian::Query among(Xapian::Query::OP_OR, threads.begin(), threads.end());
    return enquire(Xapian::Query(Xapian::Query::OP_FILTER, ranked, among), request.collapse)
        .get_mset(request.offset, request.limit);
}

SearchResult Searcher::search(const SearchRequest& request) const {
    QueryBuilder builder(db_, annotator_.anatomy(), annotator_.stopwords(), ranking_);
    BuiltQuery built = builder.build(request.query, request.stances, request.anatomy);

    Xapian::Enquire first = enquire(built.query, request.collapse);
    // Before the match spies: they would count the feedback's own pass too. A pasted question
    // says its topic's words already: on NFCorpus long queries feedback took 31 ms more a query
    // for nDCG@10 0.3759 against 0.3772 without.
    const Xapian::Query query = request.feedback && built.has_words && !built.pasted
                                    ? with_feedback(first, built.query, ranking_,
                                                    built.plain ? Expansion::finds : Expansion::re_ranks)
                                    : built.query;
    first.set_query(query);
    Xapian::ValueCountMatchSpy stance_spy(schema::kStanceSlot);
    ListValueCountSpy anatomy_spy(schema::kAnatomySlot);
    if (request.presentation) {
        first.add_matchspy(&stance_spy);
        first.add_matchspy(&anatomy_spy);
    }
    const Xapian::doccount check_at_least = request.presentation ? kFacetCheckAtLeast : 0;
    const bool rerank = !built.proximity.empty();
    Xapian::MSet mset = rerank ? first.get_mset(0, std::max(request.offset + request.limit, kProximityRerankDepth),
                                                check_at_least)
                               : first.get_mset(request.offset, request.limit, check_at_least);

    SearchResult result;
    result.query = request.query;
    result.notices = std::move(built.notices);
    result.estimated_matches = mset.get_matches_estimated();
    if (rerank && !mset.empty()) mset = rerank_by_proximity(query, built.proximity, mset, request);
    std::vector<std::string> words;  // for the snippets' windows
    if (request.presentation)
        for (const auto& t : text::tokenize(request.query))
            if (!annotator_.stopwords().contains(t.word) &&
                std::find(words.begin(), words.end(), t.word) == words.end())
                words.push_back(t.word);
    Xapian::doccount rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = ++rank;
        hit.score = it.get_weight();
        hit.answer = decode_stored_answer(it.get_document().get_data());
        if (request.presentation) hit.snippet = make_snippet(mset, hit.answer.text, words, builder.stemmer(), request.snippet);
        result.hits.push_back(std::move(hit));
    }
    if (!request.presentation) return result;
    std::vector<std::pair<std::string, std::string>> threads;
    for (const auto& h : result.hits) {
        if (std::none_of(threads.begin(), threads.end(), [&](const auto& t) { return t.first == h.answer.thread; }))
            threads.emplace_back(h.answer.thread, h.answer.title);
        if (threads.size() == kConsensusThreads) break;
    }
    result.consensus = consensus(db_, threads);
    // "Did you mean": Xapian proposes a correction for words its spelling data does not know;
    // it is shown when the corrected query finds at least as many answers as the query's own
    // words (feedback's expansion aside: it finds answers for a misspelt query too).
    if (!built.corrected.empty() && built.corrected != request.query &&
        corrects_only_unknown_words(request.query, built.corrected)) {
        auto count = [&](const Xapian::Query& q) {  // collapsed too, to count the same things
            return enquire(q, request.collapse).get_mset(0, 0, kFacetCheckAtLeast).get_matches_estimated();
        };
        if (count(builder.build(built.corrected, request.stances, request.anatomy).query) >= count(built.query))
            result.did_you_mean = built.corrected;
    }
    result.facet_sample = stance_spy.get_total();
    result.stance_facets = sorted_counts(stance_spy);
    result.anatomy_facets = sorted_counts(anatomy_spy.counts());
    return result;
}

}  // namespace medqa
