#pragma once
// Opening a medqa database, with errors a user can act on: a missing database says how to
// build one, a locked one says who holds it, one of another schema version says to rebuild.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/error.hpp"
#include "index/stub_file.hpp"

namespace medqa {

// --db, else $MEDQA_DB, else "index".
std::filesystem::path database_path(const std::string& from_command_line = {});

// How to open the shards a stub file lists (a sharded index, sharded_index.hpp).
struct ShardOptions {
    std::chrono::milliseconds remote_timeout = kDefaultRemoteTimeout;  // each remote call
    bool allow_partial = false;  // search the shards that answer (Searcher), rather than fail
};

// A plain database, or every database its stub file lists but those in `leave_out` (stub
// lines). A shard that cannot be opened throws Error(shard_unavailable) naming it.
Xapian::Database open_for_reading(const std::filesystem::path& path, const ShardOptions& options = {},
                                  const std::vector<std::string>& leave_out = {});

// Whether the stub of the index at `path` (if it has one) lists a remote database.
bool has_remote_shards(const std::filesystem::path& path);

struct ShardFailure {
    StubEntry shard;
    std::string reason;  // Xapian's message
};

// The remote shards of the index at `path` that do not answer now within the timeout: asked
// after a read failed with Xapian::NetworkError, which does not say which shard it came from.
std::vector<ShardFailure> unreachable_shards(const std::filesystem::path& path, const ShardOptions& options);

// The error for a read that failed with `cause` because these shards did not answer.
Error shard_error(const std::filesystem::path& path, const std::vector<ShardFailure>& failed,
                  const Xapian::Error& cause);

// Runs a read of the index; a remote shard that fails during it is named in the Error.
template <typename Read>
auto naming_failed_shards(const std::filesystem::path& path, const ShardOptions& options, Read&& read) {
    try {
        return read();
    } catch (const Xapian::NetworkError& e) {
        throw shard_error(path, unreachable_shards(path, options), e);
    }
}
Xapian::WritableDatabase open_for_writing(const std::filesystem::path& path);

// The error for a write to the index at `path` that Xapian could not do (a full disk, an I/O
// error): Xapian's message and its cause, with the path, and a hint (on ENOSPC: is the disk
// full?). Exit code 1; 4 when the folder may not be written (EACCES, EPERM, EROFS), as no
// later run can finish the work either.
Error write_error(const std::filesystem::path& path, const Xapian::Error& cause);

// Runs writes to the index at `path`; a Xapian::DatabaseError out of them becomes write_error,
// except those that say something else than "this write failed" (a damaged or foreign index, a
// lock, an overtaking commit): running again would not mend those, and their own handling and
// messages stand.
template <typename Write>
auto naming_write_errors(const std::filesystem::path& path, Write&& write) {
    try {
        return write();
    } catch (const Xapian::DatabaseOpeningError&) {  // also DatabaseVersionError, DatabaseNotFoundError
        throw;
    } catch (const Xapian::DatabaseCorruptError&) {
        throw;
    } catch (const Xapian::DatabaseLockError&) {
        throw;
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;
    } catch (const Xapian::DatabaseError& e) {
        throw write_error(path, e);
    }
}

// Puts the database folder `fresh` in the place of `target` in one atomic step (Linux's
// renameat2 RENAME_EXCHANGE), then deletes the old one. Readers that have the old one open
// keep reading it; those that open `target` afterwards get the new one.
void replace_database(const std::filesystem::path& fresh, const std::filesystem::path& target);

// Runs a read that a writer may overtake: Xapian throws DatabaseModifiedError when a commit
// has overwritten the revision a reader was reading. `attempt` opens the database itself, so
// each retry sees the newest commit.
template <typename Attempt>
auto retry_if_modified(Attempt&& attempt) {
    constexpr int kAttempts = 5;  // each retry starts from a fresh revision; five overtakes in a row is no accident
    for (int i = 1;; ++i) {
        try {
            return attempt();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (i == kAttempts) throw;
        }
    }
}

}  // namespace medqa
