#pragma once
// Index builds spread over processes: each job indexes its files into a database of its own in
// a child process (fork: the annotator's stemmers are not thread-safe; processes share
// nothing), telling the parent its progress and report through a pipe. Used by fresh builds
// (parts merged afterwards) and sharded builds (one job per shard, kept as they are).

#include <filesystem>
#include <functional>
#include <vector>

#include "annotate/annotator.hpp"
#include "index/index_run.hpp"
#include "ingest/problem.hpp"

namespace medqa {

struct WorkerJob {
    std::vector<std::filesystem::path> files;
    std::filesystem::path database;  // created or updated by the job
    ShardRoute route;                // the threads this database takes
};

// IndexOptions::workers, or one per core.
unsigned worker_count(const IndexOptions& options);

// Runs every job at once, each in a child process; returns their reports in job order. Ctrl-C
// (options.stop) is passed on to the children; throws the first child's Error.
std::vector<IndexReport> build_on_workers(const std::vector<std::filesystem::path>& roots,
                                          const std::vector<WorkerJob>& jobs, const annotate::Annotator& annotator,
                                          const std::function<void(const ingest::Problem&)>& on_problem,
                                          const IndexOptions& options);

// Adds up two reports of disjoint work (shards of one run too: the threads a file keeps in each
// are added up under that file).
IndexReport& operator+=(IndexReport& sum, const IndexReport& r);

}  // namespace medqa
