// Placeholder: being written (issue 3, medqa lexicon import-obo).
#include "commands.hpp"
namespace medqa::cli {
void add_lexicon_command(CLI::App&, ExitCode&) {}
}  // namespace medqa::cli
