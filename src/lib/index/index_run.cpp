#include "index/index_run.hpp"

#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/schema.hpp"
#include "index/database.hpp"
#include "index/file_ledger.hpp"
#include "index/indexer.hpp"
#include "index/lexicon_record.hpp"
#include "index/fresh_build.hpp"
#include "index/sharded_index.hpp"
#include "index/synonyms.hpp"
#include "ingest/input_files.hpp"
#include "ingest/validate.hpp"

namespace medqa {
namespace fs = std::filesystem;

bool ShardRoute::takes(std::string_view thread_id) const { return count <= 1 || hash64(thread_id) % count == index; }

size_t IndexReport::kept_threads() const {
    size_t n = 0;
    for (const auto& k : kept) n += k.threads;
    return n;
}

namespace {

// Thrown out of a reader's callback to stop after the thread in hand. Not a std::exception,
// so that no reader's error handling can mistake it for a bad record.
struct Interrupted {};

bool is_under(const std::string& path, const std::vector<std::string>& roots) {
    for (const auto& root : roots) {
        if (path == root) return true;
        std::string dir = root.ends_with('/') ? root : root + '/';
        if (path.starts_with(dir)) return true;
    }
    return false;
}

// Whether the file recorded under this key is on disk as it was read (its path, size and
// mtime), with bad records or without: those are read again, but the file is the same.
bool file_unchanged_on_disk(const Xapian::Database& db, const std::string& key) {
    auto recorded = find_file_record(db, key);
    if (!recorded) return false;
    try {
        return same_file_on_disk(*recorded, examine_file(recorded->path));
    } catch (const fs::filesystem_error&) {
        return false;  // gone or unreadable: its threads may move elsewhere
    }
}

class Run {
public:
    Run(Xapian::WritableDatabase db, const annotate::Annotator& annotator,
        const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options)
        : db_(db),
          annotator_(annotator),
          indexer_(db, annotator,
                   [this](const std::string& held_by, const std::string& key) { return holder_keeps(held_by, key); },
                   options.route.count > 1),
          on_problem_(on_problem),
          options_(options),
          // A file read with other lexicons or in another --input-format is read again.
          reading_(annotator.fingerprint() + " " + std::to_string(static_cast<int>(options.format))) {}

    IndexReport run(const std::vector<fs::path>& roots, const std::vector<fs::path>& files) {
        report_.files = files.size();
        start_ = std::chrono::steady_clock::now();
        db_.begin_transaction();
        try {
            // A shard's synonyms are kept in the sharded index's local database.
            if (options_.route.count == 1) update_synonyms(db_, annotator_);
            std::vector<FileRecord> current = examine(files);
            remove_vanished_files(roots);
            progress_.files_total = current.size();
            for (auto& file : current) {
                if (!file.path.empty()) index_file(file);
                ++progress_.files_done;
                report_progress();
            }
        } catch (const Interrupted&) {
            report_.interrupted = true;
        } catch (...) {
            // A commit that failed (a full disk) has ended the transaction already: Xapian then
            // refuses to cancel it, and that complaint must not replace the error that matters.
            try {
                db_.cancel_transaction();
            } catch (const Xapian::InvalidOperationError&) {
            }
            throw;
        }
        db_.commit_transaction();
        return report_;
    }

private:
    // Size and mtime of every file, and which will be read; a file that cannot be examined is
    // reported and left with an empty path (it is neither read nor treated as gone), unless it
    // is a link to nothing, which is gone.
    std::vector<FileRecord> examine(const std::vector<fs::path>& files) {
        std::vector<FileRecord> current;
        for (const auto& file : files) {
            try {
                current.push_back(examine_file(file));
                auto recorded = find_file_record(db_, file_key(current.back().path));
                if (!recorded || !same_file_state(*recorded, current.back(), reading_))
                    progress_.bytes_total += current.back().size;
            } catch (const fs::filesystem_error& e) {
                current.emplace_back();
                // A link whose target is gone is a file deleted: its threads go with it, as the
                // README says of a link named or found in a folder given.
                std::error_code ec;
                const bool dangling = fs::is_symlink(fs::symlink_status(file, ec)) && !fs::exists(file, ec) && !ec;
                if (dangling) continue;
                const ingest::Problem p{file.string(), std::string("cannot be read: ") + e.code().message()};
                unrouted_problem(p);  // every shard meets it: one reports it
                size_t kept = 0;
                for (const auto& key : keys_known_as(file)) {
                    present_.insert(key);
                    kept += indexer_.count_threads_of_file(key);
                }
                if (kept > 0) report_.kept.push_back({p.where, kept, p.where, p.reason, 1});
            }
        }
        for (size_t n = 0; n < current.size(); ++n)
            if (!current[n].path.empty()) {
                present_.insert(file_key(current[n].path));
                order_.emplace(file_key(current[n].path), n);
            }
        return current;
    }

    // Whether the file that holds a thread keeps it against the same id read from file `key`
    // (Indexer). Which copy of a duplicate stays is the one a one-process build of the files
    // keeps, the first read, whatever order the files were indexed in, once a run reads both:
    // - a holder this run does not read keeps it while its file is as it was read, with bad
    //   records too (a record that cannot be read is no thread withdrawn); a run that reads
    //   both decides;
    // - a holder read before `key` in this run holds it still only if it was skipped as
    //   unchanged, and then it still gives it. Had it been read, it would have given the thread
    //   (met as a duplicate before this) or, with bad records, kept it as a thread it no longer
    //   gives, which a one-process build would not have;
    // - a holder read after `key` loses it. Unchanged, it would be skipped: its record is marked
    //   as read with a bad record, so that it is read later in this run (or the next, if this
    //   one stops first) and the duplicate reported there.
    bool holder_keeps(const std::string& held_by, const std::string& key) {
        auto holder = order_.find(held_by), reader = order_.find(key);
        if (holder == order_.end() || reader == order_.end()) return file_unchanged_on_disk(db_, held_by);
        if (holder->second < reader->second) return skipped_.contains(held_by);
        if (auto record = find_file_record(db_, held_by)) {
            ++record->rejected;
            put_file_record(db_, *record);
        }
        return false;
    }

    // The ledger keys of the file found by this name: its own, and, when it cannot be resolved
    // now (a dangling link), that of a file the ledger knows by this name.
    std::vector<std::string> keys_known_as(const fs::path& file) {
        std::vector<std::string> keys{file_key(ledger_path(file))};
        const std::string name = named_path(file);
        for (const auto& record : all_file_records(db_))
            if (record.name == name && file_key(record.path) != keys.front()) keys.push_back(file_key(record.path));
        return keys;
    }

    // The threads of files that were indexed from the paths given but are there no longer. A
    // file under a folder that could not be listed is not known to be gone: it is kept.
    void remove_vanished_files(const std::vector<fs::path>& roots) {
        std::vector<std::string> root_paths, unreadable;
        // A file is under a path given by where it is (links resolved) or by the name it was
        // found by: a link named, or in a folder given, takes the file it led to with it.
        std::vector<std::string> root_names;
        for (const auto& root : roots) {
            root_paths.push_back(ledger_path(root));
            root_names.push_back(named_path(root));
        }
        for (const auto& folder : options_.unreadable_folders) {
            unreadable.push_back(ledger_path(folder));
            unreadable.push_back(named_path(folder));
        }
        for (const auto& record : all_file_records(db_)) {
            const std::string key = file_key(record.path);
            if (present_.contains(key) ||
                !(is_under(record.path, root_paths) || is_under(record.name, root_names)) ||
                is_under(record.path, unreadable) || is_under(record.name, unreadable))
                continue;
            report_.removed += indexer_.remove_threads_of_file(key);
            erase_file_record(db_, key);
            count_change();
        }
    }

    void index_file(FileRecord& file) {
        const std::string key = file_key(file.path);
        if (auto recorded = find_file_record(db_, key);
            recorded && same_file_state(*recorded, file, reading_)) {
            skipped_.insert(key);
            // Found by another name than before (the first of several links to it, or a record
            // from before names were kept): it is known by this one now.
            if (recorded->name != file.name) {
                recorded->name = file.name;
                put_file_record(db_, *recorded);
            }
            report_.unchanged += recorded->threads;
            report_.threads += recorded->threads;
            report_.answers += recorded->answers;
            progress_.threads += recorded->threads;
            return;
        }
        ++report_.files_read;
        std::unordered_set<std::string> held;  // ids of the good threads this file holds now
        size_t problems = 0;
        std::optional<ingest::Problem> first_problem;  // for the report of the threads it keeps
        auto met = [&](const ingest::Problem& p) {
            if (problems++ == 0) first_problem = p;
        };
        const bool named_by_file = ingest::names_threads_by_file(file.path, options_.format);
        ingest::ThreadSink sink{
            [&](Thread&& thread) {
                try {
                    ingest::validate(thread);  // before routing: under --strict every shard stops
                    ingest::remove_control_characters(thread);
                    if (!options_.route.takes(thread.id)) return next_thread();
                    switch (indexer_.add(thread, key, named_by_file)) {
                        case Indexer::Outcome::added: ++report_.added; count_change(); break;
                        case Indexer::Outcome::updated: ++report_.updated; count_change(); break;
                        case Indexer::Outcome::unchanged: ++report_.unchanged; break;
                    }
                    held.insert(thread.id);
                    ++report_.threads;
                    report_.answers += thread.answers.size();
                    file.answers += thread.answers.size();
                } catch (const ingest::RecordError& e) {
                    const ingest::Problem p{e.where.empty() ? thread.origin : e.where, e.what()};
                    met(p);
                    // Its own shard reports it (where a duplicate id is known); all stop under --strict.
                    if (options_.route.takes(thread.id) || options_.strict) problem(p);
                }
                next_thread();
            },
            [&](ingest::Problem&& p) {
                met(p);
                unrouted_problem(p);
            },
            [&](ingest::Problem&&) {
                if (options_.route.reports_unrouted()) ++report_.skipped;
            }};
        ingest::read_threads(fs::path(file.path), sink, options_.format);
        progress_.bytes_done += file.size;
        // A file with a bad record keeps the threads it had that it no longer gives: a record
        // that cannot be read is not a thread withdrawn. It is recorded all the same, so that
        // its threads go when it goes and are brought up to date when it is fixed; recorded
        // with its bad records, it is read again next time and they are reported again.
        if (problems == 0) {
            report_.removed += indexer_.remove_threads_of_file(key, held);
        } else if (size_t kept = indexer_.count_threads_of_file(key, held); kept > 0) {
            report_.kept.push_back({file.path, kept, first_problem->where, first_problem->reason, problems});
        }
        file.threads = held.size();
        file.rejected = problems;
        file.lexicons = reading_;
        // A file with bad records read again as it was: its record is the same, and a run that
        // changed nothing writes nothing.
        if (find_file_record(db_, key) != file) put_file_record(db_, file);
    }

    void next_thread() {
        ++progress_.threads;
        report_progress();
        if (options_.stop && options_.stop->load()) throw Interrupted{};
    }

    // A problem every shard meets: one reports it, all stop under --strict.
    void unrouted_problem(const ingest::Problem& p) {
        if (options_.route.reports_unrouted() || options_.strict) problem(p);
    }

    void problem(const ingest::Problem& p) {
        if (options_.strict)
            throw Error(ExitCode::bad_input, p.where + ": " + p.reason,
                        "--strict stops at the first bad record and leaves the index as it was; fix the record, "
                        "or run without --strict to index the good records around it");
        ++report_.rejected;
        on_problem_(p);
    }

    // One more document change; a full batch is committed (never in --strict mode, which is
    // one transaction).
    void count_change() {
        if (options_.strict || ++changes_ < options_.batch_threads) return;
        db_.commit_transaction();
        db_.begin_transaction();
        changes_ = 0;
    }

    void report_progress() {
        if (!options_.on_progress) return;
        progress_.elapsed = std::chrono::steady_clock::now() - start_;
        options_.on_progress(progress_);
    }

    Xapian::WritableDatabase db_;
    const annotate::Annotator& annotator_;
    Indexer indexer_;
    const std::function<void(const ingest::Problem&)>& on_problem_;
    const IndexOptions& options_;
    const std::string reading_;  // how the files are read: recorded with each file
    IndexReport report_;
    IndexProgress progress_;
    std::unordered_set<std::string> present_;  // keys of the files found in the paths given
    std::unordered_map<std::string, size_t> order_;  // ... and their place in the order they are read
    std::unordered_set<std::string> skipped_;  // ... of those, the keys of the files not read, as unchanged
    size_t changes_ = 0;                       // since the last commit
    std::chrono::steady_clock::time_point start_;
};

// What a killed rebuild or first build left beside the index (DB.rebuild, DB.rebuild.part-N).
// Only called with the index's write lock held: then no build is running.
void remove_leftovers(const fs::path& db_path) {
    const fs::path dir = db_path.has_parent_path() ? db_path.parent_path() : fs::path(".");
    const std::string stem = db_path.filename().string() + ".rebuild";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name == stem || name.starts_with(stem + ".part-")) fs::remove_all(entry.path(), ec);
    }
}

// The database whose write lock stands for the index's: the index itself, or a sharded
// index's local database. A first build creates an empty database to hold it.
Xapian::WritableDatabase lock_index(const fs::path& db_path, unsigned shards) {
    return shards > 1 ? open_for_writing(db_path / kLocalDatabaseName) : open_for_writing(db_path);
}

// The folders that could not be listed, reported once for the whole run (not by each shard or
// worker); under --strict the first stops the run before anything is written. Returns the
// options with the folders whose threads the run keeps.
IndexOptions report_unreadable_folders(const ingest::InputFiles& input,
                                       const std::function<void(const ingest::Problem&)>& on_problem,
                                       const IndexOptions& options) {
    IndexOptions run = options;
    for (const auto& p : input.unreadable_folders) {
        if (options.strict)
            throw Error(ExitCode::bad_input, p.where + ": " + p.reason,
                        "--strict stops at the first bad record and leaves the index as it was; make the folder "
                        "readable, or run without --strict to index the others (its indexed threads are kept)");
        on_problem(p);
        run.unreadable_folders.emplace_back(p.where);
    }
    return run;
}

// The index's write lock: the one the caller holds (--watch), else taken now.
Xapian::WritableDatabase take_lock(const fs::path& db_path, unsigned shards, const IndexOptions& options) {
    if (options.held_lock && *options.held_lock) return **options.held_lock;
    auto db = lock_index(db_path, shards);
    if (options.held_lock) *options.held_lock = db;  // shared: it stays open after this run
    return db;
}

// Whether the index at db_path recorded a file at or under `path` in its ledger (any shard's:
// each shard keeps its own). A path named that no longer exists is then gone, and the run
// removes what it held as it removes a file gone from a folder; otherwise it is a typo. An
// index that cannot be opened knows nothing.
bool index_knows(const fs::path& db_path, const fs::path& path) {
    // By where it led, or by its name: a symbolic link deleted since resolves to nothing.
    const std::string wanted = ledger_path(path), named = named_path(path);
    try {
        const unsigned shards = shard_count(db_path);
        for (unsigned i = 0; i < shards; ++i) {
            Xapian::Database db((shards > 1 ? shard_path(db_path, i) : db_path).string());
            if (find_file_record(db, file_key(wanted))) return true;  // a file: one look-up
            for (const auto& record : all_file_records(db))
                if (is_under(record.path, {wanted}) || is_under(record.name, {named})) return true;  // a folder, a link
        }
    } catch (const Xapian::Error&) {
    } catch (const Error&) {
    }
    return false;
}

// The input files under the paths; a missing path is gone if the index knew it (or, watching,
// whatever it was), else a usage error: before the index is opened for writing, so that a
// typo in a path writes nothing.
ingest::InputFiles collect_inputs(const std::vector<fs::path>& roots, const fs::path& db_path,
                                  const IndexOptions& options) {
    return ingest::collect_input_files(roots, options.format, [&](const fs::path& path) {
        return options.missing_paths_gone || index_knows(db_path, path);
    });
}

// What differs from the lexicons the index was annotated with, told before the run annotates
// every thread again. `lock` is the database that records them: the index's, or a sharded
// index's local one.
std::string tell_lexicon_change(const Xapian::Database& lock, const annotate::Annotator& annotator,
                                const IndexOptions& options) {
    std::string change = lexicon_change(lock, annotator);
    if (!change.empty() && options.on_lexicons_changed) options.on_lexicons_changed(change);
    return change;
}

// --shards, else as many as the index has.
unsigned wanted_shards(unsigned existing, const IndexOptions& options) {
    return options.shards ? options.shards : std::max(existing, 1u);
}

}  // namespace

namespace {

// Absolute, symbolic links resolved where they can be: the ledger's form of a path.
fs::path resolved(const fs::path& path) { return ledger_path(path.empty() ? fs::path(".") : path); }

}  // namespace

std::function<bool(const fs::path&)> written_by_index_run(const fs::path& db_path) {
    // A --db that is a symlink is written through the folder it points to, and its builds
    // are made beside the link: both count.
    const fs::path index = resolved(db_path), link = fs::absolute(db_path).lexically_normal();
    const fs::path beside = resolved(db_path.has_parent_path() ? db_path.parent_path() : fs::path("."));
    const std::string stem = db_path.filename().string() + ".rebuild";
    return [=](const fs::path& path) {
        for (fs::path at = resolved(path); at.has_relative_path(); at = at.parent_path()) {
            if (at == index || at == link) return true;
            const std::string name = at.filename().string();
            if (at.parent_path() == beside && (name == stem || name.starts_with(stem + ".part-"))) return true;
        }
        return false;
    };
}

IndexReport update_index(Xapian::WritableDatabase db, const std::vector<fs::path>& roots,
                         const std::vector<fs::path>& files, const annotate::Annotator& annotator,
                         const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options) {
    return Run(std::move(db), annotator, on_problem, options).run(roots, files);
}

namespace {

IndexReport rebuild_at(const std::vector<fs::path>& roots, const ingest::InputFiles& input, const fs::path& db_path,
                       const annotate::Annotator& annotator,
                       const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options);

// A part of a sharded index indexed on its own would take every thread, not its share: the
// other shards' threads would be in the index twice (and `local` holds no threads at all).
void refuse_sharded_part(const fs::path& db_path) {
    if (auto part = part_of_sharded_index(db_path))
        throw Error(ExitCode::no_database,
                    db_path.string() + ": " + part->what + " of the sharded index " + part->index.string() +
                        ", not an index of its own",
                    "index into the whole index, which sends each thread to its shard: medqa index --db " +
                        part->index.string() + " [PATH...]");
}

// index_paths without naming_write_errors.
IndexReport update_at(const std::vector<fs::path>& roots, const fs::path& db_path,
                      const annotate::Annotator& annotator,
                      const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options) {
    auto input = collect_inputs(roots, db_path, options);
    const auto& files = input.files;
    const unsigned existing = shard_count(db_path), wanted = wanted_shards(existing, options);
    // Another number of shards moves every thread: a rebuild. A first build is a rebuild of
    // nothing: it can use every core.
    if ((existing != 0 && existing != wanted) || (existing == 0 && (wanted > 1 || worth_parallel(files, options))))
        return rebuild_at(roots, input, db_path, annotator, on_problem, options);  // the files as collected
    auto db = take_lock(db_path, wanted, options);
    remove_leftovers(db_path);
    const IndexOptions run = report_unreadable_folders(input, on_problem, options);
    std::string lexicons_changed = tell_lexicon_change(db, annotator, run);
    IndexReport report = wanted > 1 ? update_sharded(db, roots, files, db_path, annotator, on_problem, run)
                                    : update_index(db, roots, files, annotator, on_problem, run);
    report.unreadable_folders = input.unreadable_folders.size();
    report.lexicons_changed = std::move(lexicons_changed);
    return report;
}

// rebuild_index without naming_write_errors, from the files collected under `roots`.
IndexReport rebuild_at(const std::vector<fs::path>& roots, const ingest::InputFiles& input, const fs::path& db_path,
                       const annotate::Annotator& annotator,
                       const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options) {
    const auto& files = input.files;
    const unsigned existing = shard_count(db_path), wanted = wanted_shards(existing, options);
    // The old index's write lock is held for the whole build: a second writer is refused.
    auto old = take_lock(db_path, existing, options);
    const bool had_threads = existing > 1 || old.get_doccount() > 0;
    remove_leftovers(db_path);
    const fs::path fresh = db_path.string() + ".rebuild";
    // A fresh index cannot keep what it cannot read: the folder is reported (exit 3).
    const IndexOptions run = report_unreadable_folders(input, on_problem, options);
    std::string lexicons_changed = tell_lexicon_change(old, annotator, run);
    IndexReport report = wanted > 1 ? build_sharded(roots, files, fresh, wanted, annotator, on_problem, run)
                                    : build_fresh(roots, files, fresh, annotator, on_problem, run);
    report.unreadable_folders = input.unreadable_folders.size();
    report.lexicons_changed = std::move(lexicons_changed);
    // An interrupted rebuild leaves the old index; an interrupted first build keeps what it did
    // (the next run finishes it).
    if (report.interrupted && had_threads) {
        fs::remove_all(fresh);
        report.abandoned = true;
        // Nothing changed in the index: a script reading "added" must not count what was thrown
        // away. (threads and answers stay: they are what was read.)
        report.added = report.updated = report.removed = report.unchanged = 0;
        return report;
    }
    old.close();  // and the held lock (the same database), if any
    replace_database(fresh, db_path);
    // The new index's lock, for the caller that holds it: another writer that opened it in the
    // milliseconds since the swap is met here (exit 5) rather than later.
    if (options.held_lock) *options.held_lock = lock_index(db_path, wanted);
    return report;
}

}  // namespace

IndexReport index_paths(const std::vector<fs::path>& roots, const fs::path& db_path,
                        const annotate::Annotator& annotator,
                        const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options) {
    refuse_sharded_part(db_path);
    return naming_write_errors(db_path, [&] { return update_at(roots, db_path, annotator, on_problem, options); });
}

IndexReport rebuild_index(const std::vector<fs::path>& roots, const fs::path& db_path,
                          const annotate::Annotator& annotator,
                          const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options) {
    refuse_sharded_part(db_path);
    return naming_write_errors(db_path, [&] {
        return rebuild_at(roots, collect_inputs(roots, db_path, options), db_path, annotator, on_problem, options);
    });
}

}  // namespace medqa
