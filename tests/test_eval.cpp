// medqa eval: the measures on rankings worked out by hand, reading topics and qrels (and their
// errors), mapping hits onto judged ids, and whole evaluations through the library and the
// command line over a small index whose rankings are checked before they are scored.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "index/index_run.hpp"
#include "search/evaluation.hpp"
#include "search/searcher.hpp"
#include "support.hpp"

using namespace medqa;
using namespace medqa::eval;
using medqa::test::error_of;
namespace fs = std::filesystem;

namespace {

using Grades = std::vector<int>;

// log2(3): the discount at rank 2, which most of the hand computations below need.
const double kLog3 = std::log2(3.0);


Hit hit(const std::string& thread, const std::string& answer, double score) {
    Hit h;
    h.score = score;
    h.answer.thread = thread;
    h.answer.answer = answer;
    return h;
}

std::vector<std::string> docs(const Ranking& r) {
    std::vector<std::string> out;
    for (const auto& e : r) out.push_back(e.doc);
    return out;
}

using Docs = std::vector<std::string>;

// Three threads over made-up animal words that no synonym or title touches, so that BM25 alone
// orders the hits (searched without feedback, whose expansion would find more): "quokka" is said by t1/2 (short answer) and t2/2 (long); "wombat" three
// times by the short t2/1, once by t2/2 (15 words) and once by t3/1 (30 words).
constexpr const char* kThreads =
    R"({"id": "t1", "title": "First thread", "question": "What lives on islands?", "answers": [{"text": "Nothing relevant is said here at all."}, {"text": "The quokka lives on an island."}]})"
    "\n"
    R"({"id": "t2", "title": "Second thread", "question": "What digs?", "answers": [{"text": "A wombat digs. A wombat sleeps. A wombat eats."}, {"text": "The quokka and the wombat are both marsupials that live in Australia and eat plants."}]})"
    "\n"
    R"({"id": "t3", "title": "Third thread", "question": "Anything else?", "answers": [{"text": "The wombat is mentioned only once in this rather long answer, which goes on about gardens, rivers, mountains, weather, cooking, music, travel and many other things."}]})"
    "\n";

// Topic A finds [t1, t2]: t1 judged not relevant (0), t2 relevant (2), t3 relevant (1) but
// not found. Topic B finds t2 through two answers (counted once, grade 1), then t3's answer,
// judged on its own (grade 2). Topic C has no relevant document: skipped.
constexpr const char* kTopics = "# fixture topics\nA\tquokka\nB\twombat\n\nC\tplatypus\n";
constexpr const char* kQrels =
    "A 0 t1 0\nA 0 t2 2\nA 0 t3 1\n"
    "B 0 t2 1\nB 0 t3/1 2\n"
    "C 0 t1 0\n";

// Topic A: ranked grades [0, 2] of 2 relevant (ideal [2, 1]).
const double kNdcgA = (3 / kLog3) / (3 + 1 / kLog3);  // 0.5213
// Topic B: ranked grades [1, 2] of 2 relevant (ideal [2, 1]).
const double kNdcgB = (1 + 3 / kLog3) / (3 + 1 / kLog3);  // 0.7967

struct Collection {
    test::TempDir dir;
    fs::path db = dir / "db";
    fs::path topics = dir / "topics.tsv";
    fs::path qrels = dir / "qrels.txt";

    Collection() {
        test::write_file(dir / "in/animals.jsonl", kThreads);
        test::write_file(topics, kTopics);
        test::write_file(qrels, kQrels);
    }
    void index() {
        std::vector<std::string> problems;
        auto report = index_paths({dir / "in"}, db, test::annotator(),
                                  [&](const ingest::Problem& p) { problems.push_back(p.where + ": " + p.reason); });
        REQUIRE(problems.empty());
        REQUIRE(report.answers == 5);
    }
};

}  // namespace

// ---- Measures ------------------------------------------------------------------------------------

TEST_CASE("eval: a perfect run scores 1 everywhere but P@10") {
    Grades ranked{2, 1}, judged{1, 2};
    CHECK(ndcg_at(ranked, judged, 10) == doctest::Approx(1.0));
    CHECK(average_precision(ranked, 2) == doctest::Approx(1.0));
    CHECK(reciprocal_rank(ranked) == doctest::Approx(1.0));
    CHECK(recall_at(ranked, 2, 100) == doctest::Approx(1.0));
    CHECK(precision_at(ranked, 10) == doctest::Approx(0.2));  // 2 relevant cannot fill 10 places
}

TEST_CASE("eval: one relevant document at rank 3") {
    Grades ranked{0, 0, 1}, judged{1, 0, 0};
    CHECK(ndcg_at(ranked, judged, 10) == doctest::Approx(0.5));  // (1 / log2 4) / (1 / log2 2)
    CHECK(average_precision(ranked, 1) == doctest::Approx(1.0 / 3));
    CHECK(reciprocal_rank(ranked) == doctest::Approx(1.0 / 3));
    CHECK(precision_at(ranked, 10) == doctest::Approx(0.1));
    CHECK(precision_at(ranked, 2) == doctest::Approx(0.0));
    CHECK(recall_at(ranked, 1, 100) == doctest::Approx(1.0));
}

TEST_CASE("eval: graded nDCG uses gains 2^g - 1 and the ideal order of the qrels") {
    // DCG = (2^1-1)/log2 2 + (2^2-1)/log2 3 = 1 + 1.8928; ideal [2, 1, 0]: 3 + 1/log2 3 = 3.6309.
    Grades ranked{1, 2, 0}, judged{0, 1, 2};
    CHECK(ndcg_at(ranked, judged, 10) == doctest::Approx((1 + 3 / kLog3) / (3 + 1 / kLog3)));
    CHECK(ndcg_at(ranked, judged, 10) == doctest::Approx(0.7967).epsilon(1e-4));
    // At k = 1 only the first place counts: 1 against the ideal's 3.
    CHECK(ndcg_at(ranked, judged, 1) == doctest::Approx(1.0 / 3));
    // A relevant document beyond k adds nothing; negative grades count as 0.
    Grades late{-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    CHECK(ndcg_at(late, judged, 10) == 0.0);
    CHECK(precision_at(late, 10) == 0.0);
    CHECK(reciprocal_rank(late) == doctest::Approx(1.0 / 11));
}

TEST_CASE("eval: recall at 100 with 2 of 4 relevant found, and AP over all 4") {
    Grades ranked{1, 0, 2, 0};
    CHECK(recall_at(ranked, 4, 100) == doctest::Approx(0.5));
    CHECK(recall_at(ranked, 4, 1) == doctest::Approx(0.25));
    CHECK(average_precision(ranked, 4) == doctest::Approx((1.0 / 1 + 2.0 / 3) / 4));  // 0.4167
}

TEST_CASE("eval: MRR is the mean of the reciprocal ranks") {
    CHECK(reciprocal_rank(Grades{0, 1}) == doctest::Approx(0.5));
    CHECK(reciprocal_rank(Grades{0, 0, 0}) == 0.0);
    CHECK(reciprocal_rank(Grades{}) == 0.0);
    std::vector<TopicResult> results{{"a", 1, 1, {.rr = 1.0}}, {"b", 1, 2, {.rr = 0.5}}, {"c", 1, 3, {.rr = 0.0}}};
    CHECK(mean_scores(results).rr == doctest::Approx(0.5));
    CHECK(mean_scores({}).rr == 0.0);
}

// ---- Reading topics and qrels -------------------------------------------------------------------

TEST_CASE("eval: topics skip blank lines and comments and keep their order") {
    test::TempDir dir;
    test::write_file(dir / "t.tsv", "# comment\n\n2\tsecond query \r\n1\tfirst\tquery\n");
    auto topics = read_topics(dir / "t.tsv");
    REQUIRE(topics.size() == 2);
    CHECK(topics[0].id == "2");
    CHECK(topics[0].query == "second query");
    CHECK(topics[1].query == "first\tquery");  // only the first tab separates
    // A byte-order mark (editors on Windows) is not part of the first topic's id.
    test::write_file(dir / "t.tsv", "\xEF\xBB\xBFq1\tquery\n");
    CHECK(read_topics(dir / "t.tsv").at(0).id == "q1");
    test::write_file(dir / "q.txt", "\xEF\xBB\xBFq1 0 d1 1\n");
    CHECK(read_qrels(dir / "q.txt").count("q1") == 1);
}

TEST_CASE("eval: a bad topics line is an error naming FILE:LINE") {
    test::TempDir dir;
    auto path = dir / "t.tsv";
    auto error = [&](const std::string& content) {
        test::write_file(path, content);
        return error_of([&] { read_topics(path); });
    };
    auto [message, code] = error("# topics\n\n1\tfine\nno tab here\n");
    CHECK(code == ExitCode::bad_input);
    CHECK(message.find(path.string() + ":4:") != std::string::npos);
    CHECK(message.find("no tab") != std::string::npos);

    CHECK(error("\tquery\n").first.find(":1: the topic id is empty") != std::string::npos);
    CHECK(error("1\t  \n").first.find(":1: topic 1 has an empty query") != std::string::npos);
    CHECK(error("a b\tquery\n").first.find(":1: topic id \"a b\" contains white space") != std::string::npos);
    auto twice = error("1\tx\n2\ty\n1\tz\n").first;
    CHECK(twice.find(":3: topic 1 was already given at " + path.string() + ":1") != std::string::npos);
    CHECK(error("# only a comment\n").first.find("no topics") != std::string::npos);

    auto [missing, missing_code] = error_of([&] { read_topics(dir / "absent.tsv"); });
    CHECK(missing_code == ExitCode::usage);
    CHECK(missing.find("absent.tsv") != std::string::npos);
}

TEST_CASE("eval: qrels are read graded and bad lines name FILE:LINE") {
    test::TempDir dir;
    auto path = dir / "q.txt";
    test::write_file(path, "1 0 d1 2\n1\t0\td2\t0\n\n2 0 d1 -1\n2 Q0 t/3 1\r\n");
    auto qrels = read_qrels(path);
    REQUIRE(qrels.size() == 2);
    CHECK(qrels["1"] == Judgements{{"d1", 2}, {"d2", 0}});
    CHECK(qrels["2"] == Judgements{{"d1", -1}, {"t/3", 1}});
    CHECK(relevant_count(qrels["1"]) == 1);
    CHECK(relevant_count(qrels["2"]) == 1);

    auto error = [&](const std::string& content) {
        test::write_file(path, content);
        return error_of([&] { read_qrels(path); });
    };
    auto [message, code] = error("1 0 d1 2\n1 0 d2\n");
    CHECK(code == ExitCode::bad_input);
    CHECK(message.find(path.string() + ":2: 3 columns where 4 were expected") != std::string::npos);
    CHECK(error("1 0 d1 high\n").first.find(":1: the grade \"high\" is not an integer") != std::string::npos);
    CHECK(error("1 0 d1 1.5\n").first.find(":1: the grade \"1.5\"") != std::string::npos);
    // nDCG's gain 2^grade - 1 is infinite from 1024 on (the mean became NaN).
    CHECK(error("1 0 d1 2000\n").first.find(":1: the grade 2000 is above") != std::string::npos);
    CHECK(error("1 0 d1 1\n\n1 0 d1 2\n").first.find(":3: topic 1 judges d1 again (first at " + path.string() + ":1)") !=
          std::string::npos);
}

TEST_CASE("eval: a topic that judges relevant both a thread and one of its answers is an error naming FILE:LINE") {
    test::TempDir dir;
    auto path = dir / "q.txt";
    auto error = [&](const std::string& content) {
        test::write_file(path, content);
        return error_of([&] { read_qrels(path); });
    };
    // The thread of one answer judged first: "relevant" was 2 and recall could not pass 0.5.
    auto [message, code] = error("1 0 T 2\n1 0 T/1 2\n");
    CHECK(code == ExitCode::bad_input);
    CHECK(message.find(path.string() + ":2: topic 1 judges T/1, an answer of T, which it judges whole (at " +
                       path.string() + ":1)") != std::string::npos);
    // The answer first, among other judgements.
    auto answer_first = error("1 0 T/2 1\n1 0 S 1\n2 0 T 1\n1 0 T 2\n").first;
    CHECK(answer_first.find(":4: topic 1 judges T, whose answer T/2 it judges on its own (at " + path.string() + ":1)") !=
          std::string::npos);
    // Thread ids with a '/' of their own (MedQuAD's "GARD/0000042-1"), answer ids too: the
    // answer is what follows the longest thread the topic judges, as `medqa show` splits them.
    CHECK(error("1 0 GARD/0000042-1 1\n1 0 GARD/0000042-1/3 1\n").first.find(":2: topic 1 judges GARD/0000042-1/3") !=
          std::string::npos);
    CHECK(error("1 0 x/slash 1\n1 0 x/slash/a/b 1\n").first.find(":2: topic 1 judges x/slash/a/b, an answer of x/slash,") !=
          std::string::npos);
    CHECK(error("1 0 x/slash/a/b 1\n1 0 x/slash 1\n").first.find(":2: topic 1 judges x/slash, whose answer x/slash/a/b") !=
          std::string::npos);
    // "T/1/2" is an answer of "T/1" when the topic judges that thread, and not of "T" then.
    CHECK(error("1 0 T/1 0\n1 0 T 1\n1 0 T/1/2 1\n").second == ExitCode::ok);

    // A thread judged not relevant beside a relevant answer of it counts nothing twice: fine.
    test::write_file(path, "1 0 T 0\n1 0 T/3 2\n");
    CHECK(read_qrels(path)["1"] == Judgements{{"T", 0}, {"T/3", 2}});
    // The two levels in different topics, and ids that only share a beginning, are fine.
    test::write_file(path, "1 0 T 1\n2 0 T/1 1\n1 0 T2 1\n1 0 Q/1 1\n1 0 Q/2 1\n");
    auto qrels = read_qrels(path);
    CHECK(qrels["1"] == Judgements{{"T", 1}, {"T2", 1}, {"Q/1", 1}, {"Q/2", 1}});
    CHECK(qrels["2"] == Judgements{{"T/1", 1}});
}

// ---- Runs ------------------------------------------------------------------------------------------

TEST_CASE("eval: hits map onto judged threads or answers, each id once at its best rank") {
    std::vector<Hit> hits{hit("t1", "1", 9), hit("t1", "2", 8), hit("t2", "1", 7), hit("t2", "2", 6)};

    // Threads judged: t1's two answers are one entry, with the score of the better one.
    Ranking by_thread = ranking_from_hits(hits, {{"t1", 1}}, IdLevel::thread);
    CHECK(docs(by_thread) == Docs{"t1", "t2"});
    CHECK(by_thread[0].score == 9);
    CHECK(by_thread[1].score == 7);
    // Answers judged elsewhere: the unjudged t2 keeps its answers apart.
    CHECK(docs(ranking_from_hits(hits, {{"t1", 1}}, IdLevel::answer)) == Docs{"t1", "t2/1", "t2/2"});
    // An answer judged on its own matches before its thread does.
    CHECK(docs(ranking_from_hits(hits, {{"t1/2", 2}, {"t1", 1}}, IdLevel::thread)) == Docs{"t1", "t1/2", "t2"});

    Ranking r = ranking_from_hits(hits, {{"t1", 1}, {"t2/2", 2}}, IdLevel::answer);
    CHECK(grades_of(r, {{"t1", 1}, {"t2/2", 2}}) == Grades{1, 0, 2});
}

TEST_CASE("eval: the TREC run has one line per entry and is written atomically") {
    std::vector<TopicRun> runs{{"q1", {{"t1", 2.5}, {"id with space", 1.25}}, {}}, {"q2", {}, {}}, {"q3", {{"t2/1", 0.5}}, {}}};
    std::string text = trec_run(runs);
    CHECK(text ==
          "q1 Q0 t1 1 2.500000 medqa\n"
          "q1 Q0 id_with_space 2 1.250000 medqa\n"
          "q3 Q0 t2/1 1 0.500000 medqa\n");

    test::TempDir dir;
    write_file_atomically(dir / "run.txt", text);
    CHECK(test::read_file(dir / "run.txt") == text);
    CHECK_FALSE(fs::exists(dir / "run.txt.tmp"));
    auto [message, code] = error_of([&] { write_file_atomically(dir / "no-such-folder" / "run.txt", text); });
    CHECK(code == ExitCode::usage);
    CHECK(message.find("no-such-folder/run.txt") != std::string::npos);
    // A folder is named as one, not as "Device or resource busy" (".") or "Is a directory".
    auto [folder, folder_code] = error_of([&] { write_file_atomically(dir.path(), text); });
    CHECK(folder_code == ExitCode::usage);
    CHECK(folder.find("it is a folder") != std::string::npos);
    CHECK(fs::is_directory(dir.path()));
}

// ---- Whole evaluations ----------------------------------------------------------------------------

TEST_CASE("eval: end to end through the library on a small index") {
    Collection c;
    c.index();
    Searcher searcher(c.db, test::annotator(), RankingParameters{.feedback_docs = 0});
    auto qrels = read_qrels(c.qrels);
    CHECK(judged_level(searcher.database(), qrels) == IdLevel::thread);  // t1 t2 t3 against t3/1

    Evaluation e = evaluate(searcher, read_topics(c.topics), qrels, {});
    // The rankings the measures below were worked out from.
    REQUIRE(e.runs.size() == 3);
    CHECK(docs(e.runs[0].ranking) == Docs{"t1", "t2"});
    CHECK(docs(e.runs[1].ranking) == Docs{"t2", "t3/1"});  // t2/1 then t2/2 (dropped), then t3/1
    CHECK(e.runs[2].ranking.empty());
    CHECK(e.skipped == std::vector<std::string>{"C"});

    REQUIRE(e.evaluated.size() == 2);
    const auto& a = e.evaluated[0];
    CHECK(a.topic == "A");
    CHECK(a.relevant == 2);
    CHECK(a.retrieved == 2);
    CHECK(a.scores.ndcg10 == doctest::Approx(kNdcgA));
    CHECK(a.scores.ap == doctest::Approx(0.25));  // (1/2) / 2 relevant
    CHECK(a.scores.rr == doctest::Approx(0.5));
    CHECK(a.scores.p10 == doctest::Approx(0.1));
    CHECK(a.scores.recall10 == doctest::Approx(0.5));
    CHECK(a.scores.recall100 == doctest::Approx(0.5));

    const auto& b = e.evaluated[1];
    CHECK(b.topic == "B");
    CHECK(b.scores.ndcg10 == doctest::Approx(kNdcgB));
    CHECK(b.scores.ap == doctest::Approx(1.0));  // (1/1 + 2/2) / 2
    CHECK(b.scores.rr == doctest::Approx(1.0));
    CHECK(b.scores.p10 == doctest::Approx(0.2));
    CHECK(b.scores.recall100 == doctest::Approx(1.0));

    CHECK(e.mean.ndcg10 == doctest::Approx((kNdcgA + kNdcgB) / 2));  // 0.6590
    CHECK(e.mean.ap == doctest::Approx(0.625));
    CHECK(e.mean.rr == doctest::Approx(0.75));
    CHECK(e.mean.p10 == doctest::Approx(0.15));
    CHECK(e.mean.recall100 == doctest::Approx(0.75));

    SUBCASE("depth 1 keeps the first hit only") {
        Evaluation shallow = evaluate(searcher, read_topics(c.topics), qrels, {.depth = 1});
        CHECK(docs(shallow.runs[1].ranking) == Docs{"t2"});
        CHECK(shallow.evaluated[1].scores.recall10 == doctest::Approx(0.5));
        CHECK(shallow.evaluated[1].scores.recall100 == doctest::Approx(0.5));
    }
    SUBCASE("judged topics without a grade above 0 are told so, not that the ids differ") {
        test::write_file(c.qrels, "A 0 t1 0\nB 0 t2 -1\n");
        try {
            evaluate(searcher, read_topics(c.topics), read_qrels(c.qrels), {});
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::bad_input);
            CHECK_MESSAGE(e.hint().find("no grade") != std::string::npos, e.hint());
            CHECK(e.hint().find("topic ids") == std::string::npos);
        }
    }
    SUBCASE("topic ids that the qrels do not know are an error, not zeros") {
        test::write_file(c.qrels, "X 0 t1 1\n");
        auto [message, code] = error_of([&] { evaluate(searcher, read_topics(c.topics), read_qrels(c.qrels), {}); });
        CHECK(code == ExitCode::bad_input);
        CHECK(message.find("none of the 3 topics") != std::string::npos);
    }
}

TEST_CASE("eval: answers judged by THREAD/ANSWER when both ids hold a '/', split as medqa show splits them") {
    test::TempDir dir;
    // Thread "x" has no answer "slash/a/b": the answer is "a/b" of thread "x/slash".
    test::write_file(dir / "in/slash.jsonl",
                     R"({"id": "x/slash", "title": "Weird id", "answers": [{"id": "a/b", "text": "The quokka is weird."}]})" "\n"
                     R"({"id": "x", "title": "Plain id", "answers": [{"id": "1", "text": "The wombat is plain."}]})" "\n");
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem& p) { FAIL(p.where << ": " << p.reason); });
    Searcher searcher(dir / "db", test::annotator(), RankingParameters{.feedback_docs = 0});
    test::write_file(dir / "qrels.txt", "1 0 x/slash/a/b 1\n");
    auto qrels = read_qrels(dir / "qrels.txt");
    // An answer of the index: unjudged hits are ranked as answers too.
    CHECK(judged_level(searcher.database(), qrels) == IdLevel::answer);
    Evaluation e = evaluate(searcher, {{"1", "quokka"}}, qrels, {});
    REQUIRE(e.evaluated.size() == 1);
    CHECK(docs(e.runs[0].ranking) == Docs{"x/slash/a/b"});
    CHECK(e.evaluated[0].scores.rr == doctest::Approx(1.0));
}

TEST_CASE("eval: topics the qrels judge but the topics file lacks are reported, in the qrels' order") {
    std::vector<Topic> topics{{"1", "a"}, {"3", "c"}};
    Qrels qrels{{"1", {{"d", 1}}}, {"2", {{"d", 1}}}, {"3", {{"d", 0}}}, {"7", {{"e", 0}}}};
    Evaluation e = evaluate(topics, qrels, [](const Topic& t, const Judgements&) { return TopicRun{t.id, {{"d", 1.0}}, {}}; });
    CHECK(e.qrels_only == std::vector<std::string>{"2", "7"});
    CHECK(e.evaluated.size() == 1);
    CHECK(e.skipped == std::vector<std::string>{"3"});
}

TEST_CASE("eval: the command prints the means and writes the TREC run") {
    Collection c;
    auto quoted = [](const fs::path& p) { return "'" + p.string() + "'"; };
    const std::string common = "--db " + quoted(c.db) + " --lexicon-dir " + quoted(test::kLexiconDir);
    auto indexed = test::run_medqa("index " + common + " " + quoted(c.dir / "in"));
    INFO("index stderr: " << indexed.err);
    REQUIRE(indexed.exit_code == 0);

    const fs::path run_file = c.dir / "run.txt";
    auto r = test::run_medqa("eval --feedback-docs 0 " + common + " --topics " + quoted(c.topics) + " --qrels " + quoted(c.qrels) +
                             " --run-out " + quoted(run_file));
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("2 topics evaluated, 1 skipped") != std::string::npos);
    CHECK(r.out.find("nDCG@10   0.6590") != std::string::npos);
    CHECK(r.out.find("MAP       0.6250") != std::string::npos);
    CHECK(r.out.find("MRR       0.7500") != std::string::npos);
    CHECK(r.out.find("P@10      0.1500") != std::string::npos);
    CHECK(r.out.find("R@10      0.7500") != std::string::npos);
    CHECK(r.out.find("R@100     0.7500") != std::string::npos);

    std::string run = test::read_file(run_file);
    CHECK(run.starts_with("A Q0 t1 1 "));
    CHECK(run.find("\nA Q0 t2 2 ") != std::string::npos);
    CHECK(run.find("\nB Q0 t2 1 ") != std::string::npos);
    CHECK(run.find("\nB Q0 t3/1 2 ") != std::string::npos);
    CHECK(std::count(run.begin(), run.end(), '\n') == 4);
    CHECK(run.find(" medqa\n") != std::string::npos);

    SUBCASE("--format json: means, counts and per-topic values") {
        auto j = test::run_medqa("eval --feedback-docs 0 " + common + " --format json --topics " + quoted(c.topics) + " --qrels " + quoted(c.qrels));
        REQUIRE(j.exit_code == 0);
        auto out = nlohmann::json::parse(j.out);
        CHECK(out.at("evaluated") == 2);
        CHECK(out.at("skipped") == 1);
        CHECK(out.at("mean").at("map").get<double>() == doctest::Approx(0.625));
        CHECK(out.at("per_topic").at(1).at("topic") == "B");
        CHECK(out.at("per_topic").at(1).at("ndcg10").get<double>() == doctest::Approx(kNdcgB));
        CHECK(out.at("run_out").is_null());
    }
    SUBCASE("a missing topics file is a usage error naming it") {
        auto missing = test::run_medqa("eval --feedback-docs 0 " + common + " --topics " + quoted(c.dir / "nope.tsv") + " --qrels " + quoted(c.qrels));
        CHECK(missing.exit_code == 2);
        CHECK(missing.err.find("nope.tsv") != std::string::npos);
        CHECK(missing.out.empty());
        auto folder = test::run_medqa("eval --feedback-docs 0 " + common + " --topics " + quoted(c.dir.path()) + " --qrels " + quoted(c.qrels));
        CHECK(folder.exit_code == 2);
        CHECK(folder.err.find("is a folder") != std::string::npos);
        CHECK(folder.err.find("no such file") == std::string::npos);
    }
    SUBCASE("qrels of topics the topics file lacks are noted, and listed in JSON") {
        test::write_file(c.qrels, std::string(kQrels) + "Z 0 t1 1\nY 0 t2 0\n");
        auto noted = test::run_medqa("eval --feedback-docs 0 " + common + " --topics " + quoted(c.topics) + " --qrels " + quoted(c.qrels));
        CHECK(noted.exit_code == 0);
        CHECK(noted.err.find("medqa: note: qrels judge 2 topics not in the topics file: Y, Z\n") != std::string::npos);
        CHECK(noted.out.find("MAP       0.6250") != std::string::npos);  // the measures are those of A and B
        auto j = test::run_medqa("eval --feedback-docs 0 " + common + " --format json --topics " + quoted(c.topics) + " --qrels " + quoted(c.qrels));
        REQUIRE(j.exit_code == 0);
        auto out = nlohmann::json::parse(j.out);
        CHECK(out.at("qrels_only") == 2);
        CHECK(out.at("qrels_only_topics") == nlohmann::json{"Y", "Z"});
        // Every topic judged: nothing to note.
        test::write_file(c.qrels, kQrels);
        CHECK(test::run_medqa("eval --feedback-docs 0 " + common + " --topics " + quoted(c.topics) + " --qrels " + quoted(c.qrels))
                  .err.find("not in the topics file") == std::string::npos);
    }
    SUBCASE("a --run-out that is a folder, or in none, is a usage error before any topic is searched") {
        const std::string files = " --topics " + quoted(c.topics) + " --qrels " + quoted(c.qrels);
        // Checked before the database is opened: exit 2, not 4 for the database that is not there.
        const std::string no_db = "eval --db " + quoted(c.dir / "no-db") + " --lexicon-dir " + quoted(test::kLexiconDir);
        auto dot = test::run_medqa(no_db + files + " --run-out .", "", c.dir.path());
        CHECK(dot.exit_code == 2);
        CHECK(dot.err.find("--run-out .: is a folder; give a file name") != std::string::npos);
        CHECK(dot.err.find("busy") == std::string::npos);
        CHECK(dot.out.empty());
        auto folder = test::run_medqa(no_db + files + " --run-out " + quoted(c.dir / "in"));
        CHECK(folder.exit_code == 2);
        CHECK(folder.err.find("in: is a folder; give a file name") != std::string::npos);
        CHECK(fs::is_directory(c.dir / "in"));
        auto nowhere = test::run_medqa(no_db + files + " --run-out " + quoted(c.dir / "absent" / "run.txt"));
        CHECK(nowhere.exit_code == 2);
        CHECK(nowhere.err.find("there is no folder " + (c.dir / "absent").string()) != std::string::npos);
    }
    SUBCASE("qrels from a pipe") {
        auto piped = test::run_medqa(
            "eval --feedback-docs 0 " + common + " --topics " + quoted(c.topics) + " --qrels /dev/stdin", "", {}, c.qrels);
        INFO("stderr: " << piped.err);
        CHECK(piped.exit_code == 0);
        CHECK(piped.out.find("MAP       0.6250") != std::string::npos);
    }
}
