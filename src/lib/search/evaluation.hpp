#pragma once
// Ranking evaluation (`medqa eval`): topics and TREC qrels in, a run of medqa's rankings, and
// the usual measures over it: nDCG@10, MAP, MRR, P@10, Recall@10 and Recall@100. The measures are small
// pure functions over the grades of a ranked list, so that they can be checked by hand; the
// rest reads files, maps hits onto the judged ids and averages.

#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "search/searcher.hpp"

namespace medqa::eval {

// ---- Input -----------------------------------------------------------------------------------

struct Topic {
    std::string id;
    std::string query;
};

// `ID<TAB>query text` per line; blank lines and lines starting with '#' are skipped. Throws
// Error(usage) when the file cannot be read, Error(bad_input) naming FILE:LINE for a line
// without a tab, an empty id or query, an id with white space, an id given twice, or no topics.
std::vector<Topic> read_topics(const std::filesystem::path& file);

using Judgements = std::map<std::string, int>;    // doc id -> grade; grade <= 0: not relevant
using Qrels = std::map<std::string, Judgements>;  // topic id -> its judgements

// TREC qrels: `QID ITER DOCID GRADE` separated by white space (ITER is ignored, usually 0);
// blank lines and '#' lines are skipped. Errors as read_topics, also for a grade that is not
// an integer, for the same topic and doc judged twice, and for a topic that judges a thread
// "T" and one of its answers "T/A" both (a hit matches its answer before its thread, so the
// two would count as two relevant documents where there is one). "T/A" is split as `medqa show`
// splits it (core/answer_id.hpp), T the longest thread id the topic judges.
Qrels read_qrels(const std::filesystem::path& file);

// How many of the judgements have grade > 0.
size_t relevant_count(const Judgements& judged);

// ---- Measures --------------------------------------------------------------------------------
// `ranked` holds the grade of each retrieved document, best first (0 for unjudged ones);
// `relevant` is how many documents of the topic have grade > 0 in the qrels, retrieved or not.

// DCG with gains 2^grade - 1 and discount log2(rank + 1), over the first k ranks, divided by
// the DCG of the ideal ranking of `judged_grades` (all grades of the topic's qrels).
double ndcg_at(std::span<const int> ranked, std::span<const int> judged_grades, size_t k);
// Mean of the precision at each relevant document retrieved, over all `relevant` documents.
double average_precision(std::span<const int> ranked, size_t relevant);
// 1 / rank of the first relevant document; 0 when none was retrieved.
double reciprocal_rank(std::span<const int> ranked);
// Relevant documents among the first k, divided by k (a shorter run is not excused).
double precision_at(std::span<const int> ranked, size_t k);
// Relevant documents among the first k, divided by `relevant`.
double recall_at(std::span<const int> ranked, size_t relevant, size_t k);

// ---- Runs ------------------------------------------------------------------------------------

struct RunEntry {
    std::string doc;  // the judged id the hit matched, else its thread or answer id
    double score = 0;
};
using Ranking = std::vector<RunEntry>;  // best first, each doc once

// What qrels judge: whole threads (DOCID = thread id) or single answers (DOCID =
// "thread/answer"). Decides the id of hits nobody judged, so that, with threads judged, the
// answers of one unjudged thread take one rank, as those of a judged thread do.
enum class IdLevel { thread, answer };

// Threads when more judged ids are threads (`is_thread`) than answers (`is_answer`).
using IdTest = std::function<bool(const std::string& id)>;
IdLevel judged_level(const Qrels& qrels, const IdTest& is_thread, const IdTest& is_answer);
// The same, with the threads and answers of a medqa database.
IdLevel judged_level(const Xapian::Database& db, const Qrels& qrels);

// A hit matches a judged DOCID equal to "thread/answer", else one equal to its thread id;
// a hit nobody judged gets the id of `unjudged`. Later hits with the id of an earlier one
// are dropped: a judged thread counts once, at its best answer's rank.
Ranking ranking_from_hits(const std::vector<Hit>& hits, const Judgements& judged, IdLevel unjudged);

// The grade of each entry (0 when unjudged), for the measures above.
std::vector<int> grades_of(const Ranking& ranking, const Judgements& judged);

// ---- Evaluation ------------------------------------------------------------------------------

struct Scores {
    double ndcg10 = 0, ap = 0, rr = 0, p10 = 0, recall10 = 0, recall100 = 0;
};

struct Measure {
    std::string_view label;  // as printed: "nDCG@10"
    std::string_view key;    // in JSON: "ndcg10"
    double value;
};
// Every measure of `s`, in the order they are printed, so that all programs name them alike.
std::array<Measure, 6> measures(const Scores& s);

struct TopicResult {
    std::string topic;
    size_t relevant = 0;   // in the qrels
    size_t retrieved = 0;  // entries of its ranking
    Scores scores;
};

Scores score(const Ranking& ranking, const Judgements& judged);

struct TopicRun {
    std::string topic;
    Ranking ranking;
    std::vector<std::string> notices;  // what the searcher noted about the query
};

struct Evaluation {
    std::vector<TopicRun> runs;          // every topic, in the order of the topics file
    std::vector<TopicResult> evaluated;  // topics with at least one relevant document
    std::vector<std::string> skipped;    // topics without one: not in the means
    std::vector<std::string> qrels_only;  // topics the qrels judge but the topics file lacks: never run
    Scores mean;                         // over `evaluated`
};

struct EvalOptions {
    Xapian::doccount depth = 100;  // hits asked of the searcher per topic
    bool collapse = false;         // the best answer of each thread only
    bool exact = false;            // every match checked (SearchRequest::exact)
};

// Ranks one topic: its ranking, plus what the ranker noted about the query.
using Ranker = std::function<TopicRun(const Topic& topic, const Judgements& judged)>;

// Runs every topic through `rank` and scores the topics the qrels judge; any system can be
// the ranker (bench/fts5_baseline ranks with SQLite), so that all are scored by this one
// implementation. Throws Error(bad_input) when no topic has a relevant document (the ids of
// the two files differ).
Evaluation evaluate(const std::vector<Topic>& topics, const Qrels& qrels, const Ranker& rank);

// evaluate() with medqa's searcher as the ranker.
Evaluation evaluate(const Searcher& searcher, const std::vector<Topic>& topics, const Qrels& qrels,
                    const EvalOptions& options);

// Mean of each measure; zeros for no topics.
Scores mean_scores(const std::vector<TopicResult>& results);

// TREC run lines, `QID Q0 DOCID RANK SCORE TAG`; white space inside an id becomes '_' so that
// the columns stay apart.
std::string trec_run(const std::vector<TopicRun>& runs, const std::string& tag = "medqa");

// Writes FILE.tmp, then renames it over FILE: a reader never sees half a run. Throws
// Error(usage) naming the file when it cannot be written.
void write_file_atomically(const std::filesystem::path& file, const std::string& content);

}  // namespace medqa::eval
