// What keeps queries fast, and that it changes nothing a user would miss: snippets from the
// densest window of a long answer, facets over the best matches of a large result, proximity
// applied to the best matches' threads, spelling lookups only for unknown words.

#include <doctest/doctest.h>

#include <fmt/format.h>

#include "index/index_run.hpp"
#include "search/searcher.hpp"
#include "search/snippet.hpp"
#include "support.hpp"

using namespace medqa;

namespace {

const Xapian::Stem kEnglish("english");

// Filler that says none of the query's words.
std::string filler(size_t sentences) {
    std::string out;
    for (size_t i = 0; i < sentences; ++i) out += fmt::format("Sentence {} talks about the weather and the garden. ", i);
    return out;
}

// Indexes dir/in into dir/db; every record must be accepted.
void index_input(const test::TempDir& dir) {
    index_paths({dir / "in"}, dir / "db", test::annotator(),
                [](const ingest::Problem& p) { FAIL_CHECK(p.where << ": " << p.reason); }, {});
}

}  // namespace

TEST_CASE("the snippet window: where the query's words are densest, at word boundaries") {
    const std::string text = filler(40) + "Temporalis atrophy after injections is rare. " + filler(40);
    const size_t at = text.find("Temporalis");

    SUBCASE("a long text: the window holds the words and starts a little before them") {
        auto w = densest_window(text, SnippetWords({"temporalis", "atrophy"}, kEnglish), 400);
        CHECK(w.begin <= at);
        CHECK(w.begin + 400 > at);
        CHECK(w.end - w.begin <= 400);
        CHECK(w.end > text.find("atrophy"));
        CHECK(text[w.begin] == 'S');  // a word starts it ("Sentence")
    }
    SUBCASE("inflections count: 'atrophic' matches the query word 'atrophy' through the stemmer") {
        const std::string t = filler(40) + "The muscle looked atrophied. " + filler(40);
        auto w = densest_window(t, SnippetWords({"atrophy"}, kEnglish), 300);
        CHECK(w.begin < t.find("atrophied"));
        CHECK(w.end > t.find("atrophied"));
    }
    SUBCASE("two words together beat one word alone, even later in the text") {
        const std::string t = "Atrophy is mentioned here. " + filler(30) + "Temporalis atrophy here. " + filler(30);
        auto w = densest_window(t, SnippetWords({"temporalis", "atrophy"}, kEnglish), 300);
        CHECK(w.begin > 0);
        CHECK(w.begin <= t.find("Temporalis"));
    }
    SUBCASE("no query word: the start of the text") {
        auto w = densest_window(text, SnippetWords({"masseter"}, kEnglish), 300);
        CHECK(w.begin == 0);
        CHECK(w.end <= 300);
    }
    SUBCASE("hundreds of query words (a pasted question): the place where most of them are said") {
        std::vector<std::string> many;
        for (int i = 0; i < 300; ++i) many.push_back("word" + std::to_string(i));
        const std::string t = "Word1 alone. " + filler(30) + "Then word5, word6 and word7 together. " + filler(30);
        auto w = densest_window(t, SnippetWords(many, kEnglish), 300);
        CHECK(w.begin <= t.find("word5"));
        CHECK(w.end > t.find("word7"));
    }
    SUBCASE("a text shorter than the window is taken whole") {
        auto w = densest_window("Short answer.", SnippetWords({"temporalis"}, kEnglish), 300);
        CHECK(w.begin == 0);
        CHECK(w.end == 13);
    }
}

TEST_CASE("search: a long answer's snippet shows the query's words from deep inside it") {
    test::TempDir dir;
    const std::string answer = filler(60) + "Temporalis atrophy after injections is rare. " + filler(60);
    test::write_file(dir / "in/long.jsonl",
                     R"({"id": "long", "title": "Weather", "question": "Tell me", "answers": [{"text": ")" + answer +
                         R"("}, {"text": "Nothing to see."}]})"
                         "\n");
    index_input(dir);
    auto r = Searcher(dir / "db", test::annotator()).search({.query = "temporalis atrophy"});
    REQUIRE(r.hits.size() == 1);
    const std::string& s = r.hits[0].snippet;
    CHECK(s.find("**Temporalis**") != std::string::npos);
    CHECK(s.find("**atrophy**") != std::string::npos);
    CHECK(s.starts_with("…"));  // text was left out before it
    CHECK(s.ends_with("…"));    // and after it
    CHECK(s.size() < 400);
}

TEST_CASE("facets: counted over all matches when few match, over the best ones when many do") {
    test::TempDir dir;
    // kFacetCheckAtLeast + 500 answers that all say "botox", every third one "not" (a no).
    const size_t answers = kFacetCheckAtLeast + 500;
    std::string jsonl;
    for (size_t i = 0; i < answers; i += 2)
        jsonl += fmt::format(
            R"({{"id": "t{}", "title": "Can botox cause a loss of volume?", "question": "Botox {}?", "answers": [{{"text": "Botox does not cause volume loss in the temple."}}, {{"text": "Yes, botox can cause some volume loss."}}]}})"
            "\n",
            i, i);
    test::write_file(dir / "in/many.jsonl", jsonl);
    index_input(dir);
    Searcher searcher(dir / "db", test::annotator());

    auto all = searcher.search({.query = "botox"});
    REQUIRE(all.estimated_matches >= answers);
    CHECK(all.facet_sample >= kFacetCheckAtLeast);
    CHECK(all.facet_sample < all.estimated_matches);
    Xapian::doccount counted = 0;
    for (const auto& [stance, n] : all.stance_facets) counted += n;
    CHECK(counted == all.facet_sample);  // each counted answer has one stance

    // The output says what the facets counted.
    auto text = test::run_medqa("search --db " + test::sh((dir / "db").string()) + " " + test::lexicon_arg() + " botox");
    CHECK(text.exit_code == 0);
    CHECK(text.out.find(fmt::format("stance (best {}):", all.facet_sample)) != std::string::npos);

    auto few = searcher.search({.query = "botox", .stances = {"no"}, .anatomy = {}, .limit = 3});
    CHECK(few.estimated_matches < kFacetCheckAtLeast);
    CHECK(few.facet_sample == few.estimated_matches);
}

TEST_CASE("proximity re-ranks the best matches: words said together rank first") {
    test::TempDir dir;
    // Both answers say both words once; only one says them within kProximityWindow words of
    // each other. The other is shorter, so that without the proximity bonus it ranks first.
    std::string jsonl =
        R"({"id": "apart", "title": "t", "question": "q", "answers": [{"text": "Kidney care matters a great deal to everyone who has had trouble of this kind. Stones form."}]})"
        "\n"
        R"({"id": "together", "title": "t", "question": "q", "answers": [{"text": "Kidney stones can come back after treatment in many people, so drink plenty of water every day and see your doctor for a check every year or two, as most of them need."}]})"
        "\n";
    // Other answers, so that the two words are rare enough to weigh something in BM25.
    for (int i = 0; i < 10; ++i)
        jsonl += fmt::format(R"({{"id": "other-{}", "title": "t", "question": "q", "answers": [{{"text": "{}"}}]}})"
                             "\n",
                             i, filler(2));
    test::write_file(dir / "in/p.jsonl", jsonl);
    index_input(dir);
    RankingParameters without;
    without.proximity_weight = 0;
    auto plain = Searcher(dir / "db", test::annotator(), without).search({.query = "kidney stones"});
    auto near = Searcher(dir / "db", test::annotator()).search({.query = "kidney stones"});
    REQUIRE(plain.hits.size() == 2);
    REQUIRE(near.hits.size() == 2);
    CHECK(plain.hits[0].answer.thread == "apart");
    CHECK(near.hits[0].answer.thread == "together");
    CHECK(near.hits[0].score > plain.hits[1].score);  // the bonus is added, nothing taken away
    CHECK(near.estimated_matches == plain.estimated_matches);
}
