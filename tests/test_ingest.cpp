#include <doctest/doctest.h>


#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "ingest/input_files.hpp"
#include "ingest/json_reader.hpp"
#include "ingest/text_thread_reader.hpp"
#include "support.hpp"

using namespace medqa;
using namespace medqa::ingest;

namespace {

struct Collected {
    std::vector<Thread> threads;
    std::vector<Problem> problems;
    ThreadSink sink() {
        return {[this](Thread&& t) { threads.push_back(std::move(t)); },
                [this](Problem&& p) { problems.push_back(std::move(p)); }};
    }
};

}  // namespace

TEST_CASE("the seed thread parses into a title, a question, 6 answers and a disclaimer") {
    Thread t = parse_text_thread(test::read_file(test::kSeed), test::kSeed.string());
    CHECK(t.id == "botox-volume-loss");
    CHECK(t.source == "botox-volume-loss.txt");
    CHECK(t.title == "Can Botox Cause a Loss of Volume?");
    CHECK(t.question.starts_with("I saw photos of a woman"));
    CHECK(t.question.ends_with("Have any of you doctors seen this adverse effect?"));
    REQUIRE(t.answers.size() == 6);
    for (size_t i = 0; i < 6; ++i) CHECK(t.answers[i].id == std::to_string(i + 1));
    CHECK(t.answers[0].text.starts_with("Botox is a chemical paralytic."));
    CHECK(t.answers[1].text.starts_with("Usually Botox should not cause loss of volume."));
    CHECK(t.answers[2].text.starts_with("This is possible but should be temporary."));
    // The one-sentence paragraph is joined to the paragraph after it.
    CHECK(t.answers[3].text.starts_with("Yes of course BOTOX can cause muscle volume loss. That is precisely what"));
    CHECK(t.answers[3].text.ends_with("It is more common however with headache treatment."));
    CHECK(t.answers[4].text.starts_with("Botox relaxes muscles"));
    CHECK(t.answers[5].text.ends_with("Botox should not cause volume loss like this."));
    CHECK(t.disclaimer.starts_with("This answer has been solicited without seeing this patient"));
    for (const auto& a : t.answers) CHECK(a.text.find("medical advice") == std::string::npos);
}

TEST_CASE("text layout: CRLF, multi-line paragraphs, and a short last paragraph standing alone") {
    std::string text = "\r\n  Title line\r\nQuestion starts here\r\nand goes on?\r\n\r\nFirst answer,\r\nwrapped. Second sentence.\r\n\r\n"
                       "Short one.\r\n";
    Thread t = parse_text_thread(text, "dir/some-thread.txt");
    CHECK(t.title == "Title line");
    CHECK(t.question == "Question starts here and goes on?");
    REQUIRE(t.answers.size() == 2);
    CHECK(t.answers[0].text == "First answer, wrapped. Second sentence.");
    CHECK(t.answers[1].text == "Short one.");
    CHECK(t.origin == "dir/some-thread.txt:2");
}

TEST_CASE("text layout: short answers of several doctors stay apart, a verdict opens an answer") {
    std::string text = "Can I fly with a cold?\n\nI have a bad cold and a flight tomorrow. Can I fly?\n\n"
                       "Yes, flying with a cold is generally safe.\n\n"
                       "No. Avoid flying until your sinuses clear, the pressure can hurt your ears.\n\n"
                       "It depends on how congested you are; use a decongestant before takeoff and chew gum "
                       "during descent.\n";
    Thread t = parse_text_thread(text, "fly.txt");
    REQUIRE(t.answers.size() == 3);
    CHECK(t.answers[0].text == "Yes, flying with a cold is generally safe.");
    CHECK(t.answers[1].text.starts_with("No. Avoid flying"));
    CHECK(t.answers[2].text.starts_with("It depends on how congested"));
    CHECK(t.answers[1].origin == "fly.txt:7");
}

TEST_CASE("text layout: a short paragraph joins the one paragraph after it, never a chain") {
    // short, short, long, short, long: the first short one is an answer of its own (the next is
    // short too), the second leads into the long one, the third into the last.
    std::string text = "T\n\nQ?\n\nIt can happen.\n\nYes of course it can cause that.\n\n"
                       "That is what we do when we inject the masseter. It can occur in the temple as well.\n\n"
                       "Rarely, in my experience.\n\n"
                       "The muscle comes back within months once the injections stop. Most patients never notice.\n";
    Thread t = parse_text_thread(text, "t.txt");
    REQUIRE(t.answers.size() == 3);
    CHECK(t.answers[0].text == "It can happen.");
    CHECK(t.answers[1].text.starts_with("Yes of course it can cause that. That is what we do"));
    CHECK(t.answers[1].text.ends_with("in the temple as well."));
    CHECK(t.answers[2].text.starts_with("Rarely, in my experience. The muscle comes back"));
    CHECK(t.answers[2].origin == "t.txt:11");

    // Thousands of one-sentence answers are thousands of answers, each at its own line.
    std::string many = "Is it big?\n\nQuestion here?\n";
    for (int i = 0; i < 3000; ++i)
        many += "\nAnswer number " + std::to_string(i) + " is a reasonably long answer with many words in it ok.\n";
    Thread m = parse_text_thread(many, "m.txt");
    REQUIRE(m.answers.size() == 3000);
    CHECK(m.answers[2999].text == "Answer number 2999 is a reasonably long answer with many words in it ok.");
    CHECK(m.answers[2999].origin == "m.txt:" + std::to_string(5 + 2 * 2999));
}

TEST_CASE("text layout: a quoted paragraph is a disclaimer only when it disclaims advice") {
    std::string text = "T\n\nQ?\n\n\"I would not worry about this at all, it goes away.\"\n\n"
                       "\xE2\x80\x9CThis is not medical advice.\xE2\x80\x9D\n";
    Thread t = parse_text_thread(text, "t.txt");
    REQUIRE(t.answers.size() == 1);
    CHECK(t.answers[0].text == "\"I would not worry about this at all, it goes away.\"");
    CHECK(t.disclaimer == "This is not medical advice.");
}

TEST_CASE("text layout: files without question or answers are rejected with the reason") {
    CHECK_THROWS_WITH_AS(parse_text_thread("", "e.txt"), doctest::Contains("empty"), RecordError);
    CHECK_THROWS_WITH_AS(parse_text_thread("Only a title\n", "e.txt"), doctest::Contains("no question"), RecordError);
    CHECK_THROWS_WITH_AS(parse_text_thread("Title\n\nQuestion?\n", "e.txt"), doctest::Contains("no answers"),
                         RecordError);
}

TEST_CASE("JSON Lines: good lines become threads, bad lines become problems with file:line") {
    const std::string in(
        R"({"id": "t1", "title": "Can X hurt?", "question": "Can it?", "answers": [{"author": "Dr A", "text": "No."}, {"id": 7, "text": "Maybe."}], "tags": ["x"], "url": "http://e/1"})"
        "\n\n"
        "{\"title\": \"broken\", \n"
        R"({"title": "no answers here"})"
        "\n"
        R"({"title": "T", "answers": [{"text": ""}]})"
        "\n"
        R"({"title": "T", "answers": [{"text": "a", "id": "1"}, {"text": "b", "id": "1"}]})"
        "\n"
        R"({"url": "http://e/2", "question": "Is it ok?", "answers": [{"text": "Yes."}]})"
        "\n");
    Collected c;
    read_jsonl(in, "in.jsonl", c.sink());
    REQUIRE(c.threads.size() == 2);
    const Thread& t1 = c.threads[0];
    CHECK(t1.id == "t1");
    CHECK(t1.origin == "in.jsonl:1");
    CHECK(t1.source == "in.jsonl");
    CHECK(t1.url == "http://e/1");
    CHECK(t1.tags == std::vector<std::string>{"x"});
    REQUIRE(t1.answers.size() == 2);
    CHECK(t1.answers[0].id == "1");
    CHECK(t1.answers[0].author == "Dr A");
    CHECK(t1.answers[1].id == "7");

    const Thread& t2 = c.threads[1];
    CHECK(t2.title == "Is it ok?");  // no title: the question stands in
    CHECK(t2.id.size() == 16);       // no id: a hash of the url
    CHECK(t2.origin == "in.jsonl:7");

    REQUIRE(c.problems.size() == 4);
    CHECK(c.problems[0].where == "in.jsonl:3");
    CHECK(c.problems[0].reason.find("not valid JSON") != std::string::npos);
    CHECK(c.problems[1].where == "in.jsonl:4");
    CHECK(c.problems[1].reason.find("answers is missing") != std::string::npos);
    CHECK(c.problems[2].where == "in.jsonl:5");
    CHECK(c.problems[2].reason.find("answers[0].text") != std::string::npos);
    CHECK(c.problems[3].reason.find("used twice") != std::string::npos);
}

TEST_CASE("JSON: an answer id that clashes with the position of an answer without one says so") {
    auto reason = [](const std::string& answers) {
        try {
            thread_from_json(nlohmann::json::parse(R"({"id": "d1", "title": "t?", "answers": )" + answers + "}"), "s");
        } catch (const RecordError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    // "2" written once: answers[1] has no id and took "2" from its position.
    CHECK(reason(R"([{"id": "a", "text": "x"}, {"text": "y"}, {"id": "2", "text": "z"}])") ==
          "answers[2].id \"2\" is also the id given to answers[1], which has none (an answer without an id takes "
          "its position): give answers[1] an id");
    CHECK(reason(R"([{"id": 2, "text": "x"}, {"text": "y"}])") ==
          "answers[1] has no id and takes its position, \"2\", which is answers[0].id already: give answers[1] an id");
    CHECK(reason(R"([{"id": "k", "text": "x"}, {"text": "y"}, {"id": "k", "text": "z"}])") ==
          "answers[2].id \"k\" is used twice (answers[0].id is \"k\" too)");
    // Ids given where positions do not meet them, and the ids of positions, are unchanged.
    CHECK(reason(R"([{"id": "a", "text": "x"}, {"text": "y"}, {"id": "7", "text": "z"}])") == "accepted");
    auto t = thread_from_json(nlohmann::json::parse(R"({"title": "t", "answers": [{"text": "x"}, {"id": "", "text": "y"}, {"id": 9, "text": "z"}]})"), "s");
    REQUIRE(t.answers.size() == 3);
    CHECK(t.answers[0].id == "1");
    CHECK(t.answers[1].id == "2");
    CHECK(t.answers[2].id == "9");
}

TEST_CASE("JSON: ids default to a stable hash of the url, else of the title") {
    auto a = thread_from_json(nlohmann::json::parse(R"({"title": "T", "answers": [{"text": "x"}]})"), "s");
    auto b = thread_from_json(nlohmann::json::parse(R"({"title": "T", "answers": [{"text": "y"}]})"), "s");
    auto c = thread_from_json(nlohmann::json::parse(R"({"title": "U", "answers": [{"text": "x"}]})"), "s");
    CHECK(a.id == b.id);
    CHECK(a.id != c.id);
    CHECK_THROWS_WITH_AS(thread_from_json(nlohmann::json::parse(R"({"title": 5, "answers": []})"), "s"),
                         doctest::Contains("title must be a string"), RecordError);
    CHECK_THROWS_WITH_AS(thread_from_json(nlohmann::json::parse(R"([1])"), "s"), doctest::Contains("JSON object"),
                         RecordError);
}

TEST_CASE("a .json document holds one thread or an array of them, and records are numbered") {
    test::TempDir dir;
    test::write_file(dir / "a.json", R"([{"title": "A", "answers": [{"text": "x"}]}, {"title": "B"}])");
    Collected c;
    read_threads(dir / "a.json", c.sink());
    REQUIRE(c.threads.size() == 1);
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].where == (dir / "a.json").string() + ": record 2");
}

TEST_CASE("input files: one file under several names (links, a folder given twice) is read once, under its first name") {
    test::TempDir dir;
    test::write_file(dir / "real/r.jsonl", "x");
    test::write_file(dir / "real/s.jsonl", "x");  // the same bytes, another file: kept
    std::filesystem::create_directories(dir / "links");
    std::filesystem::create_symlink("../real/r.jsonl", dir / "links/a.jsonl");
    std::filesystem::create_symlink("../real/r.jsonl", dir / "links/b.jsonl");
    std::filesystem::create_hard_link(dir / "real/r.jsonl", dir / "links/c.jsonl");
    auto files = collect_input_files({dir / "links", dir / "real", dir / "real/r.jsonl"}).files;
    CHECK(files == std::vector<std::filesystem::path>{dir / "links/a.jsonl", dir / "real/s.jsonl"});
}

TEST_CASE("input files: folders are walked for .txt/.jsonl/.json, hidden folders and README/LICENSE files skipped, order sorted") {
    test::TempDir dir;
    test::write_file(dir / "b.txt", "x");
    test::write_file(dir / "sub/a.jsonl", "x");
    test::write_file(dir / "sub/c.json", "x");
    test::write_file(dir / "notes.md", "x");
    test::write_file(dir / ".git/d.txt", "x");
    test::write_file(dir / "README.txt", "x");   // an archive's documentation, not a thread
    test::write_file(dir / "sub/LICENSE.txt", "x");
    test::write_file(dir / "sub/readme.jsonl", "x");  // not prose: read
    auto found = collect_input_files({dir.path()});
    CHECK(found.unreadable_folders.empty());
    const auto& files = found.files;
    REQUIRE(files.size() == 4);
    CHECK(files[0] == dir / "b.txt");
    CHECK(files[1] == dir / "sub/a.jsonl");
    CHECK(files[2] == dir / "sub/c.json");
    CHECK(files[3] == dir / "sub/readme.jsonl");
    CHECK_THROWS_AS(collect_input_files({dir / "missing"}), Error);
    CHECK_THROWS_WITH(collect_input_files({dir / "notes.md"}), doctest::Contains("unknown file type"));
    CHECK(collect_input_files({dir / "README.txt"}).files.size() == 1);  // named: read
}

TEST_CASE("input files: extensions are read in any case, in folders and named") {
    test::TempDir dir;
    test::write_file(dir / "a.TXT", "Is upper case read?\n\nThe question?\n\nYes, it is.\n");
    test::write_file(dir / "b.JSONL", "x");
    test::write_file(dir / "c.Json", "x");
    test::write_file(dir / "d.XML", "x");
    test::write_file(dir / "README.TXT", "x");  // documentation in any case
    auto files = collect_input_files({dir.path()}).files;
    CHECK(files == std::vector<std::filesystem::path>{dir / "a.TXT", dir / "b.JSONL", dir / "c.Json", dir / "d.XML"});
    CHECK(collect_input_files({dir / "a.TXT"}).files.size() == 1);
    Collected c;
    read_threads(dir / "a.TXT", c.sink());
    CHECK(c.problems.empty());
    REQUIRE(c.threads.size() == 1);
    CHECK(c.threads[0].id == "a");  // the name without its extension, whatever its case
}

TEST_CASE("text layout: a byte-order mark and a first line of no-break spaces do not become the title") {
    Thread t = parse_text_thread("\xEF\xBB\xBF\xC2\xA0\n  Real title\nThe question?\n\nOne answer. With two sentences.\n", "b.txt");
    CHECK(t.title == "Real title");
    CHECK(t.question == "The question?");
    REQUIRE(t.answers.size() == 1);
}
