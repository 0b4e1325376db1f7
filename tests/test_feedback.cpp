// Pseudo-relevance feedback (search/feedback.hpp): the first answers' shared words re-rank the
// answers and find more, here below the answers that say the query's words (a low weight, not a rule).
#include <doctest/doctest.h>

#include <algorithm>

#include "index/index_run.hpp"
#include "search/feedback.hpp"
#include "search/searcher.hpp"
#include "support.hpp"

using namespace medqa;

namespace {

// Made-up words ("zorbix", a drug; "quelp" and "vantric", what it acts on) that no synonym
// group knows, so that only BM25 and feedback rank. The title of a thread of one answer is
// among the answer's words: one title for all, so that it tells no answer from another.
constexpr const char* kThreads =
    R"({"id": "a", "title": "Notes", "question": "First?", "answers": [{"text": "Zorbix lowers quelp and vantric in the blood over weeks of use."}]})"
    "\n"
    R"({"id": "b", "title": "Notes", "question": "Second?", "answers": [{"text": "Zorbix lowers quelp; vantric falls soon after the first dose of it."}]})"
    "\n"
    R"({"id": "c", "title": "Notes", "question": "Third?", "answers": [{"text": "Zorbix tablets are taken at night."}]})"
    "\n"
    R"({"id": "d", "title": "Notes", "question": "Fourth?", "answers": [{"text": "Quelp and vantric rise with a fatty diet."}]})"
    "\n"
    R"({"id": "e", "title": "Notes", "question": "Fifth?", "answers": [{"text": "Walking daily keeps the knees supple."}]})"
    "\n"
    R"({"id": "f", "title": "Notes", "question": "Sixth?", "answers": [{"text": "Sunscreen protects the skin from burning."}]})"
    "\n";

struct Fixture {
    test::TempDir dir;
    Fixture() {
        test::write_file(dir / "in/t.jsonl", kThreads);
        index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    }
    std::vector<std::string> threads(const std::string& query, bool feedback) {
        // Three expansion words: the words the first answers share (lower, quelp, vantric). In
        // answers this short, a fourth would be a word that one of them says ("tablet").
        auto r = Searcher(dir / "db", test::annotator(), RankingParameters{.feedback_terms = 3})
                     .search(SearchRequest{.query = query, .feedback = feedback});
        std::vector<std::string> out;
        for (const auto& h : r.hits) out.push_back(h.answer.thread);
        return out;
    }
};

}  // namespace

TEST_CASE("feedback: the first answers' shared words find and lift answers, below those that say the query") {
    Fixture f;
    auto plain = f.threads("zorbix", false), expanded = f.threads("zorbix", true);
    CHECK(plain.size() == 3);
    // The short answer that says only "zorbix" leads on BM25 alone, and falls behind the two
    // that also say what the first answers share (quelp, vantric).
    CHECK(plain.front() == "c");
    REQUIRE(expanded.size() == 4);
    CHECK(expanded[2] == "c");
    // "d" says quelp and vantric but not "zorbix": found, last.
    CHECK(expanded[3] == "d");
}

TEST_CASE("feedback: with query syntax it only re-ranks what the syntax lets in") {
    Fixture f;
    auto expanded = f.threads("+zorbix", true);
    REQUIRE(expanded.size() == 3);
    CHECK(expanded.back() == "c");
}

TEST_CASE("feedback: off when asked, and for queries without words") {
    Fixture f;
    Xapian::Database db((f.dir / "db").string());
    Xapian::Enquire enquire(db);
    const FeedbackWords words(test::annotator().stopwords());
    const Xapian::Query query("Zzorbix");
    for (RankingParameters off : {RankingParameters{.feedback_docs = 0}, RankingParameters{.feedback_terms = 0},
                                  RankingParameters{.feedback_weight = 0}})
        CHECK(with_feedback(enquire, query, off, words, Expansion::finds).get_description() == query.get_description());
    // Nothing found, nothing to learn from.
    CHECK(with_feedback(enquire, Xapian::Query("Znothing"), {}, words, Expansion::finds).get_description() == Xapian::Query("Znothing").get_description());
    CHECK(with_feedback(enquire, query, {}, words, Expansion::finds).get_description() != query.get_description());
    // A search by filters only ranks nothing, so feedback leaves it alone.
    auto r = Searcher(f.dir / "db", test::annotator()).search(SearchRequest{.query = "", .stances = {"yes", "no", "maybe", "none"}});
    CHECK(r.hits.size() == 6);
}

TEST_CASE("feedback: expansion words are the first answers' topic words, never stop words") {
    Fixture f;
    Xapian::Database db((f.dir / "db").string());
    Xapian::Enquire enquire(db);
    // As many expansion words as the first answers have: every candidate the decider lets
    // through is in the query. "and", "the", "of", "in" are in the answers that say zorbix.
    const RankingParameters all_words{.feedback_terms = 100};
    const std::string expanded =
        with_feedback(enquire, Xapian::Query("Zzorbix"), all_words, FeedbackWords(test::annotator().stopwords()),
                      Expansion::finds)
            .get_description();
    CHECK(expanded.find("Zquelp") != std::string::npos);
    CHECK(expanded.find("Zvantric") != std::string::npos);
    for (const char* stop : {"Zand ", "Zthe ", "Zof ", "Zin "}) CHECK_MESSAGE(expanded.find(stop) == std::string::npos, stop);
    // Nor the unstemmed copies, nor title, question or boolean terms.
    CHECK(expanded.find(" quelp") == std::string::npos);
    CHECK(expanded.find("ZS") == std::string::npos);
    CHECK(expanded.find("XTHREAD") == std::string::npos);
}
