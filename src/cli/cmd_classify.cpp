// medqa classify: stance and anatomy of an answer to a question, with the evidence that
// decided, for one pair on the command line or for JSON Lines on stdin.

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "annotate/annotator.hpp"
#include "commands.hpp"
#include "core/stance.hpp"
#include "explain.hpp"
#include "lexicon_options.hpp"
#include "output.hpp"

namespace medqa::cli {
namespace {

void print(const annotate::Annotator& annotator, const std::string& question, const std::string& answer,
           const OutputOptions& output, const Painter& paint) {
    auto frame = annotator.frame(question, "");
    auto analysis = annotator.analyse(frame, answer);
    if (output.format == Format::json) {
        print_json(analysis_json(frame, analysis));
        return;
    }
    std::string anatomy;
    for (const auto& name : analysis.anatomy) anatomy += (anatomy.empty() ? "" : ", ") + name;
    fmt::print("stance:   {}\nanatomy:  {}\n{}", paint.stance(analysis.stance.stance), anatomy.empty() ? "-" : anatomy,
               explanation_text(frame, analysis.stance, "", paint));
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
        "{\"stance\", \"anatomy\", \"evidence\", \"cues\", \"scores\", \"question\"}). Bad lines are reported as\n"
        "stdin:LINE: reason on stderr and the exit code is then 3.");
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
        if (given_q) return print(annotator, opts->question, opts->answer, opts->output, paint);

        std::string line;
        size_t line_no = 0;
        while (std::getline(std::cin, line)) {
            ++line_no;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            try {
                auto j = Json::parse(line);
                print(annotator, j.at("question").get<std::string>(), j.at("answer").get<std::string>(), opts->output,
                      paint);
                if (opts->output.format == Format::text) fmt::print("\n");
            } catch (const nlohmann::json::exception& e) {
                fmt::print(stderr, "stdin:{}: expected {{\"question\": \"...\", \"answer\": \"...\"}}: {}\n", line_no,
                           e.what());
                status = ExitCode::bad_input;
            }
        }
    });
}

}  // namespace medqa::cli
