#pragma once
// One function per subcommand, each in its own file: it adds its options to the app and the
// callback that runs it. A callback reports failure by throwing medqa::Error, or sets status
// when the work was done but not all of it went well (rejected input records).

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

}  // namespace medqa::cli
