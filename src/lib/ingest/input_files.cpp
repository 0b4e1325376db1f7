#include "ingest/input_files.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <sys/stat.h>

#include "core/error.hpp"
#include "ingest/json_reader.hpp"
#include "ingest/medquad_reader.hpp"
#include "ingest/text_thread_reader.hpp"
#include "core/text.hpp"

namespace medqa::ingest {
namespace fs = std::filesystem;
namespace {

// A file's extension in lower case: archives made on Windows or by scrapers name files
// THREAD.TXT or dump.JSONL.
std::string extension_of(const fs::path& file) { return text::lower(file.extension().string()); }

// The format a file's extension names, in any case; automatic when it names none.
InputFormat format_of(const fs::path& file) {
    const std::string ext = extension_of(file);
    if (ext == ".txt") return InputFormat::text;
    if (ext == ".jsonl") return InputFormat::jsonl;
    if (ext == ".json") return InputFormat::json;
    if (ext == ".xml") return InputFormat::medquad;
    return InputFormat::automatic;
}

// An archive's own documentation beside its threads (MedQuAD ships readme.txt and LICENSE.txt),
// which the plain thread layout reads as a thread of paragraphs. Only .txt files (JSON and XML
// are no prose), and in folders only: a file named on the command line is read.
bool is_documentation(const fs::path& file) {
    static constexpr std::array<std::string_view, 5> kNames{"readme", "license", "licence", "copying", "changelog"};
    return extension_of(file) == ".txt" && text::in(kNames, text::lower(file.stem().string()));
}

}  // namespace

const std::map<std::string, InputFormat>& input_format_names() {
    static const std::map<std::string, InputFormat> names{
        {"auto", InputFormat::automatic}, {"text", InputFormat::text},           {"jsonl", InputFormat::jsonl},
        {"json", InputFormat::json},      {"doctor-qa", InputFormat::doctor_qa}, {"medquad", InputFormat::medquad}};
    return names;
}

bool is_input_file(const fs::path& file) { return format_of(file) != InputFormat::automatic; }

InputFiles collect_input_files(const std::vector<fs::path>& roots, InputFormat format, const IsGone& is_gone) {
    InputFiles found;
    auto& files = found.files;
    // Whether a folder can be listed; one that cannot is reported. The walk below skips the
    // folders it may not open (skip_permission_denied) without a word, and would otherwise stop
    // at the first: each is tried here first.
    auto listable = [&found](const fs::path& dir) {
        std::error_code ec;
        fs::directory_iterator probe(dir, ec);
        if (!ec) return true;
        found.unreadable_folders.push_back({dir.string(), "cannot be read: " + ec.message()});
        return false;
    };
    for (const auto& root : roots) {
        std::error_code ec;
        auto status = fs::status(root, ec);
        const bool missing = ec == std::errc::no_such_file_or_directory || (!ec && !fs::exists(status));
        if (missing && is_gone && is_gone(root)) continue;  // the run removes what it held
        if (ec || !fs::exists(status))  // a missing path, or one that cannot be resolved (a link loop)
            throw Error(ExitCode::usage,
                        root.string() + ": " +
                            (ec && ec != std::errc::no_such_file_or_directory ? ec.message()
                                                                              : "no such file or directory"),
                        is_gone ? "and the index holds no threads from it (a path deleted since it was indexed is "
                                  "taken for gone); medqa index takes files and folders of threads, without any data/"
                                : "medqa index takes files and folders of threads; without any it reads data/");
        if (fs::is_directory(status)) {
            if (!listable(root)) continue;
            for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
                 it != fs::recursive_directory_iterator(); ++it) {
                // The non-throwing checks: an entry whose status cannot be read (a symbolic link
                // loop, a dangling link) is neither; one with an input extension is still
                // collected, and reading it reports why it cannot be read.
                std::error_code entry_ec;
                bool directory = it->is_directory(entry_ec);
                // Hidden folders (.git, editors' swap folders) are never thread archives.
                if (directory && it->path().filename().string().starts_with(".")) {
                    it.disable_recursion_pending();
                    continue;
                }
                // A link to a folder is not followed, so it is not listed either.
                if (directory && !it->is_symlink(entry_ec) && !listable(it->path())) {
                    it.disable_recursion_pending();
                    continue;
                }
                if (!directory && is_input_file(it->path()) && !is_documentation(it->path())) files.push_back(it->path());
            }
        } else if (format != InputFormat::automatic || is_input_file(root)) {
            files.push_back(root);
        } else {
            throw Error(ExitCode::usage,
                        root.string() + ": unknown file type '" + root.extension().string() + "'",
                        "medqa reads .txt (plain thread layout), .jsonl (one thread per line), .json and MedQuAD "
                        ".xml files; --input-format names the format of a file called otherwise");
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    // One file under two names (symbolic links, hard links, a folder given twice by another
    // path) is read once, under its first name: twice, its threads would count twice.
    std::set<std::pair<dev_t, ino_t>> seen;
    std::erase_if(files, [&seen](const fs::path& file) {
        struct stat st {};
        return ::stat(file.c_str(), &st) == 0 && !seen.insert({st.st_dev, st.st_ino}).second;
    });
    return found;
}

bool names_threads_by_file(const fs::path& file, InputFormat format) {
    return (format == InputFormat::automatic ? format_of(file) : format) == InputFormat::text;
}

void read_threads(const fs::path& file, const ThreadSink& sink, InputFormat format) {
    std::ifstream in(file, std::ios::binary);
    const std::string path = file.string();
    if (!in) {
        sink.on_problem({path, "cannot be read: " + std::string(std::strerror(errno))});
        return;
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {  // e.g. EISDIR, EIO: what was read so far is not the file
        sink.on_problem({path, "cannot be read: " + std::string(std::strerror(errno))});
        return;
    }
    read_threads_from(content.view(), path, sink, format);
}

void read_threads_from(std::string_view content, const std::string& path, const ThreadSink& sink,
                       InputFormat format) {
    const bool forced = format != InputFormat::automatic;
    if (!forced) format = format_of(path);
    content = text::without_byte_order_mark(content);
    if (text::trim(content).empty()) {
        sink.on_problem({path, "the file is empty: there is nothing to index"});
        return;
    }
    // A NUL byte near the start means the file is not text at all (an image or archive misnamed),
    // whatever its format: JSON Lines too, where a JSON parser would call each line of it "not
    // valid JSON". Further into JSON Lines it is damage to some lines (a crash that left NUL
    // padding after the last good line): those lines are reported, the good ones indexed.
    constexpr size_t kBinarySniffBytes = 8192;
    if (size_t nul = content.find('\0');
        nul != std::string_view::npos && (format != InputFormat::jsonl || nul < kBinarySniffBytes)) {
        sink.on_problem({path, "a binary file, not text (a NUL byte at byte " + std::to_string(nul) +
                                   "): medqa reads UTF-8 text"});
        return;
    }
    switch (format) {
        case InputFormat::jsonl: return read_jsonl(content, path, sink);
        case InputFormat::json:
            return read_json_document(content, path, sink, forced ? JsonKind::threads : JsonKind::detect);
        case InputFormat::doctor_qa: return read_json_document(content, path, sink, JsonKind::doctor_qa);
        case InputFormat::medquad: return read_medquad(content, path, sink);
        case InputFormat::text:
            try {
                sink.on_thread(parse_text_thread(content, path));
            } catch (const RecordError& e) {
                sink.on_problem({e.where.empty() ? path + ":1" : e.where, e.what()});
            }
            return;
        case InputFormat::automatic:
            sink.on_problem({path, "unknown file type: name it .txt, .jsonl, .json or .xml, or give --input-format"});
            return;
    }
}

}  // namespace medqa::ingest
