#include "search/searcher.hpp"

#include <algorithm>

#include "core/schema.hpp"
#include "core/text.hpp"
#include "index/database.hpp"
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

namespace {

// Xapian also "corrects" words the index has when a more frequent one is near ("temporalis"
// -> "temporal"); a suggestion may only replace words that no answer uses.
bool corrects_only_unknown_words(const Xapian::Database& db, const std::string& query, const std::string& corrected) {
    if (query.find(':') != std::string::npos) return false;  // field names are no words ("title:")
    auto before = text::tokenize(query), after = text::tokenize(corrected);
    if (before.size() != after.size()) return false;
    for (size_t i = 0; i < before.size(); ++i)
        if (before[i].word != after[i].word && db.term_exists(before[i].word)) return false;
    return true;
}

}  // namespace

Searcher::Searcher(const std::filesystem::path& db_path, const annotate::Annotator& annotator,
                   const RankingParameters& ranking, const ShardOptions& shards)
    : path_(db_path), shards_(shards), has_remote_shards_(has_remote_shards(db_path)), annotator_(annotator), ranking_(ranking) {
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

SearchResult Searcher::search_in(const Xapian::Database& db, const SearchRequest& request) const {
    QueryBuilder builder(db, annotator_.anatomy(), annotator_.stopwords(), ranking_);
    BuiltQuery built = builder.build(request.query, request.stances, request.anatomy);

    Xapian::Enquire enquire(db);
    enquire.set_query(built.query);
    // Xapian's other BM25 constants stay at their defaults: k2 0 (no query-length correction),
    // k3 1 (a word repeated in the query counts more), min_normlen 0.5.
    enquire.set_weighting_scheme(Xapian::BM25Weight(ranking_.bm25_k1, 0, 1, ranking_.bm25_b, 0.5));
    if (request.collapse) enquire.set_collapse_key(schema::kThreadSlot);
    // Equal scores (answers said word for word in several threads) go by thread id, then by
    // document id, which within a thread follows the answers' order in any layout: Xapian's
    // own tie-break, the document id alone, depends on how the index is split into shards.
    enquire.set_sort_by_relevance_then_value(schema::kThreadSlot, false);
    Xapian::ValueCountMatchSpy stance_spy(schema::kStanceSlot);
    Xapian::ValueCountMatchSpy anatomy_spy(schema::kAnatomySlot);
    const Xapian::doccount check_at_least = request.presentation ? kFacetCheckAtLeast : 0;
    if (request.presentation) {
        enquire.add_matchspy(&stance_spy);
        enquire.add_matchspy(&anatomy_spy);
        // Xapian 1.4 counts the hits a remote shard returns twice, once on the server and
        // once here: with remote shards the facets get a match of their own that returns none.
        if (has_remote_shards_) {
            enquire.get_mset(0, 0, check_at_least);
            enquire.clear_matchspies();
        }
    }

    Xapian::MSet mset = enquire.get_mset(request.offset, request.limit, check_at_least);

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
    result.consensus = consensus(db, threads);
    // "Did you mean": Xapian proposes a correction for words its spelling data does not know;
    // it is shown when the corrected query finds at least as many answers.
    if (!built.corrected.empty() && built.corrected != request.query &&
        corrects_only_unknown_words(db, request.query, built.corrected)) {
        Xapian::Enquire corrected(db);
        if (request.collapse) corrected.set_collapse_key(schema::kThreadSlot);  // count the same things
        corrected.set_query(builder.build(built.corrected, request.stances, request.anatomy).query);
        if (corrected.get_mset(0, 0, kFacetCheckAtLeast).get_matches_estimated() >= result.estimated_matches)
            result.did_you_mean = built.corrected;
    }
    result.stance_facets = sorted_counts(stance_spy);
    result.anatomy_facets = sorted_list_counts(anatomy_spy);
    return result;
}

}  // namespace medqa
