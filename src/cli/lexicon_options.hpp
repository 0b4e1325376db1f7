#pragma once
// The lexicon options every annotating or name-resolving subcommand takes: --lexicon-dir for
// the built-in lexicons and --lexicon for user anatomy lexicons (medqa lexicon import-obo).

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "annotate/annotator.hpp"

namespace medqa::cli {

struct LexiconOptions {
    std::string dir;
    std::vector<std::string> extra;
};

void add_lexicon_options(CLI::App& command, LexiconOptions& options);

// Throws Error(usage) for a --lexicon file that does not exist.
annotate::Annotator make_annotator(const LexiconOptions& options);

}  // namespace medqa::cli
