// medqa eval --topics FILE --qrels FILE: how well medqa ranks, by the usual measures, on
// judged queries; optionally the run itself in TREC format.

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "annotate/annotator.hpp"
#include "commands.hpp"
#include "database_options.hpp"
#include "index/database.hpp"
#include "lexicon_options.hpp"
#include "output.hpp"
#include "search/evaluation.hpp"
#include "search/ranking.hpp"
#include "search/searcher.hpp"

namespace medqa::cli {
namespace {

// A long query list can make the searcher note the same thing hundreds of times; the first
// few say what is going on.
constexpr size_t kNoticesShown = 5;
// Topic ids named in a note; JSON lists them all.
constexpr size_t kIdsShown = 10;

struct Options {
    std::string topics;
    std::string qrels;
    std::string run_out;
    DatabaseOptions database;
    LexiconOptions lexicon;
    eval::EvalOptions eval;
    RankingParameters ranking;
    OutputOptions output;
};

// A path given on the command line that is not there, or is a folder, is a usage error naming
// the option. Pipes are files here: --qrels /dev/stdin, --topics <(grep ... topics.tsv).
void require_file(const std::string& path, const std::string& option) {
    if (!std::filesystem::exists(path))
        throw Error(ExitCode::usage, fmt::format("{} {}: no such file", option, path), "check the path");
    if (std::filesystem::is_directory(path))
        throw Error(ExitCode::usage, fmt::format("{} {}: is a folder", option, path), "give a file");
}

// --run-out is written after every topic has been searched: a path that cannot take the
// file fails before that, not at the end of a long evaluation. (Renaming the run over a
// folder failed with "Device or resource busy" for ".", "Is a directory" for others.)
void require_writable_file(const std::string& path, const std::string& option) {
    namespace fs = std::filesystem;
    const fs::path file(path);
    if (fs::is_directory(file) || !file.has_filename())
        throw Error(ExitCode::usage, fmt::format("{} {}: is a folder; give a file name", option, path),
                    fmt::format("for instance {} {}", option, (file / "run.txt").lexically_normal().string()));
    const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
    if (!fs::is_directory(folder))
        throw Error(ExitCode::usage, fmt::format("{} {}: there is no folder {}", option, path, folder.string()),
                    "create the folder first, or give a file in one that exists");
}

Json scores_json(const eval::Scores& s) {
    Json j = Json::object();
    for (const auto& m : eval::measures(s)) j[std::string(m.key)] = m.value;
    return j;
}

Json to_json(const eval::Evaluation& e, const Options& opts) {
    Json per_topic = Json::array();
    for (const auto& t : e.evaluated) {
        Json j = {{"topic", t.topic}, {"relevant", t.relevant}, {"retrieved", t.retrieved}};
        j.update(scores_json(t.scores));
        per_topic.push_back(std::move(j));
    }
    return {{"topics", e.runs.size()},
            {"evaluated", e.evaluated.size()},
            {"skipped", e.skipped.size()},
            {"skipped_topics", e.skipped},
            {"qrels_only", e.qrels_only.size()},
            {"qrels_only_topics", e.qrels_only},
            {"depth", opts.eval.depth},
            {"collapse", opts.eval.collapse},
            {"exact", opts.eval.exact},
            {"ranking",
             {{"bm25_k1", opts.ranking.bm25_k1},
              {"bm25_b", opts.ranking.bm25_b},
              {"bm25_delta", opts.ranking.bm25_delta},
              {"context_weight", opts.ranking.context_weight},
              {"synonym_weight", opts.ranking.synonym_weight},
              {"proximity_weight", opts.ranking.proximity_weight},
              {"coordination_weight", opts.ranking.coordination_weight},
              {"title_match_weight", opts.ranking.title_match_weight},
              {"max_query_words", opts.ranking.max_query_words},
              {"feedback_docs", opts.ranking.feedback_docs},
              {"feedback_terms", opts.ranking.feedback_terms},
              {"feedback_weight", opts.ranking.feedback_weight}}},
            {"mean", scores_json(e.mean)},
            {"per_topic", per_topic},
            {"run_out", opts.run_out.empty() ? Json(nullptr) : Json(opts.run_out)}};
}

void print_text(const eval::Evaluation& e, const Options& opts) {
    fmt::print("{} evaluated, {} skipped (no relevant document in the qrels); depth {}{}\n",
               plural(e.evaluated.size(), "topic"), e.skipped.size(), opts.eval.depth,
               opts.eval.collapse ? ", collapsed to threads" : "");
    fmt::print("{:<9} {}\n", "measure", "mean");
    for (const auto& m : eval::measures(e.mean)) fmt::print("{:<9} {:.4f}\n", m.label, m.value);
    if (!opts.run_out.empty()) fmt::print("run written to {}\n", opts.run_out);
}

void print_notices(const eval::Evaluation& e) {
    size_t total = 0;
    for (const auto& run : e.runs)
        for (const auto& n : run.notices)
            if (++total <= kNoticesShown) notice("topic " + run.topic + ": " + n);
    if (total > kNoticesShown) notice(fmt::format("and {} more notes about the queries", total - kNoticesShown));
}

// Qrels of topics the topics file lacks are in no measure: said, so that a topics file cut
// short or ids that differ in a few topics do not pass for a full evaluation.
void print_qrels_only(const eval::Evaluation& e) {
    if (e.qrels_only.empty()) return;
    std::string ids;
    for (size_t i = 0; i < e.qrels_only.size() && i < kIdsShown; ++i) ids += (i ? ", " : "") + e.qrels_only[i];
    if (e.qrels_only.size() > kIdsShown) ids += fmt::format(" and {} more", e.qrels_only.size() - kIdsShown);
    notice(fmt::format("qrels judge {} not in the topics file: {}", plural(e.qrels_only.size(), "topic"), ids));
}

void run(const Options& opts) {
    require_file(opts.topics, "--topics");
    require_file(opts.qrels, "--qrels");
    if (!opts.run_out.empty()) require_writable_file(opts.run_out, "--run-out");
    auto topics = eval::read_topics(opts.topics);
    auto qrels = eval::read_qrels(opts.qrels);
    auto annotator = make_annotator(opts.lexicon);
    Searcher searcher(index_to_read(opts.database), annotator, opts.ranking, opts.database.shards());
    auto evaluation = eval::evaluate(searcher, topics, qrels, opts.eval);
    print_notices(evaluation);
    print_qrels_only(evaluation);
    // The run goes out before the means are printed: a failed write is an error, not a footnote.
    if (!opts.run_out.empty()) eval::write_file_atomically(opts.run_out, eval::trec_run(evaluation.runs));
    if (opts.output.format == Format::json) print_json(to_json(evaluation, opts));
    else print_text(evaluation, opts);
}

}  // namespace

void add_eval_command(CLI::App& app, ExitCode&) {
    auto opts = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("eval", "Ranking quality on judged queries: nDCG@10, MAP, MRR, P@10, Recall@10, Recall@100");
    cmd->footer(
        "Topics: one query per line, ID<TAB>query text (blank lines and # comments skipped).\n"
        "Qrels: TREC format, QID 0 DOCID GRADE; grades above 0 are relevant, higher grades more so\n"
        "(nDCG gains 2^grade - 1). DOCID is a thread id, or THREAD/ANSWER for one answer, split as\n"
        "medqa show splits it (ids holding '/' work: each '/' is tried, the longest thread first); a hit\n"
        "matches either, and a judged thread counts once, at its best answer. A topic judges a thread\n"
        "relevant whole or its answers one by one, not both (an error). Use --collapse when the qrels judge\n"
        "threads with many answers, so that --depth counts threads.\n"
        "Topics without a relevant document in the qrels are skipped and counted; topics the qrels\n"
        "judge but the topics file lacks are noted on stderr. MAP and recall\n"
        "count every relevant document of the qrels, also those the index does not hold.\n"
        "--run-out writes the run as TREC lines: QID Q0 DOCID RANK SCORE medqa.\n\n" +
        exit_codes_help({ExitCode::ok, ExitCode::failure, ExitCode::usage,
                         {ExitCode::bad_input, "a malformed line of the topics or qrels file (FILE:LINE)"},
                         ExitCode::no_database, ExitCode::config, kShardUnavailableRow}));
    cmd->add_option("--topics", opts->topics, "Queries: ID<TAB>query text per line")->required()->type_name("FILE");
    cmd->add_option("--qrels", opts->qrels, "Relevance judgements, TREC format: QID 0 DOCID GRADE")->required()->type_name("FILE");
    cmd->add_option("--run-out", opts->run_out, "Also write the run to this file (TREC format, atomically)")->type_name("FILE");
    add_database_options(*cmd, opts->database);
    add_lexicon_options(*cmd, opts->lexicon);
    cmd->add_option("--depth", opts->eval.depth, "Hits retrieved per topic")->default_val(100)->check(whole_number(1, 10000));
    cmd->add_flag("--collapse", opts->eval.collapse, "Retrieve the best answer of each thread only");
    cmd->add_flag("--exact", opts->eval.exact,
                  "Check every match, so that a sharded index ranks as one database does (slower)");
    // Ranking parameters, to measure others than the defaults (bench/eval-sweep). The upper
    // bounds only catch slips such as 12 for 1.2; a weight of 0 switches its part off, and a
    // weight above 1 lets title or synonyms outweigh the answer's own words.
    auto& r = opts->ranking;
    cmd->add_option("--bm25-k1", r.bm25_k1, "BM25 k1: how fast repeats of a word stop adding weight")
        ->default_val(r.bm25_k1)->check(real_number(0.0, 10.0))->group("Ranking parameters");
    cmd->add_option("--bm25-b", r.bm25_b, "BM25 b: how much long answers are penalised")
        ->default_val(r.bm25_b)->check(real_number(0.0, 1.0))->group("Ranking parameters");
    cmd->add_option("--bm25-delta", r.bm25_delta, "BM25+ delta: what saying a word is worth in any answer (0: plain BM25)")
        ->default_val(r.bm25_delta)->check(real_number(0.0, 5.0))->group("Ranking parameters");
    cmd->add_option("--context-weight", r.context_weight, "Weight of title and question words against answer words")
        ->default_val(r.context_weight)->check(real_number(0.0, 2.0))->group("Ranking parameters");
    cmd->add_option("--synonym-weight", r.synonym_weight, "Weight of synonyms against the query's own words")
        ->default_val(r.synonym_weight)->check(real_number(0.0, 2.0))->group("Ranking parameters");
    cmd->add_option("--proximity-weight", r.proximity_weight, "Weight of neighbouring query words found close together")
        ->default_val(r.proximity_weight)->check(real_number(0.0, 2.0))->group("Ranking parameters");
    cmd->add_option("--coordination-weight", r.coordination_weight, "Weight of an answer saying every word of the query")
        ->default_val(r.coordination_weight)->check(real_number(0.0, 2.0))->group("Ranking parameters");
    cmd->add_option("--title-match-weight", r.title_match_weight, "Weight of a thread's title holding every word of the query")
        ->default_val(r.title_match_weight)->check(real_number(0.0, 10.0))->group("Ranking parameters");
    cmd->add_option("--max-query-words", r.max_query_words, "Longer queries are searched by this many of their words")
        ->default_val(r.max_query_words)->check(whole_number(1, 10000))->group("Ranking parameters");
    cmd->add_option("--feedback-docs", r.feedback_docs, "Pseudo-relevance feedback: first answers taken as relevant (0: off)")
        ->default_val(r.feedback_docs)->check(whole_number(0, 1000))->group("Ranking parameters");
    cmd->add_option("--feedback-terms", r.feedback_terms, "Pseudo-relevance feedback: expansion words drawn from them")
        ->default_val(r.feedback_terms)->check(whole_number(0, 1000))->group("Ranking parameters");
    cmd->add_option("--feedback-weight", r.feedback_weight, "Pseudo-relevance feedback: weight of the best expansion word")
        ->default_val(r.feedback_weight)->check(real_number(0.0, 1.0))->group("Ranking parameters");
    add_output_options(*cmd, opts->output);
    cmd->callback([opts] { run(*opts); });
}

}  // namespace medqa::cli
