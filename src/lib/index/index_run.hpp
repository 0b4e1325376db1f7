#pragma once
// One `medqa index` run: bring the index up to date with the input files. Files whose size and
// mtime match what the index recorded are skipped unopened; changed files are read, their
// threads added or replaced (unchanged threads, by content hash, are left alone) and the
// threads they no longer hold removed; the threads of files that have gone from the paths
// given are removed. A path named that no longer exists is one of those when the index read
// files from it (deleted since: its threads are removed); else it is a usage error. Bad records
// are reported and the good ones around them indexed; their file is recorded all the same (its
// threads go when it goes), keeps the threads it no longer gives, and is read again next run.
//
// Writes are committed in batches: a crash loses at most the batch in hand, and the next run
// finishes the work (a file is recorded as read only in the commit that holds all its threads).

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "annotate/annotator.hpp"
#include "ingest/input_files.hpp"
#include "ingest/problem.hpp"

namespace medqa {

// Threads an earlier run indexed from a file that this run read with bad records (or could not
// read): the file no longer gives them, and they are kept as they were, as a record that cannot
// be read is not a thread withdrawn. Fixing the file brings them up to date; deleting it
// removes them.
struct KeptThreads {
    std::string file;     // as its problems name it
    size_t threads = 0;   // kept
    std::string where;    // the file's first problem: "data/x.jsonl:3", or the file itself
    std::string reason;   // ... and why
    size_t problems = 0;  // the file's bad records, each reported
};

struct IndexReport {
    size_t files = 0;          // input files found
    size_t files_read = 0;     // of which opened (new or changed)
    size_t threads = 0;        // good threads in the input
    size_t answers = 0;        // answers of the good threads
    size_t added = 0, updated = 0, removed = 0, unchanged = 0;
    size_t rejected = 0;       // bad records, each reported through on_problem
    size_t unreadable_folders = 0;  // input folders that could not be listed, each reported too
    size_t skipped = 0;        // records left out on purpose (MedQuAD pairs without an answer)
    std::vector<KeptThreads> kept;  // by file, in the order read; not among `threads`
    bool interrupted = false;  // stopped early by IndexOptions::stop; what was done is committed
    bool abandoned = false;    // ... except an interrupted rebuild's: thrown away, the old index kept
    // What differs from the lexicons the index was annotated with (lexicon_record.hpp), when
    // they differ: every thread was annotated again. Empty when they are the same.
    std::string lexicons_changed;

    size_t kept_threads() const;  // of all files in `kept`
};

struct IndexProgress {
    size_t files_done = 0, files_total = 0;
    uint64_t bytes_done = 0, bytes_total = 0;  // of the files that are read
    size_t threads = 0;                        // threads seen so far
    std::chrono::duration<double> elapsed{};
};

// Threads per commit, measured by bench/batch-size (bench/README.md): 500 was as fast as any
// size and faster than larger batches, which hold more changes in memory (2,000 took twice the
// RSS, 10,000 three times and ran 30 % slower); 100 was 35 % slower.
inline constexpr size_t kDefaultBatchThreads = 500;

// Which threads a database takes: in a sharded index (sharded_index.hpp), those whose id
// hashes to shard `index` of `count`; by default all.
struct ShardRoute {
    unsigned index = 0, count = 1;
    bool takes(std::string_view thread_id) const;
    // Every shard reads every file; problems no thread id routes (a line that is no JSON, a
    // record without answers) are reported by the first shard only.
    bool reports_unrouted() const { return index == 0; }
};

struct IndexOptions {
    // Stop at the first bad record with an Error naming it, and leave the index exactly as it
    // was (the whole run is one transaction).
    bool strict = false;
    ingest::InputFormat format = ingest::InputFormat::automatic;  // --input-format
    size_t batch_threads = kDefaultBatchThreads;
    // Set (by a signal handler) to stop after the thread in hand: the batch is committed.
    const std::atomic<bool>* stop = nullptr;
    std::function<void(const IndexProgress&)> on_progress;  // after every thread and file
    // Told what differs (as IndexReport::lexicons_changed) before a run with other lexicons than
    // the index was annotated with annotates every thread again, which may take long.
    std::function<void(const std::string&)> on_lexicons_changed;
    // A fresh build (no index yet, or --rebuild) of at least kParallelMinBytes is split over up
    // to this many processes (see parallel_build.hpp); 1 builds in this process.
    unsigned workers = 0;  // 0: one per core
    // --shards: split the index into this many databases (sharded_index.hpp); another number
    // than the index has rebuilds it. 0: as the index is (a new one: 1, a plain database).
    unsigned shards = 0;
    // Set by sharded runs for each shard's database.
    ShardRoute route;
    // Set by index_paths and rebuild_index: folders under the paths that could not be listed
    // (ingest::InputFiles::unreadable_folders, reported once there). The threads indexed from
    // files under them are kept: a folder that cannot be read is not a folder emptied.
    std::vector<std::filesystem::path> unreadable_folders;
    // --watch: the index's write lock, held from one run to the next so that no other writer
    // gets in between (the second `medqa index` is refused with exit 5). When it holds a
    // database, index_paths and rebuild_index write through it instead of taking the lock;
    // when empty, they leave the lock they took in it, open. A rebuild swaps another database
    // in: the lock is then taken on it right after the swap.
    std::optional<Xapian::WritableDatabase>* held_lock = nullptr;
    // --watch, after the first pass: a path named that no longer exists is gone (the threads of
    // its files are removed), known to the index or not, rather than a usage error: the first
    // pass found it, and it may come back. Otherwise only a path the index's file ledger knows
    // is gone; any other missing path is a typo.
    bool missing_paths_gone = false;
};

// The paths an index run at db_path writes: the index folder and what is in it (the shards and
// the stub of a sharded index), and the builds beside it (DB.rebuild, DB.rebuild.part-N). For
// --watch, whose own writes are no change to its input (DirectoryWatcher's `ignore`). Symlinks
// and relative paths are resolved, the index's own path once, now.
std::function<bool(const std::filesystem::path&)> written_by_index_run(const std::filesystem::path& db_path);

// What index_paths and rebuild_index do once the files are collected: brings `db` up to date
// with these files (found under `roots`, which bound what counts as gone).
IndexReport update_index(Xapian::WritableDatabase db, const std::vector<std::filesystem::path>& roots,
                         const std::vector<std::filesystem::path>& files, const annotate::Annotator& annotator,
                         const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options);

IndexReport index_paths(const std::vector<std::filesystem::path>& roots, const std::filesystem::path& db_path,
                        const annotate::Annotator& annotator,
                        const std::function<void(const ingest::Problem&)>& on_problem,
                        const IndexOptions& options = {});

// Builds a fresh index from the paths beside the one at db_path (which stays locked and
// searchable meanwhile) and swaps it in atomically when done; a failed or interrupted build
// leaves the old index in place.
IndexReport rebuild_index(const std::vector<std::filesystem::path>& roots, const std::filesystem::path& db_path,
                          const annotate::Annotator& annotator,
                          const std::function<void(const ingest::Problem&)>& on_problem,
                          const IndexOptions& options = {});

}  // namespace medqa
