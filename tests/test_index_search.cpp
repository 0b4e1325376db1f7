#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "core/error.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "index/database.hpp"
#include "index/index_run.hpp"
#include "search/catalog.hpp"
#include "search/query_builder.hpp"
#include "search/searcher.hpp"
#include "search/spelling_variants.hpp"
#include "support.hpp"

using namespace medqa;

namespace {

// A second, generated thread so that ranking and collapsing have something to choose from.
constexpr const char* kKidneyThreads =
    R"({"id": "kidney-1", "title": "Can kidney stones come back?", "question": "I passed a kidney stone. Can they come back?", "answers": [{"author": "Dr Renal", "text": "Yes, kidney stones often recur; drink more water."}, {"author": "Dr Uro", "text": "It is possible, it depends on the type."}]})"
    "\n"
    R"({"id": "Forehead-Lines", "title": "What helps forehead lines?", "question": "What are my options for forehead lines?", "answers": [{"author": "Dr Derm", "text": "Botox in the forehead softens the lines for three months."}]})"
    "\n";

struct Fixture {
    test::TempDir dir;
    std::filesystem::path db = dir / "db";
    std::vector<ingest::Problem> problems;

    Fixture() {
        test::write_file(dir / "in/more.jsonl", kKidneyThreads);
        std::filesystem::copy_file(test::kSeed, dir / "in/botox-volume-loss.txt");
    }
    IndexReport index() {
        return index_paths({dir / "in"}, db, test::annotator(), [&](const ingest::Problem& p) { problems.push_back(p); });
    }
    SearchResult search(SearchRequest r) { return Searcher(db, test::annotator()).search(r); }
    // feedback false: the answers the query's words and synonyms find, and no others.
    SearchResult search(const std::string& q, bool feedback = true) {
        return search(SearchRequest{.query = q, .feedback = feedback});
    }
};

std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.answer.thread + "/" + h.answer.answer);
    return out;
}

// The ids a query finds, sorted: for queries that must find the same answers, ranked alike or not.
std::vector<std::string> sorted_ids(Fixture& f, const std::string& query) {
    auto found = ids(f.search(query));
    std::sort(found.begin(), found.end());
    return found;
}

using Ids = std::vector<std::string>;

TEST_CASE("a snippet shows a one-word answer, not just an ellipsis") {
    // "yes" is in every answer, so Xapian's snippet weighs it at nothing and left it out.
    test::TempDir dir;
    test::write_file(dir / "in/g.jsonl",
                     R"({"id":"c","title":"weird id?","answers":[{"text":"yes"}]})"
                     "\n"
                     R"({"id":"d","title":"Is gout painful?","answers":[{"text":"Yes."}]})"
                     "\n"
                     R"({"id":"e","title":"Is gout painful?","answers":[{"text":"yes it is"}]})"
                     "\n");
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    auto r = Searcher(dir / "db", test::annotator()).search(SearchRequest{.query = "gout"});
    std::map<std::string, std::string> snippets;
    for (const auto& h : r.hits) snippets[h.answer.thread] = h.snippet;
    CHECK(snippets["d"] == "Yes.");
    CHECK(snippets["e"] == "yes it is");
    // The answer of one word that the query matched through the title only.
    auto weird = Searcher(dir / "db", test::annotator()).search(SearchRequest{.query = "weird"});
    REQUIRE_FALSE(weird.hits.empty());
    CHECK(weird.hits[0].answer.thread == "c");
    CHECK(weird.hits[0].snippet == "yes");
}

}  // namespace

TEST_CASE("index then search: the answer that says the words ranks first, with its labels") {
    Fixture f;
    auto report = f.index();
    CHECK(report.files == 2);
    CHECK(report.threads == 3);
    CHECK(report.answers == 9);
    CHECK(report.added == 3);
    CHECK(f.problems.empty());

    auto r = f.search("temporalis atrophy");
    REQUIRE_FALSE(r.hits.empty());
    const Hit& top = r.hits.front();
    CHECK(top.answer.thread == "botox-volume-loss");
    CHECK(top.answer.answer == "3");
    CHECK(top.rank == 1);
    CHECK(top.answer.stance == Stance::maybe);
    CHECK(top.answer.anatomy == std::vector<std::string>{"temporalis muscle", "temporomandibular joint"});
    CHECK(top.snippet.find("**temporalis**") != std::string::npos);
    CHECK(top.snippet.find("**atrophy**") != std::string::npos);
    // The answers that say one of the words come first (the question words do not contain
    // them), then answers 4 and 5, which say "volume loss", a synonym of atrophy. Feedback adds
    // answers that share the first answers' words, below all of these.
    auto words = f.search("temporalis atrophy", false);
    auto sorted = [](Ids v) { return std::sort(v.begin(), v.end()), v; };
    const Ids found = ids(words), expanded = ids(r);
    REQUIRE(found.size() == 5);
    CHECK(sorted(Ids(found.begin(), found.begin() + 3)) ==
          Ids{"botox-volume-loss/1", "botox-volume-loss/3", "botox-volume-loss/6"});
    CHECK(sorted(Ids(found.begin() + 3, found.end())) == Ids{"botox-volume-loss/4", "botox-volume-loss/5"});
    REQUIRE(expanded.size() >= 5);
    CHECK(sorted(Ids(expanded.begin(), expanded.begin() + 5)) == sorted(found));
    // Facets count the matches. The count and the facets are of the answers the query's words
    // match, also when feedback finds more.
    CHECK(words.stance_facets == FacetCounts{{"maybe", 2}, {"no", 2}, {"yes", 1}});
    CHECK(words.estimated_matches == 5);
    CHECK(r.estimated_matches == 5);
    CHECK(r.stance_facets == words.stance_facets);
}

TEST_CASE("the thread's question helps its answers, but less than saying the words") {
    Fixture f;
    f.index();
    // "stones" is in the kidney thread's title and question, and in the text of answer 1 only.
    auto r = f.search("stones");
    CHECK(ids(r) == Ids{"kidney-1/1", "kidney-1/2"});
    CHECK(r.hits[0].score > r.hits[1].score);
}

TEST_CASE("filters: stance and anatomy (with descendants), from options and from the query") {
    Fixture f;
    f.index();
    auto no = f.search(SearchRequest{.query = "botox", .stances = {"no"}});
    CHECK(no.hits.size() == 3);
    for (const auto& h : no.hits) CHECK(h.answer.stance == Stance::no);
    CHECK(f.search("botox stance:no").hits.size() == 3);

    // Answer 3 is about the temporalis, which is part of the temple.
    auto temple = f.search(SearchRequest{.query = "", .anatomy = {"temples"}});
    auto sorted = ids(temple);
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == Ids{"botox-volume-loss/3", "botox-volume-loss/4", "botox-volume-loss/6"});
    CHECK(f.search("anatomy:temple").hits.size() == 3);
    CHECK(ids(f.search("anatomy:kidneys")) == Ids{"kidney-1/1"});  // plural, through the lexicon

    auto either = f.search(SearchRequest{.query = "", .stances = {"yes", "maybe"}, .anatomy = {"face"}});
    for (const auto& h : either.hits) CHECK((h.answer.stance == Stance::yes || h.answer.stance == Stance::maybe));
    // Seed answers 3 (maybe, temporalis) and 4 (yes); the forehead answer has stance none.
    CHECK(either.hits.size() == 2);
}

TEST_CASE("NOT at the start of a query excludes only what follows it, unless the query has other syntax") {
    Fixture f;
    f.index();
    const auto botox_not_temple = sorted_ids(f, "botox -temple");
    REQUIRE_FALSE(botox_not_temple.empty());
    REQUIRE(botox_not_temple.size() < f.search("botox").hits.size());
    auto read = f.search("NOT temple botox");
    CHECK(sorted_ids(f, "NOT temple botox") == botox_not_temple);
    REQUIRE(read.notices.size() == 1);
    CHECK(read.notices[0].find("searching botox -temple") != std::string::npos);
    CHECK(sorted_ids(f, "NOT stance:no botox") == sorted_ids(f, "botox -stance:no"));
    CHECK(sorted_ids(f, "NOT stance:no stance:maybe botox") == sorted_ids(f, "botox -stance:no -stance:maybe"));
    CHECK(sorted_ids(f, "botox -stance:no -stance:maybe").size() < sorted_ids(f, "botox -stance:no").size());
    // Xapian's reading where the user wrote syntax of their own, or NOT alone with one word.
    auto neither = f.search("NOT (temple botox)");
    CHECK(neither.notices.empty());
    for (const auto& h : neither.hits) CHECK(h.answer.text.find("otox") == std::string::npos);
    CHECK(f.search("NOT temple").notices.empty());
    CHECK(f.search("NOT temple AND botox").notices.empty());
}

TEST_CASE("a stop word after a leading NOT is left out, and NOT excludes the word after it") {
    Fixture f;
    f.index();
    // Read as "temple botox -a", the query excluded every answer that says "a".
    const auto botox_not_temple = sorted_ids(f, "botox -temple");
    REQUIRE_FALSE(botox_not_temple.empty());
    CHECK(sorted_ids(f, "NOT a temple botox") == botox_not_temple);
    CHECK(sorted_ids(f, "NOT the A temple botox") == botox_not_temple);
    auto read = f.search("NOT a temple botox");
    REQUIRE(read.notices.size() == 1);
    CHECK(read.notices[0].find("stop words ('a')") != std::string::npos);
    CHECK(read.notices[0].find("searching botox -temple (NOT (temple botox) excludes them all)") != std::string::npos);
    // Nothing after the excluded word: every answer without it, as NOT botox is.
    CHECK(sorted_ids(f, "NOT a botox") == sorted_ids(f, "NOT botox"));
    auto alone = f.search("NOT a botox");
    REQUIRE(alone.notices.size() == 1);
    CHECK(alone.notices[0].find("searching NOT botox") != std::string::npos);
    // A quoted stop word is meant: it stays the excluded phrase.
    CHECK(f.search("NOT \"a\" botox").notices.at(0).find("searching botox -\"a\"") != std::string::npos);
    // A filter after the stop words follows the NOT too: it is excluded, not applied.
    CHECK(sorted_ids(f, "NOT a stance:no botox") == sorted_ids(f, "NOT stance:no botox"));
    CHECK(sorted_ids(f, "NOT a stance:no") == sorted_ids(f, "NOT stance:no"));
    CHECK(sorted_ids(f, "NOT a stance:no") != sorted_ids(f, "stance:no"));
}

TEST_CASE("a misspelt word of a query that starts with NOT gets its suggestion, in the query as typed") {
    Fixture f;
    f.index();
    CHECK(f.search("NOT botox temporalsi").did_you_mean == "NOT botox temporalis");
    CHECK(f.search("NOT a botox temporalsi").did_you_mean == "NOT a botox temporalis");
    Xapian::Database db = open_for_reading(f.db);
    const auto& a = test::annotator();
    QueryBuilder builder(db, a.anatomy(), a.stopwords());
    CHECK(builder.build("NOT botox Temporalsi", {}, {}).corrected == "NOT botox temporalis");
    CHECK(builder.build("NOT botox temporalis", {}, {}).corrected.empty());
    // An excluded word is corrected too (the search shows it only if it finds as many answers).
    CHECK(builder.build("NOT temporalsi atrophy", {}, {}).corrected == "NOT temporalis atrophy");
    CHECK(builder.build("-temporalsi", {}, {}).corrected == "-temporalis");
}

TEST_CASE("a field with no word after it is left out with a notice, not searched as the word") {
    Fixture f;
    f.index();
    for (std::string q : {"title:* botox", "botox title:", "botox question:**", "-title:* botox", "botox stance:*"}) {
        CAPTURE(q);
        auto r = f.search(q);
        CHECK(sorted_ids(f, q) == sorted_ids(f, "botox"));
        REQUIRE(r.notices.size() == 1);
        CHECK(r.notices[0].find("needs a") != std::string::npos);
        CHECK(r.notices[0].find("left out") != std::string::npos);
    }
    auto title = f.search("title:*");
    REQUIRE(title.notices.size() == 2);
    CHECK(title.notices[0].find("'title:*'") != std::string::npos);
    CHECK(title.notices[0].find("title:knee") != std::string::npos);
    CHECK(title.notices[1].find("showing all answers") != std::string::npos);
    CHECK(title.hits.size() == f.search(SearchRequest{.query = ""}).hits.size());
    // A bracket around it stays: "(botox OR title:*)" is botox.
    CHECK(sorted_ids(f, "(botox OR title:*)") == sorted_ids(f, "botox"));
    // The operator that joined it goes with it, rather than break the syntax.
    for (std::string q : {"botox OR title:*", "title:* AND botox", "(botox OR title:*)", "botox NOT title:"}) {
        CAPTURE(q);
        CHECK(sorted_ids(f, q) == sorted_ids(f, "botox"));
        CHECK(f.search(q).notices.size() == 1);
    }
    // A field with its word is untouched.
    CHECK(f.search("title:stones").notices.empty());
}

TEST_CASE("field names are read in any case: Stance:no, TITLE:stones, Anatomy:temple") {
    Fixture f;
    f.index();
    for (auto [typed, lower] : std::vector<std::pair<std::string, std::string>>{
             {"botox Stance:no", "botox stance:no"},
             {"STANCE:no", "stance:no"},
             {"TITLE:stones", "title:stones"},
             {"Question:options", "question:options"},
             {"Anatomy:temple", "anatomy:temple"},
             {"NOT Stance:no botox", "NOT stance:no botox"},
             {"botox -Title:\"loss of volume\"", "botox -title:\"loss of volume\""},
             {"Thread:Forehead-Lines", "thread:Forehead-Lines"},
             {"Source:more.jsonl", "source:more.jsonl"}}) {
        CAPTURE(typed);
        REQUIRE_FALSE(sorted_ids(f, lower).empty());
        CHECK(sorted_ids(f, typed) == sorted_ids(f, lower));
        CHECK(f.search(typed).notices == f.search(lower).notices);
    }
    // The value keeps its case: thread ids are exact.
    CHECK(f.search("Thread:forehead-lines").hits.empty());
    // Not a field name: words, as before.
    CHECK(f.search("Note:botox").notices.empty());
}

TEST_CASE("a phrase in title: or question: searches its words, which those fields hold without positions") {
    Fixture f;
    f.index();
    auto phrase = f.search("title:\"loss of volume\"");
    CHECK(ids(phrase) == ids(f.search("title:loss AND title:of AND title:volume")));
    CHECK(phrase.hits.size() == 6);  // the seed's title; a phrase query matched none
    REQUIRE(phrase.notices.size() == 1);
    CHECK(phrase.notices[0].find("searching (title:loss AND title:of AND title:volume)") != std::string::npos);
    CHECK(f.search("question:\u201Closs of volume\u201D").hits.size() == 6);  // curly quotes
    CHECK(f.search("question:\"masseter muscle\"").hits.empty());  // not the question's words
    CHECK(f.search("\"loss of volume\"").notices.empty());  // a phrase of the answers stays one
    // Brackets and '+'/'-' around it stay where they were.
    CHECK(ids(f.search("(title:\"loss of volume\" AND temporalis)")) ==
          ids(f.search("((title:loss AND title:of AND title:volume) AND temporalis)")));
    CHECK(f.search("botox -title:\"loss of volume\"", false).hits.size() < f.search("botox", false).hits.size());
    CHECK(ids(f.search("botox -title:\"loss of volume\"")) == ids(f.search("botox -(title:loss AND title:of AND title:volume)")));
    CHECK(ids(f.search("+title:\"loss of volume\" temporalis")) == ids(f.search("+(title:loss AND title:of AND title:volume) temporalis")));
}

TEST_CASE("the answers feedback ranks below the matches are counted apart from them") {
    Fixture f;
    f.index();
    // "atrophy": 5 answers say it or a synonym; feedback's words find 2 more.
    auto with = f.search(SearchRequest{.query = "atrophy", .limit = 1000});
    auto without = f.search(SearchRequest{.query = "atrophy", .limit = 1000, .feedback = false});
    CHECK(with.matches_exact);
    CHECK(with.estimated_matches == without.hits.size());
    CHECK(with.related_exact);
    CHECK(with.related_matches > 0);
    CHECK(with.estimated_matches + with.related_matches == with.hits.size());
    CHECK(without.related_matches == 0);
}

TEST_CASE("a filter standing on its own narrows the whole query, wherever it is written") {
    Fixture f;
    f.index();
    auto no_temple = f.search(SearchRequest{.query = "NOT temple", .stances = {"no"}});
    auto expected = ids(no_temple);
    std::sort(expected.begin(), expected.end());
    REQUIRE_FALSE(expected.empty());
    for (const auto& h : no_temple.hits) CHECK(h.answer.stance == Stance::no);
    // Xapian's grammar alone reads the first as NOT (temple stance:no): nearly every answer.
    CHECK(sorted_ids(f, "NOT temple stance:no") == expected);
    CHECK(sorted_ids(f, "stance:no NOT temple") == expected);
    CHECK(sorted_ids(f, "-temple stance:no") == expected);
    // Curly quotes (a phone's) quote a value as plain ones do.
    CHECK(sorted_ids(f, "NOT temple anatomy:\u201Ctemporalis muscle\u201D") ==
          sorted_ids(f, "NOT temple anatomy:\"temporalis muscle\""));
    CHECK_FALSE(sorted_ids(f, "anatomy:\u201Ctemporalis muscle\u201D").empty());

    // Joined to an operator, a filter keeps the grammar's meaning, and so do the filters right
    // after it: NOT over two values is neither.
    for (const auto& h : f.search("NOT stance:no").hits) CHECK(h.answer.stance != Stance::no);
    CHECK(f.search("botox NOT stance:no").hits.size() + f.search("botox stance:no").hits.size() ==
          f.search("botox").hits.size());
    auto neither = f.search("NOT stance:no stance:maybe");
    CHECK_FALSE(neither.hits.empty());
    for (const auto& h : neither.hits) CHECK((h.answer.stance != Stance::no && h.answer.stance != Stance::maybe));

    // A filter alone lists what --stance lists; two values of one field are either.
    auto by_options = [&](std::vector<std::string> stances) {
        auto all = ids(f.search(SearchRequest{.query = "botox", .stances = std::move(stances)}));
        std::sort(all.begin(), all.end());
        return all;
    };
    CHECK(sorted_ids(f, "stance:no") == [&] {
        auto all = ids(f.search(SearchRequest{.query = "", .stances = {"no"}}));
        std::sort(all.begin(), all.end());
        return all;
    }());
    // In the same order, and nothing highlighted: a filter alone has no words for feedback to
    // start from (it took words from whichever answers came first).
    auto filtered = f.search("stance:no");
    CHECK(ids(filtered) == ids(f.search(SearchRequest{.query = "", .stances = {"no"}})));
    for (const auto& h : filtered.hits) CHECK(h.snippet.find("**") == std::string::npos);
    CHECK(sorted_ids(f, "botox stance:no stance:maybe") == by_options({"no", "maybe"}));
    CHECK(by_options({"no", "maybe"}).size() > by_options({"no"}).size());

    // With broken syntax the words are searched literally and the filter still holds.
    auto broken = f.search("(botox stance:no");
    CHECK_FALSE(broken.hits.empty());
    for (const auto& h : broken.hits) CHECK(h.answer.stance == Stance::no);
    // A stray quote stuck to a filter makes it broken syntax, not an unknown stance.
    auto stray = f.search("botox stance:no\"");
    CHECK(stray.hits.size() == f.search("botox stance no").hits.size());
    CHECK(stray.notices == std::vector<std::string>{"query syntax: an unbalanced quote; searching its words literally"});
}

TEST_CASE("thread:, title: and source: fields, and thread ids keep their case") {
    Fixture f;
    f.index();
    CHECK(f.search("thread:Forehead-Lines").hits.size() == 1);
    CHECK(ids(f.search("thread:kidney-1 water")) == Ids{"kidney-1/1"});
    CHECK(ids(f.search("title:stones")) == Ids{"kidney-1/1", "kidney-1/2"});
    CHECK(f.search("source:more.jsonl").hits.size() == 3);
}

TEST_CASE("collapse shows the best answer of each thread, and offset pages") {
    Fixture f;
    f.index();
    auto all = f.search("botox kidney forehead");
    auto collapsed = f.search(SearchRequest{.query = "botox kidney forehead", .collapse = true});
    CHECK(collapsed.hits.size() == 3);
    CHECK(all.hits.size() > collapsed.hits.size());
    auto page2 = f.search(SearchRequest{.query = "botox kidney forehead", .offset = 2, .limit = 2});
    REQUIRE(page2.hits.size() == 2);
    CHECK(page2.hits[0].rank == 3);
    CHECK(page2.hits[0].answer.text == all.hits[2].answer.text);
}

TEST_CASE("broken query syntax falls back to the words with a notice, never a silent empty result") {
    Fixture f;
    f.index();
    for (std::string q : {"botox AND", "(botox", "botox)", "\"volume loss", "botox OR OR atrophy", "NOT"}) {
        CAPTURE(q);
        auto r = f.search(q);
        CHECK_FALSE(r.notices.empty());
    }
    CHECK_FALSE(f.search("botox AND").hits.empty());
    auto unknown = f.search("anatomy:wobble");
    CHECK(unknown.hits.empty());
    REQUIRE(unknown.notices.size() == 1);
    CHECK(unknown.notices[0].find("unknown anatomy 'wobble'") != std::string::npos);
    auto typo = f.search("anatomy:templ botox");  // a misspelt name is corrected as --anatomy's is
    REQUIRE(typo.notices.size() == 1);
    CHECK(typo.notices[0].find("did you mean anatomy:\"temple\"?") != std::string::npos);
    CHECK_THROWS_AS(f.search(SearchRequest{.query = "x", .stances = {"perhaps"}}), Error);
}

TEST_CASE("re-indexing: unchanged threads are left alone, changed threads are replaced whole") {
    Fixture f;
    f.index();
    auto second = f.index();
    CHECK(second.unchanged == 3);
    CHECK(second.added + second.updated == 0);

    // The kidney thread loses an answer and gains new text: its old answers must go.
    test::write_file(f.dir / "in/more.jsonl",
                     R"({"id": "kidney-1", "title": "Can kidney stones come back?", "question": "Can they come back?", "answers": [{"text": "Recurrence is common; citrate helps."}]})"
                     "\n");
    auto third = f.index();
    CHECK(third.updated == 1);
    CHECK(third.unchanged == 1);
    auto answers = thread_answers(open_for_reading(f.db), "kidney-1");
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].text == "Recurrence is common; citrate helps.");
    CHECK(f.search("water").hits.empty());
}

TEST_CASE("the same thread id twice in one run is rejected, naming both places") {
    Fixture f;
    test::write_file(f.dir / "in/dup.jsonl",
                     R"({"id": "kidney-1", "title": "Dup", "answers": [{"text": "x"}]})"
                     "\n");
    auto report = f.index();
    CHECK(report.rejected == 1);
    REQUIRE(f.problems.size() == 1);
    CHECK(f.problems[0].reason.find("used twice") != std::string::npos);
    CHECK(f.problems[0].reason.find("dup.jsonl:1") != std::string::npos);
    CHECK(f.problems[0].reason.find("more.jsonl:1") != std::string::npos);
    // Files are read in sorted order: the one in dup.jsonl came first and is intact.
    auto kept = thread_answers(open_for_reading(f.db), "kidney-1");
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].title == "Dup");
}

TEST_CASE("show and stats read the whole database") {
    Fixture f;
    f.index();
    auto db = open_for_reading(f.db);
    auto seed = thread_answers(db, "botox-volume-loss");
    REQUIRE(seed.size() == 6);
    for (size_t i = 0; i < 6; ++i) CHECK(seed[i].answer == std::to_string(i + 1));
    CHECK(seed[0].disclaimer.starts_with("This answer has been solicited"));
    CHECK(thread_answers(db, "nope").empty());
    CHECK(thread_ids_starting_with(db, "For", 5) == std::vector<std::string>{"Forehead-Lines"});

    auto stats = database_stats(db);
    CHECK(stats.threads == 3);
    CHECK(stats.answers == 9);
    CHECK(stats.stance[0] == std::pair<std::string, Xapian::doccount>{"yes", 2});
    REQUIRE_FALSE(stats.anatomy.empty());
}

TEST_CASE("opening errors say what to do") {
    test::TempDir dir;
    try {
        open_for_reading(dir / "none");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::no_database);
        CHECK(e.hint().find("medqa index") != std::string::npos);
    }
    auto writer = open_for_writing(dir / "db");
    try {
        open_for_writing(dir / "db");
        FAIL("expected a lock error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::locked);
        CHECK(std::string(e.what()).find("being updated by another process") != std::string::npos);
    }
}

TEST_CASE("title and question words help, but never outrank an answer that says the words") {
    test::TempDir dir;
    // A short reply that only shares the question's words must not beat a long answer that
    // says them (BM25 favours short documents).
    test::write_file(dir / "in/t.jsonl",
                     R"({"id": "q1", "title": "Muscle atrophy after botox?", "question": "Is atrophy after botox normal?", "answers": [{"text": "Please see your doctor."}, {"text": "Some thinning of the treated muscle can happen; this atrophy usually reverses within months once the toxin wears off and the muscle is used again."}]})"
                     "\n");
    auto db = dir / "db";
    index_paths({dir / "in"}, db, test::annotator(), [](const ingest::Problem&) {});
    Searcher searcher(db, test::annotator());
    auto r = searcher.search(SearchRequest{.query = "atrophy"});
    CHECK(ids(r) == Ids{"q1/2", "q1/1"});  // the reply still matches, through the question
    CHECK(r.hits[0].score > 2 * r.hits[1].score);
    // A word only the title and question use still finds the thread's answers.
    CHECK(searcher.search(SearchRequest{.query = "normal"}).hits.size() == 2);
}

TEST_CASE("the title of a thread of one answer is among that answer's words, not among the answers of a longer thread") {
    test::TempDir dir;
    test::write_file(dir / "in/t.jsonl",
                     R"({"id": "doc", "title": "Fabry disease", "answers": [{"text": "This condition is rare; it affects about 1 in 40,000 men."}]})"
                     "\n"
                     R"({"id": "thread", "title": "Fabry disease", "answers": [{"text": "This condition is rare."}, {"text": "Ask a geneticist."}]})"
                     "\n"
                     R"({"id": "other", "title": "Kidney cysts", "answers": [{"text": "Cysts are common; Fabry disease is a rare cause of kidney disease."}]})"
                     "\n");
    auto db = dir / "db";
    index_paths({dir / "in"}, db, test::annotator(), [](const ingest::Problem&) {});
    Searcher searcher(db, test::annotator());
    auto search = [&](const std::string& q) { return ids(searcher.search(SearchRequest{.query = q, .feedback = false})); };
    // The document titled "Fabry disease" says it as often as the answer that names it in passing,
    // in fewer words; the thread's answers match through the title field only, weighed less.
    auto r = search("fabry");
    REQUIRE(r.size() == 4);
    CHECK(r[0] == "doc/1");
    CHECK(r[1] == "other/1");
    // A phrase is matched in the title, but not across the title and the first words of the text.
    CHECK(search("\"fabry disease\"") == Ids{"doc/1", "other/1"});
    CHECK(search("\"disease this condition\"").empty());
    // Exclusion judges the document with its title, and the answers of a thread by their own words.
    auto kept = search("rare -fabry");
    std::sort(kept.begin(), kept.end());
    CHECK(kept == Ids{"thread/1"});
}

TEST_CASE("exclusion works on the answer's own words, whatever the question says") {
    Fixture f;
    f.index();
    // The seed's question mentions temples, and only answer 4 says "temple" itself.
    auto r = f.search("botox -temple");
    auto got = ids(r);
    std::sort(got.begin(), got.end());
    CHECK(got == Ids{"Forehead-Lines/1", "botox-volume-loss/1", "botox-volume-loss/2", "botox-volume-loss/3",
                     "botox-volume-loss/5", "botox-volume-loss/6"});
    // "photos" is only in the seed's question: no answer says it, so none is excluded.
    CHECK(f.search("botox NOT photos").hits.size() == 7);
}

TEST_CASE("thread ids that differ only by a leading colon or case stay apart") {
    test::TempDir dir;
    std::string lines;
    for (std::string id : {"X", ":X", "x", ":x", "\xC3\x89mile"})
        lines += R"({"id": ")" + id + R"(", "title": "T )" + id + R"(", "answers": [{"text": "answer of )" + id + R"("}]})" "\n";
    test::write_file(dir / "in/ids.jsonl", lines);
    auto db = dir / "db";
    auto report = index_paths({dir / "in"}, db, test::annotator(), [](const ingest::Problem&) {});
    CHECK(report.added == 5);
    auto reader = open_for_reading(db);
    CHECK(database_stats(reader).threads == 5);
    for (std::string id : {"X", ":X", "x", ":x", "\xC3\x89mile"}) {
        CAPTURE(id);
        auto answers = thread_answers(reader, id);
        REQUIRE(answers.size() == 1);
        CHECK(answers[0].text == "answer of " + id);
    }
    CHECK(thread_ids_starting_with(reader, ":", 5) == std::vector<std::string>{":X", ":x"});
}

TEST_CASE("records that cannot be indexed are rejected one by one, naming where and why") {
    test::TempDir dir;
    std::string long_id(300, 'a');
    test::write_file(dir / "in/a.jsonl",
                     R"({"id": "good", "title": "T", "answers": [{"text": "fine words"}]})" "\n"
                     R"({"id": ")" + long_id + R"(", "title": "T", "answers": [{"text": "x"}]})" "\n"
                     "{\"id\": \"bad-utf8\", \"title\": \"T\", \"answers\": [{\"text\": \"caf\\u00e9\"}]}\n");
    test::write_file(dir / "in/latin1.txt", "Title\n\nQuestion caf\xE9?\n\nAn answer that is long enough. Two sentences.\n");
    std::vector<ingest::Problem> problems;
    auto report = index_paths({dir / "in"}, dir / "db", test::annotator(),
                              [&](const ingest::Problem& p) { problems.push_back(p); });
    CHECK(report.added == 2);  // "good" and "bad-utf8" (whose JSON escape is valid UTF-8)
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].where == (dir / "in/a.jsonl").string() + ":2");
    CHECK(problems[0].reason.find("id is 300 bytes long") != std::string::npos);
    CHECK(problems[1].where == (dir / "in/latin1.txt").string() + ":1");
    CHECK(problems[1].reason.find("question is not valid UTF-8") != std::string::npos);
    CHECK(database_stats(open_for_reading(dir / "db")).threads == 2);
}

TEST_CASE("consensus: what all the doctors of the matching threads say, per thread and overall") {
    Fixture f;
    f.index();
    // "atrophy" matches 3 seed answers, but the consensus counts all 6 of the thread's answers.
    auto r = f.search("atrophy stones");
    REQUIRE(r.consensus.threads.size() == 2);
    const auto& seed = r.consensus.threads[0].thread == "botox-volume-loss" ? r.consensus.threads[0] : r.consensus.threads[1];
    CHECK(seed.title == "Can Botox Cause a Loss of Volume?");
    CHECK(seed.answers == 6);
    CHECK(seed.stance == std::map<Stance, Xapian::doccount>{{Stance::yes, 1}, {Stance::no, 3}, {Stance::maybe, 2}});
    CHECK(describe(seed.stance) == "3 no, 2 maybe, 1 yes");
    CHECK(r.consensus.overall.answers == 8);
    CHECK(f.search("wobblewords").consensus.threads.empty());
}

TEST_CASE("synonyms: lay and clinical words, brands and generics, anatomy names find each other") {
    Fixture f;
    f.index();
    // "hollowing" is a lay word for atrophy and volume loss: the seed answers that say atrophy
    // (1, 3, 6) or the phrase "volume loss" (4, 5) are found.
    auto lay = ids(f.search("hollowing", false));
    std::sort(lay.begin(), lay.end());
    CHECK(lay == Ids{"botox-volume-loss/1", "botox-volume-loss/3", "botox-volume-loss/4", "botox-volume-loss/5",
                     "botox-volume-loss/6"});
    // A generic name finds the brand.
    CHECK(f.search("onabotulinumtoxinA", false).hits.size() == 7);
    // "jaw joint" names the temporomandibular joint (TMJ) in the anatomy lexicon; no answer
    // says "jaw" or "joint", answer 3 says "TMJ".
    CHECK(ids(f.search("jaw joint", false)) == Ids{"botox-volume-loss/3"});
}

TEST_CASE("synonyms never drown the user's own word") {
    test::TempDir dir;
    test::write_file(dir / "in/t.jsonl",
                     R"({"id": "w", "title": "Muscle loss", "question": "Why do my muscles get smaller?", "answers": [{"text": "Disuse causes wasting of the muscle fibres over months."}, {"text": "Disuse causes atrophy of the muscle fibres over months."}]})"
                     "\n");
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    auto r = Searcher(dir / "db", test::annotator()).search(SearchRequest{.query = "wasting"});
    CHECK(ids(r) == Ids{"w/1", "w/2"});
    CHECK(r.hits[0].score > r.hits[1].score);
    auto clinical = Searcher(dir / "db", test::annotator()).search(SearchRequest{.query = "atrophy"});
    CHECK(ids(clinical) == Ids{"w/2", "w/1"});
}

TEST_CASE("synonyms: a lay phrase finds the clinical phrase, below an answer that says the user's words") {
    test::TempDir dir;
    test::write_file(dir / "in/t.jsonl",
                     R"({"id": "h", "title": "Chest", "question": "What now?", "answers": [{"text": "A myocardial infarction needs care within the hour."}, {"text": "A heart attack needs care within the hour."}, {"text": "The infarction was small and the myocardial wall is fine."}]})"
                     "\n");
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    // The groups of data/lexicon load, phrases among their synonyms.
    CHECK(test::annotator().synonym_groups().size() > 300);
    Xapian::Database db((dir / "db").string());
    CHECK(std::find(db.synonyms_begin("heart attack"), db.synonyms_end("heart attack"), "myocardial infarction") !=
          db.synonyms_end("heart attack"));
    // "myocardial infarction" as a phrase: answer 3 says both words, apart, and is not found.
    auto r = Searcher(dir / "db", test::annotator()).search(SearchRequest{.query = "heart attack", .feedback = false});
    CHECK(ids(r) == Ids{"h/2", "h/1"});
}

TEST_CASE("spelling variants: British and American spellings of a word, one change at a time") {
    auto has = [](std::string_view word, const std::string& variant) {
        auto v = spelling_variants(word);
        return std::find(v.begin(), v.end(), variant) != v.end();
    };
    const std::pair<std::string_view, std::string> kSpellings[] = {
        {"gynecologist", "gynaecologist"}, {"gynaecologist", "gynecologist"}, {"diarrhea", "diarrhoea"},
        {"oedema", "edema"},               {"tumours", "tumors"},             {"color", "colour"},
        {"fibre", "fiber"},                {"centers", "centres"},            {"localised", "localized"},
        {"hospitalization", "hospitalisation"}, {"analyse", "analyze"}};
    for (const auto& [word, variant] : kSpellings) {
        CAPTURE(word);
        CHECK(has(word, variant));
    }
    // Not a spelling: "before" is no "befoer" (a vowel before -re), "heroes" no "heres" (a
    // final -oes), and short words are left alone ("pet" / "poet", "for" / "four").
    CHECK_FALSE(has("before", "befoer"));
    CHECK_FALSE(has("heroes", "heres"));
    CHECK(spelling_variants("pet").empty());
    CHECK(spelling_variants("four").empty());
    auto v = spelling_variants("hemoglobin");
    CHECK(std::find(v.begin(), v.end(), "hemoglobin") == v.end());  // never the word itself
}

TEST_CASE("a word of a title weighs what the word weighs in answers, not its rarity among titles") {
    // "cramp" is in one title only but in 30 answers: by its rarity among titles, that title
    // outranked the 11 answers that say the rarer "tetany"; weighed as the word weighs in
    // answers (BM25F's one idf a word), it no longer does.
    test::TempDir dir;
    std::string lines =
        R"({"id": "x", "title": "Cramp at night", "question": "Why?", "answers": [{"text": "Drink more water before bed."}]})" "\n"
        R"({"id": "y", "title": "Tingling hands", "question": "Why?", "answers": [{"text": "This may be tetany from low calcium."}]})" "\n";
    for (int i = 0; i < 30; ++i)
        lines += R"({"id": "c)" + std::to_string(i) + R"(", "title": "Leg pain )" + std::to_string(i) +
                 R"(", "question": "Why?", "answers": [{"text": "A cramp after running is common, stretch the calf."}]})" + "\n";
    for (int i = 0; i < 10; ++i)
        lines += R"({"id": "d)" + std::to_string(i) + R"(", "title": "Spasm )" + std::to_string(i) +
                 R"(", "question": "Why?", "answers": [{"text": "Tetany is a sign of low calcium or magnesium in the blood."}]})" + "\n";
    test::write_file(dir / "in/t.jsonl", lines);
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    Searcher searcher(dir / "db", test::annotator());
    auto found = ids(searcher.search(SearchRequest{.query = "cramp tetany", .limit = 50, .feedback = false}));
    REQUIRE(found.size() == 42);
    for (size_t k = 0; k < 11; ++k) CHECK(found[k] != "x/1");
    CHECK(found[0] == "y/1");
}

TEST_CASE("an answer that says every word of the query gets the coordination bonus") {
    // BM25 sums the words: a short answer that repeats the rare "tetany" outweighs a longer
    // one that says both "tetany" and "calcium"; the bonus for saying every word turns that.
    test::TempDir dir;
    std::string filler;
    for (int i = 0; i < 3; ++i) filler += " the muscles may twitch when you rest or move";
    std::string lines =
        R"({"id": "p", "title": "Spasms", "question": "Why?", "answers": [{"text": "Tetany, tetany and more tetany: tetany attacks again."}]})" "\n"
        R"({"id": "q", "title": "Tingling", "question": "Why?", "answers": [{"text": "This could be tetany from low calcium.)" + filler + R"("}]})" "\n";
    for (int i = 0; i < 20; ++i)
        lines += R"({"id": "c)" + std::to_string(i) + R"(", "title": "Bones )" + std::to_string(i) +
                 R"(", "question": "Why?", "answers": [{"text": "Take calcium with vitamin D."}]})" + "\n";
    test::write_file(dir / "in/t.jsonl", lines);
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    const SearchRequest request{.query = "tetany calcium", .limit = 2, .feedback = false};
    CHECK(ids(Searcher(dir / "db", test::annotator()).search(request)) == Ids{"q/1", "p/1"});
    Searcher without(dir / "db", test::annotator(), RankingParameters{.coordination_weight = 0});
    CHECK(ids(without.search(request)) == Ids{"p/1", "q/1"});
}

TEST_CASE("a pasted title finds its thread of several answers first, above a one-answer thread sharing some words") {
    // The title of a thread of one answer is among its answer's words; that of a thread of
    // several answers only in the title field, weighed less. A user who pastes the title of
    // the second kind got the first kind ranked above it for sharing "6 year old" (the doctor-QA
    // archive's case); the bonus for a title that holds every word of the query turns that.
    test::TempDir dir;
    // As in that archive, the question repeats the title, and "year old" is in many titles.
    const std::string title = "My 6 year old was diagnosed with cellulitis, what do I do?";
    std::string lines =
        R"({"id": "cellulitis", "title": ")" + title + R"(", "question": ")" + title + R"(", "answers": [{"text": "It seems the infection was not fully treated; restart the antibiotics."}, {"text": "Keep the leg raised and see her doctor if the redness spreads."}]})" "\n"
        R"({"id": "fever", "title": "My 3 year old boy has had a fever for 6 days", "question": "My 3 year old boy has had a fever for 6 days", "answers": [{"text": "A fever for 6 days needs a blood test; see a paediatrician."}]})" "\n";
    for (int i = 10; i < 30; ++i)
        lines += R"({"id": "c)" + std::to_string(i) + R"(", "title": "My )" + std::to_string(i) +
                 R"( year old has a cough", "question": "Should I worry?", "answers": [{"text": "A cough in a child that old is common; honey and rest help."}]})" + "\n";
    test::write_file(dir / "in/t.jsonl", lines);
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    const SearchRequest request{.query = title, .collapse = true};
    auto first_thread = [&](const RankingParameters& ranking) {
        const auto hits = Searcher(dir / "db", test::annotator(), ranking).search(request).hits;
        return hits.empty() ? std::string() : hits.front().answer.thread;
    };
    CHECK(first_thread({}) == "cellulitis");
    CHECK(first_thread({.title_match_weight = 0}) == "fever");
}

TEST_CASE("a British or American spelling finds the other, at full weight") {
    test::TempDir dir;
    std::string lines =
        R"({"id": "g", "title": "Pelvic pain", "question": "Who should I see?", "answers": [{"text": "See a gynaecologist about the oedema."}, {"text": "See a gynecologist this week."}, {"text": "The sea air will do you good."}, {"text": "A livre of advice."}]})"
        "\n";
    // 120 answers say "liver": one "livre" among them is a stray word, not a spelling of it.
    for (int i = 0; i < 120; ++i)
        lines += R"({"id": "l)" + std::to_string(i) + R"(", "title": "Liver", "question": "Is my liver fine?", "answers": [{"text": "Your liver tests are normal."}]})" + "\n";
    test::write_file(dir / "in/t.jsonl", lines);
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    Searcher searcher(dir / "db", test::annotator());
    auto search = [&](const std::string& q) {
        auto found = ids(searcher.search(SearchRequest{.query = q, .limit = 200, .feedback = false}));
        std::sort(found.begin(), found.end());
        return found;
    };
    CHECK(search("gynecologist") == Ids{"g/1", "g/2"});
    CHECK(search("gynaecologist") == Ids{"g/1", "g/2"});
    CHECK(search("edema") == Ids{"g/1"});
    // Found already, "oedema" is no suggestion (Xapian's spelling data would make it one).
    CHECK(searcher.search(SearchRequest{.query = "edema"}).did_you_mean.empty());
    // Nor is it beside syntax: "edema" is a key of the synonym table (oedema), so a real word.
    CHECK(searcher.search(SearchRequest{.query = "edema AND see"}).did_you_mean.empty());
    // "seaeds" would stem to "sea": spellings are looked up as written.
    CHECK(search("seeds").empty());
    auto liver = search("liver");
    CHECK(liver.size() == 120);
    CHECK(std::find(liver.begin(), liver.end(), "g/4") == liver.end());
    // The answer that says the word is not outranked by the other spelling's: both are the word.
    auto r = searcher.search(SearchRequest{.query = "gynecologist", .feedback = false});
    REQUIRE(r.hits.size() == 2);
    CHECK(r.hits[0].score == doctest::Approx(r.hits[1].score).epsilon(0.2));
}

TEST_CASE("spelling: a misspelt word gets a suggestion, a word the answers hold does not") {
    Fixture f;
    f.index();
    CHECK(f.search("temporalsi atrophy").did_you_mean == "temporalis atrophy");
    CHECK(f.search("temporalis atrophy").did_you_mean.empty());
    CHECK(f.search("botox").did_you_mean.empty());
    // Xapian would correct "care", which an answer says, to the commoner "are" (a rare real word is
    // one letter from a common one): only the unknown word is corrected.
    CHECK(f.search("temporalsi care").did_you_mean == "temporalis care");
    CHECK(f.search("care").did_you_mean.empty());
    // "losses" is in no answer, but its stem is ("loss"): the search finds it, nothing to correct.
    CHECK(f.search("volume losses").did_you_mean.empty());
    // A stop word is no correction: the search would drop it ("cqn" was "can", "hxve" "have").
    CHECK(f.search("botox cqn").did_you_mean.empty());
    CHECK(f.search("hxve").did_you_mean.empty());
}

TEST_CASE("spelling: no suggestion for a word that finds answers through synonyms, nor one that changes most words") {
    Fixture f;
    f.index();
    Xapian::Database db = open_for_reading(f.db);
    const auto& a = test::annotator();
    QueryBuilder builder(db, a.anatomy(), a.stopwords());
    // "hollowing" and "hollow" are keys of the synonym table (atrophy): they find answers.
    for (const char* query : {"hollowing", "hollow", "botox hollowing"}) {
        CAPTURE(query);
        CHECK(f.search(query).hits.size() > 0);
        CHECK(builder.build(query, {}, {}).corrected.empty());
    }
    CHECK(builder.build("hollowing temporalsi", {}, {}).corrected == "hollowing temporalis");
    // Most words replaced is another query, not a spelling fix.
    CHECK(builder.build("temporalsi musle", {}, {}).corrected.empty());
    CHECK(builder.build("temporalsi musle botox", {}, {}).corrected.empty());
    CHECK(builder.build("temporalsi muscle botox", {}, {}).corrected == "temporalis muscle botox");
}

TEST_CASE("spelling: a synonym key is not corrected to a commoner word one letter away") {
    test::TempDir dir;
    // "following" in many answers, "hollowing" in none: it finds the atrophy answer through the
    // synonym table, and Xapian's spelling data would still offer "following".
    std::string lines =
        R"({"id": "a", "title": "Temples", "answers": [{"text": "Some atrophy of the temporalis can occur."}]})" "\n";
    for (int i = 0; i < 20; ++i)
        lines += R"({"id": "f)" + std::to_string(i) + R"(", "title": "Aftercare", "answers": [{"text": "Keep following the instructions and follow up."}]})" + "\n";
    test::write_file(dir / "in/t.jsonl", lines);
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    Searcher searcher(dir / "db", test::annotator());
    for (const char* query : {"hollowing", "hollow", "atrophy hollowing"}) {
        CAPTURE(query);
        const auto r = searcher.search(SearchRequest{.query = query, .feedback = false});
        CHECK(!r.hits.empty());
        CHECK(r.did_you_mean.empty());
    }
}

TEST_CASE("spelling: a query's control characters and stray bytes are spaces, with a notice for the bytes") {
    Fixture f;
    f.index();
    const auto plain = f.search("botox");
    const auto stray = f.search("botox\xff");
    CHECK(stray.hits.size() == plain.hits.size());
    CHECK(std::any_of(stray.notices.begin(), stray.notices.end(),
                      [](const std::string& n) { return n.find("not UTF-8") != std::string::npos; }));
    CHECK(plain.notices.empty());
    // The suggestion holds no escape sequence of the query.
    const auto escaped = f.search("temporalsi\x1b]0;x\x07 atrophy");
    CHECK(escaped.did_you_mean.find('\x1b') == std::string::npos);
    CHECK(escaped.did_you_mean.find("temporalis") != std::string::npos);
}

TEST_CASE("spelling: the query builder's suggestion is the one search shows, and keeps field words as typed") {
    Fixture f;
    f.index();
    Xapian::Database db = open_for_reading(f.db);
    const auto& a = test::annotator();
    QueryBuilder builder(db, a.anatomy(), a.stopwords());
    const std::vector<std::pair<std::string, std::string>> cases{
        // Xapian corrects "care", which an answer says, to the commoner "are", and "cqn" to the
        // stop word "can": neither is replaced, in the builder's suggestion as in the search's.
        {"temporalsi care", "temporalis care"},
        {"botox cqn", ""},
        // A filter narrows the query and a field's word is no word of the answers: both stay as
        // typed, the other words are corrected.
        {"stance:no temporalsi atrophy", "stance:no temporalis atrophy"},
        {"temporalsi Stance:no", "temporalis Stance:no"},
        {"title:botox temporalsi", "title:botox temporalis"},
        {"NOT stance:no temporalsi", "NOT stance:no temporalis"},
        // The same word in a field and on its own: only the free word is corrected.
        {"title:temporalsi temporalsi", "title:temporalsi temporalis"},
        {"thread:temporalsi temporalsi", "thread:temporalsi temporalis"},
        // A misspelt word only in a field is not corrected at all.
        {"title:temporalsi botox", ""},
    };
    for (const auto& [query, suggestion] : cases) {
        CAPTURE(query);
        CHECK(builder.build(query, {}, {}).corrected == suggestion);
        CHECK(f.search(query).did_you_mean == suggestion);
    }
}

TEST_CASE("an excluded word excludes the answers that say it, even when the title matches") {
    test::TempDir dir;
    test::write_file(dir / "in/t.jsonl",
                     R"({"id": "f", "title": "Fever after surgery", "question": "Is fever normal after surgery?", "answers": [{"text": "A mild temperature with a headache is common."}, {"text": "Some warmth is common for two days."}]})"
                     "\n");
    index_paths({dir / "in"}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    Searcher searcher(dir / "db", test::annotator());
    // Both answers match "fever" only through the title and question.
    CHECK(ids(searcher.search(SearchRequest{.query = "fever"})).size() == 2);
    CHECK(ids(searcher.search(SearchRequest{.query = "fever -headache"})) == Ids{"f/2"});
    CHECK(ids(searcher.search(SearchRequest{.query = "fever NOT headache"})) == Ids{"f/2"});
}

TEST_CASE("ranking parameters: BM25 b weighs answer length, a context weight of 0 leaves titles out") {
    Fixture f;
    f.index();
    // "atrophy" is said once each by answers 1, 3 and 6 of the seed, which differ in length.
    // Synonyms and title words are switched off so that BM25 alone scores them.
    auto scores = [&](double b) {
        RankingParameters p{.bm25_b = b, .context_weight = 0, .synonym_weight = 0};
        std::vector<double> out;
        for (const auto& h :
             Searcher(f.db, test::annotator(), p).search(SearchRequest{.query = "atrophy", .feedback = false}).hits)
            out.push_back(h.score);
        return out;
    };
    auto flat = scores(0), normalised = scores(1);
    REQUIRE(flat.size() == 3);
    REQUIRE(normalised.size() == 3);
    CHECK(flat[0] == doctest::Approx(flat[2]));  // no length normalisation: one mention, one score
    CHECK(normalised[0] > normalised[2] * 1.05);

    // "options" is a word of the Forehead-Lines question only.
    CHECK(ids(f.search("options", false)) == Ids{"Forehead-Lines/1"});
    Searcher no_context(f.db, test::annotator(), RankingParameters{.context_weight = 0});
    CHECK(no_context.search(SearchRequest{.query = "options"}).hits.empty());
}

TEST_CASE("long natural-language queries: a 200-word question and a 10,000-character paste") {
    Fixture f;
    f.index();
    // A patient's pasted question, with the greetings, times and worries of a real one.
    const std::string question =
        "Hello doctors, I am a 42 year old woman and I had botox in my temples and forehead about three "
        "weeks ago at a clinic near my home. It was my second time; the first time was last year and I was "
        "very happy with the result. This time the injector also put some units in the sides of my head "
        "because I told her I clench my jaw at night and get headaches. Now when I look in the mirror my "
        "temples look hollow and sunken, almost like a dent on each side, and my face looks older and thinner. "
        "My husband noticed it too. I read online that the temporalsi muscle can shrink after botox. Is this volume loss "
        "permanent or will it come back when the botox wears off? How long does that usually take, a few "
        "months? Is there anything I can do in the meantime, like fillers, massage or exercises, or should I "
        "just wait? Should I go back to the clinic or see a dermatologist or a plastic surgeon instead? I am "
        "really worried and would be grateful for any advice you can give me. Thank you so much for your time. "
        "Best wishes from a worried patient in Ohio.";
    REQUIRE(text::tokenize(question).size() >= 200);
    auto r = f.search(question);
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits.front().answer.thread == "botox-volume-loss");
    // It is searched by its key words, without spelling correction: searched whole, the
    // question would get its misspelt "temporalsi" corrected.
    CHECK(r.did_you_mean.empty());
    Xapian::Database db = open_for_reading(f.db);
    const auto& a = test::annotator();
    CHECK(QueryBuilder(db, a.anatomy(), a.stopwords()).build(question, {}, {}).corrected.empty());
    QueryBuilder whole(db, a.anatomy(), a.stopwords(), RankingParameters{.max_query_words = 1000});
    CHECK(whole.build(question, {}, {}).corrected.find("temporalis muscle") != std::string::npos);

    std::string paste;
    while (paste.size() < 10000) paste += question + " ";
    auto pasted = f.search(paste);
    REQUIRE_FALSE(pasted.hits.empty());
    CHECK(pasted.hits.front().answer.thread == "botox-volume-loss");

    // 10,000 characters and no word an answer has: nothing found, and no error.
    auto nonsense = f.search(std::string(10000, 'q'));
    CHECK(nonsense.hits.empty());
    // 100 different words no answer has: nothing found either (not every answer).
    std::string unknown;
    for (int i = 0; i < 100; ++i) unknown += "zqx" + std::to_string(i) + "vw ";
    auto unknown_paste = f.search(unknown);
    CHECK(unknown_paste.hits.empty());
    CHECK(unknown_paste.notices.empty());
}
