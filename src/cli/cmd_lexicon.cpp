// medqa lexicon import-obo FILE.obo: a user anatomy lexicon from an OBO ontology (UBERON...),
// for `medqa index --lexicon FILE`.

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>

#include "annotate/annotator.hpp"
#include "annotate/obo_import.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace medqa::cli {
namespace {
namespace fs = std::filesystem;

// What the codes mean for import-obo, the one lexicon command (so lexicon --help lists them too).
const std::initializer_list<ExitCodeRow> kImportOboExitCodes{
    ExitCode::ok,
    ExitCode::failure,
    {ExitCode::usage, "usage error (unknown option, bad value, a missing FILE, an unknown --root)"},
    {ExitCode::bad_input, "FILE was rejected: a malformed line (FILE:LINE), or no [Term] stanza"},
    {ExitCode::config, "the built-in lexicon (--lexicon-dir) is missing or malformed"}};

struct ImportOptions {
    std::string file;
    std::vector<std::string> roots;
    std::string output;
    std::string lexicon_dir;
};

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw Error(ExitCode::usage, path.string() + ": cannot write there",
                    "give --output a path in a folder that exists and that you can write to");
    out << text;
    out.close();
    if (!out) throw Error(ExitCode::failure, path.string() + ": could not write the whole file (is the disk full?)");
}

// A file in the temporary folder, removed when done: where the output is checked when it goes
// to stdout.
class ScratchFile {
public:
    ScratchFile() {
        std::string pattern = (fs::temp_directory_path() / "medqa-lexicon-XXXXXX").string();
        int fd = mkstemp(pattern.data());
        if (fd < 0) throw Error(ExitCode::failure, "cannot create a temporary file in " + fs::temp_directory_path().string());
        ::close(fd);
        path_ = pattern;
    }
    ~ScratchFile() {
        std::error_code ec;
        fs::remove(path_, ec);
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// Loads the file after the built-in lexicon, as `medqa index --lexicon` will. The importer
// drops whatever would clash, so a failure is a bug of the importer: better caught here than
// by the user's next index run.
void check_loads(const fs::path& lexicon_dir, const fs::path& file) {
    try {
        annotate::Annotator annotator(lexicon_dir, {file});
    } catch (const Error& e) {
        throw Error(ExitCode::failure, std::string("the generated lexicon does not load with the built-in one: ") + e.what(),
                    "this is a bug of import-obo; please report it with the OBO file and the --root options used");
    }
}

// FILE.tmp, checked, then renamed: a reader of FILE never sees half a lexicon.
void write_atomically(const fs::path& lexicon_dir, const fs::path& output, const std::string& text) {
    fs::path tmp = output;
    tmp += ".tmp";
    try {
        write_text(tmp, text);
        check_loads(lexicon_dir, tmp);
        fs::rename(tmp, output);
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
}

void print_summary(const std::string& file, const annotate::OboImportReport& r) {
    fmt::print(stderr,
               "medqa: read {} from {}: imported {}, skipped {} ({} obsolete, {} outside the roots, {} cell/GO, "
               "{} of one species, {} unnamed, {} already built-in concepts, {} duplicate names)\n",
               plural(r.terms_read, "term"), file, r.imported, r.skipped(), r.obsolete, r.out_of_root, r.cells,
               r.species, r.unnamed, r.in_builtin, r.duplicate);
    fmt::print(stderr,
               "medqa: synonyms of imported terms: kept {}, dropped {} ({} name another concept, {} shorter than 3 "
               "characters, {} unusable); {} not EXACT, not used\n",
               r.synonyms_kept, r.synonyms_dropped(), r.synonyms_clash, r.synonyms_short, r.synonyms_unusable,
               r.synonyms_not_exact);
}

void run_import(const ImportOptions& opts) {
    const fs::path dir = annotate::lexicon_dir(opts.lexicon_dir);
    const annotate::Annotator builtin(dir);
    const auto obo = annotate::read_obo(fs::path(opts.file));
    annotate::OboImportOptions options{opts.roots, fs::path(opts.file).filename().string()};
    const auto result = annotate::import_obo(obo, builtin.anatomy(), options);

    if (opts.output.empty()) {
        ScratchFile scratch;
        write_text(scratch.path(), result.text);
        check_loads(dir, scratch.path());
        std::fwrite(result.text.data(), 1, result.text.size(), stdout);
    } else {
        write_atomically(dir, opts.output, result.text);
    }
    print_summary(opts.file, result.report);
    if (!opts.output.empty())
        fmt::print(stderr, "medqa: wrote {} to {}; use it with: medqa index --lexicon {}\n",
                   plural(result.rows.size(), "concept"), opts.output, opts.output);
    if (result.rows.empty()) notice("no term was imported: check the --root ids and the counts above");
}

}  // namespace

void add_lexicon_command(CLI::App& app, ExitCode&) {
    auto* lexicon = app.add_subcommand("lexicon", "Build user lexicons for medqa index --lexicon");
    lexicon->footer(exit_codes_help(kImportOboExitCodes));
    lexicon->require_subcommand(1);

    auto opts = std::make_shared<ImportOptions>();
    auto* cmd = lexicon->add_subcommand("import-obo", "Turn an OBO ontology (UBERON...) into a user anatomy lexicon");
    cmd->footer(
        "Reads the [Term] stanzas of an OBO 1.2/1.4 file and prints a lexicon in the columns of\n"
        "data/lexicon/anatomy.tsv, for `medqa index --lexicon FILE`:\n"
        "  name -> canonical name (lower-cased); EXACT synonyms -> synonyms (BROAD, NARROW, RELATED are\n"
        "  too loose to tag text with); parent: the first part_of, else the first is_a. When the parent is\n"
        "  not imported, the nearest imported ancestor is used, else the built-in concept that an ancestor\n"
        "  (or else one of the term's synonyms) names, else body.\n"
        "Skipped: obsolete terms; terms outside the --root trees; cell and GO terms (namespace cell, ids CL:\n"
        "and GO:) unless a --root is such a term, as cells are not body structures; terms of one species\n"
        "(\"palatal shelf (mouse)\"); terms whose name is already a concept (their children attach to it).\n"
        "Dropped: synonyms that name another concept or are shorter than 3 characters. Counts go to stderr.\n"
        "The output is derived from FILE, so FILE's licence applies to it.\n\n" +
        exit_codes_help(kImportOboExitCodes));
    cmd->add_option("file", opts->file, "The .obo file")->required();
    cmd->add_option("--root", opts->roots, "Import only this term and the terms below it (repeatable), e.g. UBERON:0001456")
        ->allow_extra_args(false);
    cmd->add_option("--output,-o", opts->output, "Write the lexicon to this file (atomically) instead of stdout");
    cmd->add_option("--lexicon-dir", opts->lexicon_dir,
                    "Built-in lexicon folder to check clashes against (default: $MEDQA_LEXICON_DIR, else data/lexicon)");
    cmd->callback([opts] { run_import(*opts); });
}

}  // namespace medqa::cli
