// What keeps queries fast, and that it changes nothing a user would miss: snippets from the
// densest window of a long answer, facets over the best matches of a large result, proximity
// applied to the best matches' threads, spelling lookups only for unknown words.

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <map>

#include "index/index_run.hpp"
#include "search/query_builder.hpp"
#include "search/match_count.hpp"
#include "search/searcher.hpp"
#include "search/snippet.hpp"
#include "shard_corpus.hpp"
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

TEST_CASE("count: a sample of every k-th document id, scaled and rounded to two significant digits") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (Xapian::docid id = 1; id <= 12000; ++id) {
        Xapian::Document doc;
        doc.add_term("all");
        if (id <= 4000) doc.add_term("first-third");  // a sample spread over the ids sees a third
        if (id % 10 == 2) doc.add_term("off-sample");   // ids 2, 12, 22, ...: none of 1, 11, 21, ...
        db.add_document(doc);
    }
    auto sampled = [&](const std::string& term) { return count_matches(db, Xapian::Query(term), false, 1200); };
    CHECK(sampled("all")->matches == 12000);
    CHECK_FALSE(sampled("all")->exact);
    CHECK(sampled("first-third")->matches == 4000);
    CHECK(sampled("off-sample")->matches == 0);  // the sample is every 10th id, from 1
    CHECK(count_matches(db, Xapian::Query("off-sample"), false)->matches == 1200);  // few answers: all counted
    CHECK(count_matches(db, Xapian::Query("off-sample"), false)->exact);
    // Removed answers leave ids that match nothing; the scale is of the answers the sample holds.
    for (Xapian::docid id = 1; id <= 12000; id += 2) db.delete_document(id);
    CHECK(sampled("all")->matches == 6000);
    CHECK(sampled("first-third")->matches == 2000);
}

TEST_CASE("facets: every match counted on an index of fewer than kExactCountAnswers, whatever the page") {
    test::TempDir dir;
    test::write_shard_corpus(dir / "in", 3000);  // about 7,500 answers of a few dozen words
    index_input(dir);
    Searcher searcher(dir / "db", test::annotator());
    const std::string query = "botox temple";
    const std::string search = "search --db " + test::sh((dir / "db").string()) + " " + test::lexicon_arg();

    // Thousands match, and all are counted: the index is smaller than a count samples.
    auto all = searcher.search({.query = query});
    CHECK(all.matches_exact);
    CHECK(all.facets_complete);
    CHECK(all.estimated_matches > kFacetCheckAtLeast);
    CHECK(all.facet_sample == all.estimated_matches);
    Xapian::doccount counted = 0;
    for (const auto& [stance, n] : all.stance_facets) counted += n;
    CHECK(counted == all.facet_sample);  // each counted answer has one stance
    // The same facets on any page, with feedback or without (they used to count the matches the
    // page's own pass checked: "best 1040" at --limit 5, "best 1017" at 20, all at 1).
    for (bool feedback : {true, false})
        for (Xapian::doccount limit : {1u, 2u, 5u, 10u, 20u, 50u})
            for (Xapian::doccount offset : {0u, 7u, 100u}) {
                CAPTURE(feedback);
                CAPTURE(limit);
                CAPTURE(offset);
                auto page = searcher.search({.query = query, .offset = offset, .limit = limit, .feedback = feedback});
                CHECK(page.facets_complete);
                CHECK(page.facet_sample == all.facet_sample);
                CHECK(page.stance_facets == all.stance_facets);
                CHECK(page.anatomy_facets == all.anatomy_facets);
                CHECK(page.estimated_matches == all.estimated_matches);
            }
    // The output says nothing of a sample.
    auto related = [](const SearchResult& r) {
        return r.related_matches == 0 ? std::string() : fmt::format(" ({} more related)", r.related_matches);
    };
    for (const char* limit : {"1", "5", "20"}) {
        auto text = test::run_medqa(search + " --limit " + limit + " " + test::sh(query));
        CHECK(text.exit_code == 0);
        CHECK_MESSAGE(text.out.starts_with(fmt::format("{} answers match \"{}\"{}  stance: ", all.estimated_matches,
                                                       query, related(all))),
                      text.out.substr(0, 200));
    }

    // --exact counts the same; few matches too.
    SearchRequest all_of_them{.query = query};
    all_of_them.exact = true;
    auto every = searcher.search(all_of_them);
    CHECK(every.matches_exact);
    CHECK(every.facets_complete);
    CHECK(every.facet_sample == every.estimated_matches);
    CHECK(every.estimated_matches == all.estimated_matches);
    CHECK(every.stance_facets == all.stance_facets);
    CHECK(every.anatomy_facets == all.anatomy_facets);
    auto few = searcher.search({.query = query, .stances = {"no"}, .anatomy = {"eyelid"}, .limit = 3});
    CHECK(few.estimated_matches < kFacetCheckAtLeast);
    CHECK(few.matches_exact);
    CHECK(few.facets_complete);
    CHECK(few.facet_sample == few.estimated_matches);
    // Xapian estimates collapsed matches even when it checked them all ("40" for 16 threads);
    // fewer matches than it checks are counted exactly.
    SearchRequest few_threads{.query = query, .stances = {"no"}, .anatomy = {"eyelid"}, .limit = 3, .collapse = true};
    auto counted_threads = searcher.search(few_threads);
    few_threads.exact = true;
    CHECK(counted_threads.matches_exact);
    CHECK(counted_threads.estimated_matches == searcher.search(few_threads).estimated_matches);

    // Collapsed, the count is of threads and the facets count their answers (all the answers
    // that match, as above), and the output says which; --exact or not.
    all_of_them.collapse = true;
    auto threads = searcher.search(all_of_them);
    CHECK(threads.estimated_matches < every.estimated_matches);
    CHECK(threads.facet_sample == every.estimated_matches);
    auto collapsed = searcher.search({.query = query, .offset = 4, .limit = 3, .collapse = true});
    CHECK(collapsed.matches_exact);
    CHECK(collapsed.facets_complete);
    CHECK(collapsed.estimated_matches == threads.estimated_matches);
    CHECK(collapsed.facet_sample == every.estimated_matches);
    CHECK(collapsed.stance_facets == every.stance_facets);
    for (const char* exact : {" --exact", ""}) {
        auto text = test::run_medqa(search + " --collapse" + exact + " " + test::sh(query));
        CHECK(text.exit_code == 0);
        CHECK_MESSAGE(text.out.starts_with(fmt::format("{} threads match \"{}\"{}  stance (their {} answers): ",
                                                       threads.estimated_matches, query, related(threads),
                                                       every.estimated_matches)),
                      text.out.substr(0, 200));
    }
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

TEST_CASE("a plain query is cut into segments of one word each, a synonym key's words kept together") {
    test::TempDir dir;
    test::write_file(dir / "in/s.jsonl",
                     R"({"id": "s", "title": "t", "question": "q", "answers": [{"text": "Kidney stones may recur."}]})" "\n");
    index_input(dir);
    Xapian::Database db((dir / "db").string());
    QueryBuilder builder(db, test::annotator().anatomy(), test::annotator().stopwords());
    using Segments = std::vector<std::string>;
    CHECK(builder.segments("temporalis atrophy") == Segments{"temporalis", "atrophy"});
    // "kidney stones" is a synonym key (of nephrolithiasis): Xapian must see both words at once.
    CHECK(builder.segments("kidney stones recurrence") == Segments{"kidney stones", "recurrence"});
    CHECK(builder.segments("  will  kidney   stones come back?") == Segments{"kidney   stones", "come back?"});
    // Stop words are left out, as the whole text's parse leaves them out.
    CHECK(builder.segments("should probiotics be taken before, during, or after meals?") ==
          Segments{"probiotics", "taken", "meals?"});
    CHECK(builder.segments("the botox of it") == Segments{"botox"});
    // What is written without a space ("U.S.", "don't") Xapian may read as one word.
    CHECK(builder.segments("U.S. nurses don't") == Segments{"U.S.", "nurses", "don't"});
    CHECK(builder.segments("what is it") == Segments{"what is it"});  // stop words only: whole
    // The stop words stay out of the query, as they did in the whole text.
    const std::string terms = builder.build("should probiotics be taken before, during, or after meals?", {}, {})
                                  .query.get_description();
    for (const char* stop : {"Zor", "Zafter", "Zbefor", "Zshould"}) CHECK_MESSAGE(terms.find(stop) == std::string::npos, stop);
}

TEST_CASE("typographic apostrophes and dashes leave a query plain, curly double quotes make a phrase") {
    test::TempDir dir;
    test::write_file(dir / "in/s.jsonl",
                     R"({"id": "s", "title": "t", "question": "q", "answers": [{"text": "Cow's milk allergy."}]})" "\n");
    index_input(dir);
    Xapian::Database db((dir / "db").string());
    QueryBuilder builder(db, test::annotator().anatomy(), test::annotator().stopwords());
    // Phones type U+2019 for the apostrophe and U+2013 for a dash: plain words, segmented and
    // with the proximity bonus, as with their ASCII forms.
    for (const char* typed : {"cow\xE2\x80\x99s milk allergy", "milk \xE2\x80\x93 allergy"}) {
        const BuiltQuery built = builder.build(typed, {}, {});
        CHECK_MESSAGE(built.plain, typed);
        CHECK_MESSAGE(!built.bonuses.empty(), typed);
    }
    const BuiltQuery quoted = builder.build("\xE2\x80\x9Cmilk allergy\xE2\x80\x9D", {}, {});
    CHECK_FALSE(quoted.plain);
    CHECK(quoted.query.get_description().find("PHRASE") != std::string::npos);
}

TEST_CASE("grouping a query by word rather than by field changes no answer's weight") {
    test::TempDir dir;
    std::string jsonl;
    const char* answers[] = {"Kidney stones may come back within five years.", "Renal calculi recur in half of patients.",
                             "Stones in the kidney: drink water.", "A kidney infection needs antibiotics.",
                             "Recurrence of nephrolithiasis is common.", "The weather in the garden."};
    for (size_t i = 0; i < std::size(answers); ++i)
        jsonl += fmt::format(R"({{"id": "t{}", "title": "Question {}", "question": "What now?", "answers": [{{"text": "{}"}}]}})"
                             "\n",
                             i, i, answers[i]);
    test::write_file(dir / "in/k.jsonl", jsonl);
    index_input(dir);
    Xapian::Database db((dir / "db").string());
    QueryBuilder builder(db, test::annotator().anatomy(), test::annotator().stopwords());
    const Xapian::Query by_word = builder.build("kidney stones recurrence", {}, {}).query;
    // by_word: OR of the segments, each OR(answer words, synonyms, title and question) with
    // the synonyms and context scaled, then the phrase synonyms, scaled. The same parts
    // grouped by field are the query as it was built before segments.
    REQUIRE(by_word.get_type() == Xapian::Query::OP_OR);
    REQUIRE(by_word.get_num_subqueries() == 3);  // "kidney stones", " recurrence", the phrases
    std::vector<Xapian::Query> fields[3];
    for (size_t s = 0; s < 2; ++s) {
        const Xapian::Query segment = by_word.get_subquery(s);
        REQUIRE(segment.get_num_subqueries() == 3);
        fields[0].push_back(segment.get_subquery(0));
        for (size_t f = 1; f < 3; ++f) {
            REQUIRE(segment.get_subquery(f).get_type() == Xapian::Query::OP_SCALE_WEIGHT);
            fields[f].push_back(segment.get_subquery(f).get_subquery(0));
        }
    }
    fields[1].push_back(by_word.get_subquery(2).get_subquery(0));  // phrases: weighed as synonyms
    const RankingParameters ranking;
    const std::vector<Xapian::Query> parts{
        Xapian::Query(Xapian::Query::OP_OR, fields[0].begin(), fields[0].end()),
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, fields[1].begin(), fields[1].end()),
                      ranking.synonym_weight),
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, fields[2].begin(), fields[2].end()),
                      ranking.context_weight)};
    const Xapian::Query by_field(Xapian::Query::OP_OR, parts.begin(), parts.end());
    auto weights = [&](const Xapian::Query& query) {
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        std::map<Xapian::docid, double> out;
        const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
        for (auto it = all.begin(); it != all.end(); ++it) out[*it] = it.get_weight();
        return out;
    };
    const auto word = weights(by_word), field = weights(by_field);
    CHECK(word.size() == 5);  // every answer about the kidney, by its words or synonyms
    REQUIRE(word.size() == field.size());
    for (const auto& [doc, w] : word) {
        REQUIRE(field.count(doc) == 1);
        CHECK(w == doctest::Approx(field.at(doc)).epsilon(1e-9));
    }
}
