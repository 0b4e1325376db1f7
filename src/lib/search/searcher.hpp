#pragma once
// Ranked search over a medqa database: BM25 over answers, optional filters and collapsing,
// snippets with the query's words highlighted, and facet counts.

#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "annotate/annotator.hpp"
#include "index/database.hpp"
#include "index/stored_answer.hpp"
#include "search/consensus.hpp"
#include "search/facets.hpp"
#include "search/feedback.hpp"
#include "search/query_builder.hpp"
#include "search/ranking.hpp"
#include "search/snippet.hpp"

namespace medqa {

struct SearchRequest {
    std::string query;
    std::vector<std::string> stances;  // filters: see QueryBuilder::build
    std::vector<std::string> anatomy;
    Xapian::doccount offset = 0;
    Xapian::doccount limit = 10;
    bool collapse = false;              // the best answer of each thread only
    SnippetStyle snippet;
    // For people: snippets, facets, the consensus view and spelling suggestions. Evaluation
    // runs only need the ranking, and these cost a second query and a pass over the text.
    bool presentation = true;
    // Pseudo-relevance feedback (search/feedback.hpp, RankingParameters::feedback_*): a
    // first pass whose best answers re-rank the rest.
    bool feedback = true;
    // Every match is checked: facets and the match count are exact rather than counted over
    // the best kFacetCheckAtLeast, and the first passes do not skip the matches that cannot
    // make their page. Slower on large indexes; what it buys on a sharded index is a ranking
    // that does not depend on the split: Xapian 1.4, when it skips, may weigh an answer near
    // the page's edge differently from one split to another (tests/test_shards.cpp).
    bool exact = false;
};

struct Hit {
    Xapian::doccount rank = 0;  // 1-based, counting the offset
    double score = 0;
    StoredAnswer answer;
    std::string snippet;
};

struct SearchResult {
    std::string query;
    // Answers that match (threads, collapsed): the count when matches_exact, else a count on a
    // sample (search/match_count.hpp) or, collapsed on a large index and with remote shards,
    // Xapian's estimate, a round number that may be far off either way (5,000 for 2,819 answers).
    Xapian::doccount estimated_matches = 0;
    bool matches_exact = false;
    // Feedback's words find answers without the query's words too ("hpv" on the doctor-QA
    // corpus: 21 match, 689 more are ranked below them): how many, counted as estimated_matches
    // is (exact when it is). 0 without feedback, and collapsed on a large index.
    Xapian::doccount related_matches = 0;
    bool related_exact = false;
    std::vector<Hit> hits;
    // The facets count this many of the best matching answers: all of them when every match
    // was counted (see kFacetCheckAtLeast), whatever --limit and --offset. Collapsed too, they count answers, not threads: a
    // thread's answers may take different stances and name different anatomy.
    Xapian::doccount facet_sample = 0;
    bool facets_complete = false;  // the facets counted every matching answer
    FacetCounts stance_facets;
    FacetCounts anatomy_facets;
    Consensus consensus;  // of the threads of the hits shown (at most kConsensusThreads)
    std::vector<std::string> notices;  // for stderr: syntax fallback, unknown names
    std::string did_you_mean;          // a spelling correction that finds as much or more, or empty
    // With ShardOptions::allow_partial: the shards that did not answer (their stub lines). Their
    // answers are missing, and the others ranked by the statistics of those that answered.
    std::vector<ShardFailure> missing_shards;
};

// The consensus view covers the threads of the first hits, at most this many.
inline constexpr size_t kConsensusThreads = 5;

// On an index of kExactCountAnswers or more (search/match_count.hpp; below it they count every
// match), facets count this many of the best matches (all of them when fewer match), whatever
// the page. Counting reads two values of every document counted, which made facets the largest
// cost of a query at 10,000 (bench/README.md, "What a query costs now"): an exact count over a
// million answers would cost what the rest of the query costs many times over.
inline constexpr Xapian::doccount kFacetCheckAtLeast = 1000;

// Neighbouring query words said close together (BuiltQuery::proximity) re-rank this many of
// the best matches: checking word positions in every match would cost more than
// the rest of the query (bench/README.md). Always this many, whatever the page: the answers
// below them keep the first pass's order, so that each answer has one rank on every page.
inline constexpr Xapian::doccount kProximityRerankDepth = 100;

class Searcher {
public:
    // The annotator's lexicons resolve anatomy names and stop words in queries.
    // A shard of a sharded index that does not answer throws Error(shard_unavailable), or with
    // shards.allow_partial is left out (SearchResult::missing_shards).
    Searcher(const std::filesystem::path& db_path, const annotate::Annotator& annotator,
             const RankingParameters& ranking = {}, const ShardOptions& shards = {});

    SearchResult search(const SearchRequest& request) const;

    const Xapian::Database& database() const { return db_; }

private:
    SearchResult search_in(const Xapian::Database& db, const SearchRequest& request) const;
    // The index without the shards that do not answer now.
    Xapian::Database open_answering(std::vector<ShardFailure>& missing) const;
    Xapian::Enquire enquire(const Xapian::Database& db, const Xapian::Query& query, bool collapse) const;
    struct Ranked {  // an answer of the page
        Xapian::docid id;
        double score;
        std::string thread;
    };
    // The page of `request` among `best`, the first pass's matches, with the `proximity`
    // bonuses added.
    std::vector<Ranked> rerank_with_bonuses(const Xapian::Database& db, const std::vector<Xapian::Query>& bonuses,
                                            const Xapian::MSet& best, const SearchRequest& request) const;

    std::filesystem::path path_;
    ShardOptions shards_;
    bool has_remote_shards_;
    std::vector<ShardFailure> missing_;  // shards left out when opening
    Xapian::Database db_;
    const annotate::Annotator& annotator_;
    RankingParameters ranking_;
    FeedbackWords feedback_words_;
};

}  // namespace medqa
