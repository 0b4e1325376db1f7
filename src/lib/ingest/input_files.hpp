#pragma once
// Which files `medqa index PATH...` reads and how: directories are walked recursively for
// *.txt (the plain thread layout), *.jsonl, *.json (medqa threads, or the flat doctor-QA
// records, told apart by their content) and *.xml (MedQuAD); named files must have one of
// those extensions. Files are read in sorted order so that runs are reproducible.

#include <filesystem>
#include <vector>

#include "ingest/problem.hpp"

namespace medqa::ingest {

// Throws Error(bad_input) for a path that does not exist or a named file of unknown type.
std::vector<std::filesystem::path> collect_input_files(const std::vector<std::filesystem::path>& roots);

bool is_input_file(const std::filesystem::path& file);

// Reads one file in the format its extension names, reporting threads and problems to the sink.
void read_threads(const std::filesystem::path& file, const ThreadSink& sink);

}  // namespace medqa::ingest
