#pragma once
// --db and --remote-timeout, for the commands that read an index.

#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "index/database.hpp"

namespace medqa::cli {

struct DatabaseOptions {
    std::string db;
    unsigned remote_timeout_ms = static_cast<unsigned>(kDefaultRemoteTimeout.count());

    std::filesystem::path path() const { return database_path(db); }
    ShardOptions shards() const { return {.remote_timeout = std::chrono::milliseconds(remote_timeout_ms)}; }
};

void add_database_options(CLI::App& cmd, DatabaseOptions& options);

// The index to read, with a note when --db names one part of a sharded index: Xapian opens a
// shard alone (its threads only) or `local` (no threads) without a word.
std::filesystem::path index_to_read(const DatabaseOptions& options);

}  // namespace medqa::cli
