// Accent folding end to end: answers that write "Sjögren" are found by "sjogren" and the other
// way round, in answers, titles, phrases and synonyms; snippets show the words as written.

#include <doctest/doctest.h>

#include <algorithm>

#include "index/index_run.hpp"
#include "index/synonyms.hpp"
#include "search/searcher.hpp"
#include "support.hpp"

using namespace medqa;

namespace {

constexpr const char* kThreads =
    R"({"id": "dry", "title": "Dry eyes and a dry mouth", "question": "What could cause both?", "answers": [{"text": "This sounds like Sjögren's syndrome; ask for an anti-SSA test."}]})"
    "\n"
    R"({"id": "spin", "title": "Attacks of vertigo", "question": "The room spins for hours.", "answers": [{"text": "Ménière's disease causes vertigo with tinnitus."}, {"text": "Endolymphatic hydrops shows on a special MRI."}]})"
    "\n"
    R"({"id": "café-1", "title": "Brown spots on a child", "question": "Are they harmful?", "answers": [{"text": "Six or more cafe au lait spots can point to neurofibromatosis."}]})"
    "\n"
    R"({"id": "naive", "title": "Naïve T cells", "question": "A naive question: what are they?", "answers": [{"text": "Naïve T cells have not met their antigen yet."}, {"text": "No question is too naive to ask."}]})"
    "\n";

struct Fixture {
    test::TempDir dir;
    std::filesystem::path db = dir / "db";
    Fixture() {
        test::write_file(dir / "in/t.jsonl", kThreads);
        index_paths({dir / "in"}, db, test::annotator(), [](const ingest::Problem&) {});
    }
    SearchResult search(const std::string& q) {
        return Searcher(db, test::annotator()).search(SearchRequest{.query = q, .feedback = false});
    }
    std::vector<std::string> ids(const std::string& q) {
        std::vector<std::string> out;
        for (const auto& h : search(q).hits) out.push_back(h.answer.thread + "/" + h.answer.answer);
        std::sort(out.begin(), out.end());
        return out;
    }
};

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("a word typed without its accents finds the answers that write them, and the other way round") {
    Fixture f;
    CHECK(f.ids("sjogren") == Ids{"dry/1"});
    CHECK(f.ids("sjögren") == Ids{"dry/1"});
    CHECK(f.ids("Sjögren's") == Ids{"dry/1"});
    CHECK(f.ids("SJÖGREN'S") == Ids{"dry/1"});
    CHECK(f.ids("meniere") == Ids{"spin/1"});
    CHECK(f.ids("ménière") == Ids{"spin/1"});
    CHECK(f.ids("Ménière's") == Ids{"spin/1"});
    CHECK(f.ids("\"café au lait\"") == Ids{"café-1/1"});
    CHECK(f.ids("\"cafe au lait\"") == Ids{"café-1/1"});
    CHECK(f.ids("naïve -question") == Ids{"naive/1"});
    CHECK(f.ids("naive") == Ids{"naive/1", "naive/2"});
    // Title and question words too.
    CHECK(f.ids("title:naive") == Ids{"naive/1", "naive/2"});
    CHECK(f.ids("sjö*") == Ids{"dry/1"});
    // The words are indexed folded, so no spelling is suggested for a word written either way.
    CHECK(f.search("sjögren").did_you_mean.empty());
}

TEST_CASE("a thread id keeps its accents: thread: is exact, not a word") {
    Fixture f;
    CHECK(f.ids("thread:café-1") == Ids{"café-1/1"});
    CHECK(f.ids("thread:cafe-1").empty());
    REQUIRE_FALSE(f.search("neurofibromatosis").hits.empty());
    CHECK(f.search("neurofibromatosis").hits[0].answer.thread == "café-1");
}

TEST_CASE("a snippet highlights the word as the answer writes it") {
    Fixture f;
    for (const std::string query : {"sjogren", "sjögren"}) {
        CAPTURE(query);
        const auto r = f.search(query);
        REQUIRE(r.hits.size() == 1);
        CHECK(r.hits[0].snippet == "This sounds like **Sjögren's** syndrome; ask for an anti-SSA test.");
    }
    const auto cafe = f.search("café");
    REQUIRE(cafe.hits.size() == 1);
    CHECK(cafe.hits[0].snippet == "Six or more **cafe** au lait spots can point to neurofibromatosis.");
    const auto naive = f.search("naive cells");
    REQUIRE_FALSE(naive.hits.empty());
    CHECK(naive.hits[0].snippet == "**Naïve** T **cells** have not met their antigen yet.");
    // The stored text keeps its accents.
    CHECK(naive.hits[0].answer.text == "Naïve T cells have not met their antigen yet.");
}

TEST_CASE("a synonym written with accents is found by the words typed either way") {
    Fixture f;
    {
        Xapian::WritableDatabase db(f.db.string());
        write_synonyms(db, {{"Ménière's disease", "endolymphatic hydrops"}});
        db.commit();
    }
    CHECK(f.ids("meniere's disease") == Ids{"spin/1", "spin/2"});
    CHECK(f.ids("Ménière's disease") == Ids{"spin/1", "spin/2"});
    // And the other name finds the answer that names the disease with its accents.
    CHECK(f.ids("endolymphatic hydrops") == Ids{"spin/1", "spin/2"});
}
