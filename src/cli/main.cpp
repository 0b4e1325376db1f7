// medqa: search medical question-and-answer threads, each answer labelled with its stance on
// the question and the anatomy it mentions. This file only wires the subcommands together and
// turns errors into messages and exit codes.

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <xapian.h>

#include "commands.hpp"
#include "output.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace {

constexpr const char* kEnvironment =
    "Environment: MEDQA_DB (default --db), MEDQA_LEXICON_DIR (default --lexicon-dir), NO_COLOR.";

// A word that names no command where one is expected ("medqa serach", "medqa lexicon bogus"), or
// none at all: CLI11 would say "A subcommand is required", as if none were given, and not which
// word it was. Says so, with the nearest command within two edits. A command that has commands
// of its own (lexicon) is looked into with the words after it; `within` is the command words
// so far ("lexicon ").
std::optional<medqa::Error> unknown_command(CLI::App& app, const std::vector<std::string>& args,
                                            const std::string& within = "") {
    if (!args.empty() && args[0].starts_with("-")) return std::nullopt;  // an option, --help
    std::string names, nearest;
    size_t best = 3;
    for (CLI::App* command : app.get_subcommands({})) {
        if (!args.empty() && command->get_name() == args[0]) {
            if (command->get_subcommands({}).empty()) return std::nullopt;
            return unknown_command(*command, {args.begin() + 1, args.end()}, within + args[0] + " ");
        }
        names += (names.empty() ? "" : ", ") + command->get_name();
        if (args.empty()) continue;
        if (const size_t d = medqa::text::edit_distance(args[0], command->get_name()); d < best) {
            best = d;
            nearest = command->get_name();
        }
    }
    const std::string hint = (nearest.empty() ? "" : "did you mean " + within + nearest + "? ") + "The " + within +
                             "commands: " + names + " (medqa " + within + "--help)";
    if (args.empty()) return medqa::Error(medqa::ExitCode::usage, "no " + within + "command given", hint);
    return medqa::Error(medqa::ExitCode::usage, "unknown " + within + "command '" + args[0] + "'", hint);
}

int report(const medqa::Error& e) {
    // Errors quote what the user typed or a file held ("--anatomy X: ..."): printed safely.
    fmt::print(stderr, "medqa: error: {}\n", medqa::text::printable(e.what()));
    if (!e.hint().empty()) fmt::print(stderr, "  hint: {}\n", medqa::text::printable(e.hint()));
    return static_cast<int>(e.code());
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"medqa - search medical Q&A threads; every answer is labelled with its stance on the question "
                 "(yes/no/maybe/none) and the anatomy it talks about.\n\n"
                 "Typical use:\n"
                 "  medqa index                      # index data/ into index/\n"
                 "  medqa search temporalis atrophy  # ranked answers\n"
                 "  medqa search --stance no botox   # only the doctors who say no\n",
                 "medqa"};
    using medqa::ExitCode;
    app.footer(medqa::cli::exit_codes_help({ExitCode::ok, ExitCode::failure, ExitCode::usage, ExitCode::bad_input,
                                            {ExitCode::no_database,
                                             "no index at the --db path, or it cannot be opened (or, by medqa index,\n"
                                             "     created or written: e.g. a folder that may not be written)"},
                                            ExitCode::locked, ExitCode::not_found, ExitCode::config,
                                            ExitCode::shard_unavailable, ExitCode::interrupted}) +
               "\n\n" + kEnvironment);
    app.require_subcommand(1);
    app.set_version_flag("--version", "medqa 0.1.0 (Xapian " + std::string(Xapian::version_string()) + ")");

    medqa::ExitCode status = medqa::ExitCode::ok;
    medqa::cli::add_index_command(app, status);
    medqa::cli::add_search_command(app, status);
    medqa::cli::add_show_command(app, status);
    medqa::cli::add_stats_command(app, status);
    medqa::cli::add_classify_command(app, status);
    medqa::cli::add_lexicon_command(app, status);
    medqa::cli::add_eval_command(app, status);

    try {
        if (auto unknown = unknown_command(app, {argv + 1, argv + argc})) return report(*unknown);
        auto args = medqa::cli::protect_search_words({argv + 1, argv + argc});
        std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        // A usage error reads like every other error of medqa's.
        return report({medqa::ExitCode::usage, e.what(), "see medqa --help, or medqa COMMAND --help"});
    } catch (const medqa::Error& e) {
        return report(e);
    } catch (const Xapian::Error& e) {
        return report({medqa::ExitCode::failure, e.get_description()});
    } catch (const std::exception& e) {
        return report({medqa::ExitCode::failure, e.what()});
    }
    // A full disk or a closed pipe must not pass for success.
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::fprintf(stderr, "medqa: error: could not write the output\n");
        return static_cast<int>(medqa::ExitCode::failure);
    }
    return static_cast<int>(status);
}
