#pragma once
// One function per subcommand, each in its own file: it adds its options to the app and the
// callback that runs it. A callback reports failure by throwing medqa::Error, or sets status
// when the work was done but not all of it went well (rejected input records).

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/error.hpp"

namespace medqa::cli {

void add_index_command(CLI::App& app, ExitCode& status);
void add_search_command(CLI::App& app, ExitCode& status);
void add_show_command(CLI::App& app, ExitCode& status);
void add_stats_command(CLI::App& app, ExitCode& status);
void add_classify_command(CLI::App& app, ExitCode& status);
void add_lexicon_command(CLI::App& app, ExitCode& status);
void add_eval_command(CLI::App& app, ExitCode& status);

// CLI11 reads a query word that starts with '-' and a short option's letter as that option
// ("medqa search botox -headache" as -h, help; "-nausea" as -n, --limit "ausea"), and passes
// "--" on as an unknown extra. Run over the arguments (without the program name) before
// parsing, this hands every "-word" after `search` (other than -h, -n and -nNUMBER, and a
// negative number right after an option, which is that option's value: "--offset -10"), and
// every word after "--", to search as a query word, through kQueryWordOption.
inline constexpr std::string_view kQueryWordOption = "--query-word";
std::vector<std::string> protect_search_words(std::vector<std::string> args);

}  // namespace medqa::cli
