// Every kind of bad input of issue 5 (the input side), end to end through the medqa binary:
// each bad record or file is reported as "FILE:LINE: reason" (or "FILE: record N", "FILE:
// reason"), the good records around it are still indexed, and the exit code is the one the
// README documents (3 for rejected input, 2 for a usage error, 4 for an index that cannot be
// opened). Queries that are odd in every way give results or a clear message, never a crash.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/text.hpp"
#include "ingest/input_files.hpp"
#include "ingest/validate.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using medqa::test::lexicon_arg;
using medqa::test::RunResult;
using medqa::test::run_medqa;
using medqa::test::sh;
using medqa::test::write_file;
using nlohmann::json;

// A good JSON Lines record whose answer says `word`, so that a search can find it.
std::string good_line(const std::string& id, const std::string& word = "hyaluronic") {
    return R"({"id": ")" + id + R"(", "title": "Is cheek filler safe?", "answers": [{"text": "A )" + word +
           R"( filler in the cheek is generally safe."}]})";
}

// A good plain-text thread (title, question, one answer).
const std::string kGoodText = "Is a bruise normal after filler?\n\nI have a bruise on my cheek.\n\nA small bruise is normal.\n";

// A scratch folder with an index in it; data/ is where the input files go.
struct Scratch {
    medqa::test::TempDir dir;
    fs::path db = dir / "db";
    fs::path data = dir / "data";

    fs::path put(const std::string& name, const std::string& content) const {
        write_file(data / name, content);
        return data / name;
    }
    RunResult index(const std::string& args) const {
        return run_medqa("index --format json --db " + sh(db.string()) + " " + lexicon_arg() + " " + args);
    }
    RunResult index_data(const std::string& args = "") const { return index(args + " " + sh(data.string())); }
    RunResult search(const std::string& args) const {
        return run_medqa("search --format json --limit 100 --db " + sh(db.string()) + " " + lexicon_arg() + " " + args);
    }
    // The ids of the threads in the index, sorted, from every answer's thread (every answer
    // has one of the four stances).
    std::vector<std::string> threads() const {
        auto r = run_medqa("stats --format json --db " + sh(db.string()));
        REQUIRE(r.exit_code == 0);
        auto all = search("--stance yes --stance no --stance maybe --stance none");
        REQUIRE(all.exit_code == 0);
        std::vector<std::string> ids;
        const json found = json::parse(all.out);
        for (const auto& h : found.at("hits")) ids.push_back(h.at("thread"));
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        CHECK(json::parse(r.out).at("threads") == ids.size());
        return ids;
    }
};

json report_of(const RunResult& r) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    json j;
    REQUIRE_NOTHROW(j = json::parse(r.out));
    return j;
}

// What every rejected-input run promises: exit code 3, one "WHERE: ...REASON..." line for
// each bad record, the summary line, and `added` good threads.
void check_rejected(const RunResult& r, const std::vector<std::pair<std::string, std::string>>& problems,
                    size_t added) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 3);
    for (const auto& [where, reason] : problems) {
        CAPTURE(where);
        auto at = r.err.find(where + ": ");
        REQUIRE(at != std::string::npos);
        auto line_end = r.err.find('\n', at);
        CHECK(r.err.substr(at, line_end - at).find(reason) != std::string::npos);
    }
    CHECK(r.err.find(std::to_string(problems.size()) + (problems.size() == 1 ? " record" : " records") +
                     " rejected, see above") != std::string::npos);
    json j = report_of(r);
    CHECK(j.at("added") == added);
    CHECK(j.at("rejected") == problems.size());
}

// An input folder that cannot be listed: exit code 3, its "WHERE: cannot be read" line, and a
// summary that calls it a folder, not a record.
void check_unreadable_folder(const RunResult& r, const std::string& folder, size_t added) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find(folder + ": cannot be read: Permission denied") != std::string::npos);
    CHECK(r.err.find("; 1 folder not read, see above") != std::string::npos);
    CHECK(r.err.find("rejected") == std::string::npos);
    json j = report_of(r);
    CHECK(j.at("added") == added);
    CHECK(j.at("rejected") == 0);
    CHECK(j.at("unreadable_folders") == 1);
}

// What an accepted run promises: exit code 0, nothing on stderr.
void check_accepted(const RunResult& r, size_t added) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(report_of(r).at("added") == added);
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("bad input: a malformed JSON line is rejected by line, the lines around it are indexed") {
    Scratch s;
    auto file = s.put("t.jsonl", good_line("one") + "\n" + R"({"id": "broken", "title": )" + "\n" + good_line("two") + "\n");
    check_rejected(s.index_data(), {{file.string() + ":2", "not valid JSON"}}, 2);
    CHECK(s.threads() == Ids{"one", "two"});
}

TEST_CASE("bad input: valid JSON of the wrong shape is rejected naming the field") {
    Scratch s;
    auto file = s.put("t.jsonl", good_line("one") + "\n" +
                                     R"({"id": "no-question", "answers": [{"text": "An answer."}]})" "\n" +
                                     R"({"id": "not-a-list", "title": "T", "answers": {"text": "An answer."}})" "\n" +
                                     R"({"id": "number-title", "title": 42, "answers": [{"text": "An answer."}]})" "\n" +
                                     R"({"id": "number-text", "title": "T", "answers": [{"text": 7}]})" "\n" +
                                     R"(["an", "array"])" "\n" + good_line("two") + "\n");
    const std::string f = file.string();
    check_rejected(s.index_data(),
                   {{f + ":2", "title and question are both missing"},
                    {f + ":3", "answers must be an array of answer objects, not object"},
                    {f + ":4", "title must be a string"},
                    {f + ":5", "answers[0].text must be a string"},
                    {f + ":6", "must be a JSON object, not array"}},
                   2);
    CHECK(s.threads() == Ids{"one", "two"});
}

TEST_CASE("bad input: invalid UTF-8 is rejected by line (JSON Lines) or naming the field (text)") {
    Scratch s;
    auto jsonl = s.put("t.jsonl", good_line("one") + "\n" + R"({"title": "caf)" + std::string("\xE9") +
                                      R"(", "answers": [{"text": "x"}]})" "\n" + good_line("two") + "\n");
    auto text = s.put("latin1.txt", "Caf\xE9 question?\n\nIs it safe?\n\nYes.\n");
    check_rejected(s.index_data(),
                   {{jsonl.string() + ":2", "not valid UTF-8 (convert the file to UTF-8, e.g. with iconv)"},
                    {text.string() + ":1", "title is not valid UTF-8 (convert the file to UTF-8, e.g. with iconv)"}},
                   2);
    CHECK(s.threads() == Ids{"one", "two"});
}

TEST_CASE("bad input: a UTF-8 byte-order mark is accepted and stripped in every format") {
    Scratch s;
    const std::string bom = "\xEF\xBB\xBF";
    s.put("t.jsonl", bom + good_line("bom-jsonl") + "\n");
    s.put("t.json", bom + "[" + good_line("bom-json") + "]");
    s.put("bom-text.txt", bom + kGoodText);
    s.put("q.xml", bom + R"(<?xml version="1.0" encoding="UTF-8"?><Document source="SRC"><QAPairs><QAPair pid="1">)"
                         R"(<Question>What is a bruise?</Question><Answer>Blood under the skin.</Answer></QAPair></QAPairs></Document>)");
    check_accepted(s.index_data(), 4);
    CHECK(s.threads() == Ids{"SRC/q-1", "bom-json", "bom-jsonl", "bom-text"});
    auto shown = run_medqa("show --format json --db " + sh(s.db.string()) + " bom-text");
    REQUIRE(shown.exit_code == 0);
    CHECK(json::parse(shown.out).at("title") == "Is a bruise normal after filler?");
}

TEST_CASE("bad input: CRLF line endings are accepted") {
    Scratch s;
    s.put("t.jsonl", good_line("one") + "\r\n" + good_line("two") + "\r\n");
    s.put("crlf.txt", "Title\r\n\r\nThe question?\r\n\r\nThe first answer. It has two sentences.\r\n\r\n"
                      "The second answer. It has two sentences too.\r\n");
    auto r = s.index_data();
    check_accepted(r, 3);
    CHECK(report_of(r).at("answers") == 4);  // the blank \r\n lines still separate the two answers
    CHECK(s.threads() == Ids{"crlf", "one", "two"});
}

TEST_CASE("bad input: an empty file is reported by name, the other files are indexed") {
    Scratch s;
    s.put("good.jsonl", good_line("one") + "\n");
    const std::vector<std::string> empties{"empty.txt", "empty.jsonl", "empty.json", "empty.xml", "blank.txt"};
    for (const auto& name : empties) s.put(name, name == "blank.txt" ? "\xEF\xBB\xBF \r\n\n\t\n" : "");
    std::vector<std::pair<std::string, std::string>> problems;
    for (const auto& name : empties) problems.emplace_back((s.data / name).string(), "the file is empty");
    check_rejected(s.index_data(), problems, 1);
    CHECK(s.threads() == Ids{"one"});
}

TEST_CASE("bad input: a thread with no answers is rejected") {
    Scratch s;
    auto jsonl = s.put("t.jsonl", good_line("one") + "\n" + R"({"id": "none", "title": "T", "answers": []})" "\n");
    auto text = s.put("none.txt", "Title\n\nA question with no answer after it?\n");
    check_rejected(s.index_data(), {{jsonl.string() + ":2", "answers is empty"}, {text.string() + ":1", "no answers"}},
                   1);
    CHECK(s.threads() == Ids{"one"});
}

TEST_CASE("bad input: control characters never reach the terminal: ids holding one are rejected, texts lose them") {
    Scratch s;
    auto jsonl = s.put("t.jsonl", R"({"id": "esc\u001b[2J", "title": "T", "answers": [{"text": "fine"}]})" "\n"
                                  R"({"id": "ok", "title": "Is \u001b[31mred\u001b[0m safe?", "answers": [{"author": "Dr \u001b]0;x\u0007Y", "text": "Red\r\nis safe \u001b[5mhere\u0085."}]})" "\n");
    auto blank = s.put("u.jsonl", R"({"id": "blank", "title": "T", "answers": [{"text": "\u001b\u0007"}, {"text": "real"}]})" "\n");
    check_rejected(s.index_data(), {{jsonl.string() + ":1", "id holds the control character U+001B"},
                                    {blank.string() + ":1", "answers[0].text holds only control characters"}},
                   1);
    auto printed = run_medqa("search --color never --db " + sh(s.db.string()) + " " + lexicon_arg() + " red safe");
    CHECK(printed.exit_code == 0);
    CHECK(printed.out.find("Is  [31mred [0m safe?") != std::string::npos);  // each control, a space
    CHECK(printed.out.find("by Dr  ]0;x Y") != std::string::npos);
    CHECK(printed.out.find("**Red** is **safe** [5mhere .") != std::string::npos);  // a snippet is one line
    for (char c : printed.out) CHECK_MESSAGE((static_cast<unsigned char>(c) >= 0x20 || c == '\n'), printed.out);
    CHECK(printed.out.find("\xC2\x85") == std::string::npos);
}

TEST_CASE("bad input: an id of white space only is rejected, as show could not look it up") {
    Scratch s;
    auto jsonl = s.put("t.jsonl", R"({"id": "  ", "title": "Is a blank id ok?", "answers": [{"text": "Yes."}]})" "\n" +
                                      good_line("one") + "\n" +
                                      R"({"id": "two", "title": "T", "answers": [{"id": " \t", "text": "Yes."}]})" "\n");
    auto json_array = s.put("a.json", R"([{"id": "\t", "title": "T", "answers": [{"text": "Yes."}]}])");
    auto text = s.put(" .txt", kGoodText);  // a text thread's id is its file name
    check_rejected(s.index_data(), {{jsonl.string() + ":1", "id is blank"},
                                    {jsonl.string() + ":3", "answers[0].id is blank"},
                                    {json_array.string() + ": record 1", "id is blank"},
                                    {text.string() + ":1", "id is blank"}},
                   1);
    CHECK(s.threads() == Ids{"one"});
}

TEST_CASE("bad input: a thread with an empty answer is rejected naming the answer") {
    Scratch s;
    auto jsonl = s.put("t.jsonl", R"({"id": "blank", "title": "T", "answers": [{"text": "fine"}, {"text": " \n "}]})" "\n" +
                                      good_line("one") + "\n");
    check_rejected(s.index_data(), {{jsonl.string() + ":1", "answers[1].text is missing or empty"}}, 1);
    CHECK(s.threads() == Ids{"one"});
}

TEST_CASE("bad input: an answer over the 1 MiB limit is rejected naming the limit") {
    Scratch s;
    std::string huge;
    huge.reserve(20 << 20);
    while (huge.size() < (20u << 20)) huge += "filler lasts months ";
    auto jsonl = s.put("t.jsonl", good_line("one") + "\n" + R"({"id": "huge", "title": "T", "answers": [{"text": ")" +
                                      huge + R"("}]})" "\n" + good_line("two") + "\n");
    check_rejected(s.index_data(),
                   {{jsonl.string() + ":2", "answers[0].text is " + std::to_string(huge.size()) +
                                                " bytes long; medqa takes texts of at most " +
                                                std::to_string(medqa::ingest::kMaxTextBytes)}},
                   2);
    CHECK(s.threads() == Ids{"one", "two"});
}

TEST_CASE("bad input: a binary file named .txt is rejected as binary") {
    Scratch s;
    s.put("good.txt", kGoodText);
    auto png = s.put("image.txt", std::string("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x10", 20) + "\nmore\n\nbytes\n");
    check_rejected(s.index_data(), {{png.string(), "a binary file, not text (a NUL byte at byte 8)"}}, 1);
    CHECK(s.threads() == Ids{"good"});
}

TEST_CASE("bad input: an unreadable file is reported, the others are indexed") {
    // root reads files whatever their mode: chmod 000 denies nothing then, so the check
    // would test nothing.
    if (geteuid() == 0) {
        MESSAGE("skipped: running as root, where chmod 000 does not make a file unreadable");
        return;
    }
    Scratch s;
    s.put("good.jsonl", good_line("one") + "\n");
    auto locked = s.put("locked.jsonl", good_line("two") + "\n");
    fs::permissions(locked, fs::perms::none);
    check_rejected(s.index_data(), {{locked.string(), "cannot be read: Permission denied"}}, 1);
    CHECK(s.threads() == Ids{"one"});
}

TEST_CASE("bad input: a file that now fails keeps the threads it had, and the summary says how many and where") {
    Scratch s;
    auto file = s.put("a.jsonl", good_line("one") + "\n" + good_line("two", "retinoid") + "\n" + good_line("three", "botox") + "\n");
    check_accepted(s.index_data(), 3);

    // Line 2 broken: thread two is kept as it was indexed, the lines around it are read again.
    s.put("a.jsonl", good_line("one") + "\n{\"id\": \"two\",\n" + good_line("three", "botox") + "\n");
    auto line = s.index_data();
    check_rejected(line, {{file.string() + ":2", "not valid JSON"}}, 0);
    CHECK(line.err.find("medqa: kept 1 thread of " + file.string() +
                        " from an earlier run: the file now fails at line 2\n") != std::string::npos);
    json j = report_of(line);
    CHECK(j.at("kept") == 1);
    REQUIRE(j.at("kept_files").size() == 1);
    CHECK(j.at("kept_files")[0].at("file") == file.string());
    CHECK(j.at("kept_files")[0].at("threads") == 1);
    CHECK(j.at("kept_files")[0].at("fails_at") == file.string() + ":2");
    CHECK(s.threads() == Ids{"one", "three", "two"});

    // Failing as a whole: every thread it had is kept; the text summary counts them.
    s.put("a.jsonl", "\n");
    auto whole = run_medqa("index --db " + sh(s.db.string()) + " " + lexicon_arg() + " " + sh(s.data.string()));
    INFO("stdout: " << whole.out << "\nstderr: " << whole.err);
    CHECK(whole.exit_code == 3);
    CHECK(whole.out.find("unchanged 0, kept 3 (0 threads") != std::string::npos);
    CHECK(whole.err.find("medqa: kept 3 threads of " + file.string() +
                         " from an earlier run: the file now fails: the file is empty") != std::string::npos);
    CHECK(s.threads() == Ids{"one", "three", "two"});

    // Fixed: nothing is kept, and what it no longer holds is removed.
    s.put("a.jsonl", good_line("one") + "\n");
    auto fixed = s.index_data();
    check_accepted(fixed, 0);
    CHECK(report_of(fixed).at("kept") == 0);
    CHECK(report_of(fixed).at("removed") == 2);
    CHECK(s.threads() == Ids{"one"});
}

// The prefix that runs medqa as a user whom file modes bind: nothing when this test is not
// root; as root (who reads any folder whatever its mode), setpriv to nobody. Empty optional,
// and the test says it is skipped, when that is not possible here; `binds` says what the mode
// should stop.
std::optional<std::string> as_unprivileged_user(std::string_view binds) {
    if (geteuid() != 0) return "";
    const std::string setpriv = "setpriv --reuid=65534 --regid=65534 --clear-groups";
    // nobody must reach the medqa binary and the lexicons.
    if (std::system((setpriv + " true >/dev/null 2>&1").c_str()) == 0 &&
        std::system((setpriv + " test -x " + sh(MEDQA_BINARY) + " -a -r " +
                     sh((medqa::test::kLexiconDir / "anatomy.tsv").string()))
                        .c_str()) == 0)
        return setpriv;
    MESSAGE("skipped: running as root without a way (setpriv to nobody) to run medqa as a user whom " << binds);
    return std::nullopt;
}

TEST_CASE("bad input: an unreadable folder is reported like an unreadable file, and its indexed threads are kept") {
    auto as_user = as_unprivileged_user("a folder's mode 000 denies");
    if (!as_user) return;
    Scratch s;
    fs::permissions(s.dir.path(), fs::perms::all);  // nobody writes the index here
    s.put("good.jsonl", good_line("one") + "\n");
    auto locked = s.data / "locked";
    s.put("locked/a.jsonl", good_line("two") + "\n");
    const auto readable = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                          fs::perms::others_read | fs::perms::others_exec;
    auto index = [&] {
        return run_medqa("index --format json --db " + sh(s.db.string()) + " " + lexicon_arg() + " " +
                         sh(s.data.string()), *as_user);
    };
    // First run, all readable.
    check_accepted(index(), 2);

    fs::permissions(locked, fs::perms::none);
    auto again = index();
    fs::permissions(locked, readable);  // for the checks below and the clean-up
    check_unreadable_folder(again, locked.string(), 0);
    CHECK(report_of(again).at("removed") == 0);
    CHECK(s.threads() == Ids{"one", "two"});

    // On a first run too: a new index, the folder locked from the start.
    fs::remove_all(s.db);
    fs::permissions(locked, fs::perms::none);
    auto first = index();
    fs::permissions(locked, readable);
    check_unreadable_folder(first, locked.string(), 1);
    CHECK(s.threads() == Ids{"one"});

    // The path given itself unreadable: reported, nothing removed.
    fs::permissions(s.data, fs::perms::none);
    auto whole = index();
    fs::permissions(s.data, readable);
    check_unreadable_folder(whole, s.data.string(), 0);
    CHECK(report_of(whole).at("removed") == 0);
    CHECK(s.threads() == Ids{"one"});
}

TEST_CASE("bad input: a .jsonl file with NUL bytes is rejected as binary, like a file of any other name") {
    Scratch s;
    s.put("good.jsonl", good_line("one") + "\n");
    auto nul = s.put("dump.jsonl", good_line("two") + "\n" + std::string("{\"id\": \"x") + '\0' + "y\"}\n");
    check_rejected(s.index_data(), {{nul.string(), "a binary file, not text (a NUL byte at byte "}}, 1);
    auto r = s.index_data();
    CHECK(r.err.find(nul.string() + ":1") == std::string::npos);  // not reported by line as "not valid JSON"
    CHECK(r.err.find("not valid JSON") == std::string::npos);
    CHECK(s.threads() == Ids{"one"});
}

TEST_CASE("bad input: NUL padding after the good lines of a long .jsonl file loses only the padded line") {
    Scratch s;
    std::string lines;
    for (int i = 0; lines.size() < 10000; ++i) lines += good_line("t" + std::to_string(i)) + "\n";
    const auto good = std::count(lines.begin(), lines.end(), '\n');
    auto padded = s.put("log.jsonl", lines + std::string(64, '\0'));
    auto r = s.index_data();
    CHECK(r.err.find("binary") == std::string::npos);
    CHECK(r.err.find(padded.string() + ":" + std::to_string(good + 1)) != std::string::npos);
    CHECK(s.threads().size() == static_cast<size_t>(good));
}

TEST_CASE("bad input: a too-long answer of a .txt thread is reported at the line where that answer starts") {
    Scratch s;
    std::string huge;
    while (huge.size() < (medqa::ingest::kMaxTextBytes + 10)) huge += "filler lasts months ";
    auto txt = s.put("d.txt", "Is filler permanent?\n\nMy filler is still there.\n\nIt is not permanent at all, "
                              "it is absorbed over months and you may need a top up later.\n\n" +
                                  huge + "\n");
    check_rejected(s.index_data(), {{txt.string() + ":7", "answers[1].text is "}}, 0);
}

TEST_CASE("bad input: an index whose parent folder is read-only is refused with the reason and the folder") {
    auto as_user = as_unprivileged_user("a read-only folder stops");
    if (!as_user) return;
    Scratch s;
    fs::permissions(s.dir.path(), fs::perms::all);
    s.put("good.jsonl", good_line("one") + "\n");
    const fs::path read_only = s.dir / "ro";
    fs::create_directories(read_only);
    fs::permissions(read_only, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
    auto r = run_medqa("index --db " + sh((read_only / "db").string()) + " " + lexicon_arg() + " " + sh(s.data.string()),
                       *as_user);
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 4);
    CHECK(r.err.find((read_only / "db").string() + ": cannot create or open the index: ") != std::string::npos);
    CHECK(r.err.find("Permission denied") != std::string::npos);
    CHECK(r.err.find("parent folder " + read_only.string() + " is not writable") != std::string::npos);
}

TEST_CASE("bad input: symbolic link loops in the data folder are reported, not followed forever") {
    Scratch s;
    s.put("good.jsonl", good_line("one") + "\n");
    fs::create_symlink("self.jsonl", s.data / "self.jsonl");
    fs::create_symlink("b.txt", s.data / "a.txt");
    fs::create_symlink("a.txt", s.data / "b.txt");
    fs::create_directories(s.data / "sub");
    fs::create_directory_symlink("..", s.data / "sub" / "up");  // a folder loop: not walked
    const std::string loop = "cannot be read: Too many levels of symbolic links";
    check_rejected(s.index_data(),
                   {{(s.data / "a.txt").string(), loop},
                    {(s.data / "b.txt").string(), loop},
                    {(s.data / "self.jsonl").string(), loop}},
                   1);
    CHECK(s.threads() == Ids{"one"});

    auto named = s.index(sh((s.data / "self.jsonl").string()));  // named, not found in a folder
    CHECK(named.exit_code == 2);
    CHECK(named.err.find((s.data / "self.jsonl").string() + ": Too many levels of symbolic links") !=
          std::string::npos);
}

TEST_CASE("bad input: malformed XML and XML that is not MedQuAD are rejected with the reason") {
    Scratch s;
    s.put("good.jsonl", good_line("one") + "\n");
    auto broken = s.put("broken.xml", "<Document source=\"S\"><QAPairs><QAPair><Question>Q?</Question>\n</QAPairs>");
    auto html = s.put("page.xml", "<?xml version=\"1.0\"?>\n<html><body>Not MedQuAD</body></html>\n");
    check_rejected(s.index_data(),
                   {{broken.string() + ":2", "not well-formed XML: Start-end tags mismatch at column 3"},
                    {html.string(), "not a MedQuAD document"}},
                   1);
    CHECK(s.threads() == Ids{"one"});
}

TEST_CASE("bad input: a path that does not exist is a usage error and writes nothing") {
    Scratch s;
    s.put("good.jsonl", good_line("one") + "\n");
    const fs::path missing = s.dir / "no-such-folder";
    auto r = s.index(sh(s.data.string()) + " " + sh(missing.string()));
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(missing.string() + ": no such file or directory") != std::string::npos);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(s.db));  // a typo in one path indexes nothing, not half
}

TEST_CASE("bad input: a --db folder that is not a medqa index is refused, and left as it was") {
    Scratch s;
    s.put("good.jsonl", good_line("one") + "\n");
    write_file(s.db / "notes.txt", "my notes\n");
    auto searched = s.search("botox");
    INFO("search stderr: " << searched.err);
    CHECK(searched.exit_code == 4);
    CHECK(searched.err.find(s.db.string()) != std::string::npos);
    auto indexed = s.index_data();
    INFO("index stderr: " << indexed.err);
    CHECK(indexed.exit_code == 4);
    CHECK(indexed.err.find(s.db.string()) != std::string::npos);
    std::vector<fs::path> left;
    for (const auto& entry : fs::directory_iterator(s.db)) left.push_back(entry.path().filename());
    CHECK(left == std::vector<fs::path>{"notes.txt"});
}

TEST_CASE("bad input: --input-format reads files whatever their extension") {
    Scratch s;
    auto ndjson = s.put("threads.ndjson", good_line("one") + "\n" + good_line("two") + "\n");
    SUBCASE("without it, an unknown extension is a usage error naming the option") {
        auto r = s.index(sh(ndjson.string()));
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("unknown file type '.ndjson'") != std::string::npos);
        CHECK(r.err.find("--input-format") != std::string::npos);
    }
    SUBCASE("--input-format jsonl") {
        check_accepted(s.index("--input-format jsonl " + sh(ndjson.string())), 2);
        CHECK(s.threads() == Ids{"one", "two"});
    }
    SUBCASE("a forced format applies to the files found in folders too") {
        s.put("lines.txt", good_line("three") + "\n");
        check_accepted(s.index("--input-format jsonl " + sh(s.data.string())), 1);
        CHECK(s.threads() == Ids{"three"});
    }
    SUBCASE("--input-format json reads thread records only, doctor-qa reads doctor-QA records only") {
        auto doctor = s.put("qa.json", R"([{"question": "Does ice help a bruise?", "answer": "Yes, early on.", "url": "http://q/1"}])");
        auto as_threads = s.index("--input-format json " + sh(doctor.string()));
        check_rejected(as_threads, {{doctor.string() + ": record 1", "answers is missing"}}, 0);
        check_accepted(s.index("--input-format doctor-qa " + sh(doctor.string())), 1);
        auto threads = s.put("threads.json", "[" + good_line("four") + "]");
        check_rejected(s.index("--input-format doctor-qa " + sh(threads.string())),
                       {{threads.string() + ": record 1", "a doctor-QA record needs \"url\" and \"answer\""}}, 0);
    }
    SUBCASE("a doctor-QA record with an empty url or answer is said to have an empty one") {
        auto empty = s.put("empty.json", R"([{"question": "Is D safe?", "answer": "", "url": "http://q/4"},
                                             {"question": "Is E safe?", "answer": "Yes.", "url": ""},
                                             {"question": "Is F safe?", "answer": " "}])");
        check_rejected(s.index("--input-format doctor-qa " + sh(empty.string())),
                       {{empty.string() + ": record 1", "a doctor-QA record has an empty \"answer\""},
                        {empty.string() + ": record 2", "a doctor-QA record has an empty \"url\""},
                        {empty.string() + ": record 3", "a doctor-QA record needs a \"url\" string and has an empty \"answer\""}},
                       0);
    }
    SUBCASE("an unknown format is a usage error, and --help names the formats") {
        CHECK(s.index("--input-format yaml " + sh(ndjson.string())).exit_code == 2);
        auto help = run_medqa("index --help");
        CHECK(help.out.find("--input-format") != std::string::npos);
        CHECK(help.out.find("auto|text|jsonl|json|doctor-qa|medquad") != std::string::npos);
    }
}

TEST_CASE("bad queries: each gives results or a clear message, never a crash") {
    Scratch s;
    s.put("t.jsonl", good_line("one", "botox") + "\n" + good_line("two", "hyaluronic") + "\n");
    REQUIRE(s.index_data().exit_code == 0);
    struct Query {
        const char* what;
        std::string text;
        int exit_code;
        size_t hits;          // answers found
        const char* message;  // on stderr, or nullptr for none
    };
    std::string words;
    while (words.size() < 10000) words += "botox cheek ";
    const std::vector<Query> queries{
        {"empty", "", 2, 0, "search needs a query"},
        {"blank: no query, as the empty one (README)", " \t ", 2, 0, "search needs a query"},
        {"only stop words", "can the my", 0, 2, nullptr},
        {"an unbalanced quote", "\"botox filler", 0, 2, "an unbalanced quote"},
        {"an unbalanced parenthesis", "(botox OR", 0, 1, "a '(' without its ')'"},
        {"a stray closing parenthesis", "botox)", 0, 1, "a ')' without its '('"},
        {"10,000 characters of words, searched by their key words", words.substr(0, 10000), 0, 2, nullptr},
        {"one 10,000-character word", std::string(10000, 'x'), 0, 0, nullptr},
        {"control characters", "botox\x01\x1b[31m\x7f", 0, 1, nullptr},
        {"a prefix that does not exist", "foo:bar", 0, 0, nullptr},
    };
    for (const auto& q : queries) {
        CAPTURE(q.what);
        auto r = s.search(sh(q.text));
        INFO("stderr: " << r.err);
        REQUIRE(r.exit_code == q.exit_code);
        if (q.exit_code == 0) CHECK(json::parse(r.out).at("hits").size() == q.hits);
        if (q.message) CHECK(r.err.find(q.message) != std::string::npos);
        else CHECK(r.err.empty());
    }
}

// Found by the fuzz targets (tests/fuzz, scripts/fuzz.sh): each crashing input, cut down by hand
// to what mattered, replayed through the entry point the targets use.
namespace {

struct Read {
    std::vector<medqa::Thread> threads;
    std::vector<medqa::ingest::Problem> problems;
};

Read read(const std::string& content, const std::string& path,
          medqa::ingest::InputFormat format = medqa::ingest::InputFormat::automatic) {
    Read r;
    medqa::ingest::ThreadSink sink{
        [&](medqa::Thread&& t) {
            try {
                medqa::ingest::validate(t);
                r.threads.push_back(std::move(t));
            } catch (const medqa::ingest::RecordError& e) {
                r.problems.push_back({t.origin, e.what()});
            }
        },
        [&](medqa::ingest::Problem&& p) { r.problems.push_back(std::move(p)); }};
    medqa::ingest::read_threads_from(content, path, sink, format);
    return r;
}

}  // namespace

TEST_CASE("fuzz finding: a number too large for a double is a bad record, not an uncaught exception") {
    // nlohmann reports 1e999 as out_of_range, not as a parse error: it escaped the readers and
    // stopped `medqa index` with exit code 1, losing the whole run.
    auto lines = read(good_line("one") + "\n" + R"({"id": "t", "title": 1e999, "answers": [{"text": "x"}]})" "\n" +
                          good_line("two") + "\n",
                      "in.jsonl");
    CHECK(lines.threads.size() == 2);
    REQUIRE(lines.problems.size() == 1);
    CHECK(lines.problems[0].where == "in.jsonl:2");
    CHECK(lines.problems[0].reason == "not valid JSON: number overflow parsing '1e999'");
    for (auto format : {medqa::ingest::InputFormat::json, medqa::ingest::InputFormat::doctor_qa}) {
        auto doc = read(R"([{"question_text": 31e999, "answer": "a", "url": "u"}])", "in.json", format);
        CHECK(doc.threads.empty());
        REQUIRE(doc.problems.size() == 1);
        CHECK(doc.problems[0].where == "in.json");
        CHECK(doc.problems[0].reason == "not valid JSON: number overflow parsing '31e999'");
    }
}

TEST_CASE("fuzz finding: bytes F8 to FF are not UTF-8, so a text holding one is rejected") {
    // They passed valid_utf8 as 4-byte sequences; the stored answer (JSON) then failed to
    // serialise and `medqa index` stopped with exit code 1.
    for (unsigned char lead = 0xF8; lead != 0; ++lead) {
        CAPTURE(int(lead));
        CHECK_FALSE(medqa::text::valid_utf8(std::string(1, char(lead)) + "\x80\x80\x80"));
    }
    auto r = read("Title\n\nQuestion?\n\nAn answer with \xFB\x80\x80\x80 in it. It is long enough.\n", "t.txt");
    CHECK(r.threads.empty());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].where == "t.txt:1");
    CHECK(r.problems[0].reason.starts_with("answers[0].text is not valid UTF-8"));
}
