#pragma once
// What the index knows about each input file it has read: its path, size and modification
// time when it was read, the lexicons that annotated it and how many threads it held. Kept in
// the database's metadata (one key per file), so it is committed atomically with the documents.
// An incremental run skips a file whose size, mtime and lexicons are unchanged without opening
// it, and removes the threads of files that have gone. A file read with bad records is recorded
// too (its good threads go when it goes), and read again by every run until it is fixed.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

namespace medqa {

struct FileRecord {
    std::string path;   // absolute, normalised, symbolic links resolved (ledger_path)
    // The name the file was found by: absolute, its symbolic links left as they are (named_path).
    // A file reached through a link (named on the command line, in a folder given, or a folder
    // given that is one) is known by it after the link is gone: the file is gone from there too.
    std::string name;
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    std::string lexicons;  // how it was read: the lexicons' fingerprint and the input format
    size_t threads = 0;
    size_t answers = 0;
    // Bad records met when it was read (reported then): such a file is never taken for
    // unchanged, so each run reads it again and reports them again, until it is fixed.
    size_t rejected = 0;

    bool operator==(const FileRecord&) const = default;
};

// The file as it is on disk now (path normalised, name as found; size and mtime read), lexicons
// left empty.
// Throws std::filesystem::filesystem_error when it cannot be examined.
FileRecord examine_file(const std::filesystem::path& file);

// The normalised form the ledger keys paths by: absolute, symlinks resolved where they can be.
std::string ledger_path(const std::filesystem::path& file);

// The path as named: absolute and lexically normal, symbolic links not resolved, without a
// trailing separator. What FileRecord::name holds; a link deleted since still has it.
std::string named_path(const std::filesystem::path& file);

// The short key naming a file in terms and value slots (schema::kFilePrefix, kFileSlot).
std::string file_key(const std::string& ledger_path);

// True when `current` (from examine_file) is the file `recorded` was read from, as it was then:
// the same path, size and mtime.
bool same_file_on_disk(const FileRecord& recorded, const FileRecord& current);

// True when `current` is the same file content as `recorded` was read from (same_file_on_disk),
// read the same way (`reading`, as recorded in FileRecord::lexicons), and was read without a bad
// record: a run need not read it again.
bool same_file_state(const FileRecord& recorded, const FileRecord& current, const std::string& reading);

std::optional<FileRecord> find_file_record(const Xapian::Database& db, const std::string& key);
void put_file_record(Xapian::WritableDatabase& db, const FileRecord& record);
void erase_file_record(Xapian::WritableDatabase& db, const std::string& key);
std::vector<FileRecord> all_file_records(const Xapian::Database& db);

}  // namespace medqa
