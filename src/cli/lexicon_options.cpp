#include "lexicon_options.hpp"

#include <filesystem>

#include "core/error.hpp"

namespace medqa::cli {

void add_lexicon_options(CLI::App& command, LexiconOptions& options) {
    command.add_option("--lexicon-dir", options.dir, "Lexicon folder (default: $MEDQA_LEXICON_DIR, else data/lexicon)");
    command.add_option("--lexicon", options.extra, "User anatomy lexicon read after the built-in one (repeatable)")
        ->allow_extra_args(false);  // "--lexicon x.tsv data/": data/ is not a lexicon
}

annotate::Annotator make_annotator(const LexiconOptions& options) {
    std::vector<std::filesystem::path> extra(options.extra.begin(), options.extra.end());
    for (const auto& file : extra)
        if (!std::filesystem::is_regular_file(file))
            throw Error(ExitCode::config, "--lexicon " + file.string() + ": no such file",
                        "make one with: medqa lexicon import-obo FILE.obo --output " + file.string());
    return annotate::Annotator(annotate::lexicon_dir(options.dir), extra);
}

}  // namespace medqa::cli
