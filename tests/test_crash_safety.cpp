// The index under stress, with real processes as notmuch tests it: medqa index killed with
// SIGKILL at several points of a run, interrupted with SIGINT, a second writer, searches while
// it commits, and --watch picking up files as they arrive.

#include <doctest/doctest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <random>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "index/database.hpp"
#include "index/index_run.hpp"
#include "index_dump.hpp"
#include "search/catalog.hpp"
#include "search/searcher.hpp"
#include "support.hpp"

using namespace medqa;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Made-up answers from a seeded generator: the same corpus on every run.
void write_corpus(const fs::path& dir, int files, int threads_per_file, unsigned seed) {
    static const std::vector<std::string> words{
        "pain",   "swelling", "botox",   "kidney",  "stone",   "muscle",  "temple", "forehead", "rash",
        "fever",  "tablet",   "dose",    "weeks",   "months",  "doctor",  "scan",   "blood",    "pressure",
        "normal", "common",   "rare",    "should",  "improve", "resolve", "return", "injection", "cream",
        "knee",   "back",     "stomach", "liver",   "heart",   "sleep",   "water",  "exercise", "diet"};
    std::mt19937 rng(seed);
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    auto sentence = [&] {
        std::string s = "It";
        for (size_t i = 0, n = 6 + pick(10); i < n; ++i) s += " " + words[pick(words.size())];
        return s + ".";
    };
    fs::create_directories(dir);
    for (int f = 0; f < files; ++f) {
        std::string lines;
        for (int t = 0; t < threads_per_file; ++t) {
            std::string id = "s" + std::to_string(seed) + "-f" + std::to_string(f) + "-t" + std::to_string(t);
            std::string answers;
            for (size_t a = 0, n = 1 + pick(3); a < n; ++a)
                answers += std::string(a ? ", " : "") + R"({"author": "Dr )" + std::to_string(a) + R"(", "text": ")" +
                           sentence() + " " + sentence() + R"("})";
            lines += R"({"id": ")" + id + R"(", "title": "Is )" + words[pick(words.size())] + R"( serious?", "question": ")" +
                     sentence() + R"( Is that serious?", "answers": [)" + answers + "]}\n";
        }
        test::write_file(dir / ("part-" + std::to_string(f) + ".jsonl"), lines);
    }
}

// A running `medqa ARGS...`, its output in files of the scratch folder.
class Process {
public:
    Process(const std::vector<std::string>& args, const fs::path& out) {
        std::vector<std::string> argv{MEDQA_BINARY};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> c_argv;
        for (auto& a : argv) c_argv.push_back(a.data());
        c_argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, (out.string() + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        REQUIRE(posix_spawn(&pid_, MEDQA_BINARY, &actions, nullptr, c_argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
    }
    ~Process() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            wait();
        }
    }
    bool running() {
        int status;
        if (pid_ <= 0) return false;
        if (waitpid(pid_, &status, WNOHANG) == 0) return true;
        pid_ = -1;
        status_ = status;
        return false;
    }
    void signal(int sig) { kill(pid_, sig); }
    int wait() {  // the exit code, or 128 + signal
        if (pid_ > 0) {
            waitpid(pid_, &status_, 0);
            pid_ = -1;
        }
        return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
    }

private:
    pid_t pid_ = -1;
    int status_ = 0;
};

// Polls `ready` every 20 ms for at most `limit`; false when it never became true.
template <typename F>
bool eventually(F&& ready, std::chrono::milliseconds limit) {
    for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;
         std::this_thread::sleep_for(20ms))
        if (ready()) return true;
    return false;
}

Xapian::doccount answers_in(const fs::path& db) {
    try {
        // A commit can overtake even an opening reader (5 times in 440,000 opens beside
        // `medqa index --commit-every=50`): retried, as medqa's own readers do.
        return retry_if_modified([&] { return Xapian::Database(db.string()).get_doccount(); });
    } catch (const Xapian::DatabaseNotFoundError&) {
        return 0;  // not created yet
    }
}

size_t hits(const fs::path& db, const std::string& query) {
    return retry_if_modified([&] { return Searcher(db, test::annotator()).search({.query = query, .stances = {}, .anatomy = {}}); })
        .hits.size();
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Kill points: 5 in the suite; MEDQA_KILL_POINTS=20 for the full check of issue 5.
int kill_points() {
    const char* env = std::getenv("MEDQA_KILL_POINTS");
    return env ? std::max(1, std::atoi(env)) : 5;
}

}  // namespace

TEST_CASE("SIGKILL anywhere in a run: the index opens, search works, and the next run ends like a clean build") {
    test::TempDir dir;
    const fs::path v1 = dir / "v1", v2 = dir / "v2";
    write_corpus(v1, 12, 100, 1);
    // v2: v1 with a third of the files rewritten, one gone and one new, for runs that update
    // and remove as well as add.
    fs::copy(v1, v2, fs::copy_options::recursive);
    write_corpus(dir / "changed", 4, 100, 2);
    for (int f = 0; f < 4; ++f)
        fs::copy_file(dir / "changed" / ("part-" + std::to_string(f) + ".jsonl"), v2 / ("part-" + std::to_string(f * 3) + ".jsonl"),
                      fs::copy_options::overwrite_existing);
    fs::remove(v2 / "part-11.jsonl");
    write_corpus(dir / "new", 1, 100, 3);
    fs::copy_file(dir / "new/part-0.jsonl", v2 / "part-new.jsonl");

    // The index of v1 is built from the same path the runs then read v2 from (paths are part
    // of what the index records).
    const fs::path corpus = dir / "corpus";
    fs::copy(v1, corpus, fs::copy_options::recursive);
    const std::string batch = "--commit-every=100";  // many commits, so kills land between and within them
    REQUIRE(test::run_medqa("index " + corpus.string() + " --db " + (dir / "db-v1").string() + " " + batch).exit_code == 0);
    fs::remove_all(corpus);
    fs::copy(v2, corpus, fs::copy_options::recursive);
    // How long each kind of run takes uninterrupted, to spread the kills over it.
    auto timed_run = [&](const fs::path& db, const std::string& jobs) {
        auto start = std::chrono::steady_clock::now();
        REQUIRE(test::run_medqa("index " + corpus.string() + " --db " + db.string() + " " + batch + " " + jobs)
                    .exit_code == 0);
        return seconds_since(start);
    };
    const double full_run = timed_run(dir / "clean", "--jobs=1");
    const auto reference = test::index_dump(dir / "clean");
    REQUIRE(reference.size() > 2000);
    fs::copy(dir / "db-v1", dir / "db-updated", fs::copy_options::recursive);
    const double update_run = timed_run(dir / "db-updated", "--jobs=1");
    REQUIRE(test::index_dump(dir / "db-updated") == reference);
    const double parallel_run = timed_run(dir / "db-parallel", "--jobs=2");
    REQUIRE(test::index_dump(dir / "db-parallel") == reference);

    const int points = kill_points();
    int killed = 0;  // runs that were still working when the kill came
    for (int k = 0; k < points; ++k) {
        // Points take turns: a build from nothing, an update of the v1 index to v2, a build
        // from nothing on two processes.
        const bool incremental = k % 3 == 1, parallel = k % 3 == 2;
        const fs::path db = dir / ("db-" + std::to_string(k));
        if (incremental) fs::copy(dir / "db-v1", db, fs::copy_options::recursive);
        // Spread over the first 80 % of the run: a run's length varies (more under sanitizers),
        // and a kill after the end tests nothing.
        const double run = incremental ? update_run : parallel ? parallel_run : full_run;
        const auto delay = std::chrono::duration<double>(run * 0.8 * (k + 0.5) / points);
        CAPTURE(k);
        CAPTURE(incremental);
        CAPTURE(parallel);
        CAPTURE(delay.count());
        {
            Process indexer({"index", corpus.string(), "--db", db.string(), batch, parallel ? "--jobs=2" : "--jobs=1"},
                            dir / "out");
            std::this_thread::sleep_for(delay);
            indexer.signal(SIGKILL);
            killed += indexer.wait() == 128 + SIGKILL;
        }
        if (fs::exists(db / "iamglass")) {
            auto search = test::run_medqa("search --db " + db.string() + " --format json pain");
            CHECK(search.exit_code == 0);
            CHECK(search.err == "");
        }
        auto rerun = test::run_medqa("index " + corpus.string() + " --db " + db.string());
        CHECK(rerun.exit_code == 0);
        CHECK(test::index_dump(db) == reference);
        CHECK_FALSE(fs::exists(db.string() + ".rebuild"));  // leftovers of a killed build are cleared
    }

    MESSAGE(killed << " of " << points << " kills came while medqa index was working");
    CHECK(killed * 2 >= points);

    // Ctrl-C stops it cleanly, with what was done committed.
    const fs::path db = dir / "db-interrupted";
    Process indexer({"index", corpus.string(), "--db", db.string(), batch}, dir / "out");
    std::this_thread::sleep_for(std::chrono::duration<double>(full_run / 2));
    indexer.signal(SIGINT);
    int code = indexer.wait();
    CHECK((code == 130 || code == 0));  // 0: it had finished
    CHECK(test::run_medqa("index " + corpus.string() + " --db " + db.string()).exit_code == 0);
    CHECK(test::index_dump(db) == reference);
}

TEST_CASE("while medqa index runs: searches see committed state, and a second writer is refused") {
    test::TempDir dir;
    write_corpus(dir / "in", 20, 100, 4);
    const fs::path db = dir / "db";
    Process indexer({"index", (dir / "in").string(), "--db", db.string(), "--commit-every=50"}, dir / "out");
    REQUIRE(eventually([&] { return answers_in(db) > 0; }, 60s));

    auto second = test::run_medqa("index " + (dir / "in").string() + " --db " + db.string());
    REQUIRE_MESSAGE(indexer.running(), "the corpus was indexed before the second writer started: make it larger");
    CHECK(second.exit_code == 5);
    CHECK(second.err.find("being updated by another process") != std::string::npos);
    CHECK(fs::exists(db / "flintlock"));

    int searches = 0, cli_searches = 0;
    Xapian::doccount seen = 0;
    while (indexer.running()) {
        // In process, many times: what a reader sees only grows, commit by commit.
        CHECK(hits(db, "pain OR fever") > 0);
        auto now = answers_in(db);
        CHECK(now >= seen);
        seen = now;
        ++searches;
        if (searches % 20 == 0) {  // and the real command, now and then
            auto r = test::run_medqa("search --db " + db.string() + " --format json kidney stone");
            CHECK(r.exit_code == 0);
            ++cli_searches;
        }
    }
    CHECK(indexer.wait() == 0);
    CHECK(searches > 10);
    MESSAGE(searches << " searches (" << cli_searches << " by the medqa binary) while indexing");
    CHECK(database_stats(open_for_reading(db)).threads == 2000);
}

TEST_CASE("--watch indexes files as they arrive, change and go, and stops cleanly on Ctrl-C") {
    test::TempDir dir;
    const fs::path in = dir / "in", db = dir / "db";
    test::write_file(in / "first.jsonl",
                     R"({"id": "first", "title": "Gout", "answers": [{"text": "Gout flares come back."}]})" "\n");
    Process watcher({"index", "--watch", in.string(), "--db", db.string()}, dir / "out");
    REQUIRE(eventually([&] { return answers_in(db) == 1; }, 20s));
    // Give the watch a moment to be in place past the first pass's commit.
    std::this_thread::sleep_for(200ms);

    auto start = std::chrono::steady_clock::now();
    test::write_file(in / "new.jsonl",
                     R"({"id": "new", "title": "Rosacea", "answers": [{"text": "Rosacea flushing responds to brimonidine."}]})" "\n");
    REQUIRE(eventually([&] { return hits(db, "brimonidine") == 1; }, 10s));
    const double latency = seconds_since(start);
    MESSAGE("a new file was searchable " << latency << " s after it was written");
    CHECK(latency < 3.0);  // the issue asks for a second; this leaves room for a loaded CI machine

    // A new folder, and a file in it.
    test::write_file(in / "sub/deeper.jsonl",
                     R"({"id": "deep", "title": "Acne", "answers": [{"text": "Isotretinoin clears severe acne."}]})" "\n");
    CHECK(eventually([&] { return hits(db, "isotretinoin") == 1; }, 10s));
    fs::remove(in / "new.jsonl");
    CHECK(eventually([&] { return hits(db, "brimonidine") == 0; }, 10s));

    watcher.signal(SIGINT);
    CHECK(watcher.wait() == 0);
    auto out = test::read_file(dir / "out");
    CHECK(out.find("added 1, updated 0, removed 0") != std::string::npos);
    CHECK(out.find("removed 1") != std::string::npos);
    CHECK(database_stats(open_for_reading(db)).threads == 2);
}

TEST_CASE("--watch of named files: a file deleted has its threads removed, and later passes say nothing of it") {
    test::TempDir dir;
    const fs::path one = dir / "in/one.jsonl", two = dir / "in/two.jsonl", db = dir / "db";
    test::write_file(one, R"({"id": "one", "title": "Gout", "answers": [{"text": "Gout flares come back."}]})" "\n");
    test::write_file(two, R"({"id": "two", "title": "Acne", "answers": [{"text": "Isotretinoin clears acne."}]})" "\n");
    Process watcher({"index", "--watch", one.string(), two.string(), "--db", db.string()}, dir / "out");
    REQUIRE(eventually([&] { return answers_in(db) == 2; }, 20s));
    REQUIRE(eventually([&] { return test::read_file(dir / "out.err").find("watching") != std::string::npos; }, 10s));

    fs::remove(one);
    CHECK(eventually([&] { return hits(db, "gout") == 0; }, 10s));
    // Another pass, with one.jsonl still gone: no error either.
    test::write_file(two, R"({"id": "two", "title": "Acne", "answers": [{"text": "Isotretinoin clears acne, and retinoids do too."}]})" "\n");
    CHECK(eventually([&] { return hits(db, "retinoids") == 1; }, 10s));
    watcher.signal(SIGINT);
    CHECK(watcher.wait() == 0);
    CHECK(test::read_file(dir / "out.err").find("error") == std::string::npos);
    CHECK(test::read_file(dir / "out").find("removed 1") != std::string::npos);
}

TEST_CASE("an interrupted --rebuild says it kept nothing, not what it added") {
    test::TempDir dir;
    const fs::path in = dir / "in", db = dir / "db";
    write_corpus(in, 1, 20, 11);
    REQUIRE(test::run_medqa("index " + in.string() + " --db " + db.string()).exit_code == 0);
    write_corpus(in, 20, 100, 12);
    const fs::path part = db.string() + ".rebuild.part-0";
    Process rebuild({"index", in.string(), "--db", db.string(), "--rebuild", "--jobs=1", "--commit-every=50"},
                    dir / "out");
    const bool mid_build = eventually([&] { return answers_in(part) > 0; }, 60s);
    rebuild.signal(SIGTERM);
    const int code = rebuild.wait();
    if (!mid_build || code != 130) {
        MESSAGE("skipped: the rebuild was over before the signal; make the corpus larger");
        return;
    }
    const auto out = test::read_file(dir / "out");
    CAPTURE(out);
    CHECK(out.starts_with("abandoned after reading "));
    CHECK(out.find("nothing was written, " + db.string() + " is as it was") != std::string::npos);
    CHECK(out.find("added") == std::string::npos);
    CHECK(test::read_file(dir / "out.err").find("the rebuild was abandoned") != std::string::npos);
    CHECK(answers_in(db) < 100);  // the old index: 20 threads
}

TEST_CASE("--watch stopped in the middle of a pass exits 130, as any unfinished run does") {
    test::TempDir dir;
    const fs::path in = dir / "in", db = dir / "db";
    fs::create_directories(in);
    Process watcher({"index", "--watch", in.string(), "--db", db.string(), "--commit-every=50"}, dir / "out");
    REQUIRE(eventually([&] { return fs::exists(db / "iamglass"); }, 20s));
    std::this_thread::sleep_for(200ms);  // the watch in place past the first (empty) pass
    write_corpus(in, 20, 100, 7);
    REQUIRE(eventually([&] { return answers_in(db) > 0; }, 60s));
    // Each pass ends with its summary line: one so far means the second pass is running.
    auto summaries = [&] {
        auto out = test::read_file(dir / "out");
        size_t n = 0;
        for (size_t at = out.find("added "); at != std::string::npos; at = out.find("added ", at + 1)) ++n;
        return n;
    };
    const bool mid_pass = summaries() == 1;
    watcher.signal(SIGINT);
    const int code = watcher.wait();
    if (!mid_pass) {
        MESSAGE("skipped: the pass was over before the signal; make the corpus larger");
        return;
    }
    CHECK(code == 130);
}

TEST_CASE("--watch holds the write lock between passes: a second indexer is refused, the watch goes on") {
    test::TempDir dir;
    const fs::path in = dir / "in", db = dir / "db", other = dir / "other.json";
    test::write_file(in / "first.jsonl",
                     R"({"id": "first", "title": "Gout", "answers": [{"text": "Gout flares come back."}]})" "\n");
    test::write_file(other, R"({"id": "other", "title": "Acne", "answers": [{"text": "Isotretinoin clears acne."}]})");
    Process watcher({"index", "--watch", in.string(), "--db", db.string()}, dir / "out");
    REQUIRE(eventually([&] { return answers_in(db) == 1; }, 20s));
    REQUIRE(eventually([&] { return test::read_file(dir / "out.err").find("watching") != std::string::npos; }, 10s));

    // The watch is idle, waiting for changes: the index is still its to write.
    auto second = test::run_medqa("index " + other.string() + " --db " + db.string());
    INFO("second writer: " << second.out << second.err);
    CHECK(second.exit_code == 5);
    CHECK(second.err.find("being updated by another process") != std::string::npos);
    CHECK(hits(db, "isotretinoin") == 0);

    // And the watch goes on indexing what arrives.
    test::write_file(in / "new.jsonl",
                     R"({"id": "new", "title": "Rosacea", "answers": [{"text": "Rosacea flushing responds to brimonidine."}]})" "\n");
    CHECK(eventually([&] { return hits(db, "brimonidine") == 1; }, 10s));
    REQUIRE(watcher.running());
    watcher.signal(SIGINT);
    CHECK(watcher.wait() == 0);
    CHECK(test::read_file(dir / "out.err").find("error") == std::string::npos);
    // Its lock went with it.
    CHECK(test::run_medqa("index " + other.string() + " --db " + db.string()).exit_code == 0);
}

TEST_CASE("--watch beside its own index (the default --db, in the watched file's folder): one pass, then idle") {
    // A shard, the stub, the lock file: each pass's writes to the index used to set off the
    // next, for ever with shards and once more after each pass without.
    std::string shards;
    SUBCASE("sharded") { shards = "2"; }
    SUBCASE("one database") { shards = "1"; }
    test::TempDir dir;
    const fs::path dump = dir / "dump.jsonl", db = dir / "index";
    test::write_file(dump, R"({"id": "k1", "title": "Can kidney stones come back?", "answers": [{"text": "Yes, often."}]})" "\n");
    Process watcher({"index", "--watch", "--shards", shards, dump.string(), "--db", db.string()}, dir / "out");
    auto passes = [&] {
        const auto out = test::read_file(dir / "out");
        size_t n = 0;
        for (size_t at = out.find("added "); at != std::string::npos; at = out.find("added ", at + 1)) ++n;
        return n;
    };
    REQUIRE(eventually([&] { return test::read_file(dir / "out.err").find("watching") != std::string::npos; }, 20s));
    // Past the settling time (300 ms) and a pass: a pass set off by the first one's writes is over.
    std::this_thread::sleep_for(1200ms);
    CHECK(passes() == 1);
    // An input file written is still a change.
    test::write_file(dump, R"({"id": "k1", "title": "Can kidney stones come back?", "answers": [{"text": "Yes, often, drink water."}]})" "\n");
    CHECK(eventually([&] { return passes() == 2; }, 10s));
    watcher.signal(SIGINT);
    CHECK(watcher.wait() == 0);
    const auto out = test::read_file(dir / "out");
    CHECK(out.find("updated 1") != std::string::npos);
    CHECK(passes() == 2);
}

TEST_CASE("what an index run writes: the index folder and what is in it, and the builds beside it") {
    test::TempDir dir;
    fs::create_directories(dir / "in");
    fs::create_directories(dir / "index");
    const auto own = written_by_index_run(dir / "index");
    CHECK(own(dir / "index"));
    CHECK(own(dir / "index/XAPIANDB"));
    CHECK(own(dir / "index/shard-1/postlist.glass"));
    CHECK(own(dir / "index.rebuild"));
    CHECK(own(dir / "index.rebuild.part-3/termlist.glass"));
    CHECK(own(dir / "in/../index/flintlock"));
    CHECK_FALSE(own(dir / "dump.jsonl"));
    CHECK_FALSE(own(dir / "index2"));
    CHECK_FALSE(own(dir / "index.jsonl"));
    CHECK_FALSE(own(dir / "in/index"));
    CHECK_FALSE(own(dir.path()));
    // Through a symlink, both ways.
    fs::create_directory_symlink(dir / "index", dir / "link");
    const auto linked = written_by_index_run(dir / "link");
    CHECK(linked(dir / "link/XAPIANDB"));
    CHECK(linked(dir / "index/XAPIANDB"));
    CHECK(linked(dir / "link.rebuild"));
    CHECK(own(dir / "link/XAPIANDB"));
}

// What a write that fails part-way through a run must say: the original error with the
// index's path (never Xapian's "Cannot cancel transaction", which the error path used to put in
// its place), exit 1; and the index opens as its last commit left it.
void check_failed_write(const test::RunResult& r, const fs::path& db, const std::string& cause) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(db.string() + ": cannot write the index: ") != std::string::npos);
    CHECK(r.err.find(cause) != std::string::npos);
    CHECK(r.err.find("InvalidOperationError") == std::string::npos);
    CHECK(r.err.find("cancel") == std::string::npos);
    CHECK(answers_in(db) > 0);  // earlier batches were committed, and the last commit opens
}

TEST_CASE("a write that fails mid-run (file size limit, full disk) is reported as itself, the last commit kept") {
    test::TempDir dir;
    write_corpus(dir / "in", 20, 100, 9);
    const fs::path db = dir / "db";
    // A file size limit makes Xapian's writes fail with EFBIG, as a full disk makes them fail
    // with ENOSPC, through the same error path; it needs no privileges. SIGXFSZ is ignored, so
    // the write fails instead of killing medqa. (sh's ulimit -f counts 512-byte blocks in dash,
    // 1024-byte ones in bash: 512 KiB or 1 MiB, either well below this index.)
    const std::string limited = "sh -c 'trap \"\" XFSZ; ulimit -f 1024; exec \"$0\" \"$@\"'";
    auto r = test::run_medqa("index " + (dir / "in").string() + " --db " + db.string() + " -j1 --commit-every=50",
                             limited);
    check_failed_write(r, db, "File too large");
    // Without the limit the next run finishes the work.
    CHECK(test::run_medqa("index " + (dir / "in").string() + " --db " + db.string()).exit_code == 0);
    CHECK(database_stats(open_for_reading(db)).threads == 2000);

    // A real full disk, where a tmpfs can be mounted (root, outside most containers).
    const fs::path small = dir / "small";
    fs::create_directories(small);
    if (std::system(("mount -t tmpfs -o size=1m tmpfs " + small.string() + " 2>/dev/null").c_str()) != 0) {
        MESSAGE("full-disk part skipped: cannot mount a tmpfs here (needs root, and a mount namespace that allows it)");
        return;
    }
    struct Unmount {
        fs::path at;
        ~Unmount() { (void)std::system(("umount " + at.string()).c_str()); }
    } unmount{small};
    auto full = test::run_medqa("index " + (dir / "in").string() + " --db " + (small / "db").string() +
                                " -j1 --commit-every=50");
    check_failed_write(full, small / "db", "No space left on device");
    CHECK(full.err.find("is the disk full?") != std::string::npos);
}

TEST_CASE("a first build killed while Xapian created the database is built again, not refused") {
    test::TempDir dir;
    const fs::path db = dir / "db";
    // What a kill leaves before Xapian writes "iamglass", the last step of creating a database.
    test::write_file(db / "flintlock", "");
    test::write_file(db / "postlist.glass", "");
    auto rerun = test::run_medqa("index " + test::kSeed.string() + " --db " + db.string());
    CHECK(rerun.exit_code == 0);
    CHECK(rerun.out.find("added 1") != std::string::npos);
    // Any other file still makes the folder someone else's.
    test::TempDir other;
    test::write_file(other / "db" / "flintlock", "");
    test::write_file(other / "db" / "notes.txt", "mine\n");
    CHECK(test::run_medqa("index " + test::kSeed.string() + " --db " + (other / "db").string()).exit_code == 4);
}

TEST_CASE("a write the index folder refuses (EACCES, EPERM, EROFS) is exit 4 with a permissions hint, not 'run again'") {
    // bb17 finding 12: chattr +i on the folder made the commit fail (EPERM) with exit 1 and the
    // hint "run medqa index again to finish the work", which could not help. (cli tests the
    // real thing where chattr works.)
    test::TempDir dir;
    for (int refused : {EACCES, EPERM, EROFS}) {
        CAPTURE(refused);
        const Error e = write_error(dir.path(), Xapian::DatabaseError("Couldn't write new rev file: db/v.tmp", refused));
        CHECK(e.code() == ExitCode::no_database);
        CHECK(std::string(e.what()).find(std::strerror(refused)) != std::string::npos);
        CHECK(e.hint().find("may not be written") != std::string::npos);
        CHECK(e.hint().find("again") == std::string::npos);
    }
    // Errors a later run can get past stay exit 1, "run again".
    const Error full = write_error(dir.path(), Xapian::DatabaseError("Error writing block 105", ENOSPC));
    CHECK(full.code() == ExitCode::failure);
    CHECK(full.hint().find("is the disk full?") != std::string::npos);
    const Error io = write_error(dir.path(), Xapian::DatabaseError("Error writing block 105", EIO));
    CHECK(io.code() == ExitCode::failure);
    CHECK(io.hint().find("run medqa index again") != std::string::npos);
}
