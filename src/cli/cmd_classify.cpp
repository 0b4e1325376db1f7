// medqa classify: stance and anatomy of an answer to a question, with the evidence that
// decided, for one pair on the command line or for JSON Lines on stdin.

#include <iostream>
#include <string>
#include <utility>
#include <variant>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "annotate/annotator.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "core/stance.hpp"
#include "core/text.hpp"
#include "explain.hpp"
#include "lexicon_options.hpp"
#include "output.hpp"

namespace medqa::cli {
namespace {

// line_no > 0: the input came from that line of stdin, and the JSON says so (a script pairs
// results with its input by it; blank lines give none).
void print(const annotate::Annotator& annotator, const std::string& question, const std::string& answer,
           const OutputOptions& output, const Painter& paint, size_t line_no = 0) {
    // As medqa index does: the evidence is printed, and must not drive the terminal.
    auto frame = annotator.frame(text::without_control_characters(question), "");
    auto analysis = annotator.analyse(frame, text::without_control_characters(answer));
    if (output.format == Format::json) {
        Json j = analysis_json(frame, analysis);
        if (line_no > 0) j["line"] = line_no;
        print_json(j);
        return;
    }
    std::string anatomy;
    for (const auto& name : analysis.anatomy) anatomy += (anatomy.empty() ? "" : ", ") + name;
    if (line_no > 0) fmt::print("line:     {}\n", line_no);
    fmt::print("stance:   {}\nanatomy:  {}\n{}", paint.stance(analysis.stance.stance), anatomy.empty() ? "-" : anatomy,
               explanation_text(frame, analysis.stance, "", paint));
}

// A JSON Lines record's question and answer, or what is wrong with it in words a user can act on.
std::variant<std::pair<std::string, std::string>, std::string> read_pair(const std::string& line) {
    if (!text::valid_utf8(line)) return std::string(text::kNotUtf8);
    const Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::string("not valid JSON");
    if (!j.is_object()) return std::string("not a JSON object");
    std::pair<std::string, std::string> pair;
    for (auto [key, value] : {std::pair{"question", &pair.first}, std::pair{"answer", &pair.second}}) {
        if (!j.contains(key)) return fmt::format("no \"{}\" field", key);
        if (!j.at(key).is_string()) return fmt::format("\"{}\" is not a string", key);
        *value = j.at(key).get<std::string>();
    }
    if (text::trim(pair.second).empty()) return std::string("the answer is empty");
    return pair;
}

}  // namespace

void add_classify_command(CLI::App& app, ExitCode& status) {
    struct Options {
        std::string question;
        std::string answer;
        LexiconOptions lexicon;
        OutputOptions output;
    };
    auto opts = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("classify", "Stance and anatomy of an answer, with the evidence that decided");
    cmd->footer(
        "Without --question/--answer, reads JSON Lines from stdin, one {\"question\": \"...\", \"answer\": \"...\"}\n"
        "per line, and prints one result per line (with --format json, one object per line:\n"
        "{\"stance\", \"anatomy\", \"evidence\", \"cues\", \"scores\", \"question\", \"line\"}, LINE the input's\n"
        "line number; in text, each result starts with line: LINE; blank lines are skipped). Bad lines\n"
        "(not JSON or not UTF-8, a field missing, an empty answer) are reported as stdin:LINE: reason on\n"
        "stderr (with --format json also as {\"line\": LINE, \"error\": reason}) and the exit code is then 3.\n\n" +
        exit_codes_help({ExitCode::ok, ExitCode::failure, ExitCode::usage,
                         {ExitCode::bad_input, "some lines of stdin were rejected (stdin:LINE on stderr); the others\n"
                                               "     were classified"},
                         ExitCode::config}));
    cmd->add_option("--question,-q", opts->question, "The patient's question");
    cmd->add_option("--answer,-a", opts->answer, "The doctor's answer");
    add_lexicon_options(*cmd, opts->lexicon);
    add_output_options(*cmd, opts->output);
    cmd->callback([opts, &status, cmd] {
        auto annotator = make_annotator(opts->lexicon);
        Painter paint(opts->output.format == Format::text && use_color(opts->output.color));
        bool given_q = cmd->count("--question") > 0, given_a = cmd->count("--answer") > 0;
        if (given_q != given_a)
            throw Error(ExitCode::usage, "--question and --answer go together",
                        "give both, or neither to read JSON Lines from stdin");
        if (given_q && text::trim(opts->answer).empty())
            throw Error(ExitCode::usage, "--answer is empty", "give the doctor's answer to classify");
        if (given_q) return print(annotator, opts->question, opts->answer, opts->output, paint);

        std::string line;
        size_t line_no = 0;
        while (std::getline(std::cin, line)) {
            ++line_no;
            if (text::trim(line).empty()) continue;
            auto pair = read_pair(line);
            if (const auto* problem = std::get_if<std::string>(&pair)) {
                fmt::print(stderr, "stdin:{}: {}; expected {{\"question\": \"...\", \"answer\": \"...\"}}\n", line_no,
                           *problem);
                // One output per record in JSON, so that results and input stay aligned.
                if (opts->output.format == Format::json) print_json(Json{{"line", line_no}, {"error", *problem}});
                status = ExitCode::bad_input;
                continue;
            }
            const auto& [question, answer] = std::get<0>(pair);
            print(annotator, question, answer, opts->output, paint, line_no);
            if (opts->output.format == Format::text) fmt::print("\n");
        }
    });
}

}  // namespace medqa::cli
