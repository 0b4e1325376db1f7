// Incremental indexing, in process: what a second run adds, updates, removes and leaves alone,
// batches, interruption, --strict and --rebuild.

#include <doctest/doctest.h>

#include <atomic>

#include <unistd.h>

#include "core/error.hpp"
#include "core/schema.hpp"
#include "index/database.hpp"
#include "index/index_run.hpp"
#include "index/worker_pool.hpp"
#include "ingest/input_files.hpp"
#include "index_dump.hpp"
#include "search/catalog.hpp"
#include "search/searcher.hpp"
#include "support.hpp"

using namespace medqa;
namespace fs = std::filesystem;

namespace {

std::string thread_line(const std::string& id, const std::string& answer) {
    return R"({"id": ")" + id + R"(", "title": "About )" + id + R"(", "question": "Is )" + id +
           R"( serious?", "answers": [{"author": "Dr A", "text": ")" + answer + R"("}]})" "\n";
}

struct Archive {
    test::TempDir dir;
    fs::path in = dir / "in";
    fs::path db = dir / "db";
    std::vector<ingest::Problem> problems;

    IndexReport index(const IndexOptions& options = {}) { return index_on(in, options); }
    IndexReport index_on(const fs::path& path, const IndexOptions& options = {}) {
        return index_paths({path}, db, test::annotator(), [&](const ingest::Problem& p) { problems.push_back(p); },
                           options);
    }
    size_t hits(const std::string& query) {
        return Searcher(db, test::annotator()).search({.query = query, .stances = {}, .anatomy = {}}).hits.size();
    }
    Xapian::rev revision() { return Xapian::Database(db.string()).get_revision(); }
    Xapian::doccount threads() { return database_stats(open_for_reading(db)).threads; }
};

// Sets the mtime one second ahead, as a later write would, whatever the clock's resolution.
void touch_later(const fs::path& file) { fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(1)); }

}  // namespace

TEST_CASE("a second run on unchanged files reads nothing and writes nothing") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back.") + thread_line("acne", "Acne fades."));
    std::filesystem::copy_file(test::kSeed, a.in / "seed.txt");
    auto first = a.index();
    CHECK(first.added == 3);
    CHECK(first.files_read == 2);
    auto revision = a.revision();

    auto second = a.index();
    CHECK(second.added == 0);
    CHECK(second.updated == 0);
    CHECK(second.removed == 0);
    CHECK(second.unchanged == 3);
    CHECK(second.threads == 3);
    CHECK(second.answers == 8);
    CHECK(second.files_read == 0);  // size and mtime matched: not even opened
    CHECK(a.revision() == revision);

    // A file touched but not changed is read again; its threads are still unchanged (by hash).
    touch_later(a.in / "a.jsonl");
    auto touched = a.index();
    CHECK(touched.files_read == 1);
    CHECK(touched.unchanged == 3);
    CHECK(touched.added + touched.updated + touched.removed == 0);
}

TEST_CASE("a file is read again when the lexicons or the input format change, though it did not") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back."));
    a.index();
    IndexOptions as_jsonl;
    as_jsonl.format = ingest::InputFormat::jsonl;
    CHECK(a.index(as_jsonl).files_read == 1);
    CHECK(a.index(as_jsonl).files_read == 0);
    test::TempDir lexicons;
    fs::copy(test::kLexiconDir, lexicons.path(), fs::copy_options::recursive);
    test::write_file(lexicons / "stopwords.tsv", test::read_file(lexicons / "stopwords.tsv") + "flares\n");
    annotate::Annotator other(lexicons.path());
    auto r = index_paths({a.in}, a.db, other, [](const ingest::Problem&) {}, as_jsonl);
    CHECK(r.files_read == 1);
    CHECK(r.updated == 1);  // re-annotated: the thread's hash covers the lexicons
}

TEST_CASE("a run with other lexicons than the index was annotated with says which, before it re-annotates") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back."));
    test::TempDir lexicons;
    fs::copy(test::kLexiconDir, lexicons.path(), fs::copy_options::recursive);
    const fs::path user = a.dir / "user.tsv";
    test::write_file(user, "alpha gland\tbody\t\t\n");
    std::vector<std::string> told;
    IndexOptions options;
    options.on_lexicons_changed = [&](const std::string& what) { told.push_back(what); };
    auto run = [&](const annotate::Annotator& annotator) {
        told.clear();
        return index_paths({a.in}, a.db, annotator, [](const ingest::Problem&) {}, options);
    };
    const annotate::Annotator plain(lexicons.path()), with_user(lexicons.path(), {user});

    CHECK(run(with_user).lexicons_changed.empty());  // a new index: nothing to differ from
    CHECK(told.empty());
    auto without = run(plain);
    REQUIRE(told.size() == 1);
    CHECK(told[0] == "built with --lexicon " + user.string() + "; this run has none");
    CHECK(without.lexicons_changed == told[0]);
    CHECK(without.updated == 1);
    CHECK(run(plain).lexicons_changed.empty());  // annotated with these now
    CHECK(told.empty());

    run(with_user);
    CHECK(told == std::vector<std::string>{"built without --lexicon; this run has --lexicon " + user.string()});
    test::write_file(user, "alpha gland\tbody\tglandula alpha\t\n");
    run(annotate::Annotator(lexicons.path(), {user}));
    CHECK(told == std::vector<std::string>{"--lexicon " + user.string() + " changed since"});
    test::write_file(lexicons / "stopwords.tsv", test::read_file(lexicons / "stopwords.tsv") + "flares\n");
    run(annotate::Annotator(lexicons.path(), {user}));
    CHECK(told == std::vector<std::string>{fs::absolute(lexicons.path()).lexically_normal().string() + " edited"});

    // An index made before the sources were recorded gets the general reasons.
    {
        auto db = open_for_writing(a.db);
        db.set_metadata(std::string(schema::kLexiconSourcesKey), "");
        db.commit();
    }
    run(plain);
    REQUIRE(told.size() == 1);
    CHECK(told[0].starts_with("a --lexicon file added, removed or changed"));
}

TEST_CASE("changed, new and withdrawn threads of a file are updated, added and removed") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back.") + thread_line("acne", "Acne fades."));
    a.index();
    test::write_file(a.in / "a.jsonl",
                     thread_line("gout", "Gout flares come back without allopurinol.") + thread_line("rosacea", "Rosacea lasts."));
    touch_later(a.in / "a.jsonl");
    auto r = a.index();
    CHECK(r.updated == 1);
    CHECK(r.added == 1);
    CHECK(r.removed == 1);
    CHECK(r.unchanged == 0);
    CHECK(a.threads() == 2);
    CHECK(a.hits("acne") == 0);
    CHECK(a.hits("allopurinol") == 1);
}

TEST_CASE("the threads of a file that is gone are removed, files outside the paths given are kept") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back."));
    test::write_file(a.in / "sub/b.jsonl", thread_line("acne", "Acne fades.") + thread_line("wart", "Warts go."));
    a.index();
    // Indexing only a.jsonl says nothing about sub/b.jsonl.
    auto only_a = a.index_on(a.in / "a.jsonl");
    CHECK(only_a.removed == 0);
    CHECK(a.threads() == 3);

    fs::remove(a.in / "sub/b.jsonl");
    auto r = a.index();
    CHECK(r.removed == 2);
    CHECK(r.unchanged == 1);
    CHECK(a.threads() == 1);
    CHECK(a.hits("acne") == 0);
}

TEST_CASE("a file or folder named on the command line and deleted since has its threads removed") {
    Archive a;
    const fs::path one = a.in / "one.jsonl", two = a.in / "two.jsonl", sub = a.in / "sub";
    test::write_file(one, thread_line("gout", "Gout flares come back."));
    test::write_file(two, thread_line("acne", "Acne fades."));
    test::write_file(sub / "three.jsonl", thread_line("wart", "Warts go.") + thread_line("mole", "Moles stay."));
    auto named = [&](std::vector<fs::path> paths) {
        return index_paths(paths, a.db, test::annotator(), [&](const ingest::Problem& p) { a.problems.push_back(p); });
    };
    named({one, two, sub});
    REQUIRE(a.threads() == 4);

    // Gone, but the index read it: a removal, as a file gone from a folder given is.
    fs::remove(one);
    auto r = named({one, two, sub});
    CHECK(a.problems.empty());
    CHECK(r.removed == 1);
    CHECK(r.unchanged == 3);
    CHECK(a.hits("gout") == 0);
    // A folder too.
    fs::remove_all(sub);
    CHECK(named({sub, two}).removed == 2);
    CHECK(a.threads() == 1);

    // Now the index knows neither: named again they are typos, and nothing is written.
    const auto revision = a.revision();
    for (const auto& path : {one, sub, a.in / "typo.jsonl"}) {
        auto [message, code] = test::error_of([&] { named({path, two}); });
        CHECK(code == ExitCode::usage);
        CHECK(message.find("no such file or directory") != std::string::npos);
    }
    try {
        named({one});
    } catch (const Error& e) {
        CHECK(e.hint().find("the index holds no threads from it") != std::string::npos);
    }
    CHECK(a.revision() == revision);
}

TEST_CASE("a symbolic link named on the command line, or in a folder given, and deleted since has its threads removed") {
    Archive a;
    const fs::path elsewhere = a.dir / "elsewhere", two = a.in / "two.jsonl";
    test::write_file(elsewhere / "wart.jsonl", thread_line("wart", "Warts go."));
    test::write_file(elsewhere / "sub/mole.jsonl", thread_line("mole", "Moles stay."));
    test::write_file(two, thread_line("acne", "Acne fades."));
    const fs::path file_link = a.in / "wart.jsonl", folder_link = a.in / "sub";
    fs::create_symlink(elsewhere / "wart.jsonl", file_link);
    fs::create_directory_symlink(elsewhere / "sub", folder_link);
    auto named = [&](std::vector<fs::path> paths) {
        return index_paths(paths, a.db, test::annotator(), [&](const ingest::Problem& p) { a.problems.push_back(p); });
    };
    named({file_link, folder_link, two});
    REQUIRE(a.threads() == 3);

    // The links go, the files they led to stay: named, the links are gone, as a file named is.
    fs::remove(file_link);
    fs::remove(folder_link);
    auto r = named({file_link, folder_link, two});
    CHECK(a.problems.empty());
    CHECK(r.removed == 2);
    CHECK(r.unchanged == 1);
    CHECK(a.hits("wart") == 0);
    CHECK(a.hits("mole") == 0);
    // Now the index knows them no more: named again they are typos.
    CHECK(test::error_of([&] { named({file_link, two}); }).second == ExitCode::usage);

    // A link in a folder given, to a file outside it: deleted, it takes the file's threads along.
    fs::create_symlink(elsewhere / "wart.jsonl", file_link);
    CHECK(a.index().added == 1);
    fs::remove(file_link);
    auto in_folder = a.index();
    CHECK(in_folder.removed == 1);
    CHECK(a.hits("wart") == 0);

    // A link named that is left dangling (the file it led to deleted) is gone too.
    fs::create_symlink(elsewhere / "wart.jsonl", file_link);
    named({file_link, two});
    REQUIRE(a.hits("wart") == 1);
    fs::remove(elsewhere / "wart.jsonl");
    CHECK(named({file_link, two}).removed == 1);
    CHECK(a.hits("wart") == 0);
    CHECK(a.problems.empty());
}

TEST_CASE("--rebuild leaves out a named file deleted since, and --watch passes take any missing path for gone") {
    Archive a;
    const fs::path one = a.in / "one.jsonl", two = a.in / "two.jsonl";
    test::write_file(one, thread_line("gout", "Gout flares come back."));
    test::write_file(two, thread_line("acne", "Acne fades."));
    index_paths({one, two}, a.db, test::annotator(), [](const ingest::Problem&) {});
    fs::remove(one);
    auto rebuilt = rebuild_index({one, two}, a.db, test::annotator(), [](const ingest::Problem&) {});
    CHECK(rebuilt.threads == 1);
    CHECK(a.hits("gout") == 0);
    IndexOptions watching;
    watching.missing_paths_gone = true;
    auto pass = index_paths({one, two}, a.db, test::annotator(), [](const ingest::Problem&) {}, watching);
    CHECK(pass.unchanged == 1);
    CHECK(pass.removed == 0);
}

TEST_CASE("a thread that moves to another file is updated, not a duplicate") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back.") + thread_line("acne", "Acne fades."));
    a.index();
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back."));
    touch_later(a.in / "a.jsonl");
    test::write_file(a.in / "0-new.jsonl", thread_line("acne", "Acne fades."));  // read before a.jsonl
    auto r = a.index();
    CHECK(a.problems.empty());
    CHECK(r.updated == 1);  // acne, now from 0-new.jsonl
    CHECK(r.removed == 0);
    CHECK(a.threads() == 2);
    // And when it moves back, nothing is lost either.
    fs::remove(a.in / "0-new.jsonl");
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back.") + thread_line("acne", "Acne fades."));
    touch_later(a.in / "a.jsonl");
    a.index();
    CHECK(a.problems.empty());
    CHECK(a.threads() == 2);
    CHECK(a.hits("acne") == 1);
}

TEST_CASE("the same thread id in a new file and in an unchanged indexed file is rejected, naming both") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back."));
    a.index();
    test::write_file(a.in / "b.jsonl", thread_line("gout", "A different gout thread.") + thread_line("acne", "Acne fades."));
    auto r = a.index();
    CHECK(r.rejected == 1);
    CHECK(r.added == 1);
    REQUIRE(a.problems.size() == 1);
    CHECK(a.problems[0].where == (a.in / "b.jsonl").string() + ":1");
    CHECK(a.problems[0].reason.find("used twice") != std::string::npos);
    CHECK(a.problems[0].reason.find((a.in / "a.jsonl").string() + ":1") != std::string::npos);
    CHECK(a.hits("different") == 0);  // the indexed one stays
}

TEST_CASE("two .txt threads of one file name are told to rename a file, as they have no id field") {
    CHECK(ingest::names_threads_by_file("h/q.txt"));
    CHECK(ingest::names_threads_by_file("h/q.md", ingest::InputFormat::text));
    CHECK_FALSE(ingest::names_threads_by_file("h/q.jsonl"));
    CHECK_FALSE(ingest::names_threads_by_file("h/q.txt", ingest::InputFormat::jsonl));

    const std::string thread = "About q\n\nIs q serious?\n\nNo, q is a mild condition that passes in a week or two.\n";
    auto check_advice = [](const std::vector<ingest::Problem>& problems) {
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].reason.find("thread id \"q\" is used twice") != std::string::npos);
        CHECK(problems[0].reason.find("rename one of the files") != std::string::npos);
        CHECK(problems[0].reason.find("another \"id\"") == std::string::npos);
    };
    SUBCASE("in one run, one process") {
        Archive a;
        test::write_file(a.in / "sub1/q.txt", thread);
        test::write_file(a.in / "sub2/q.txt", thread);
        CHECK(a.index().rejected == 1);
        check_advice(a.problems);
    }
    SUBCASE("in one run, the two in parts built apart") {
        Archive a;
        test::write_file(a.in / "sub1/q.txt", thread);
        test::write_file(a.in / "sub2/q.txt", thread);
        IndexOptions parallel;
        parallel.workers = 2;
        CHECK(a.index(parallel).rejected == 1);
        check_advice(a.problems);
    }
    SUBCASE("the other one indexed earlier") {
        Archive a;
        test::write_file(a.in / "sub1/q.txt", thread);
        a.index();
        test::write_file(a.in / "sub2/q.txt", thread);
        CHECK(a.index().rejected == 1);
        check_advice(a.problems);
    }
    SUBCASE("JSON threads are still told to change an id") {
        Archive a;
        test::write_file(a.in / "a.jsonl", thread_line("q", "Q passes."));
        test::write_file(a.in / "b.jsonl", thread_line("q", "Q passes soon."));
        a.index();
        REQUIRE(a.problems.size() == 1);
        CHECK(a.problems[0].reason.find("give one of them another \"id\"") != std::string::npos);
    }
}

TEST_CASE("a thread removed or rewritten takes its words out of the spelling data, and words others use stay") {
    Archive a;
    test::write_file(a.in / "rare.jsonl", thread_line("rare", "The zygapophysis and the knee hurt."));
    test::write_file(a.in / "joint.jsonl", thread_line("joint", "The knee hurts."));
    a.index();
    auto suggestion = [&](const std::string& query) {
        return Searcher(a.db, test::annotator()).search({.query = query, .stances = {}, .anatomy = {}}).did_you_mean;
    };
    auto count = [&](const std::string& word) {
        for (const auto& [known, n] : test::spelling_dump(a.db))
            if (known == word) return n;
        return Xapian::termcount{0};
    };
    REQUIRE(suggestion("zygapophisis") == "zygapophysis");
    REQUIRE(count("knee") == 2);

    SUBCASE("its file deleted") {
        fs::remove(a.in / "rare.jsonl");
        CHECK(a.index().removed == 1);
    }
    SUBCASE("its file rewritten without it") {
        test::write_file(a.in / "rare.jsonl", thread_line("other", "The elbow hurts."));
        touch_later(a.in / "rare.jsonl");
        CHECK(a.index().removed == 1);
    }
    SUBCASE("the thread rewritten") {
        test::write_file(a.in / "rare.jsonl", thread_line("rare", "The elbow hurts."));
        touch_later(a.in / "rare.jsonl");
        CHECK(a.index().updated == 1);
    }
    CHECK(count("zygapophysis") == 0);
    CHECK(suggestion("zygapophisis") == "");
    CHECK(count("knee") == 1);  // the other thread still says it
    CHECK(suggestion("kneee") == "knee");
}

TEST_CASE("a file with a bad record keeps its indexed threads and is read again next time") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back.") + thread_line("acne", "Acne fades."));
    a.index();
    // The acne line is broken now: it cannot say whether acne was withdrawn, so acne stays.
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back.") + "{\"id\": \"acne\", \n");
    touch_later(a.in / "a.jsonl");
    auto r = a.index();
    CHECK(r.rejected == 1);
    CHECK(r.removed == 0);
    CHECK(a.hits("acne") == 1);
    // Said in the report: the file keeps one thread it no longer gives.
    REQUIRE(r.kept.size() == 1);
    CHECK(r.kept[0].threads == 1);
    CHECK(r.kept[0].where == (a.in / "a.jsonl").string() + ":2");
    a.problems.clear();
    auto again = a.index();
    CHECK(again.files_read == 1);  // recorded with its bad record: read again, the problem reported again
    CHECK(again.rejected == 1);
    CHECK(a.problems.size() == 1);
    // Read again as it was, it writes nothing: its record is the same.
    const auto revision = a.revision();
    a.index();
    CHECK(a.revision() == revision);
}

TEST_CASE("a file with a bad record is recorded: deleted, its good threads go, named and deleted, they go too") {
    // An empty answer, and text that is not UTF-8: rejected by validation, by the JSON reader.
    const std::string empty_answer = R"({"id": "acne", "title": "Acne", "answers": [{"text": " "}]})" "\n";
    const std::string not_utf8 = "{\"id\": \"acne\", \"title\": \"Acn\xE9\", \"answers\": [{\"text\": \"Acne fades.\"}]}\n";
    for (const auto& bad : {empty_answer, not_utf8}) {
        Archive a;
        const fs::path file = a.in / "a.jsonl";
        test::write_file(file, thread_line("gout", "Gout flares come back.") + bad);
        test::write_file(a.in / "b.jsonl", thread_line("wart", "Warts go."));
        auto first = a.index();
        CHECK(first.rejected == 1);
        CHECK(first.added == 2);
        REQUIRE(a.problems.size() == 1);
        CHECK(a.problems[0].where == file.string() + ":2");
        fs::remove(file);
        auto gone = a.index();
        CHECK(gone.removed == 1);
        CHECK(a.hits("gout") == 0);
        CHECK(a.threads() == 1);

        // Named on the command line and deleted since: the index knows it, so it is gone, not a typo.
        test::write_file(file, thread_line("gout", "Gout flares come back.") + bad);
        a.index_on(file);
        REQUIRE(a.hits("gout") == 1);
        fs::remove(file);
        a.problems.clear();
        auto named = a.index_on(file);
        CHECK(a.problems.empty());
        CHECK(named.removed == 1);
        CHECK(a.hits("gout") == 0);
    }
}

TEST_CASE("a first build on two processes records the file that lost a duplicate id, so its other threads go with it") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back.") + thread_line("acne", "Acne fades."));
    test::write_file(a.in / "z.jsonl", thread_line("gout", "A second thread with a used id.") +
                                           thread_line("wart", "Warts go."));
    IndexOptions parallel;
    parallel.workers = 2;
    auto first = a.index(parallel);
    CHECK(first.rejected == 1);
    CHECK(a.hits("wart") == 1);
    CHECK(a.index().rejected == 1);  // read again, the duplicate reported again
    fs::remove(a.in / "z.jsonl");
    auto gone = a.index();
    CHECK(gone.removed == 1);
    CHECK(a.hits("wart") == 0);
    CHECK(a.threads() == 2);
}

TEST_CASE("--strict stops at the first bad record and leaves the index exactly as it was") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back."));
    a.index();
    auto revision = a.revision();
    auto before = test::index_dump(a.db);
    test::write_file(a.in / "b.jsonl", thread_line("acne", "Acne fades.") + "not json\n" + thread_line("wart", "Warts go."));
    fs::remove(a.in / "a.jsonl");  // would be a removal
    auto [message, code] = test::error_of([&] { IndexOptions strict;
        strict.strict = true;
        a.index(strict); });
    CHECK(code == ExitCode::bad_input);
    CHECK(message.find((a.in / "b.jsonl").string() + ":2") != std::string::npos);
    CHECK(a.revision() == revision);
    CHECK(test::index_dump(a.db) == before);
    // Without --strict the good records go in.
    auto r = a.index();
    CHECK(r.added == 2);
    CHECK(r.removed == 1);
    CHECK(r.rejected == 1);
}

TEST_CASE("batches are committed as they fill, and an interrupted run is finished by the next one") {
    Archive a;
    std::string lines;
    for (int i = 0; i < 40; ++i) lines += thread_line("t" + std::to_string(i), "Answer number " + std::to_string(i) + ".");
    test::write_file(a.in / "a.jsonl", lines);
    test::write_file(a.in / "b.jsonl", thread_line("last", "The last one."));
    std::atomic<bool> stop{false};
    IndexOptions options;
    options.batch_threads = 10;
    options.stop = &stop;
    options.on_progress = [&](const IndexProgress& p) {
        if (p.threads == 25) stop = true;
    };
    auto r = a.index(options);
    CHECK(r.interrupted);
    CHECK(r.added == 25);
    CHECK(a.threads() == 25);  // the batch in hand was committed too

    auto rest = a.index();
    CHECK_FALSE(rest.interrupted);
    CHECK(rest.added == 16);
    CHECK(rest.unchanged == 25);
    test::TempDir clean;
    index_paths({a.in}, clean / "db", test::annotator(), [](const ingest::Problem&) {});
    CHECK(test::index_dump(a.db) == test::index_dump(clean / "db"));
}

TEST_CASE("--rebuild swaps a fresh index in, and a reader of the old one keeps reading it") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back.") + thread_line("acne", "Acne fades."));
    a.index();
    Xapian::Database old_reader(a.db.string());
    test::write_file(a.in / "a.jsonl", thread_line("wart", "Warts go."));
    auto r = rebuild_index({a.in}, a.db, test::annotator(), [](const ingest::Problem&) {});
    CHECK(r.added == 1);
    CHECK(a.threads() == 1);
    CHECK(a.hits("warts") == 1);
    CHECK_FALSE(fs::exists(a.db.string() + ".rebuild"));
    // The old files are deleted, but the reader that had them open still sees the old index.
    CHECK(old_reader.get_doccount() == 2);
    CHECK(old_reader.get_termfreq("gout") == 1);
    // And an incremental run after a rebuild has nothing to do.
    CHECK(a.index().unchanged == 1);
}

TEST_CASE("an interrupted rebuild is abandoned, says so, and the old index stays as it was") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back."));
    a.index();
    const auto before = test::index_dump(a.db);
    std::string lines;
    for (int i = 0; i < 40; ++i) lines += thread_line("t" + std::to_string(i), "Answer number " + std::to_string(i) + ".");
    test::write_file(a.in / "a.jsonl", lines);
    std::atomic<bool> stop{false};
    IndexOptions options;
    options.batch_threads = 10;
    options.workers = 1;
    options.stop = &stop;
    options.on_progress = [&](const IndexProgress& p) {
        if (p.threads == 25) stop = true;
    };
    auto r = rebuild_index({a.in}, a.db, test::annotator(), [](const ingest::Problem&) {}, options);
    CHECK(r.interrupted);
    CHECK(r.abandoned);
    // Nothing was written: nothing added, whatever was read (JSON's "added" is this).
    CHECK(r.added + r.updated + r.removed + r.unchanged == 0);
    CHECK(r.threads > 0);
    CHECK(test::index_dump(a.db) == before);
    CHECK_FALSE(fs::exists(a.db.string() + ".rebuild"));

    // An interrupted incremental run keeps what it did: nothing is abandoned.
    stop = false;
    auto incremental = a.index(options);
    CHECK(incremental.interrupted);
    CHECK_FALSE(incremental.abandoned);
}

TEST_CASE("a rebuild that finds a bad path writes nothing and keeps the old index") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back."));
    a.index();
    auto [message, code] = test::error_of(
        [&] { rebuild_index({a.dir / "missing"}, a.db, test::annotator(), [](const ingest::Problem&) {}); });
    CHECK(code == ExitCode::usage);
    CHECK(a.threads() == 1);
    CHECK_FALSE(fs::exists(a.db.string() + ".rebuild"));
}

TEST_CASE("a second writer is refused with its own exit code, and the lock is left alone") {
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back."));
    a.index();
    {
        Xapian::WritableDatabase holder(a.db.string(), Xapian::DB_OPEN);
        auto [message, code] = test::error_of([&] { a.index(); });
        CHECK(code == ExitCode::locked);
        CHECK(message.find("being updated by another process") != std::string::npos);
        auto [rebuild_message, rebuild_code] =
            test::error_of([&] { rebuild_index({a.in}, a.db, test::annotator(), [](const ingest::Problem&) {}); });
        CHECK(rebuild_code == ExitCode::locked);
    }
    CHECK(a.index().unchanged == 1);  // the lock went with its holder
}

TEST_CASE("a duplicated thread id keeps the copy read first, by one process or two, at once or file by file") {
    // One process reads a/x.jsonl before a.b/x.jsonl: paths sort by component ("a" < "a.b"),
    // though as strings "/a.b/" sorts before "/a/". Three ids are in both files.
    auto write_inputs = [](const fs::path& in) {
        std::string first, second;
        for (int t = 0; t < 3; ++t) {
            const std::string id = "dup" + std::to_string(t);
            first += thread_line(id, "The first copy of " + id + " about gout.");
            second += thread_line(id, "The second copy of " + id + " about warts.");
        }
        test::write_file(in / "a" / "x.jsonl", first + thread_line("acne", "Acne fades."));
        test::write_file(in / "a.b" / "x.jsonl", second + thread_line("wart", "Warts go."));
    };
    auto sorted = [](std::vector<ingest::Problem> problems) {
        std::vector<std::string> lines;
        for (const auto& p : problems) lines.push_back(p.where + ": " + p.reason);
        std::sort(lines.begin(), lines.end());
        return lines;
    };
    Archive one;
    write_inputs(one.in);
    IndexOptions single;
    single.workers = 1;
    CHECK(one.index(single).rejected == 3);
    CHECK(one.hits("gout") == 3);
    CHECK(one.hits("second") == 0);
    REQUIRE(one.problems.size() == 3);
    for (const auto& p : one.problems) {
        CAPTURE(p.reason);
        CHECK(p.where.starts_with((one.in / "a.b" / "x.jsonl").string() + ":"));  // the loser, named first
        CHECK(p.reason.find("used twice: at " + p.where + " and at " + (one.in / "a" / "x.jsonl").string()) !=
              std::string::npos);
    }

    SUBCASE("built on two processes: the same documents, the same messages, and a second run writes nothing") {
        Archive two;
        write_inputs(two.in);
        IndexOptions parallel;
        parallel.workers = 2;
        CHECK(two.index(parallel).rejected == 3);
        CHECK(test::index_dump(two.db).size() == test::index_dump(one.db).size());
        CHECK(two.hits("gout") == 3);
        CHECK(two.hits("second") == 0);
        // The same, but for the folder they are in.
        auto expected = sorted(one.problems);
        for (auto& line : expected)
            for (size_t at; (at = line.find(one.in.string())) != std::string::npos;)
                line.replace(at, one.in.string().size(), two.in.string());
        CHECK(sorted(two.problems) == expected);
        const auto revision = two.revision();
        two.problems.clear();
        auto again = two.index();
        CHECK(again.rejected == 3);  // the loser is read again and the duplicates reported again
        CHECK(again.updated == 0);
        CHECK(two.revision() == revision);
        CHECK(two.hits("gout") == 3);
    }
    SUBCASE("the file read second indexed first: the file read first takes its copies when it comes") {
        Archive late;
        write_inputs(late.in);
        CHECK(late.index_on(late.in / "a.b").added == 4);
        late.problems.clear();
        auto both = late.index();
        CHECK(both.rejected == 3);
        CHECK(late.hits("gout") == 3);
        CHECK(late.hits("second") == 0);
        CHECK(late.threads() == 5);
        REQUIRE(late.problems.size() == 3);
        for (const auto& p : late.problems) CHECK(p.where.starts_with((late.in / "a.b" / "x.jsonl").string() + ":"));
        // As the one-process build of both: a second run reports the duplicates and writes nothing.
        const auto revision = late.revision();
        auto again = late.index();
        CHECK(again.rejected == 3);
        CHECK(again.updated == 0);
        CHECK(late.revision() == revision);
        CHECK(late.hits("gout") == 3);
        // The loser deleted: its other thread goes, the winner's copies stay.
        fs::remove_all(late.in / "a.b");
        late.index();
        CHECK(late.hits("warts") == 0);
        CHECK(late.hits("gout") == 3);
    }
}

TEST_CASE("a file with a bad record keeps a thread id it gives against a file a one-process build reads later") {
    // a.jsonl is read first and gives "gout"; its second line is bad. b.jsonl has "gout" too.
    Archive a;
    test::write_file(a.in / "a.jsonl", thread_line("gout", "Gout flares come back.") + "{\"id\": \"acne\", \n");
    test::write_file(a.in / "b.jsonl", thread_line("gout", "A second copy about warts.") + thread_line("wart", "Warts go."));
    // What a one-process build of both holds, whichever order they were indexed in before.
    auto built_at_once = [&] {
        test::TempDir other;
        index_paths({a.in}, other / "db", test::annotator(), [](const ingest::Problem&) {});
        return test::index_dump(other / "db");
    };

    SUBCASE("the other file indexed on its own later: its copy is rejected") {
        a.index_on(a.in / "a.jsonl");
        a.problems.clear();
        auto later = a.index_on(a.in / "b.jsonl");
        CHECK(later.updated == 0);
        CHECK(later.rejected == 1);
        REQUIRE(a.problems.size() == 1);
        CHECK(a.problems[0].where == (a.in / "b.jsonl").string() + ":1");
        CHECK(a.hits("flares") == 1);
        CHECK(a.hits("second") == 0);
    }
    SUBCASE("the other file indexed first: it keeps the id until a run reads both") {
        a.index_on(a.in / "b.jsonl");
        CHECK(a.index_on(a.in / "a.jsonl").rejected == 2);  // the bad line, and the copy of "gout"
        CHECK(a.hits("flares") == 0);
    }
    a.index();
    CHECK(a.hits("flares") == 1);
    CHECK(a.hits("second") == 0);
    CHECK(test::index_dump(a.db) == built_at_once());
}

TEST_CASE("a first build on two processes ends with exactly the documents of a one-process build") {
    Archive a;
    for (int f = 0; f < 5; ++f) {
        std::string lines;
        for (int t = 0; t < 8; ++t) {
            std::string id = "f" + std::to_string(f) + "t" + std::to_string(t);
            lines += thread_line(id, "Answer " + id + " about the knee and gout.");
        }
        test::write_file(a.in / ("part-" + std::to_string(f) + ".jsonl"), lines);
    }
    // The same id in two files: whichever process reads them, the file that sorts first keeps it.
    test::write_file(a.in / "z-late.jsonl", thread_line("f0t0", "A second thread with a used id."));
    std::vector<ingest::Problem> one_problems, two_problems;
    test::TempDir one;
    IndexOptions single;
    single.workers = 1;
    auto r1 = index_paths({a.in}, one / "db", test::annotator(),
                          [&](const ingest::Problem& p) { one_problems.push_back(p); }, single);
    IndexOptions parallel;
    parallel.workers = 2;
    auto r2 = index_paths({a.in}, a.db, test::annotator(),
                          [&](const ingest::Problem& p) { two_problems.push_back(p); }, parallel);
    CHECK(r2.added == r1.added);
    CHECK(r2.added == 40);
    CHECK(r2.answers == r1.answers);
    CHECK(r2.files == 6);
    CHECK(r2.rejected == 1);
    REQUIRE(two_problems.size() == 1);
    CHECK(two_problems[0].where == (a.in / "z-late.jsonl").string() + ":1");
    CHECK(two_problems[0].reason.find("used twice") != std::string::npos);
    CHECK(test::index_dump(a.db) == test::index_dump(one / "db"));
    CHECK(a.hits("used") == 0);
    // The duplicate's words ("second", "used") left the spelling data with it.
    CHECK(test::spelling_dump(a.db) == test::spelling_dump(one / "db"));
    // Synonyms, spelling and the file records came through the merge.
    auto synonym_keys = [](const fs::path& db) {
        Xapian::Database d(db.string());
        return std::distance(d.synonym_keys_begin(), d.synonym_keys_end());
    };
    CHECK(synonym_keys(a.db) > 100);
    CHECK(synonym_keys(a.db) == synonym_keys(one / "db"));
    CHECK(Searcher(a.db, test::annotator()).search({.query = "gotu", .stances = {}, .anatomy = {}}).did_you_mean == "gout");
    auto again = a.index();
    CHECK(again.files_read == 1);  // only the file with the duplicate, reported again
    CHECK(again.rejected == 1);
    CHECK(again.unchanged == 40);
    CHECK_FALSE(fs::exists(a.db.string() + ".rebuild"));
    CHECK_FALSE(fs::exists(a.db.string() + ".rebuild.part-0"));
}

TEST_CASE("worker processes: their problems reach the parent's callback, progress counts each file once") {
    Archive a;
    std::vector<fs::path> files;
    for (int f = 0; f < 4; ++f) {
        std::string lines;
        for (int t = 0; t < 3; ++t) {
            const std::string id = "w" + std::to_string(f) + "-" + std::to_string(t);
            lines += t == 1 && f == 3 ? std::string("{not json\n") : thread_line(id, "Gout flares come back.");
        }
        files.push_back(a.in / ("f" + std::to_string(f) + ".jsonl"));
        test::write_file(files.back(), lines);
    }
    // Problems reach this callback only if the parent gets them: one a worker kept to itself
    // would land in the worker's copy of `problems`, and the count below would be 0.
    std::vector<ingest::Problem> problems;
    std::vector<IndexProgress> seen;
    IndexOptions options;
    options.on_progress = [&](const IndexProgress& p) { seen.push_back(p); };
    auto on_problem = [&](const ingest::Problem& p) { problems.push_back(p); };
    auto check_progress = [&] {
        REQUIRE_FALSE(seen.empty());
        for (const auto& p : seen) {
            CHECK(p.files_total == 4);  // from the first update on, and never counted twice
            CHECK(p.files_done <= 4);
            CHECK(p.threads <= 11);
        }
    };

    SUBCASE("a fresh build's disjoint groups") {
        std::vector<WorkerJob> jobs{{{files[0], files[1]}, a.dir / "part-0", {}},
                                    {{files[2], files[3]}, a.dir / "part-1", {}}};
        build_on_workers({a.in}, jobs, test::annotator(), on_problem, options);
        check_progress();
    }
    SUBCASE("shards, each reading every file") {
        std::vector<WorkerJob> jobs{{files, a.dir / "shard-0", {0, 2}}, {files, a.dir / "shard-1", {1, 2}}};
        build_on_workers({a.in}, jobs, test::annotator(), on_problem, options);
        check_progress();
    }
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].where == files[3].string() + ":2");
}
