// End-to-end tests of `medqa classify`: the real binary, one pair on the command line or JSON
// Lines on stdin, as a user or a script runs it.

#include <doctest/doctest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support.hpp"

namespace {

using medqa::test::lexicon_arg;
using medqa::test::RunResult;
using medqa::test::run_medqa;
using medqa::test::sh;
using nlohmann::json;

RunResult classify(const std::string& args, const std::filesystem::path& input = "/dev/null") {
    return run_medqa("classify " + lexicon_arg() + " " + args, "", {}, input);
}

std::vector<json> json_lines(const std::string& out) {
    std::vector<json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
    return lines;
}

}  // namespace

TEST_CASE("classify: one pair on the command line, with the sentence and the cues that decided") {
    auto r = classify("--color never --question " + sh("Can Botox cause a loss of volume in the temple?") + " --answer " +
                      sh("No, Botox does not cause volume loss in the temple. See your injector."));
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    CHECK(r.out.find("stance:   no\n") == 0);
    CHECK(r.out.find("anatomy:  temple\n") != std::string::npos);
    CHECK(r.out.find("question: yes/no about [") != std::string::npos);
    CHECK(r.out.find("evidence: No, Botox does not cause volume loss in the temple.") != std::string::npos);
    CHECK(r.out.find("cue     no") != std::string::npos);
}

TEST_CASE("classify: a question that is not yes/no gets none, and says why") {
    auto r = classify("--color never -q " + sh("What is gout?") + " -a " + sh("Gout is arthritis of the big toe joint."));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("stance:   none\n") == 0);
    CHECK(r.out.find("anatomy:  big toe joint\n") != std::string::npos);
    CHECK(r.out.find("why:      not a yes/no question") != std::string::npos);
}

TEST_CASE("classify: JSON Lines in, one object per line out, a bad line is reported by number and the rest still run") {
    medqa::test::TempDir dir;
    medqa::test::write_file(dir / "in.jsonl",
                            R"({"question": "Can I drink alcohol on metronidazole?", "answer": "No, avoid alcohol for 48 hours after the last dose."})"
                            "\n\n"
                            "not json\n"
                            R"({"question": "Is my kidney stone likely to come back?"})"
                            "\n"
                            R"({"question": "What is gout?", "answer": "Gout is arthritis of the big toe joint."})"
                            "\n");
    auto r = classify("--format json", dir / "in.jsonl");
    CHECK(r.exit_code == 3);  // some input rejected
    CHECK(r.err.find("stdin:3: not valid JSON; expected") != std::string::npos);
    CHECK(r.err.find("stdin:4: no \"answer\" field") != std::string::npos);
    CHECK(r.err.find("json.exception") == std::string::npos);  // the library's words are not the user's
    // One object per record, bad ones too, each with its input line: a script pairs them up.
    auto all = json_lines(r.out);
    REQUIRE(all.size() == 4);
    CHECK(all[1] == json{{"line", 3}, {"error", "not valid JSON"}});
    CHECK(all[2] == json{{"line", 4}, {"error", "no \"answer\" field"}});
    CHECK(all[0].at("line") == 1);
    CHECK(all[3].at("line") == 5);
    std::vector<json> lines{all[0], all[3]};
    CHECK(lines[0].at("stance") == "no");
    CHECK(lines[0].at("evidence") == "No, avoid alcohol for 48 hours after the last dose.");
    CHECK(lines[0].at("question").at("polar") == true);
    REQUIRE(lines[0].at("cues").size() >= 1);
    CHECK(lines[0].at("cues")[0].at("text") == "No");
    // Weights and scores are rounded for reading: 2.7, not 2.6999999999999997.
    CHECK_FALSE(std::regex_search(r.out, std::regex(R"([0-9]\.[0-9]{4})")));
    CHECK(lines[1].at("stance") == "none");
    CHECK(lines[1].at("anatomy") == json::array({"big toe joint"}));
    CHECK(lines[1].at("question").at("polar") == false);
}

TEST_CASE("classify: text from stdin names each result's line, and empty answers and bad UTF-8 are reported by line") {
    medqa::test::TempDir dir;
    medqa::test::write_file(dir / "in.jsonl",
                            R"({"question": "Is it serious?", "answer": "   "})" "\n"
                            "{\"question\": \"Is it serious?\", \"answer\": \"caf\xe9\"}\n"
                            R"({"question": "Is it serious?", "answer": "No, it is harmless."})" "\n");
    auto r = classify("", dir / "in.jsonl");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("stdin:1: the answer is empty") != std::string::npos);
    CHECK(r.err.find("stdin:2: not valid UTF-8") != std::string::npos);
    CHECK(r.out.rfind("line:     3\nstance:   no\n", 0) == 0);

    auto empty = classify("--question " + sh("Is it serious?") + " --answer ''");
    CHECK(empty.exit_code == 2);
    CHECK(empty.err.find("--answer is empty") != std::string::npos);
}

TEST_CASE("classify: --question without --answer is a usage error with a hint") {
    auto r = classify("--question " + sh("Is it serious?"));
    CHECK(r.exit_code == 2);
    CHECK(r.out == "");
    CHECK(r.err.find("--question and --answer go together") != std::string::npos);
}
