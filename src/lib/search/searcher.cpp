#include "search/searcher.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/fold.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "search/match_count.hpp"
#include "search/query_builder.hpp"

namespace medqa {

namespace {

// Counts the stance and anatomy values of these answers as the spies count those of the
// answers a match checks: slot by slot in id order, which reads each slot's values in sequence.
void count_values(const Xapian::Database& db, const Xapian::MSet& answers,
                  std::initializer_list<Xapian::ValueCountMatchSpy*> spies) {
    std::vector<Xapian::docid> ids(answers.begin(), answers.end());
    std::sort(ids.begin(), ids.end());
    for (auto* spy : spies)
        for (Xapian::docid id : ids) (*spy)(db.get_document(id, Xapian::DOC_ASSUME_VALID), 0);
}

}  // namespace

Searcher::Searcher(const std::filesystem::path& db_path, const annotate::Annotator& annotator,
                   const RankingParameters& ranking, const ShardOptions& shards)
    : path_(db_path), shards_(shards), has_remote_shards_(has_remote_shards(db_path)), annotator_(annotator), ranking_(ranking),
      feedback_words_(annotator.stopwords()) {
    try {
        db_ = open_for_reading(path_, shards_);
    } catch (const Error& e) {
        if (e.code() != ExitCode::shard_unavailable || !shards_.allow_partial) throw;
        db_ = open_answering(missing_);
    }
}

Xapian::Database Searcher::open_answering(std::vector<ShardFailure>& missing) const {
    missing = unreachable_shards(path_, shards_);
    std::vector<std::string> leave_out;
    for (const auto& f : missing) leave_out.push_back(f.shard.line);
    return open_for_reading(path_, shards_, leave_out);
}

SearchResult Searcher::search(const SearchRequest& request) const {
    try {
        SearchResult result = search_in(db_, request);
        result.missing_shards = missing_;
        return result;
    } catch (const Xapian::NetworkError& e) {
        // A shard went away since the index was opened: which one, Xapian does not say.
        if (!shards_.allow_partial) throw shard_error(path_, unreachable_shards(path_, shards_), e);
        std::vector<ShardFailure> missing;
        SearchResult result = search_in(open_answering(missing), request);
        result.missing_shards = std::move(missing);
        return result;
    }
}

Xapian::Enquire Searcher::enquire(const Xapian::Database& db, const Xapian::Query& query, bool collapse) const {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    // Xapian's other BM25 constants stay at their defaults: k2 0 (no query-length correction),
    // k3 1 (a word repeated in the query counts more), min_normlen 0.5.
    enquire.set_weighting_scheme(
        Xapian::BM25PlusWeight(ranking_.bm25_k1, 0, 1, ranking_.bm25_b, 0.5, ranking_.bm25_delta));
    if (collapse) enquire.set_collapse_key(schema::kThreadSlot);
    // Equal scores (answers said word for word in several threads) go by thread id, then by
    // document id, which within a thread follows the answers' order in any layout: Xapian's
    // own tie-break, the document id alone, depends on how the index is split into shards.
    enquire.set_sort_by_relevance_then_value(schema::kThreadSlot, false);
    return enquire;
}

// The best matches of the query, the first kProximityRerankDepth of them re-ranked with the
// bonuses (BuiltQuery::bonuses), the rest in their order. Each bonus is matched on its own,
// among the threads of those matches, and its weight added here; the query's own weights are
// those of the first pass. A bonus only adds, so every re-ranked answer stays above the rest.
// Xapian 1.4 weighs differently from one split of the index to another both NEAR pairs OR-ed
// that share a word ("hair loss scalp") and a query
// that says a term twice and has a phrase, once filtered (its synonym part repeats the words).
std::vector<Searcher::Ranked> Searcher::rerank_with_bonuses(const Xapian::Database& db,
                                                            const std::vector<Xapian::Query>& bonuses,
                                                            const Xapian::MSet& best,
                                                            const SearchRequest& request) const {
    // Each match's thread id is its sort key (Searcher::enquire), which Xapian sends with the
    // match: reading it from the document would cost a round trip per answer to a remote shard.
    std::vector<Ranked> ranked;
    std::map<Xapian::docid, size_t> index_of;
    std::vector<Xapian::Query> threads;
    std::set<std::string> seen;
    for (auto it = best.begin(); it != best.end(); ++it) {
        const bool reranked = ranked.size() < kProximityRerankDepth;
        if (reranked) index_of.emplace(*it, ranked.size());
        ranked.push_back({*it, it.get_weight(), it.get_sort_key()});
        if (reranked && seen.insert(it.get_sort_key()).second)
            threads.emplace_back(schema::term(schema::kThreadPrefix, it.get_sort_key()));
    }
    const Xapian::Query among(Xapian::Query::OP_OR, threads.begin(), threads.end());
    for (const auto& bonus : bonuses) {
        const Xapian::MSet with = enquire(db, Xapian::Query(Xapian::Query::OP_FILTER, bonus, among), false)
                                      .get_mset(0, db.get_doccount());
        for (auto it = with.begin(); it != with.end(); ++it)
            if (auto found = index_of.find(*it); found != index_of.end()) ranked[found->second].score += it.get_weight();
    }
    // As Xapian orders (Searcher::enquire): score, then thread id, then document id. Collapsed,
    // `best` holds one answer per thread already.
    const auto reranked_end = ranked.begin() + std::min<size_t>(ranked.size(), kProximityRerankDepth);
    std::sort(ranked.begin(), reranked_end, [](const Ranked& a, const Ranked& b) {
        return std::tie(b.score, a.thread, a.id) < std::tie(a.score, b.thread, b.id);
    });
    const size_t from = std::min<size_t>(request.offset, ranked.size());
    const size_t to = std::min<size_t>(from + request.limit, ranked.size());
    return {ranked.begin() + from, ranked.begin() + to};
}

SearchResult Searcher::search_in(const Xapian::Database& db, const SearchRequest& request) const {
    QueryBuilder builder(db, annotator_.anatomy(), annotator_.stopwords(), ranking_);
    BuiltQuery built = builder.build(request.query, request.stances, request.anatomy);

    Xapian::Enquire first = enquire(db, built.query, request.collapse);
    // The facets, and the count, do not depend on the page: on an index of fewer than
    // kExactCountAnswers (as the count) they check every match; on a larger one they count the
    // best kFacetCheckAtLeast, in a pass of their own. (Counted on the page's own pass, the
    // matches Xapian checks past the first kFacetCheckAtLeast were those that could make the
    // page: "best 1040" at --limit 5, 1017 at 20, all 1666 at 1.)
    const bool small = db.get_doccount() < kExactCountAnswers;
    const Xapian::doccount check_at_least =
        request.exact || (request.presentation && small) ? db.get_doccount()
        : request.presentation                           ? kFacetCheckAtLeast
                                                         : 0;
    // Xapian 1.4.22 (Debian 12's), when it skips the matches that cannot make the page, skips
    // some that can: with a query that ORs words of small weights (title and question words,
    // synonyms) with a phrase, "worried doctor" on the doctor-QA corpus lost its 8th answer at
    // --limit 10 and not at 11, and an answer that ranks 46th was on no page of 100. Checking
    // every match ranks right; it costs little below kExactCountAnswers, where the facets check
    // every match anyway. Above it, only --exact ranks every match (bench/README.md, "Pages
    // that lost answers").
    const Xapian::doccount ranking_checks = request.exact || small ? db.get_doccount() : 0;
    // A pasted question says its topic's words already: on NFCorpus long queries feedback took
    // 31 ms more a query for nDCG@10 0.3759 against 0.3772 without. No feedback with remote
    // shards: its words come from the best answers' term lists, which a remote shard sends one
    // round trip per answer.
    const bool feedback = request.feedback && !has_remote_shards_ && built.has_words && !built.pasted;
    // The count and the facets describe the answers that the query's words (and synonyms)
    // match. Feedback ranks by more words, and its expansion finds many answers that share a
    // word or two with the best ones ("is hpv curable" on the doctor-QA corpus: 16 threads,
    // about 700 with the expansion), which would drown both. So with feedback the count and the
    // facets get a pass of their own over the query as built, as they do with remote shards
    // (Xapian 1.4 counts the hits a remote shard returns twice, on the server and here).
    // Otherwise the ranking pass counts them when it checks every match anyway (--exact, or an
    // index under kExactCountAnswers: see ranking_checks); on a larger one it stops checking
    // matches that cannot make the page.
    const bool counting_pass =
        request.presentation && (feedback || has_remote_shards_ || ranking_checks != db.get_doccount());
    // Past kExactCountAnswers, the best kFacetCheckAtLeast answers themselves, their values read
    // after the match: not with remote shards (a round trip per answer), nor collapsed (the
    // best answer of each thread would stand for its thread's). These two count the matches
    // Xapian checks first, with fixed bounds: the same whatever the page.
    const bool count_best = counting_pass && !request.exact && !small && !has_remote_shards_ && !request.collapse;
    const Xapian::Query query = feedback ? with_feedback(first, built.query, ranking_, feedback_words_,
                                                         built.plain ? Expansion::finds : Expansion::re_ranks,
                                                         ranking_checks)
                                         : built.query;
    first.set_query(query);
    Xapian::ValueCountMatchSpy stance_spy(schema::kStanceSlot);
    Xapian::ValueCountMatchSpy anatomy_spy(schema::kAnatomySlot);
    std::optional<Xapian::MSet> counted;
    if (count_best) {
        counted = enquire(db, built.query, false).get_mset(0, kFacetCheckAtLeast);
        count_values(db, *counted, {&stance_spy, &anatomy_spy});
    } else if (counting_pass) {
        Xapian::Enquire counting = enquire(db, built.query, request.collapse);
        // Every match is checked: no weights to compute.
        if (check_at_least == db.get_doccount()) counting.set_weighting_scheme(Xapian::BoolWeight());
        counting.add_matchspy(&stance_spy);
        counting.add_matchspy(&anatomy_spy);
        // One answer retrieved, not none: asked for none, Xapian 1.4 checks every match, however
        // many (in tests/test_query_cost.cpp's archive, every answer with botox or temple). Not
        // with remote shards, whose retrieved answers the facets would count twice.
        counted = counting.get_mset(0, has_remote_shards_ ? 0 : 1, check_at_least);
    } else if (request.presentation) {
        first.add_matchspy(&stance_spy);
        first.add_matchspy(&anatomy_spy);
    }
    const bool rerank = !built.bonuses.empty();
    Xapian::MSet mset = rerank ? first.get_mset(0, std::max(request.offset + request.limit, kProximityRerankDepth),
                                                ranking_checks)
                               : first.get_mset(request.offset, request.limit, ranking_checks);

    SearchResult result;
    result.query = request.query;
    result.notices = std::move(built.notices);
    // With every match checked, Xapian's lower bound is the count; its estimate of collapsed
    // matches stays a round number even then (3,000 for 2,692 threads; 40 for 16). Every match
    // was checked with --exact, on a small index, and when the facets counted fewer than Xapian
    // was asked to check.
    const Xapian::MSet& count = counted ? *counted : mset;
    const bool all_checked =
        request.exact || (request.presentation && (small || stance_spy.get_total() < check_at_least));
    result.matches_exact = all_checked || count.get_matches_lower_bound() == count.get_matches_upper_bound();
    // Xapian's estimate is rounded, and may round past the size of the index.
    result.estimated_matches = result.matches_exact ? count.get_matches_lower_bound()
                                                    : std::min(count.get_matches_estimated(), db.get_doccount());
    if (request.presentation && !result.matches_exact && !has_remote_shards_)
        if (auto counted = count_matches(db, built.query, request.collapse)) {
            // Within what Xapian knows for sure: a sample may count 910 where 1,002 were checked.
            result.estimated_matches =
                std::clamp(counted->matches, count.get_matches_lower_bound(), count.get_matches_upper_bound());
            result.matches_exact = counted->exact;
        }
    // Feedback's query ORs twenty words or more, so it is counted on a quarter of the sample
    // (bench/README.md, "The match count": about 1-2 ms a query at 100k, within the noise).
    if (request.presentation && feedback && !has_remote_shards_)
        if (auto ranked = count_matches(db, query, request.collapse, kCountSampleAnswers / 4)) {
            result.related_matches = ranked->matches > result.estimated_matches ? ranked->matches - result.estimated_matches : 0;
            result.related_exact = ranked->exact && result.matches_exact;
        }
    std::vector<Ranked> page;
    if (rerank && !mset.empty()) {
        page = rerank_with_bonuses(db, built.bonuses, mset, request);
    } else {
        for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back({*it, it.get_weight(), {}});
    }
    std::vector<std::string> words;  // for the snippets' windows, folded as the snippets' text is
    std::set<std::string> seen_words;
    if (request.presentation)
        for (const auto& t : text::tokenize(text::fold_accents(searchable_text(request.query))))
            if (!annotator_.stopwords().contains(t.word) && seen_words.insert(t.word).second) words.push_back(t.word);
    const SnippetWords snippet_words(words, builder.stemmer());
    // Snippets mark the words of the query as built, before feedback (see highlighted_words):
    // a match set of those alone (none retrieved) is what Xapian's snippets take them from.
    Xapian::MSet highlight = mset;
    if (request.presentation)
        if (Xapian::Query marked = highlighted_words(built.query, annotator_.stopwords()); !marked.empty())
            highlight = enquire(db, marked, false).get_mset(0, 0);
    Xapian::doccount rank = request.offset;
    for (const auto& r : page) {
        Hit hit;
        hit.rank = ++rank;
        hit.score = r.score;
        hit.answer = decode_stored_answer(db.get_document(r.id).get_data());
        if (request.presentation) hit.snippet = make_snippet(highlight, hit.answer.text, snippet_words, request.snippet);
        result.hits.push_back(std::move(hit));
    }
    if (!request.presentation) return result;
    std::vector<std::pair<std::string, std::string>> threads;
    for (const auto& h : result.hits) {
        if (std::none_of(threads.begin(), threads.end(), [&](const auto& t) { return t.first == h.answer.thread; }))
            threads.emplace_back(h.answer.thread, h.answer.title);
        if (threads.size() == kConsensusThreads) break;
    }
    result.consensus = consensus(db, threads);
    // "Did you mean": the query builder's suggestion (BuiltQuery::corrected) is shown when it
    // finds at least as many answers as the query's own words (feedback's expansion aside: it
    // finds answers for a misspelt query too).
    if (!built.corrected.empty()) {
        auto count = [&](const Xapian::Query& q) {  // collapsed too, to count the same things
            return enquire(db, q, request.collapse)
                .get_mset(0, 0, std::max(check_at_least, kFacetCheckAtLeast))
                .get_matches_estimated();
        };
        if (count(builder.build(built.corrected, request.stances, request.anatomy).query) >= count(built.query))
            result.did_you_mean = built.corrected;
    }
    result.facet_sample = stance_spy.get_total();
    // Uncollapsed, Xapian may know a simple query's count without having seen every match: the
    // facets saw them all when they counted that many. (Collapsed, they count answers, not threads.)
    result.facets_complete = all_checked || (!request.collapse && result.matches_exact &&
                                             result.facet_sample == result.estimated_matches);
    result.stance_facets = sorted_counts(stance_spy);
    result.anatomy_facets = sorted_list_counts(anatomy_spy);
    return result;
}

}  // namespace medqa
