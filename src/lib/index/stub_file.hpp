#pragma once
// Xapian stub database files: one database per line, `auto PATH` (relative to the stub's
// folder), `remote HOST:PORT` (xapian-tcpsrv) or `remote :PROGRAM ARGS` (e.g. `remote :ssh
// HOST xapian-progsrv PATH`); '#' starts a comment. medqa reads them itself rather than let
// Xapian open them, for what Xapian 1.4's stubs cannot say: a timeout for remote calls, and
// which shard it was that failed.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

namespace medqa {

// Xapian's own default for remote databases.
inline constexpr std::chrono::milliseconds kDefaultRemoteTimeout{10000};

struct StubEntry {
    std::string line;  // as written: how messages name the shard
    unsigned line_no = 0;
    bool remote = false;
};

// The stub file of an index path: the path itself if it is a file, PATH/XAPIANDB for a stub
// folder; empty when the path is neither (a plain database, or nothing).
std::filesystem::path stub_file_of(const std::filesystem::path& index);

// Throws Error(no_database) naming the line that Xapian would not understand either.
std::vector<StubEntry> read_stub(const std::filesystem::path& stub_file);

// Opens one line's database; remote calls (the connection too) give up after `timeout`.
Xapian::Database open_stub_entry(const StubEntry& entry, const std::filesystem::path& stub_file,
                                 std::chrono::milliseconds timeout);

// Writes the file whole or not at all (a reader never sees half a stub).
void write_stub(const std::filesystem::path& stub_file, const std::string& comment,
                const std::vector<std::string>& lines);

}  // namespace medqa
