// End-to-end tests of the medqa command line: every check runs the real binary in a scratch
// index, the way a user or a script would, and looks at exit codes, stdout and stderr.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "support.hpp"

namespace {

using medqa::test::RunResult;
using medqa::test::lexicon_arg;
using medqa::test::run_medqa;
using medqa::test::sh;
using nlohmann::json;
namespace fs = std::filesystem;

const std::string kThread = "botox-volume-loss";

size_t count_lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

bool has_escape(const std::string& text) { return text.find('\x1b') != std::string::npos; }

json parse_json(const RunResult& r) {
    INFO("stdout: " << r.out);
    INFO("stderr: " << r.err);
    json j;
    REQUIRE_NOTHROW(j = json::parse(r.out));
    REQUIRE(j.is_object());
    return j;
}

// The answer ids of a search's hits, in rank order.
std::vector<std::string> answer_ids(const json& search) {
    std::vector<std::string> ids;
    for (const auto& h : search.at("hits")) ids.push_back(h.at("answer").get<std::string>());
    return ids;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// A scratch index folder; `seed()` indexes the seed thread into it.
struct Index {
    medqa::test::TempDir dir;
    fs::path db = dir / "db";

    std::string db_arg() const { return "--db " + sh(db.string()); }

    RunResult index(const std::string& args, const std::string& env = "") const {
        return run_medqa("index " + db_arg() + " " + lexicon_arg() + " " + args, env);
    }
    RunResult seed(const std::string& args = "") const {
        return index(args + " " + sh(medqa::test::kSeed.string()));
    }
    RunResult search(const std::string& args, const std::string& env = "") const {
        return run_medqa("search " + db_arg() + " " + lexicon_arg() + " " + args, env);
    }
    // show and stats take no --lexicon-dir: they only read what the index stored.
    RunResult show(const std::string& args, const std::string& env = "") const {
        return run_medqa("show " + db_arg() + " " + args, env);
    }
    RunResult stats(const std::string& args = "", const std::string& env = "") const {
        return run_medqa("stats " + db_arg() + " " + args, env);
    }
    json search_json(const std::string& args) const {
        auto r = search("--format json " + args);
        INFO("search " << args << "\nstderr: " << r.err);
        REQUIRE(r.exit_code == 0);
        return parse_json(r);
    }
};

// An index holding the seed thread, built once per test case.
struct SeededIndex : Index {
    SeededIndex() {
        auto r = seed();
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        REQUIRE(r.exit_code == 0);
    }
};

}  // namespace

TEST_CASE("cli: index adds the seed thread once, then leaves it unchanged") {
    Index idx;
    auto first = idx.seed();
    INFO("stderr: " << first.err);
    CHECK(first.exit_code == 0);
    CHECK(first.out.find("added 1") != std::string::npos);
    CHECK(first.out.find("6 answers") != std::string::npos);
    CHECK(first.err.empty());
    CHECK(fs::is_directory(idx.db));

    auto again = idx.seed();
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("unchanged 1") != std::string::npos);
    CHECK(again.out.find("added 0") != std::string::npos);
    CHECK(again.out.find("updated 0") != std::string::npos);

    SUBCASE("--format json on a fresh index") {
        Index fresh;
        auto r = fresh.seed("--format json");
        CHECK(r.exit_code == 0);
        json j = parse_json(r);
        CHECK(j.at("threads") == 1);
        CHECK(j.at("answers") == 6);
        CHECK(j.at("files") == 1);
        CHECK(j.at("added") == 1);
        CHECK(j.at("updated") == 0);
        CHECK(j.at("rejected") == 0);
    }
    SUBCASE("--format json on an up-to-date index") {
        auto r = idx.seed("--format json");
        CHECK(r.exit_code == 0);
        json j = parse_json(r);
        CHECK(j.at("threads") == 1);
        CHECK(j.at("answers") == 6);
        CHECK(j.at("added") == 0);
        CHECK(j.at("updated") == 0);
    }
}

TEST_CASE("cli: the README's first command in a fresh clone: index/ holding only its .gitignore") {
    // A clone has data/ and an index/ folder whose only file is a .gitignore; `medqa index` and
    // `medqa search` with their defaults (--db index, data/, data/lexicon) must work there.
    medqa::test::TempDir clone;
    fs::copy(medqa::test::kSourceDir / "data", clone / "data", fs::copy_options::recursive);
    fs::create_directories(clone / "index");
    fs::copy_file(medqa::test::kSourceDir / "index" / ".gitignore", clone / "index" / ".gitignore");
    auto indexed = run_medqa("index", "", clone.path());
    INFO("stdout: " << indexed.out << "\nstderr: " << indexed.err);
    REQUIRE(indexed.exit_code == 0);
    CHECK(indexed.out.find("added 1") != std::string::npos);
    CHECK(fs::exists(clone / "index" / ".gitignore"));  // still there: git keeps ignoring the index
    auto found = run_medqa("search --format json \"temporalis atrophy\"", "", clone.path());
    REQUIRE(found.exit_code == 0);
    CHECK(answer_ids(parse_json(found)).front() == "3");

    // A folder holding other files is still refused: it is not ours to write into.
    medqa::test::write_file(clone / "notes" / "todo.txt", "buy milk\n");
    auto refused = run_medqa("index --db notes", "", clone.path());
    CHECK(refused.exit_code == 4);
    CHECK(refused.err.find("not a medqa index, and not empty") != std::string::npos);
}

TEST_CASE("cli: search ranks the temporalis answer first") {
    SeededIndex idx;

    SUBCASE("text") {
        auto r = idx.search(sh("temporalis atrophy"));
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exit_code == 0);
        auto first = r.out.find("  1. ");
        REQUIRE(first != std::string::npos);
        std::string first_line = r.out.substr(first, r.out.find('\n', first) - first);
        CHECK(first_line.find(kThread + "/3") != std::string::npos);
        CHECK(first_line.find("[maybe]") != std::string::npos);
        CHECK(r.out.find("**temporalis**") != std::string::npos);  // not a terminal: plain markers
        CHECK_FALSE(has_escape(r.out));
    }

    SUBCASE("json") {
        json j = idx.search_json(sh("temporalis atrophy"));
        CHECK(j.at("query") == "temporalis atrophy");
        CHECK(j.at("estimated_matches").get<int>() >= 1);
        REQUIRE(j.at("hits").is_array());
        REQUIRE_FALSE(j.at("hits").empty());
        for (const auto& h : j.at("hits"))
            for (const char* key : {"rank", "thread", "answer", "title", "author", "stance", "anatomy", "score", "snippet"})
                CHECK_MESSAGE(h.contains(key), "hit without \"" << key << "\": " << h.dump());
        const json& hit = j.at("hits").at(0);
        CHECK(hit.at("rank") == 1);
        CHECK(hit.at("thread") == kThread);
        CHECK(hit.at("answer") == "3");
        CHECK(hit.at("title") == "Can Botox Cause a Loss of Volume?");
        CHECK(hit.at("stance") == "maybe");
        auto anatomy = hit.at("anatomy").get<std::vector<std::string>>();
        CHECK(std::find(anatomy.begin(), anatomy.end(), "temporalis muscle") != anatomy.end());
        CHECK(hit.at("score").is_number());
        const std::string snippet = hit.at("snippet").get<std::string>();
        CHECK(snippet.find("**temporalis**") != std::string::npos);
        // Marked are the query's words (and synonyms), not the words feedback added to find more:
        // answer 3 says "injections", which the seed's first answers share; nobody asked for it.
        CHECK(snippet.find("injections") != std::string::npos);
        CHECK_MESSAGE(snippet.find("**injections**") == std::string::npos, snippet);
        // Ranks count up from 1, scores never go up.
        for (size_t i = 1; i < j.at("hits").size(); ++i) {
            CHECK(j["hits"][i]["rank"] == i + 1);
            CHECK(j["hits"][i]["score"].get<double>() <= j["hits"][i - 1]["score"].get<double>());
        }
        REQUIRE(j.at("facets").is_object());
        CHECK(j.at("facets").at("stance").is_object());
        CHECK(j.at("facets").at("stance").at("maybe").get<int>() >= 1);
        CHECK(j.at("facets").at("anatomy").is_object());
        CHECK(j.at("facets").at("anatomy").at("temporalis muscle") == 1);
        CHECK(j.at("facets_counted") == j.at("estimated_matches"));  // few matches: all counted
    }
}

TEST_CASE("cli: search --stance no keeps only the answers that say no") {
    SeededIndex idx;
    json j = idx.search_json("--stance no botox");
    CHECK(sorted(answer_ids(j)) == std::vector<std::string>{"2", "5", "6"});
    for (const auto& h : j.at("hits")) CHECK(h.at("stance") == "no");
    CHECK(j.at("query") == "botox");  // the word after --stance no is the query, not a second stance
    CHECK(j.at("facets").at("stance") == json{{"no", 3}});

    SUBCASE("stance:no in the query language") {
        CHECK(sorted(answer_ids(idx.search_json("stance:no"))) == std::vector<std::string>{"2", "5", "6"});
    }
    SUBCASE("repeated --stance: any of them") {
        json both = idx.search_json("--stance yes --stance maybe botox");
        CHECK(sorted(answer_ids(both)) == std::vector<std::string>{"1", "3", "4"});
    }
}

TEST_CASE("cli: anatomy filters match a concept and its parts") {
    SeededIndex idx;
    const std::vector<std::string> temple{"3", "4", "6"};  // 3: temporalis muscle is part of the temple

    CHECK(sorted(answer_ids(idx.search_json("--anatomy temple"))) == temple);
    CHECK(sorted(answer_ids(idx.search_json("anatomy:temple"))) == temple);
    CHECK(sorted(answer_ids(idx.search_json("--anatomy temples"))) == temple);  // plural, via the lexicon
    CHECK(sorted(answer_ids(idx.search_json("anatomy:temples"))) == temple);

    SUBCASE("anatomy filter and query words together") {
        json j = idx.search_json("--anatomy temple atrophy");
        // 4 says "volume loss", a synonym of atrophy.
        CHECK(sorted(answer_ids(j)) == std::vector<std::string>{"3", "4", "6"});
    }
    SUBCASE("a name the lexicon does not know: in the query a notice, as --anatomy a usage error with the nearest name") {
        auto r = idx.search("--format json anatomy:elbowz");
        CHECK(r.exit_code == 0);
        CHECK(parse_json(r).at("hits").empty());
        CHECK(r.err.find("unknown anatomy 'elbowz'") != std::string::npos);
        r = idx.search("--format json --anatomy elbowz");
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("--anatomy elbowz: no body structure of the lexicon or the index has this name") != std::string::npos);
        CHECK(r.err.find("did you mean 'elbow'?") != std::string::npos);
    }
}

TEST_CASE("cli: search --collapse shows one answer per thread") {
    SeededIndex idx;
    json all = idx.search_json("botox");
    CHECK(all.at("hits").size() == 6);
    json j = idx.search_json("--collapse botox");
    REQUIRE(j.at("hits").size() == 1);
    CHECK(j["hits"][0]["thread"] == kThread);
    CHECK(j["hits"][0]["answer"] == all["hits"][0]["answer"]);  // the best answer of the thread
    // Paged past the end, the count says what it counts.
    CHECK(idx.search("--collapse --offset 5 botox").out == "no answers on this page: 1 thread matches; try a smaller --offset\n");
    CHECK(idx.search("--offset 50 botox").out == "no answers on this page: 6 answers match; try a smaller --offset\n");
}

TEST_CASE("cli: a query with a stray AND is searched literally, with a notice") {
    SeededIndex idx;
    auto r = idx.search(sh("botox AND"));
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(kThread + "/") != std::string::npos);
    CHECK(r.out.find("**Botox**") != std::string::npos);
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.find("literally") != std::string::npos);
}

TEST_CASE("cli: a query with an unbalanced parenthesis is searched literally, with a notice") {
    SeededIndex idx;
    auto r = idx.search(sh("(botox"));
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(kThread + "/") != std::string::npos);
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.find("literally") != std::string::npos);
}

TEST_CASE("cli: index into a damaged index is exit code 4 with a hint to rebuild") {
    SeededIndex idx;
    fs::remove(idx.db / "postlist.glass");  // a table lost, as a disk or a careless rm leaves it
    auto r = idx.seed();
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 4);
    CHECK(r.err.find(idx.db.string() + ": the index is damaged") != std::string::npos);
    CHECK(r.err.find("rebuild") != std::string::npos);
}

TEST_CASE("cli: a missing index is exit code 4 with a hint") {
    medqa::test::TempDir dir;
    const fs::path missing = dir / "no-index-here";
    const std::string db = "--db " + sh(missing.string());
    const std::vector<std::pair<const char*, std::string>> commands{
        {"search", "search " + db + " " + lexicon_arg() + " botox"},
        {"show", "show " + db + " " + kThread},
        {"stats", "stats " + db},
    };
    for (const auto& [name, args] : commands) {
        CAPTURE(name);
        auto r = run_medqa(args);
        INFO("stderr: " << r.err);
        CHECK(r.exit_code == 4);
        CHECK(r.out.empty());
        CHECK(r.err.find("no medqa index") != std::string::npos);
        CHECK(r.err.find("hint:") != std::string::npos);
        CHECK(r.err.find("medqa index --db") != std::string::npos);
        CHECK_FALSE(fs::exists(missing));  // reading never creates an index
    }
}

TEST_CASE("cli: index reports bad records by line, indexes the good ones, exits 3") {
    Index idx;
    const fs::path file = idx.dir / "mixed.jsonl";
    medqa::test::write_file(
        file,
        R"({"id": "good-one", "title": "Cheek filler", "question": "Is hyaluronic filler in the cheek safe?", "answers": [{"id": "1", "author": "Dr. A", "text": "Hyaluronic filler in the cheek is generally safe."}]})"
        "\n"
        R"({"id": "broken", "title": )"
        "\n"
        R"({"id": "no-answers", "title": "A thread without answers"})"
        "\n");
    auto r = idx.index(sh(file.string()));
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find(file.string() + ":2") != std::string::npos);
    CHECK(r.err.find(file.string() + ":3") != std::string::npos);
    CHECK(r.err.find(file.string() + ":1") == std::string::npos);
    CHECK(r.err.find("answers") != std::string::npos);
    CHECK(r.out.find("added 1") != std::string::npos);

    json j = idx.search_json("hyaluronic");
    REQUIRE(j.at("hits").size() == 1);
    CHECK(j["hits"][0]["thread"] == "good-one");
    CHECK(j["hits"][0]["author"] == "Dr. A");

    auto stats = idx.stats("--format json");
    CHECK(stats.exit_code == 0);
    CHECK(parse_json(stats).at("threads") == 1);
}

TEST_CASE("cli: show prints a whole thread") {
    SeededIndex idx;
    const std::vector<std::string> stances{"maybe", "no", "maybe", "yes", "no", "no"};

    SUBCASE("text: every answer in order, with its stance") {
        auto r = idx.show(kThread);
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out.rfind("Can Botox Cause a Loss of Volume?\n", 0) == 0);
        size_t at = 0;
        for (size_t i = 0; i < stances.size(); ++i) {
            std::string label = "\n[" + std::to_string(i + 1) + "] " + stances[i] + " |";
            auto pos = r.out.find(label, at);
            CHECK_MESSAGE(pos != std::string::npos, "missing or out of order: " << label);
            if (pos != std::string::npos) at = pos + 1;
        }
        CHECK(r.out.find("\n[7]") == std::string::npos);
        CHECK(r.out.find("Disclaimer:") != std::string::npos);
        CHECK_FALSE(has_escape(r.out));
    }

    SUBCASE("json") {
        auto r = idx.show("--format json " + kThread);
        CHECK(r.exit_code == 0);
        json j = parse_json(r);
        CHECK(j.at("thread") == kThread);
        CHECK(j.at("title") == "Can Botox Cause a Loss of Volume?");
        REQUIRE(j.at("answers").is_array());
        REQUIRE(j.at("answers").size() == 6);
        for (size_t i = 0; i < 6; ++i) {
            CHECK(j["answers"][i]["answer"] == std::to_string(i + 1));
            CHECK(j["answers"][i]["stance"] == stances[i]);
        }
        auto anatomy4 = j["answers"][3]["anatomy"].get<std::vector<std::string>>();
        for (const char* name : {"masseter muscle", "forehead", "temple", "periorbital region"})
            CHECK_MESSAGE(std::find(anatomy4.begin(), anatomy4.end(), name) != anatomy4.end(), name);
    }

    SUBCASE("an unknown thread is exit code 6") {
        auto r = idx.show("nosuchthread");
        CHECK(r.exit_code == 6);
        CHECK(r.out.empty());
        CHECK(r.err.find("nosuchthread") != std::string::npos);
        CHECK(r.err.find("hint:") != std::string::npos);
        CHECK(idx.show(kThread + "/7").exit_code == 6);  // the thread has 6 answers
    }

    SUBCASE("an answer the thread does not have is named as such, with the answers it has") {
        auto r = idx.show(kThread + "/99");
        INFO("stderr: " << r.err);
        CHECK(r.exit_code == 6);
        CHECK(r.err.find("medqa: error: thread " + kThread + " has no answer 99\n") != std::string::npos);
        CHECK(r.err.find("its answers: 1, 2, 3, 4, 5, 6;") != std::string::npos);
        CHECK(r.err.find("no thread") == std::string::npos);
        CHECK(r.err.find("similar id") == std::string::npos);
    }

    SUBCASE("THREAD/ANSWER as search prints it shows that thread") {
        auto r = idx.show(kThread + "/3");
        CHECK(r.exit_code == 0);
        CHECK(r.out == idx.show(kThread).out);
    }

    SUBCASE("an empty id is a usage error") {
        auto r = idx.show("''");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("the thread id is empty") != std::string::npos);
    }
}

TEST_CASE("cli: show takes back the THREAD/ANSWER search prints when either id holds a '/'") {
    Index idx;
    const fs::path in = idx.dir / "slash.jsonl";
    medqa::test::write_file(
        in, R"({"id": "sp ace/slash", "title": "weird id?", "answers": [{"id": "a/b", "text": "yes, it is weird"}]})" "\n"
            R"({"id": "sp ace", "title": "plain", "answers": [{"id": "c", "text": "a plain answer"}]})" "\n");
    REQUIRE(idx.index(sh(in.string())).exit_code == 0);
    auto search = idx.search_json("weird");
    REQUIRE(search.at("hits").size() == 1);
    CHECK(search["hits"][0]["thread"] == "sp ace/slash");
    CHECK(search["hits"][0]["answer"] == "a/b");

    auto r = idx.show("--format json " + sh("sp ace/slash/a/b"));
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(parse_json(r).at("thread") == "sp ace/slash");
    // The thread "sp ace" exists too, but has no answer "slash/a/b": the longer thread wins.
    CHECK(parse_json(idx.show("--format json " + sh("sp ace/c"))).at("thread") == "sp ace");
    auto missing = idx.show(sh("sp ace/slash/a/x"));
    CHECK(missing.exit_code == 6);
    CHECK(missing.err.find("thread sp ace/slash has no answer a/x") != std::string::npos);
}

TEST_CASE("cli: stats counts threads, answers and stances") {
    SeededIndex idx;
    auto r = idx.stats("--format json");
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 0);
    json j = parse_json(r);
    CHECK(j.at("threads") == 1);
    CHECK(j.at("answers") == 6);
    CHECK(j.at("stance") == json{{"yes", 1}, {"no", 3}, {"maybe", 2}, {"none", 0}});
    CHECK(j.at("anatomy").at("temple") == 2);
    CHECK(j.at("anatomy").at("temporalis muscle") == 1);

    auto text = idx.stats();
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("threads  1\n") != std::string::npos);
    CHECK(text.out.find("answers  6\n") != std::string::npos);
    CHECK(text.out.find("anatomy  ") != std::string::npos);
    // --top 0 asks for no anatomy: no line, rather than "-", which would say none was found.
    CHECK(idx.stats("--top 0").out.find("anatomy") == std::string::npos);
}

TEST_CASE("cli: usage errors are exit code 2") {
    SeededIndex idx;

    SUBCASE("unknown option") {
        auto r = idx.search("--bogus botox");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("--bogus") != std::string::npos);
    }
    SUBCASE("unknown stance") {
        auto r = idx.search("--stance maybee botox");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("maybee") != std::string::npos);
        CHECK(r.out.empty());
    }
    SUBCASE("no query and no filter") {
        for (const char* blank : {"", "' '", "'  \t '"}) {
            CAPTURE(blank);
            auto r = idx.search(blank);
            CHECK(r.exit_code == 2);
            CHECK(r.err.find("search needs a query") != std::string::npos);
        }
    }
    SUBCASE("bad --format value") {
        auto r = idx.search("--format xml botox");
        CHECK(r.exit_code == 2);
        // In medqa's words, not CLI11's "Check xml value in {json->1,text->0} OR {1,0} FAILED".
        CHECK(r.err.find("medqa: error: --format: 'xml' is not one of json, text") != std::string::npos);
        CHECK(idx.search("--format JSON botox").exit_code == 0);
    }
    SUBCASE("no subcommand") {
        CHECK(run_medqa("").exit_code == 2);
    }
    SUBCASE("a value that is no number, or a negative one, says what is expected") {
        // Not CLI11's "Value abc not in range 1 to 10000" or "Could not convert: --offset = -1".
        const std::vector<std::pair<std::string, std::string>> cases{
            {"search --limit abc botox", "--limit: 'abc' is not a number; expected an integer from 1 to 10000"},
            {"search --limit 0 botox", "--limit: 0 is out of range; expected an integer from 1 to 10000"},
            {"search --offset -1 botox", "--offset: -1 is out of range; expected a non-negative integer"},
            // A negative number after an option is its value, not a word to exclude ("-pain").
            {"search --offset -10 botox", "--offset: -10 is out of range; expected a non-negative integer"},
            {"search botox --offset -10", "--offset: -10 is out of range; expected a non-negative integer"},
            {"search --limit -25 botox", "--limit: -25 is out of range; expected an integer from 1 to 10000"},
            {"search -n -25 botox", "--limit: -25 is out of range; expected an integer from 1 to 10000"},
            {"search -n-25 botox", "--limit: -25 is out of range; expected an integer from 1 to 10000"},
            {"search --offset 1.5 botox", "--offset: '1.5' is not a number; expected a non-negative integer"},
            {"index --jobs -1", "--jobs: -1 is out of range; expected a non-negative integer"},
            {"index --jobs 99999999999999999999999", "--jobs: 99999999999999999999999 is out of range"},
            // Too large for an option without a bound of its own: the bound is named after all.
            {"search --offset 4294967296 botox", "--offset: 4294967296 is out of range; expected an integer from 0 to 4294967295"},
            {"stats --top x", "--top: 'x' is not a number; expected an integer from 0 to 100000"},
            {"eval --topics t --qrels q --bm25-b high", "--bm25-b: 'high' is not a number; expected a number from 0 to 1"},
            {"eval --topics t --qrels q --bm25-b 2", "--bm25-b: 2 is out of range; expected a number from 0 to 1"},
        };
        for (const auto& [args, message] : cases) {
            CAPTURE(args);
            auto r = run_medqa(args);
            CHECK(r.exit_code == 2);
            CHECK_MESSAGE(r.err.find("medqa: error: " + message) != std::string::npos, r.err);
        }
        CHECK(idx.search("--offset 0 --limit 10000 botox").exit_code == 0);
    }
    SUBCASE("a word that is no command of lexicon is named, as one that is no command of medqa") {
        auto r = run_medqa("lexicon bogus");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("unknown lexicon command 'bogus'") != std::string::npos);
        CHECK(r.err.find("The lexicon commands: import-obo (medqa lexicon --help)") != std::string::npos);
        r = run_medqa("lexicon import-ob x.obo");
        CHECK(r.err.find("did you mean lexicon import-obo?") != std::string::npos);
        r = run_medqa("lexicon");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("no lexicon command given") != std::string::npos);
        CHECK(run_medqa("lexicon --help").exit_code == 0);
    }
    SUBCASE("a word that is no subcommand is named, with the nearest command") {
        auto r = run_medqa("serach botox");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("unknown command 'serach'") != std::string::npos);
        CHECK(r.err.find("did you mean search?") != std::string::npos);
        r = run_medqa("frobnicate");
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("did you mean") == std::string::npos);
        CHECK(r.err.find("The commands: index, search, show") != std::string::npos);
    }
}

TEST_CASE("cli: query words that start with '-' exclude, whatever their first letter") {
    SeededIndex idx;
    auto ids = [&](const std::string& args) { return sorted(answer_ids(idx.search_json(args))); };
    const auto all = ids("botox");
    // CLI11 would read "-headache" as -h (help) and "-nausea" as -n (--limit) "ausea".
    for (const char* word : {"headache", "nausea", "hollow"}) {
        CAPTURE(word);
        CHECK(ids(std::string("botox -") + word) == ids(sh(std::string("botox NOT ") + word)));
    }
    CHECK(ids("botox -headache").size() < all.size());
    // After "--" every word is a query word, and a query of excluded words alone finds every
    // other answer (Xapian alone would search for the excluded word itself).
    const auto without = ids("-- -temporalis");
    CHECK(without == ids(sh("NOT temporalis")));
    CHECK(ids("-temporalis") == without);
    CHECK_FALSE(without.empty());
    CHECK(std::find(without.begin(), without.end(), "3") == without.end());
    CHECK(ids("botox -- -temporalis") == without);
    // Several excluded words: the answers that say none of them (not those that lack one).
    const auto neither = ids("-- -temporalis -masseter");
    CHECK(neither == ids(sh("NOT (temporalis OR masseter)")));
    CHECK(neither.size() < without.size());
    // -n is still --limit, also written -n2.
    CHECK(ids("-n 2 botox").size() == 2);
    CHECK(ids("-n2 botox").size() == 2);
    // A word after an option's value, or after a flag, is a query word.
    CHECK(ids("--offset 0 botox -headache") == ids("botox -headache"));
    CHECK(ids("--no-feedback -headache botox") == ids("--no-feedback botox -headache"));
    CHECK(ids("--no-feedback -10 botox") == ids("--no-feedback botox -10"));
}

TEST_CASE("cli: a misspelt word gets its suggestion beside filters and fields, which stay as typed") {
    SeededIndex idx;
    for (const char* query : {"stance:no temporalsi atrophy", "title:botox temporalsi"}) {
        CAPTURE(query);
        auto r = idx.search(sh(query));
        CHECK(r.exit_code == 0);
        std::string expected = query;
        expected.replace(expected.find("temporalsi"), 10, "temporalis");
        CHECK_MESSAGE(r.out.find("Did you mean: " + expected + "\n") != std::string::npos, r.out);
        CHECK(idx.search_json(sh(query)).at("did_you_mean") == expected);
    }
}

TEST_CASE("cli: a query's control characters and stray bytes are printed escaped, never raw") {
    SeededIndex idx;
    // An escape sequence that retitles the terminal's window: in the echo, and in no suggestion.
    auto r = idx.search(sh("temporalsi\x1b]0;pwned\x07 atrophy") + " --no-feedback");
    CHECK(r.exit_code == 0);
    for (const std::string& printed : {r.out, r.err}) {
        CHECK_MESSAGE(printed.find('\x1b') == std::string::npos, printed);
        CHECK(printed.find('\x07') == std::string::npos);
    }
    CHECK_MESSAGE(r.out.find("\"temporalsi\\x1b]0;pwned\\x07 atrophy\"") != std::string::npos, r.out);
    CHECK_MESSAGE(r.out.find("Did you mean: temporalis ") != std::string::npos, r.out);
    // A stray byte: searched as a space, and the user told.
    auto stray = idx.search(sh("botox\xff") + " --no-feedback");
    CHECK(stray.exit_code == 0);
    CHECK(stray.out.find("no answers match") == std::string::npos);
    CHECK_MESSAGE(stray.err.find("not UTF-8") != std::string::npos, stray.err);
    CHECK(stray.out.find("\"botox\\xff\"") != std::string::npos);
    // An error that quotes the user's value.
    auto bad = idx.search("--anatomy " + sh("kn\x1b[2Jee") + " botox");
    CHECK(bad.exit_code == 2);
    CHECK_MESSAGE(bad.err.find("--anatomy kn\\x1b[2Jee:") != std::string::npos, bad.err);
}

TEST_CASE("cli: an empty --anatomy is said to be empty, not corrected") {
    SeededIndex idx;
    auto r = idx.search("--anatomy '' botox");
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find("--anatomy is empty") != std::string::npos, r.err);
    CHECK(r.err.find("did you mean") == std::string::npos);
}

TEST_CASE("cli: --help lists the exit codes") {
    auto r = run_medqa("--help");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Exit codes:") != std::string::npos);
    for (const char* line : {"0  success", "2  usage error", "3  input was rejected", "7  a lexicon is missing",
                             "4  no index", "6  the thread asked for is not in the index"})
        CHECK_MESSAGE(r.out.find(line) != std::string::npos, line);
    CHECK_FALSE(has_escape(r.out));
    // Each command lists the codes it can return, and only those.
    const std::vector<std::pair<std::string, std::string>> commands{
        {"index", "0 1 2 3 4 5 7 130"}, {"search", "0 1 2 4 7 8"}, {"show", "0 1 2 4 6 8"},
        {"stats", "0 1 2 4 8"},         {"classify", "0 1 2 3 7"}, {"eval", "0 1 2 3 4 7 8"},
        {"lexicon import-obo", "0 1 2 3 7"}};
    for (const auto& [command, codes] : commands) {
        CAPTURE(command);
        auto help = run_medqa(command + " --help");
        REQUIRE(help.exit_code == 0);
        const size_t table = help.out.find("Exit codes:");
        REQUIRE(table != std::string::npos);
        std::string listed;
        std::istringstream lines(help.out.substr(table));
        for (std::string line; std::getline(lines, line);)
            if (std::string code; line.size() > 3 && line[4] == ' ' && (std::istringstream(line) >> code))
                if (std::isdigit(static_cast<unsigned char>(code[0]))) listed += (listed.empty() ? "" : " ") + code;
        CHECK(listed == codes);
    }
}

TEST_CASE("cli: each command's exit-code table speaks of what that command does") {
    auto help = [](const std::string& command) {
        auto r = run_medqa(command + " --help");
        REQUIRE(r.exit_code == 0);
        return r.out.substr(r.out.find("Exit codes:"));
    };
    // classify and lexicon index nothing; show, stats and eval have no --allow-partial.
    for (const char* command : {"classify", "lexicon", "lexicon import-obo", "eval"}) {
        CAPTURE(command);
        CHECK(help(command).find("indexed") == std::string::npos);
    }
    CHECK(help("classify").find("3  some lines of stdin were rejected") != std::string::npos);
    CHECK(help("lexicon").find("3  FILE was rejected") != std::string::npos);
    CHECK(help("index").find("were indexed") != std::string::npos);
    for (const char* command : {"show", "stats", "eval"}) {
        CAPTURE(command);
        CHECK(help(command).find("8  a shard") != std::string::npos);
        CHECK(help(command).find("allow-partial") == std::string::npos);
    }
    CHECK(help("search").find("allow-partial") != std::string::npos);
}

TEST_CASE("cli: a pasted page of a query is echoed by its first words and its length, in full in JSON") {
    SeededIndex idx;
    std::string query = "botox";
    for (int i = 0; i < 299; ++i) query += " volume";
    auto r = idx.search(sh(query));
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    const std::string first_line = r.out.substr(0, r.out.find('\n'));
    CHECK(first_line.size() < 300);
    CHECK(first_line.find("\"botox volume volume volume volume volume volume volume volume volume volume volume …\" "
                          "(300 words)") != std::string::npos);
    CHECK(idx.search_json(sh(query)).at("query") == query);
    // No match either: "no answers match" echoes it the same way.
    std::string nonsense = "xqzwv";
    for (int i = 0; i < 299; ++i) nonsense += " xqzwv";
    auto none = idx.search(sh(nonsense));
    CHECK(none.out.rfind("no answers match \"xqzwv", 0) == 0);
    CHECK(none.out.find("(300 words)") != std::string::npos);
    CHECK(none.out.size() < 400);
    // A question of a line is echoed whole.
    CHECK(idx.search("temporalis atrophy after botox in the temples").out.find(
              "\"temporalis atrophy after botox in the temples\"") != std::string::npos);
}

TEST_CASE("cli: an index folder that may not be written is exit code 4 with a hint about permissions") {
    // chattr +i: not even root may write into the folder (chmod binds root to nothing). It needs
    // root and a file system with attributes (not tmpfs); elsewhere the test is skipped.
    SeededIndex idx;
    const std::string db = sh(idx.db.string());
    if (geteuid() != 0 || std::system(("chattr +i " + db + " 2>/dev/null").c_str()) != 0) {
        MESSAGE("skipped: cannot chattr +i the index folder here (needs root and ext4 or alike)");
        return;
    }
    struct Undo {
        std::string db;
        ~Undo() { (void)std::system(("chattr -i " + db).c_str()); }
    } undo{db};
    const fs::path more = idx.dir / "more.jsonl";
    medqa::test::write_file(more, R"({"id": "new", "title": "Gout", "answers": [{"text": "Gout flares."}]})" "\n");
    auto r = idx.index(sh(more.string()));
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 4);
    CHECK(r.err.find(idx.db.string() + ": cannot write the index") != std::string::npos);
    CHECK(r.err.find("may not be written") != std::string::npos);
    CHECK(r.err.find("run medqa index again") == std::string::npos);
    CHECK(idx.show(kThread).exit_code == 0);  // as its last commit left it
}

TEST_CASE("cli: colour only on request or on a terminal") {
    SeededIndex idx;

    SUBCASE("not a terminal: no escape codes") {
        auto r = idx.search(sh("temporalis atrophy"));
        CHECK(r.exit_code == 0);
        CHECK_FALSE(has_escape(r.out));
        CHECK(r.out.find("**temporalis**") != std::string::npos);
        CHECK_FALSE(has_escape(idx.show(kThread).out));
    }
    SUBCASE("NO_COLOR=1: no escape codes") {
        auto r = idx.search(sh("temporalis atrophy"), "NO_COLOR=1");
        CHECK(r.exit_code == 0);
        CHECK_FALSE(has_escape(r.out));
        CHECK_FALSE(has_escape(r.err));
        CHECK_FALSE(has_escape(idx.show(kThread, "NO_COLOR=1").out));
        CHECK_FALSE(has_escape(idx.stats("", "NO_COLOR=1").out));
    }
    SUBCASE("--color never") {
        auto r = idx.search("--color never " + sh("temporalis atrophy"));
        CHECK(r.exit_code == 0);
        CHECK_FALSE(has_escape(r.out));
    }
    SUBCASE("--color always: escape codes, highlights in colour instead of **") {
        auto r = idx.search("--color always " + sh("temporalis atrophy"));
        CHECK(r.exit_code == 0);
        CHECK(has_escape(r.out));
        CHECK(r.out.find("\x1b[1;33mtemporalis\x1b[0m") != std::string::npos);
        CHECK(r.out.find("**temporalis**") == std::string::npos);
        CHECK(has_escape(idx.show("--color always " + kThread).out));
    }
    SUBCASE("--color always never colours JSON") {
        auto r = idx.search("--format json --color always " + sh("temporalis atrophy"));
        CHECK(r.exit_code == 0);
        CHECK_FALSE(has_escape(r.out));
        CHECK(r.out.find("\\u001b") == std::string::npos);  // not even escaped inside strings
        json j = parse_json(r);
        CHECK(j["hits"][0]["snippet"].get<std::string>().find("**temporalis**") != std::string::npos);
    }
}

TEST_CASE("cli: search --explain shows under each hit the evidence and cues that decided its stance") {
    SeededIndex idx;
    auto text = idx.search("--explain --color never --limit 2 temporalis atrophy");
    CHECK(text.exit_code == 0);
    // One block per hit, each after its hit's snippet.
    size_t first = text.out.find("  1. "), second = text.out.find("  2. ");
    REQUIRE(first != std::string::npos);
    REQUIRE(second != std::string::npos);
    auto in = [&](size_t from, size_t to, const std::string& what) {
        size_t at = text.out.find(what, from);
        return at != std::string::npos && at < to;
    };
    CHECK(in(first, second, "question: yes/no about ["));
    CHECK(in(first, second, "evidence: "));
    CHECK(in(first, second, "cue "));
    CHECK(in(second, std::string::npos, "evidence: "));
    CHECK(idx.search("--color never --limit 2 temporalis atrophy").out.find("evidence: ") == std::string::npos);

    json j = idx.search_json("--explain --limit 6 temporalis atrophy");
    REQUIRE(j.at("hits").size() >= 2);
    for (const auto& hit : j.at("hits")) {
        CAPTURE(hit.at("answer"));
        const auto& explain = hit.at("explain");
        CHECK(explain.at("stance") == hit.at("stance"));  // the decision the index stored, explained
        CHECK(explain.at("anatomy") == hit.at("anatomy"));
        CHECK(explain.at("question").at("polar") == true);
        if (hit.at("stance") != "none") CHECK_FALSE(explain.at("evidence").get<std::string>().empty());
    }
    CHECK_FALSE(idx.search_json("--limit 1 temporalis atrophy").at("hits")[0].contains("explain"));
}
