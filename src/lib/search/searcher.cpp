#include "search/searcher.hpp"

#include <algorithm>

#include "core/schema.hpp"
#include "core/text.hpp"
#include "index/database.hpp"
#include "search/feedback.hpp"
#include "search/query_builder.hpp"

namespace medqa {

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

SearchResult Searcher::search(const SearchRequest& request) const {
    QueryBuilder builder(db_, annotator_.anatomy(), annotator_.stopwords(), ranking_);
    BuiltQuery built = builder.build(request.query, request.stances, request.anatomy);

    Xapian::Enquire enquire(db_);
    // Xapian's other BM25 constants stay at their defaults: k2 0 (no query-length correction),
    // k3 1 (a word repeated in the query counts more), min_normlen 0.5.
    enquire.set_weighting_scheme(
        Xapian::BM25PlusWeight(ranking_.bm25_k1, 0, 1, ranking_.bm25_b, 0.5, ranking_.bm25_delta));
    if (request.collapse) enquire.set_collapse_key(schema::kThreadSlot);
    // Before the match spies: they would count the first pass too. A pasted question says its
    // topic's words already: on NFCorpus long queries feedback took 31 ms more a query for
    // nDCG@10 0.3759 against 0.3772 without.
    enquire.set_query(request.feedback && built.has_words && !built.pasted
                          ? with_feedback(enquire, built.query, ranking_,
                                          built.plain ? Expansion::finds : Expansion::re_ranks)
                          : built.query);
    Xapian::ValueCountMatchSpy stance_spy(schema::kStanceSlot);
    ListValueCountSpy anatomy_spy(schema::kAnatomySlot);
    if (request.presentation) {
        enquire.add_matchspy(&stance_spy);
        enquire.add_matchspy(&anatomy_spy);
    }

    Xapian::MSet mset = enquire.get_mset(request.offset, request.limit, request.presentation ? kFacetCheckAtLeast : 0);

    SearchResult result;
    result.query = request.query;
    result.notices = std::move(built.notices);
    result.estimated_matches = mset.get_matches_estimated();
    Xapian::doccount rank = request.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = ++rank;
        hit.score = it.get_weight();
        hit.answer = decode_stored_answer(it.get_document().get_data());
        if (request.presentation)
            hit.snippet = unescape_html(mset.snippet(hit.answer.text, request.snippet_bytes, builder.stemmer(),
                                                 Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                                     Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                                 request.highlight_start, request.highlight_end, "…"));
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
        auto count = [&](const Xapian::Query& query) {
            Xapian::Enquire e(db_);
            if (request.collapse) e.set_collapse_key(schema::kThreadSlot);  // count the same things
            e.set_query(query);
            return e.get_mset(0, 0, kFacetCheckAtLeast).get_matches_estimated();
        };
        if (count(builder.build(built.corrected, request.stances, request.anatomy).query) >= count(built.query))
            result.did_you_mean = built.corrected;
    }
    result.stance_facets = sorted_counts(stance_spy);
    result.anatomy_facets = sorted_counts(anatomy_spy.counts());
    return result;
}

}  // namespace medqa
