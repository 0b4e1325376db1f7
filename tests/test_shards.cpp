// Sharded indexes on this machine (medqa index --shards N): the same archive as one database
// and as shards gives the same search results, facets, consensus, spelling, `show` and `stats`;
// incremental runs route each thread to its shard; another number of shards is a rebuild.
// Remote shards: test_remote_shards.cpp.

#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "index/database.hpp"
#include "index/index_run.hpp"
#include "index/sharded_index.hpp"
#include "index_dump.hpp"
#include "search/catalog.hpp"
#include "search/match_count.hpp"
#include "search/searcher.hpp"
#include "shard_corpus.hpp"
#include "support.hpp"

using namespace medqa;
namespace fs = std::filesystem;

namespace {

struct Layouts {
    test::TempDir dir;
    fs::path in = dir / "in";
    fs::path single = dir / "single";
    fs::path sharded = dir / "sharded";
    std::vector<ingest::Problem> problems;

    IndexReport index(const fs::path& db, unsigned shards, IndexOptions options = {}) {
        options.shards = shards;
        return index_paths({in}, db, test::annotator(), [&](const ingest::Problem& p) { problems.push_back(p); }, options);
    }
    void index_both(unsigned shards = 3) {
        index(single, 1);
        index(sharded, shards);
    }
    // Every request: the layout-independent part of the results, single vs sharded.
    void check_same_results() {
        Searcher one(single, test::annotator()), many(sharded, test::annotator());
        for (const auto& request : test::shard_queries()) {
            INFO("query: " << request.query << " offset " << request.offset << (request.collapse ? " collapsed" : ""));
            CHECK(test::layout_independent(many.search(request)) == test::layout_independent(one.search(request)));
        }
    }
};

std::vector<std::string> shard_ids(const fs::path& shard) {
    std::vector<std::string> ids;
    Xapian::Database db(shard.string());
    for (auto it = db.allterms_begin("XTHREAD"); it != db.allterms_end("XTHREAD"); ++it) ids.push_back(*it);
    return ids;
}

}  // namespace

TEST_CASE("shards: 3 shards answer 50 queries as one database does, and show and stats agree") {
    Layouts l;
    test::write_shard_corpus(l.in, 3000);
    l.index_both(3);
    CHECK(shard_count(l.sharded) == 3);
    CHECK(fs::exists(l.sharded / "XAPIANDB"));
    CHECK(l.problems.empty());

    // Every thread is in exactly the shard its id hashes to.
    size_t threads = 0;
    for (unsigned i = 0; i < 3; ++i)
        for (const auto& term : shard_ids(shard_path(l.sharded, i))) {
            ++threads;
            CHECK((ShardRoute{i, 3}.takes(schema::term_value(schema::kThreadPrefix, term))));
        }
    CHECK(threads == 3000);
    for (unsigned i = 0; i < 3; ++i) CHECK(shard_ids(shard_path(l.sharded, i)).size() > 800);  // spread evenly

    l.check_same_results();

    auto one = database_stats(open_for_reading(l.single)), many = database_stats(open_for_reading(l.sharded));
    CHECK(many.threads == one.threads);
    CHECK(many.answers == one.answers);
    CHECK(many.stance == one.stance);
    CHECK(many.anatomy == one.anatomy);
    for (const std::string id : {"t0", "t1", "t2", "t1234", "t2999"}) {
        auto a = thread_answers(open_for_reading(l.single), id), b = thread_answers(open_for_reading(l.sharded), id);
        REQUIRE(a.size() == b.size());
        for (size_t i = 0; i < a.size(); ++i) CHECK(encode(a[i]) == encode(b[i]));
    }
}

TEST_CASE("shards: synonyms and spelling come from the local database, none from the shards") {
    Layouts l;
    test::write_shard_corpus(l.in, 300);
    l.index_both(3);
    // Xapian's remote backend serves neither: results must not depend on where shards are.
    for (unsigned i = 0; i < 3; ++i) {
        Xapian::Database shard(shard_path(l.sharded, i).string());
        CHECK(shard.synonym_keys_begin() == shard.synonym_keys_end());
        CHECK(shard.spellings_begin() == shard.spellings_end());
    }
    Xapian::Database local((l.sharded / "local").string()), single(l.single.string());
    CHECK(local.get_doccount() == 0);
    // The same spelling data as the single database, word for word and count for count.
    std::vector<std::pair<std::string, Xapian::doccount>> a, b;
    for (auto it = single.spellings_begin(); it != single.spellings_end(); ++it) a.emplace_back(*it, it.get_termfreq());
    for (auto it = local.spellings_begin(); it != local.spellings_end(); ++it) b.emplace_back(*it, it.get_termfreq());
    CHECK(a.size() > 20);
    CHECK(a == b);
    CHECK(std::distance(local.synonym_keys_begin(), local.synonym_keys_end()) ==
          std::distance(single.synonym_keys_begin(), single.synonym_keys_end()));
    auto r = Searcher(l.sharded, test::annotator()).search(test::plain("botx"));
    CHECK(r.did_you_mean == "botox");
    CHECK(Searcher(l.sharded, test::annotator()).search(test::plain("wasting")).hits.size() > 0);  // atrophy, by synonym
}

TEST_CASE("shards: incremental runs route changes, removals and new files to the right shard") {
    Layouts l;
    test::write_shard_corpus(l.in, 400);
    l.index_both(3);
    // Change a file (one thread rewritten, one dropped), add one, delete one; then index both.
    std::string part0 = test::read_file(l.in / "part-0.jsonl");
    auto first_line_end = part0.find('\n');
    auto second_line_end = part0.find('\n', first_line_end + 1);
    part0 = R"({"id": "t0", "title": "Changed", "question": "Is botox changed?", "answers": [{"text": "No, botox rewritten."}]})" "\n" +
            part0.substr(second_line_end + 1);  // t0 changed, t4 gone
    test::write_file(l.in / "part-0.jsonl", part0);
    fs::last_write_time(l.in / "part-0.jsonl", fs::last_write_time(l.in / "part-0.jsonl") + std::chrono::seconds(1));
    test::write_file(l.in / "new.jsonl", R"({"id": "fresh", "title": "New", "question": "Is it new?", "answers": [{"text": "Yes, fresh botox."}]})" "\n");
    fs::remove(l.in / "part-3.jsonl");

    auto one = l.index(l.single, 0), many = l.index(l.sharded, 0);  // 0: as the index is
    CHECK(shard_count(l.sharded) == 3);
    CHECK(many.added == one.added);
    CHECK(many.updated == one.updated);
    CHECK(many.removed == one.removed);
    CHECK(many.unchanged == one.unchanged);
    CHECK(many.files == one.files);
    CHECK(one.added == 1);
    CHECK(one.updated == 1);
    CHECK(one.removed == 101);  // t4 and part-3's hundred
    l.check_same_results();
    // The words of the threads removed and rewritten left the spelling data: both layouts hold
    // that of a fresh build of the files, word for word and count for count.
    l.index(l.dir / "rebuilt", 1);
    CHECK(test::spelling_dump(l.single) == test::spelling_dump(l.dir / "rebuilt"));
    CHECK(test::spelling_dump(l.sharded) == test::spelling_dump(l.dir / "rebuilt"));
    auto fresh = thread_answers(open_for_reading(l.sharded), "fresh");
    REQUIRE(fresh.size() == 1);
    for (unsigned i = 0; i < 3; ++i) {
        auto ids = shard_ids(shard_path(l.sharded, i));
        CHECK((std::find(ids.begin(), ids.end(), "XTHREADfresh") != ids.end()) == ShardRoute{i, 3}.takes("fresh"));
    }

    // A second run finds nothing to do in any shard.
    auto again = l.index(l.sharded, 0);
    CHECK(again.files_read == 0);
    CHECK(again.added + again.updated + again.removed == 0);
}

TEST_CASE("shards: a file named on the command line and deleted since has its threads removed from every shard") {
    Layouts l;
    test::write_shard_corpus(l.in, 200);
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(l.in)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() > 1);
    auto index = [&](const fs::path& db, unsigned shards) {
        IndexOptions options;
        options.shards = shards;
        return index_paths(files, db, test::annotator(), [&](const ingest::Problem& p) { l.problems.push_back(p); },
                           options);
    };
    index(l.single, 1);
    index(l.sharded, 3);
    const size_t before = database_stats(open_for_reading(l.sharded)).threads;
    fs::remove(files[0]);
    auto one = index(l.single, 0), many = index(l.sharded, 0);
    CHECK(l.problems.empty());
    CHECK(many.removed > 0);
    CHECK(many.removed == one.removed);
    CHECK(database_stats(open_for_reading(l.sharded)).threads == before - many.removed);
    l.check_same_results();
}

TEST_CASE("shards: the threads a file that now fails keeps are added up over the shards, once per file") {
    test::TempDir dir;
    const fs::path file = dir / "in/a.jsonl", db = dir / "db";
    auto line = [](int i) {
        return R"({"id": "t)" + std::to_string(i) + R"(", "title": "Gout )" + std::to_string(i) +
               R"(", "answers": [{"text": "Gout flares."}]})" "\n";
    };
    std::string all;
    for (int i = 0; i < 12; ++i) all += line(i);
    test::write_file(file, all);
    std::vector<ingest::Problem> problems;
    IndexOptions options;
    options.shards = 3;
    index_paths({file.parent_path()}, db, test::annotator(), [&](const ingest::Problem& p) { problems.push_back(p); },
                options);
    test::write_file(file, line(0) + "{not json\n");
    for (unsigned workers : {1u, 2u}) {
        CAPTURE(workers);
        problems.clear();
        IndexOptions again;
        again.workers = workers;
        auto r = index_paths({file.parent_path()}, db, test::annotator(),
                             [&](const ingest::Problem& p) { problems.push_back(p); }, again);
        CHECK(problems.size() == 1);
        REQUIRE(r.kept.size() == 1);
        CHECK(r.kept[0].file == file.string());
        CHECK(r.kept[0].threads == 11);
        CHECK(r.kept[0].where == file.string() + ":2");
        CHECK(r.kept_threads() == 11);
        CHECK(database_stats(open_for_reading(db)).threads == 12);
    }
}

TEST_CASE("shards: a link left dangling is a file deleted, and one that cannot be examined is reported once") {
    test::TempDir dir;
    const fs::path in = dir / "in", target = dir / "out/w.jsonl", db = dir / "db";
    test::write_file(target, R"({"id": "w", "title": "Warts", "answers": [{"text": "Warts go."}]})" "\n");
    test::write_file(in / "x.jsonl", R"({"id": "x", "title": "Gout", "answers": [{"text": "Gout flares."}]})" "\n");
    fs::create_symlink(target, in / "w.jsonl");
    std::vector<ingest::Problem> problems;
    IndexOptions options;
    options.shards = 3;
    index_paths({in}, db, test::annotator(), [&](const ingest::Problem& p) { problems.push_back(p); }, options);
    REQUIRE(problems.empty());
    fs::remove(target);
    auto r = index_paths({in}, db, test::annotator(), [&](const ingest::Problem& p) { problems.push_back(p); });
    CHECK(problems.empty());
    CHECK(r.removed == 1);
    CHECK(r.kept_threads() == 0);
    CHECK(database_stats(open_for_reading(db)).threads == 1);
    // A loop of links cannot be examined: reported by one shard, not by all three.
    fs::create_symlink(in / "l2.jsonl", in / "l1.jsonl");
    fs::create_symlink(in / "l1.jsonl", in / "l2.jsonl");
    r = index_paths({in}, db, test::annotator(), [&](const ingest::Problem& p) { problems.push_back(p); });
    CHECK(problems.size() == 2);
    CHECK(r.rejected == 2);
}

TEST_CASE("shards: another number of shards rebuilds the index, and 1 makes it one database again") {
    Layouts l;
    test::write_shard_corpus(l.in, 200);
    l.index(l.sharded, 2);
    CHECK(shard_count(l.sharded) == 2);
    auto rebuilt = l.index(l.sharded, 3);
    CHECK(rebuilt.added == 200);
    CHECK(shard_count(l.sharded) == 3);
    CHECK(database_stats(open_for_reading(l.sharded)).threads == 200);
    l.index(l.sharded, 1);
    CHECK(shard_count(l.sharded) == 1);
    CHECK(!fs::exists(l.sharded / "XAPIANDB"));
    CHECK(database_stats(open_for_reading(l.sharded)).threads == 200);
    // --rebuild keeps the number of shards; on one process too.
    l.index(l.sharded, 4);
    IndexOptions one_process;
    one_process.workers = 1;
    auto report = rebuild_index({l.in}, l.sharded, test::annotator(), [](const ingest::Problem&) {}, one_process);
    CHECK(report.added == 200);
    CHECK(shard_count(l.sharded) == 4);
    CHECK(!fs::exists(l.dir / "sharded.rebuild"));
}

TEST_CASE("shards: a bad record is reported once, and --strict leaves a sharded index as it was") {
    Layouts l;
    test::write_shard_corpus(l.in, 50, 1);
    test::write_file(l.in / "bad.jsonl", "this is no json\n" R"({"id": "", "answers": []})" "\n");
    IndexOptions one_process;  // where the problems reach this process's callback
    one_process.workers = 1;
    auto report = l.index(l.sharded, 3, one_process);
    CHECK(report.threads == 50);
    CHECK(report.rejected == 2);
    CHECK(l.problems.size() == 2);

    IndexOptions strict;
    strict.strict = true;
    test::write_file(l.in / "more.jsonl", R"({"id": "more", "title": "T", "question": "Q?", "answers": [{"text": "Yes."}]})" "\n");
    auto [message, code] = test::error_of([&] { l.index(l.sharded, 0, strict); });
    CHECK(code == ExitCode::bad_input);
    CHECK(thread_answers(open_for_reading(l.sharded), "more").empty());
}

TEST_CASE("shards: medqa index refuses a stub file, or a stub folder that is no sharded medqa index") {
    Layouts l;
    test::write_shard_corpus(l.in, 20, 1);
    test::write_file(l.dir / "stub", "auto sharded/local\n");
    auto [file_message, file_code] = test::error_of([&] { l.index(l.dir / "stub", 0); });
    CHECK(file_code == ExitCode::no_database);
    test::write_file(l.dir / "foreign" / "XAPIANDB", "auto elsewhere\n");
    auto [folder_message, folder_code] = test::error_of([&] { l.index(l.dir / "foreign", 0); });
    CHECK(folder_code == ExitCode::no_database);
    CHECK(folder_message.find("not a sharded medqa index") != std::string::npos);
}

TEST_CASE("shards: a shard or the local database given as --db is refused for indexing, named as part of its index") {
    Layouts l;
    test::write_shard_corpus(l.in, 40, 1);
    l.index(l.sharded, 2);
    const auto before = shard_ids(shard_path(l.sharded, 0));
    const std::string index = "index into the whole index, which sends each thread to its shard: medqa index --db " +
                              l.sharded.string() + " [PATH...]";
    for (const auto& [part, what] : {std::pair{shard_path(l.sharded, 0), "shard 0 of 2"},
                                     std::pair{fs::path(shard_path(l.sharded, 1).string() + "/"), "shard 1 of 2"},
                                     std::pair{l.sharded / "local", "the local database"}}) {
        CAPTURE(part);
        for (bool rebuild : {false, true}) {
            CAPTURE(rebuild);
            try {
                rebuild ? rebuild_index({l.in}, part, test::annotator(), [](const ingest::Problem&) {}, {})
                        : l.index(part, 0);
                FAIL("indexed into a part");
            } catch (const Error& e) {
                CHECK(e.code() == ExitCode::no_database);
                CHECK(std::string(e.what()) == part.string() + ": " + what + " of the sharded index " +
                                                   l.sharded.string() + ", not an index of its own");
                CHECK(e.hint() == index);
            }
        }
    }
    CHECK(shard_ids(shard_path(l.sharded, 0)) == before);
    CHECK(Xapian::Database((l.sharded / "local").string()).get_doccount() == 0);
    CHECK_FALSE(part_of_sharded_index(l.sharded));
    l.index(l.single, 1);
    CHECK_FALSE(part_of_sharded_index(l.single));

    // Reading one is no harm, but says what it is.
    auto searched = test::run_medqa("search --db " + test::sh(shard_path(l.sharded, 0).string()) + " " +
                                    test::lexicon_arg() + " botox");
    CHECK(searched.exit_code == 0);
    CHECK(searched.err == "medqa: note: " + shard_path(l.sharded, 0).string() + " is shard 0 of 2 of the sharded index " +
                              l.sharded.string() + ": only its threads are read; --db " + l.sharded.string() +
                              " reads them all\n");
    auto indexed = test::run_medqa("index --db " + test::sh((l.sharded / "local").string()) + " " + test::lexicon_arg() +
                                   " " + test::sh(l.in.string()));
    CHECK(indexed.exit_code == 4);
    CHECK(indexed.err.find("the local database of the sharded index " + l.sharded.string()) != std::string::npos);
}

TEST_CASE("shards: the medqa command builds shards, and search, show, stats and eval read them as one database") {
    Layouts l;
    test::write_shard_corpus(l.in, 300, 2);
    const std::string lexicons = test::lexicon_arg();
    REQUIRE(test::run_medqa("index --shards 1 --db " + test::sh(l.single.string()) + " " + lexicons + " " +
                            test::sh(l.in.string())).exit_code == 0);
    auto built = test::run_medqa("index --shards 3 --format json --db " + test::sh(l.sharded.string()) + " " + lexicons +
                                 " " + test::sh(l.in.string()));
    REQUIRE(built.exit_code == 0);
    CHECK(nlohmann::json::parse(built.out)["added"] == 300);
    CHECK(shard_count(l.sharded) == 3);

    auto both = [&](const std::string& command) {
        auto one = test::run_medqa(command + " --db " + test::sh(l.single.string()));
        auto many = test::run_medqa(command + " --db " + test::sh(l.sharded.string()));
        CHECK(one.exit_code == 0);
        CHECK(many.exit_code == one.exit_code);
        auto a = nlohmann::json::parse(one.out), b = nlohmann::json::parse(many.out);
        a.erase("db"), b.erase("db");
        // Xapian adds a document's weights in another order across shards: a score may differ
        // in its last bit (2.826160069795972 and 2.8261600697959715); the ranking does not.
        for (auto* j : {&a, &b})
            if (j->contains("hits"))
                for (auto& hit : (*j)["hits"]) hit.erase("score");
        CHECK(a.dump() == b.dump());
    };
    // --exact: Xapian skips matches that cannot make the page differently from one split to
    // another (SearchRequest::exact).
    both("search --exact --format json --limit 20 " + lexicons + " botox pain");
    both("search --exact --format json --collapse --offset 5 " + lexicons + " wasting");
    both("show --format json t7");
    both("stats --format json");
    test::write_file(l.dir / "topics.tsv", "q1\tbotox atrophy\nq2\tkidney stones\nq3\tfever cough\n");
    test::write_file(l.dir / "qrels.txt", "q1 0 t1 1\nq1 0 t2 2\nq2 0 t5 1\nq3 0 t9 1\nq3 0 t10 1\n");
    both("eval --exact --format json " + lexicons + " --topics " + test::sh((l.dir / "topics.tsv").string()) + " --qrels " +
         test::sh((l.dir / "qrels.txt").string()));
}

TEST_CASE("exact: the match count of a collapsed search is its number of threads, on one database and on shards") {
    Layouts l;
    test::write_shard_corpus(l.in, 1000);
    l.index_both();
    for (const auto& db : {l.single, l.sharded}) {
        Searcher searcher(db, test::annotator());
        // Without feedback, whose words depend on the first answers, collapsed or not.
        SearchRequest every = test::plain("blood pressure");
        every.feedback = false;
        every.limit = 10000;
        std::set<std::string> threads;
        for (const auto& h : searcher.search(every).hits) threads.insert(h.answer.thread);
        REQUIRE(threads.size() > 100);
        SearchRequest collapsed = every;
        collapsed.limit = 10;
        collapsed.collapse = true;
        // Xapian's own estimate of collapsed matches is a round number even when every match
        // was checked; --exact reports the count.
        CHECK(searcher.search(collapsed).estimated_matches == threads.size());
    }
}

TEST_CASE("count: a sample of document ids counts the matches of one database and of local shards alike") {
    Layouts l;
    test::write_shard_corpus(l.in, 1000);
    l.index_both();
    const Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query("blood"), Xapian::Query("Zpressur"));  // a stem
    for (const auto& db : {l.single, l.sharded}) {
        const Xapian::Database opened = open_for_reading(db);
        const auto exact = count_matches(opened, query, false);
        REQUIRE(exact.has_value());
        CHECK(exact->exact);
        // A sample of about 200 answers: every 12th of each shard's ids.
        const auto sampled = count_matches(opened, query, false, 200);
        REQUIRE(sampled.has_value());
        CHECK_FALSE(sampled->exact);
        CHECK_MESSAGE(std::abs(static_cast<double>(sampled->matches) - exact->matches) < 0.2 * exact->matches,
                      sampled->matches << " counted on a sample, " << exact->matches << " in all");
        // Threads are not sampled together: a sample cannot count them.
        CHECK_FALSE(count_matches(opened, query, true, 200).has_value());
    }
}

TEST_CASE("shards: a fresh sharded build is compacted like a fresh single database") {
    Layouts l;
    test::write_shard_corpus(l.in, 1000);
    l.index(l.sharded, 3);
    auto bytes = [](const fs::path& dir) {
        uintmax_t sum = 0;
        for (const auto& f : fs::recursive_directory_iterator(dir))
            if (f.is_regular_file()) sum += f.file_size();
        return sum;
    };
    for (unsigned i = 0; i < 3; ++i) {
        const fs::path shard = shard_path(l.sharded, i), again = l.dir / ("again-" + std::to_string(i));
        Xapian::Database(shard.string()).compact(again.string());
        INFO("shard " << i << ": " << bytes(shard) << " bytes, compacted again " << bytes(again));
        CHECK(bytes(shard) <= bytes(again) * 11 / 10);
    }
}
