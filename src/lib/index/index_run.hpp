#pragma once
// One `medqa index` run: collect the input files, read them, annotate and write every good
// thread, report every bad record, commit once at the end.

#include <filesystem>
#include <functional>
#include <vector>

#include "annotate/annotator.hpp"
#include "ingest/input_files.hpp"
#include "ingest/problem.hpp"

namespace medqa {

struct IndexReport {
    size_t files = 0;
    size_t threads = 0;  // good threads read
    size_t answers = 0;  // answers of the good threads
    size_t added = 0, updated = 0, unchanged = 0;
    size_t rejected = 0;  // bad records, each reported through on_problem
    size_t skipped = 0;   // records left out on purpose (MedQuAD pairs without an answer)
};

IndexReport index_paths(const std::vector<std::filesystem::path>& roots, const std::filesystem::path& db_path,
                        const annotate::Annotator& annotator,
                        const std::function<void(const ingest::Problem&)>& on_problem,
                        ingest::InputFormat format = ingest::InputFormat::automatic);

}  // namespace medqa
