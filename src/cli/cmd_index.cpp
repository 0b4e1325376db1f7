// medqa index [PATH...]: read threads from files and folders and bring the index up to date;
// with --watch, keep it up to date as files arrive.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "annotate/annotator.hpp"
#include "commands.hpp"
#include "index/database.hpp"
#include "index/index_run.hpp"
#include "index/watch.hpp"
#include "interrupt.hpp"
#include "lexicon_options.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace medqa::cli {
namespace {

// After a change in a watched folder, wait this long for quiet before indexing: a scraper
// writing a file in several steps gets it indexed once, whole; well within the second a user
// waits.
constexpr auto kWatchSettle = std::chrono::milliseconds(300);

struct Options {
    std::vector<std::string> paths;
    std::string db;
    bool rebuild = false;
    bool watch = false;
    IndexOptions run;
    LexiconOptions lexicon;
    OutputOptions output;
};

// Where a file that keeps threads fails now: "at line 3", "at record 2 and 1 more record", or,
// failing as a whole, ": cannot be read: Permission denied".
std::string failure(const KeptThreads& k) {
    if (k.where == k.file) return ": " + k.reason;
    std::string at = k.where.starts_with(k.file + ":") ? k.where.substr(k.file.size() + 1) : k.where;
    at.erase(0, at.find_first_not_of(' '));
    if (!at.empty() && at.find_first_not_of("0123456789") == std::string::npos) at = "line " + at;
    return " at " + at + (k.problems > 1 ? " and " + plural(k.problems - 1, "more record") : "");
}

void print_report(const IndexReport& r, const std::filesystem::path& db, Format format, double seconds) {
    const size_t kept = r.kept_threads();
    if (format == Format::json) {
        nlohmann::json kept_files = nlohmann::json::array();
        for (const auto& k : r.kept)
            kept_files.push_back({{"file", k.file},
                                  {"threads", k.threads},
                                  {"fails_at", k.where},
                                  {"reason", k.reason},
                                  {"problems", k.problems}});
        print_json({{"db", db.string()},
                    {"files", r.files},
                    {"files_read", r.files_read},
                    {"threads", r.threads},
                    {"answers", r.answers},
                    {"added", r.added},
                    {"updated", r.updated},
                    {"removed", r.removed},
                    {"unchanged", r.unchanged},
                    {"rejected", r.rejected},
                    {"kept", kept},
                    {"kept_files", kept_files},
                    {"unreadable_folders", r.unreadable_folders},
                    {"skipped", r.skipped},
                    {"interrupted", r.interrupted},
                    {"abandoned", r.abandoned},
                    {"reannotated", !r.lexicons_changed.empty()},
                    {"lexicons_changed", r.lexicons_changed.empty() ? nlohmann::json() : nlohmann::json(r.lexicons_changed)},
                    {"seconds", seconds}});
    } else if (r.abandoned) {
        // Nothing of it was kept: the figures are of what was read before it stopped, not added.
        fmt::print("abandoned after reading {}, {} from {} in {:.1f} s: nothing was written, {} is as it was\n",
                   plural(r.threads, "thread"), plural(r.answers, "answer"), plural(r.files, "file"), seconds,
                   db.string());
    } else {
        // Cut short, the figures are of the work done, not of the input.
        fmt::print("{}added {}, updated {}, removed {}, unchanged {}{} ({}, {} from {}; {} read) into {} in {:.1f} s\n",
                   r.interrupted ? "interrupted: " : "", r.added, r.updated, r.removed, r.unchanged,
                   kept > 0 ? fmt::format(", kept {}", kept) : "", plural(r.threads, "thread"),
                   plural(r.answers, "answer"), plural(r.files, "file"), r.files_read, db.string(), seconds);
    }
    std::fflush(stdout);  // --watch: each pass is seen as it happens
    if (r.skipped > 0)
        notice(fmt::format("skipped {} without answer text (MedQuAD pairs whose answers were removed)",
                           plural(r.skipped, "record")));
    if (r.files == 0) notice("no .txt, .jsonl, .json or .xml files found in the paths given");
    if (r.rejected > 0 || r.unreadable_folders > 0) {
        std::vector<std::string> what;
        if (r.rejected > 0) what.push_back(plural(r.rejected, "record") + " rejected");
        if (r.unreadable_folders > 0) what.push_back(plural(r.unreadable_folders, "folder") + " not read");
        if (r.abandoned) fmt::print(stderr, "medqa: {}, see above\n", fmt::join(what, ", "));
        else fmt::print(stderr, "medqa: indexed {}; {}, see above\n", plural(r.threads, "thread"), fmt::join(what, ", "));
    }
    // Not among the threads counted: the index still holds them, as an earlier run read them.
    for (const auto& k : r.kept)
        fmt::print(stderr, "medqa: kept {} of {} from an earlier run: the file now fails{}\n",
                   plural(k.threads, "thread"), k.file, failure(k));
    if (r.abandoned) notice("interrupted: the rebuild was abandoned and the index is as it was; run it again to rebuild");
    else if (r.interrupted) notice("interrupted: what was indexed is committed; run medqa index again to finish");
}

ExitCode run_once(const Options& opts, const std::vector<std::filesystem::path>& roots,
                  const std::filesystem::path& db_path, const annotate::Annotator& annotator, bool rebuild) {
    ProgressLine progress;
    IndexOptions run = opts.run;
    run.on_progress = [&progress](const IndexProgress& p) { progress.update(p); };
    // Said before the long work, and said at all: a --lexicon left out strips its labels.
    run.on_lexicons_changed = [&progress](const std::string& what) {
        progress.finish();
        notice("the lexicons differ from those the index was annotated with (" + what +
               "): every thread is annotated again");
    };
    auto on_problem = [&progress](const ingest::Problem& p) {
        progress.finish();
        fmt::print(stderr, "{}: {}\n", p.where, p.reason);
    };
    auto start = std::chrono::steady_clock::now();
    IndexReport report;
    try {
        report = rebuild ? rebuild_index(roots, db_path, annotator, on_problem, run)
                         : index_paths(roots, db_path, annotator, on_problem, run);
    } catch (...) {
        progress.finish();
        throw;
    }
    progress.finish();
    print_report(report, db_path, opts.output.format,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (report.rejected > 0 || report.unreadable_folders > 0) return ExitCode::bad_input;
    // Watching too: a pass cut short is unfinished work (a stop while idle leaves the last status).
    if (report.interrupted) return ExitCode::interrupted;
    return ExitCode::ok;
}

}  // namespace

void add_index_command(CLI::App& app, ExitCode& status) {
    auto opts = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("index", "Index threads from files and folders (default: data/)");
    cmd->footer(
        "Reads *.txt (plain thread layout), *.jsonl (one thread per line), *.json (medqa threads, or flat\n"
        "doctor-QA records) and *.xml (MedQuAD) files, extensions in any case; folders are walked\n"
        "recursively.\n\n"
        "Incremental: files whose size and mtime are as last indexed are not opened; in changed files, only\n"
        "threads whose content changed are re-indexed; threads a file no longer holds, and the threads of\n"
        "files gone from the paths given, are removed; so are those of a path given that no longer exists, if\n"
        "the index read it (deleted since, a symbolic link too; a path it never read is a usage error).\n"
        "Prints: added N, updated N, removed N, unchanged N.\n"
        "Writes are committed every --commit-every threads: a crash or Ctrl-C loses at most that batch,\n"
        "and the next run finishes the work. Only one medqa index may write an index at a time (exit 5).\n\n"
        "Bad records are reported as FILE:LINE: reason, the good ones are still indexed, and the exit code\n"
        "is then 3; such a file is read again by every run until it is fixed, and its good threads are\n"
        "removed with it when it is deleted. Meanwhile it keeps the threads an earlier run indexed from it\n"
        "that it no longer gives (all of them if it now fails whole or cannot be read), said as 'kept N' and\n"
        "'kept N threads of FILE from an earlier run: the file now fails at line L'. With --strict the first\n"
        "bad record stops the run and the index is left as it was.\n"
        "--lexicon FILE adds a user anatomy lexicon (e.g. from medqa lexicon import-obo) after the built-in\n"
        "one; changing the lexicons re-annotates every thread on the next run, with a note saying what differs\n"
        "(e.g. a --lexicon the index was built with, left out).\n\n"
        "Examples:\n"
        "  medqa index                       # data/ into index/\n"
        "  medqa index --watch data/         # and keep indexing what arrives, until Ctrl-C\n"
        "  medqa index --rebuild             # from scratch, swapped in when done; searches go on meanwhile\n"
        "  medqa index --shards 4 data/      # four shards, built in parallel (see the README: Sharding)\n\n" +
        exit_codes_help({ExitCode::ok, ExitCode::failure, ExitCode::usage,
                         {ExitCode::bad_input, "some records were rejected, or folders could not be read (the good ones\n"
                                               "     were indexed; see the messages)"},
                         {ExitCode::no_database, "the --db index cannot be opened, created or written (a damaged index,\n"
                                                 "     a folder that may not be written)"},
                         ExitCode::locked, ExitCode::config, ExitCode::interrupted}));
    cmd->add_option("paths", opts->paths, "Files or folders to read")->default_str("data");
    cmd->add_option("--db", opts->db, "Index folder (default: $MEDQA_DB, else index)");
    cmd->add_flag("--rebuild", opts->rebuild,
                  "Build a fresh index beside the old one and swap it in atomically when done");
    cmd->add_flag("--watch", opts->watch,
                  "After indexing, keep watching the paths and index files as they appear, change or go "
                  "(inotify), until Ctrl-C; the index folder itself is not watched, even inside a watched one");
    cmd->add_option("--input-format", opts->run.format,
                    "How to read the input (not --format, which is the output's): auto goes by the extension "
                    "and, for .json, the content; the others read every file in that format, named files whatever "
                    "their extension")
        ->transform(one_of(ingest::input_format_names()))
        ->option_text("auto|text|jsonl|json|doctor-qa|medquad (default: auto)");
    cmd->add_flag("--strict", opts->run.strict,
                  "Stop at the first bad record and leave the index exactly as it was");
    cmd->add_option("--commit-every", opts->run.batch_threads, "Commit after this many changed threads")
        ->default_val(kDefaultBatchThreads)
        ->check(whole_number(1, 100'000'000));
    cmd->add_option("--jobs,-j", opts->run.workers,
                    "Processes for a first build or --rebuild of 8 MiB or more (0: one per core; 1: this one only)")
        ->default_val(0)
        ->check(whole_number());
    cmd->add_option("--shards", opts->run.shards,
                    "Split the index into this many Xapian databases by thread id, built in parallel, searched "
                    "as one through the stub file DB/XAPIANDB; another number than the index has rebuilds it "
                    "(default: as the index is; a new one: 1)")
        ->check(whole_number(1, 256));
    add_lexicon_options(*cmd, opts->lexicon);
    add_output_options(*cmd, opts->output);
    cmd->callback([opts, &status] {
        std::vector<std::filesystem::path> roots(opts->paths.begin(), opts->paths.end());
        if (roots.empty()) roots.emplace_back("data");
        const auto db_path = database_path(opts->db);
        auto annotator = make_annotator(opts->lexicon);
        opts->run.stop = &stop_on_interrupt();
        // The watch starts before the first pass, so that nothing written during it is missed.
        std::optional<DirectoryWatcher> watcher;
        // A watching indexer is the index's writer for as long as it runs: the first pass takes
        // the write lock and every pass keeps it, so a second `medqa index` is refused (exit 5)
        // instead of slipping in while the watch waits and making the next pass fail.
        std::optional<Xapian::WritableDatabase> lock;
        if (opts->watch) {
            // Not the index it writes, wherever it sits: each pass would set off the next.
            watcher.emplace(roots, written_by_index_run(db_path));
            opts->run.held_lock = &lock;
        }
        status = run_once(*opts, roots, db_path, annotator, opts->rebuild);
        if (!watcher) return;
        notice("watching " + plural(roots.size(), "path") + " for changes; Ctrl-C to stop");
        // A watched path deleted is gone, as a file deleted in a watched folder is: its threads
        // are removed, in this pass and without a word in the later ones (it may come back).
        opts->run.missing_paths_gone = true;
        while (watcher->wait_for_changes(*opts->run.stop, kWatchSettle)) {
            // A pass that fails is an error for that pass, not the end of the watch.
            try {
                status = run_once(*opts, roots, db_path, annotator, false);
            } catch (const Error& e) {
                fmt::print(stderr, "medqa: error: {}\n", e.what());
                status = e.code();
            }
        }
    });
}

}  // namespace medqa::cli
