#include "ingest/input_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "ingest/json_reader.hpp"
#include "ingest/medquad_reader.hpp"
#include "ingest/text_thread_reader.hpp"

namespace medqa::ingest {
namespace fs = std::filesystem;

bool is_input_file(const fs::path& file) {
    auto ext = file.extension();
    return ext == ".txt" || ext == ".jsonl" || ext == ".json" || ext == ".xml";
}

std::vector<fs::path> collect_input_files(const std::vector<fs::path>& roots) {
    std::vector<fs::path> files;
    for (const auto& root : roots) {
        std::error_code ec;
        auto status = fs::status(root, ec);
        if (ec || !fs::exists(status))
            throw Error(ExitCode::usage, root.string() + ": no such file or directory",
                        "medqa index takes files and folders of threads; without any it reads data/");
        if (fs::is_directory(status)) {
            for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
                 it != fs::recursive_directory_iterator(); ++it) {
                // Hidden folders (.git, editors' swap folders) are never thread archives.
                if (it->is_directory() && it->path().filename().string().starts_with(".")) {
                    it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file() && is_input_file(it->path())) files.push_back(it->path());
            }
        } else if (is_input_file(root)) {
            files.push_back(root);
        } else {
            throw Error(ExitCode::usage,
                        root.string() + ": unknown file type '" + root.extension().string() + "'",
                        "medqa reads .txt (plain thread layout), .jsonl (one thread per line), .json and MedQuAD .xml files");
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

void read_threads(const fs::path& file, const ThreadSink& sink) {
    std::ifstream in(file, std::ios::binary);
    const std::string path = file.string();
    if (!in) {
        sink.on_problem({path, "cannot be read: " + std::string(std::strerror(errno))});
        return;
    }
    if (file.extension() == ".jsonl") return read_jsonl(in, path, sink);
    if (file.extension() == ".json") return read_json_document(in, path, sink);
    if (file.extension() == ".xml") return read_medquad(in, path, sink);
    std::ostringstream content;
    content << in.rdbuf();
    try {
        sink.on_thread(parse_text_thread(content.str(), path));
    } catch (const RecordError& e) {
        sink.on_problem({path + ":1", e.what()});
    }
}

}  // namespace medqa::ingest
