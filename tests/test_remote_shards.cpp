// Remote shards on the loopback (issue 7): an archive as one database, and as 3 shards of
// which two are served by xapian-tcpsrv on 127.0.0.1 and one is read from disk, through a
// stub. The results are the same; a server killed or hung mid-test is named in the error, and
// --allow-partial searches the others. Every server started is stopped (ShardServer).

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "index/database.hpp"
#include "index/index_run.hpp"
#include "index/sharded_index.hpp"
#include "search/catalog.hpp"
#include "search/searcher.hpp"
#include "shard_corpus.hpp"
#include "shard_server.hpp"
#include "support.hpp"

using namespace medqa;
namespace fs = std::filesystem;

namespace {

struct RemoteLayout {
    test::TempDir dir;
    fs::path single = dir / "single";
    fs::path sharded = dir / "sharded";
    fs::path stub = dir / "mixed.stub";  // local, shard-0 from disk, shards 1 and 2 served

    explicit RemoteLayout(size_t threads) {
        test::write_shard_corpus(dir / "in", threads);
        auto quiet = [](const ingest::Problem&) {};
        IndexOptions options;
        options.shards = 1;
        index_paths({dir / "in"}, single, test::annotator(), quiet, options);
        options.shards = 3;
        index_paths({dir / "in"}, sharded, test::annotator(), quiet, options);
    }
    void write_stub(const std::vector<std::string>& shard_lines) {
        std::ofstream out(stub);
        out << "auto sharded/local\n";  // relative to the stub's folder, as Xapian reads it
        for (const auto& line : shard_lines) out << line << '\n';
    }
};

// Feedback is off with remote shards (Searcher::search_in): compare with the single database
// searched the same way.
SearchRequest without_feedback(SearchRequest request) {
    request.feedback = false;
    return request;
}

}  // namespace

TEST_CASE("remote shards: two shards served by xapian-tcpsrv and one local answer as one database does") {
    RemoteLayout l(3000);
    test::ShardServer one(shard_path(l.sharded, 1)), two(shard_path(l.sharded, 2));
    l.write_stub({"auto sharded/shard-0", one.stub_line(), two.stub_line()});

    Searcher single(l.single, test::annotator()), mixed(l.stub, test::annotator());
    for (const auto& request : test::shard_queries()) {
        INFO("query: " << request.query << " offset " << request.offset << (request.collapse ? " collapsed" : ""));
        CHECK(test::layout_independent(mixed.search(request)) ==
              test::layout_independent(single.search(without_feedback(request))));
    }
    auto a = database_stats(open_for_reading(l.single)), b = database_stats(open_for_reading(l.stub));
    CHECK(b.threads == a.threads);
    CHECK(b.stance == a.stance);
    CHECK(b.anatomy == a.anatomy);
    for (const std::string id : {"t0", "t1", "t2", "t3"}) {  // spread over the shards
        auto x = thread_answers(open_for_reading(l.single), id), y = thread_answers(open_for_reading(l.stub), id);
        REQUIRE(x.size() == y.size());
        for (size_t i = 0; i < x.size(); ++i) CHECK(encode(x[i]) == encode(y[i]));
    }

    // A server killed mid-test: the open searcher names it; with --allow-partial the others answer.
    two.stop();
    auto [message, code] = test::error_of([&] { mixed.search(test::plain("botox")); });
    CHECK(code == ExitCode::shard_unavailable);
    CHECK(message.find(two.stub_line()) != std::string::npos);
    CHECK(message.find(one.stub_line()) == std::string::npos);

    Searcher partial(l.stub, test::annotator(), {}, ShardOptions{.allow_partial = true});
    auto request = test::plain("botox");
    request.limit = 50;
    auto r = partial.search(request);
    REQUIRE(r.missing_shards.size() == 1);
    CHECK(r.missing_shards[0].shard.line == two.stub_line());
    CHECK(r.hits.size() == 50);
    for (const auto& h : r.hits) CHECK(!(ShardRoute{2, 3}.takes(h.answer.thread)));

    // The same through the command line: exit 8 naming the shard, or results marked partial.
    const std::string db = "--db " + test::sh(l.stub.string()) + " " + test::lexicon_arg();
    auto failed = test::run_medqa("search " + db + " botox");
    CHECK(failed.exit_code == static_cast<int>(ExitCode::shard_unavailable));
    CHECK(failed.err.find(two.stub_line()) != std::string::npos);
    CHECK(failed.err.find("--allow-partial") != std::string::npos);  // search can go on without it
    auto allowed = test::run_medqa("search --allow-partial --format json " + db + " botox");
    REQUIRE(allowed.exit_code == 0);
    auto json = nlohmann::json::parse(allowed.out);
    CHECK(json["partial"] == true);
    CHECK(json["missing_shards"][0]["shard"] == two.stub_line());
    CHECK(json["hits"].size() == 10);
    CHECK(allowed.err.find("partial results") != std::string::npos);
    auto stats = test::run_medqa("stats --db " + test::sh(l.stub.string()));
    CHECK_MESSAGE(stats.exit_code == static_cast<int>(ExitCode::shard_unavailable), stats.err);
    // stats cannot: its hint names no option of search's (bb17 finding 18).
    CHECK(stats.err.find("raise --remote-timeout") != std::string::npos);
    CHECK(stats.err.find("allow-partial") == std::string::npos);
}

TEST_CASE("remote shards: a hung server fails within --remote-timeout, naming the shard") {
    RemoteLayout l(200);
    test::ShardServer one(shard_path(l.sharded, 1));
    l.write_stub({"auto sharded/shard-0", one.stub_line(), "auto sharded/shard-2"});
    const std::string db = "--db " + test::sh(l.stub.string()) + " " + test::lexicon_arg();
    REQUIRE(test::run_medqa("search " + db + " botox").exit_code == 0);

    one.pause();
    auto start = std::chrono::steady_clock::now();
    auto hung = test::run_medqa("search --remote-timeout 300 " + db + " botox");
    auto took = std::chrono::steady_clock::now() - start;
    CHECK(hung.exit_code == static_cast<int>(ExitCode::shard_unavailable));
    CHECK(hung.err.find(one.stub_line()) != std::string::npos);
    CHECK(took < std::chrono::seconds(5));  // not Xapian's default 10 s, let alone forever
    auto partial = test::run_medqa("search --remote-timeout 300 --allow-partial --format json " + db + " botox");
    CHECK(partial.exit_code == 0);
    CHECK(nlohmann::json::parse(partial.out)["partial"] == true);
}

TEST_CASE("remote shards: a stub line running xapian-progsrv (as over ssh) is searched like a local shard") {
    RemoteLayout l(200);
    // `remote :ssh HOST xapian-progsrv PATH` in production; here the program runs locally.
    l.write_stub({"auto sharded/shard-0", "auto sharded/shard-1", "remote :xapian-progsrv " + fs::absolute(shard_path(l.sharded, 2)).string()});
    Searcher single(l.single, test::annotator()), mixed(l.stub, test::annotator());
    for (const auto& query : {"botox", "pain", "wasting", "botx"})
        CHECK(test::layout_independent(mixed.search(test::plain(query))) ==
              test::layout_independent(single.search(without_feedback(test::plain(query)))));
}

TEST_CASE("remote shards: a stub line Xapian would not understand is refused with its line number") {
    test::TempDir dir;
    test::write_file(dir / "bad.stub", "# comment\nauto local\nremote nohostport\n");
    auto [message, code] = test::error_of([&] { open_for_reading(dir / "bad.stub"); });
    CHECK(code == ExitCode::no_database);
    CHECK(message.find("bad.stub:3") != std::string::npos);
}
