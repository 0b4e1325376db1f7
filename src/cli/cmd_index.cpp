// medqa index [PATH...]: read threads from files and folders and bring the index up to date.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "annotate/annotator.hpp"
#include "commands.hpp"
#include "index/database.hpp"
#include "index/index_run.hpp"
#include "lexicon_options.hpp"
#include "output.hpp"

namespace medqa::cli {

void add_index_command(CLI::App& app, ExitCode& status) {
    struct Options {
        std::vector<std::string> paths;
        std::string db;
        LexiconOptions lexicon;
        OutputOptions output;
        ingest::InputFormat input_format = ingest::InputFormat::automatic;
    };
    auto opts = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("index", "Index threads from files and folders (default: data/)");
    cmd->footer(
        "Reads *.txt (plain thread layout), *.jsonl (one thread per line), *.json (medqa threads, or flat\n"
        "doctor-QA records) and *.xml (MedQuAD) files; folders are walked recursively. A thread already in\n"
        "the index with the same content is left as it is; a changed one is replaced. Bad records are\n"
        "reported as FILE:LINE: reason, the good ones are still indexed, and the exit code is then 3.\n"
        "--lexicon FILE adds a user anatomy lexicon (e.g. from medqa lexicon import-obo) after the built-in\n"
        "one; changing the lexicons re-annotates every thread on the next run.");
    cmd->add_option("paths", opts->paths, "Files or folders to read")->default_str("data");
    cmd->add_option("--db", opts->db, "Index folder (default: $MEDQA_DB, else index)");
    cmd->add_option("--input-format", opts->input_format,
                    "How to read the input (not --format, which is the output's): auto goes by the extension "
                    "and, for .json, the content; the others read every file in that format, named files whatever "
                    "their extension")
        ->transform(CLI::CheckedTransformer(ingest::input_format_names()))
        ->option_text("auto|text|jsonl|json|doctor-qa|medquad (default: auto)");
    add_lexicon_options(*cmd, opts->lexicon);
    add_output_options(*cmd, opts->output);
    cmd->callback([opts, &status] {
        std::vector<std::filesystem::path> roots(opts->paths.begin(), opts->paths.end());
        if (roots.empty()) roots.emplace_back("data");
        const auto db_path = database_path(opts->db);
        auto annotator = make_annotator(opts->lexicon);
        auto report = index_paths(roots, db_path, annotator, [](const ingest::Problem& p) {
            fmt::print(stderr, "{}: {}\n", p.where, p.reason);
        }, opts->input_format);
        if (opts->output.format == Format::json) {
            print_json({{"db", db_path.string()},
                        {"files", report.files},
                        {"threads", report.threads},
                        {"answers", report.answers},
                        {"added", report.added},
                        {"updated", report.updated},
                        {"unchanged", report.unchanged},
                        {"rejected", report.rejected},
                        {"skipped", report.skipped}});
        } else {
            fmt::print("indexed {} ({}) from {} into {}: added {}, updated {}, unchanged {}\n",
                       plural(report.threads, "thread"), plural(report.answers, "answer"), plural(report.files, "file"),
                       db_path.string(), report.added, report.updated, report.unchanged);
        }
        if (report.skipped > 0)
            notice(fmt::format("skipped {} without answer text (MedQuAD pairs whose answers were removed)",
                               plural(report.skipped, "record")));
        if (report.files == 0) notice("no .txt, .jsonl or .json files found in the paths given");
        if (report.rejected > 0) {
            fmt::print(stderr, "medqa: {} rejected, see above\n", plural(report.rejected, "record"));
            status = ExitCode::bad_input;
        }
    });
}

}  // namespace medqa::cli
