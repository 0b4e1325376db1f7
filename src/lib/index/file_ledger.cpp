#include "index/file_ledger.hpp"

#include <nlohmann/json.hpp>

#include "core/hash.hpp"

namespace medqa {
namespace fs = std::filesystem;

namespace {

// Metadata keys: this prefix and the file key.
constexpr std::string_view kLedgerPrefix = "medqa.file.";

std::string metadata_key(const std::string& key) { return std::string(kLedgerPrefix) + key; }

FileRecord decode(const std::string& data) {
    auto j = nlohmann::json::parse(data);
    FileRecord record;
    record.path = j.at("path").get<std::string>();
    // Kept only when it differs from the path (a symbolic link); records written before names
    // were kept have none.
    record.name = j.value("name", record.path);
    record.size = j.at("size").get<uint64_t>();
    record.mtime_ns = j.at("mtime_ns").get<int64_t>();
    record.lexicons = j.at("lexicons").get<std::string>();
    record.threads = j.at("threads").get<size_t>();
    record.answers = j.at("answers").get<size_t>();
    // Absent from the records of indexes made before files with bad records were recorded:
    // none of those was.
    record.rejected = j.value("rejected", size_t{0});
    return record;
}

}  // namespace

std::string ledger_path(const fs::path& file) {
    std::error_code ec;
    auto path = fs::weakly_canonical(fs::absolute(file), ec);
    // A symbolic link loop cannot be resolved: the file is named as given.
    return ec ? fs::absolute(file).lexically_normal().string() : path.string();
}

std::string named_path(const fs::path& file) {
    std::string path = fs::absolute(file).lexically_normal().string();
    if (path.size() > 1 && path.ends_with('/')) path.pop_back();
    return path;
}

std::string file_key(const std::string& path) { return hash_hex(path); }

FileRecord examine_file(const fs::path& file) {
    FileRecord record;
    record.path = ledger_path(file);
    record.name = named_path(file);
    record.size = fs::file_size(file);
    record.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(fs::last_write_time(file).time_since_epoch())
                          .count();
    return record;
}

bool same_file_on_disk(const FileRecord& recorded, const FileRecord& current) {
    return recorded.path == current.path && recorded.size == current.size && recorded.mtime_ns == current.mtime_ns;
}

bool same_file_state(const FileRecord& recorded, const FileRecord& current, const std::string& reading) {
    return recorded.rejected == 0 && same_file_on_disk(recorded, current) && recorded.lexicons == reading;
}

std::optional<FileRecord> find_file_record(const Xapian::Database& db, const std::string& key) {
    std::string data = db.get_metadata(metadata_key(key));
    if (data.empty()) return std::nullopt;
    return decode(data);
}

void put_file_record(Xapian::WritableDatabase& db, const FileRecord& record) {
    nlohmann::json j{{"path", record.path},         {"size", record.size},       {"mtime_ns", record.mtime_ns},
                     {"lexicons", record.lexicons}, {"threads", record.threads}, {"answers", record.answers}};
    if (record.name != record.path) j["name"] = record.name;
    if (record.rejected > 0) j["rejected"] = record.rejected;
    db.set_metadata(metadata_key(file_key(record.path)), j.dump());
}

void erase_file_record(Xapian::WritableDatabase& db, const std::string& key) {
    db.set_metadata(metadata_key(key), "");  // Xapian: an empty value deletes the entry
}

std::vector<FileRecord> all_file_records(const Xapian::Database& db) {
    std::vector<FileRecord> records;
    const std::string prefix(kLedgerPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
        records.push_back(decode(db.get_metadata(*it)));
    return records;
}

}  // namespace medqa
