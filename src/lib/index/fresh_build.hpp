#pragma once
// A fresh index, for --rebuild and a large first build, where nothing has to be compared with
// an existing index. Built on every core when worth it: the files are dealt into groups of
// about equal size, each group is indexed into a database of its own by a child process (fork:
// the annotator's stemmers are not thread-safe; processes share nothing). The part or parts are
// then merged by Xapian's compaction, which also packs the tables full: half the size on disk of
// an index built by updates (doctor-QA: 23 MB -> 12 MB).

#include <filesystem>
#include <functional>
#include <vector>

#include "annotate/annotator.hpp"
#include "index/index_run.hpp"
#include "ingest/problem.hpp"

namespace medqa {

// Below this much input a second process and the merge cost more than they save.
inline constexpr uint64_t kParallelMinBytes = 8 << 20;

// Whether build_fresh should build these files on several processes (IndexOptions::workers, the input size
// and the number of cores).
bool worth_parallel(const std::vector<std::filesystem::path>& files, const IndexOptions& options);

// Builds the files into a new, compacted database at `target` (which must not exist). Problems are
// reported as the children meet them; a thread id found in two groups is reported like any
// duplicate, and the copy a one-process build keeps stays: the one read first (`files` in
// order, then by line). Throws the first child's Error (e.g.
// --strict) after removing what was built.
IndexReport build_fresh(const std::vector<std::filesystem::path>& roots,
                        const std::vector<std::filesystem::path>& files, const std::filesystem::path& target,
                        const annotate::Annotator& annotator,
                        const std::function<void(const ingest::Problem&)>& on_problem,
                        const IndexOptions& options);

}  // namespace medqa
