#pragma once
// Which files `medqa index PATH...` reads and how: directories are walked recursively for
// *.txt (the plain thread layout), *.jsonl, *.json (medqa threads, or the flat doctor-QA
// records, told apart by their content) and *.xml (MedQuAD), extensions in any case; named
// files must have one of those extensions unless a format is given. Files are read in sorted order so that runs are
// reproducible.

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/problem.hpp"

namespace medqa::ingest {

// How to read a file: `automatic` goes by the extension (and, for .json, by the content);
// the others force one reader whatever the file is called (`medqa index --input-format`).
enum class InputFormat { automatic, text, jsonl, json, doctor_qa, medquad };

// The names --input-format takes: "auto", "text", "jsonl", "json", "doctor-qa", "medquad".
const std::map<std::string, InputFormat>& input_format_names();

struct InputFiles {
    std::vector<std::filesystem::path> files;  // sorted, each once
    // Folders among or under the paths that could not be listed (permissions, I/O errors):
    // each as a Problem ("in/locked", "cannot be read: Permission denied"). What they hold is
    // unknown, so it is neither read nor taken for gone.
    std::vector<Problem> unreadable_folders;
};

// Whether a path that does not exist is gone rather than mistyped: the index read files from it
// (index_run.cpp asks the index's file ledger). A gone path holds no files now.
using IsGone = std::function<bool(const std::filesystem::path&)>;

// Throws Error(usage) for a path that does not exist (unless `is_gone` says it is gone) or,
// with the automatic format, a named file of unknown type. A forced format reads named files
// whatever their extension; folders are still walked for the extensions above.
InputFiles collect_input_files(const std::vector<std::filesystem::path>& roots,
                               InputFormat format = InputFormat::automatic, const IsGone& is_gone = {});

bool is_input_file(const std::filesystem::path& file);

// Whether `file`, read in `format`, names its threads by its file name: the plain text layout,
// whose thread id is the name without its extension. A duplicate id is then fixed by renaming
// a file; elsewhere by the "id" the record gives.
bool names_threads_by_file(const std::filesystem::path& file, InputFormat format = InputFormat::automatic);

// Reads one file, reporting threads and problems to the sink; a file that cannot be opened
// is a problem too.
void read_threads(const std::filesystem::path& file, const ThreadSink& sink,
                  InputFormat format = InputFormat::automatic);

// The same for content already in memory; `path` names it in problems and gives the thread
// ids and sources the readers derive from the file name (and, with the automatic format, the
// extension). The fuzz targets call this.
void read_threads_from(std::string_view content, const std::string& path, const ThreadSink& sink,
                       InputFormat format = InputFormat::automatic);

}  // namespace medqa::ingest
