#include "index/database.hpp"

#include <algorithm>
#include <cstdio>  // renameat2, RENAME_EXCHANGE
#include <cstdlib>
#include <cerrno>
#include <cstring>

#include <fcntl.h>  // AT_FDCWD
#include <unistd.h>

#include "core/error.hpp"
#include "core/schema.hpp"

namespace medqa {
namespace fs = std::filesystem;

fs::path database_path(const std::string& from_command_line) {
    if (!from_command_line.empty()) return from_command_line;
    if (const char* env = std::getenv("MEDQA_DB"); env && *env) return env;
    return "index";
}

namespace {

void check_schema(const Xapian::Database& db, const fs::path& path) {
    std::string version = db.get_metadata(std::string(schema::kSchemaVersionKey));
    if (db.get_doccount() > 0 && version != schema::kSchemaVersion)
        throw Error(ExitCode::no_database,
                    path.string() + ": database schema " + (version.empty() ? "unknown" : version) +
                        ", this medqa reads schema " + std::string(schema::kSchemaVersion),
                    "rebuild it: remove the folder and run medqa index --db " + path.string());
}

std::string shard_name(const StubEntry& entry, const fs::path& stub) {
    return "shard \"" + entry.line + "\" (" + stub.string() + ":" + std::to_string(entry.line_no) + ")";
}

Error unavailable(const std::string& what) {
    return Error(ExitCode::shard_unavailable, what,
                 "start its server (scripts/serve-shard.sh) or raise --remote-timeout");
}

// Every database the stub lists, each error naming its shard.
Xapian::Database open_stub(const fs::path& stub, const ShardOptions& options,
                           const std::vector<std::string>& leave_out) {
    Xapian::Database all;
    for (const auto& entry : read_stub(stub)) {
        if (std::find(leave_out.begin(), leave_out.end(), entry.line) != leave_out.end()) continue;
        try {
            all.add_database(open_stub_entry(entry, stub, options.remote_timeout));
        } catch (const Xapian::NetworkError& e) {
            throw unavailable(shard_name(entry, stub) + " cannot be reached: " + e.get_msg());
        } catch (const Xapian::DatabaseError& e) {
            throw Error(ExitCode::no_database, shard_name(entry, stub) + " cannot be opened: " + e.get_msg(),
                        "each line of the stub must name a database medqa index built");
        }
    }
    return all;
}

}  // namespace

Xapian::Database open_for_reading(const fs::path& path, const ShardOptions& options,
                                  const std::vector<std::string>& leave_out) {
    try {
        const fs::path stub = stub_file_of(path);
        Xapian::Database db = stub.empty() ? Xapian::Database(path.string()) : open_stub(stub, options, leave_out);
        check_schema(db, path);
        return db;
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ExitCode::no_database, path.string() + ": no medqa index here",
                    "build one with: medqa index --db " + path.string() + " [PATH...]");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw Error(ExitCode::no_database, path.string() + ": cannot open the index: " + e.get_msg(),
                    "--db must name a folder built by medqa index (or a Xapian stub file)");
    }
}

bool has_remote_shards(const fs::path& path) {
    const fs::path stub = stub_file_of(path);
    if (stub.empty()) return false;
    auto entries = read_stub(stub);
    return std::any_of(entries.begin(), entries.end(), [](const StubEntry& e) { return e.remote; });
}

std::vector<ShardFailure> unreachable_shards(const fs::path& path, const ShardOptions& options) {
    std::vector<ShardFailure> failed;
    const fs::path stub = stub_file_of(path);
    if (stub.empty()) return failed;
    for (const auto& entry : read_stub(stub)) {
        if (!entry.remote) continue;
        try {
            open_stub_entry(entry, stub, options.remote_timeout).get_doccount();
        } catch (const Xapian::Error& e) {
            failed.push_back({entry, e.get_msg()});
        }
    }
    return failed;
}

Error shard_error(const fs::path& path, const std::vector<ShardFailure>& failed, const Xapian::Error& cause) {
    if (failed.empty())  // it answers again: a passing failure, reported as it came
        return unavailable(path.string() + ": a remote shard failed: " + cause.get_description());
    std::string what;
    for (const auto& f : failed)
        what += (what.empty() ? "" : "; ") + shard_name(f.shard, stub_file_of(path)) + " did not answer: " + f.reason;
    return unavailable(what);
}

Xapian::WritableDatabase open_for_writing(const fs::path& path) {
    if (fs::is_regular_file(path))
        throw Error(ExitCode::no_database, path.string() + ": is a file, not an index folder",
                    "choose a folder with --db (it is created if missing)");
    // Xapian would create a database among whatever files a mistyped --db folder holds. Hidden
    // files do not count: the default folder, index/, holds the .gitignore that keeps its
    // contents out of the repository. A folder whose visible files are all a glass database's
    // own is a creation killed before Xapian wrote "iamglass" (its last step): "flintlock" and
    // empty tables, nothing committed. It is made again.
    bool visible = false, only_glass_files = true;
    {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(path, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.starts_with(".")) continue;
            visible = true;
            only_glass_files = only_glass_files && (name == "flintlock" || name.find(".glass") != std::string::npos);
        }
    }
    int create = Xapian::DB_CREATE_OR_OPEN;
    if (fs::is_directory(path) && visible) {
        try {
            Xapian::Database probe(path.string());
        } catch (const Xapian::DatabaseNotFoundError&) {
            if (!only_glass_files)
                throw Error(ExitCode::no_database, path.string() + ": not a medqa index, and not empty",
                            "--db takes a folder made by medqa index, or a new or empty one");
            create = Xapian::DB_CREATE_OR_OVERWRITE;
        } catch (const Xapian::DatabaseError& e) {  // a table missing or unreadable
            throw Error(ExitCode::no_database, path.string() + ": the index is damaged: " + e.get_msg(),
                        "rebuild it: remove the folder (or choose another --db) and run medqa index again");
        }
    }
    try {
        Xapian::WritableDatabase db(path.string(), create);
        check_schema(db, path);
        if (db.get_metadata(std::string(schema::kSchemaVersionKey)).empty())
            db.set_metadata(std::string(schema::kSchemaVersionKey), std::string(schema::kSchemaVersion));
        return db;
    } catch (const Xapian::DatabaseLockError& e) {
        // Xapian reports a folder it may not write to as a lock it cannot take.
        if (access(path.c_str(), W_OK) != 0)
            throw Error(ExitCode::no_database, path.string() + ": the index folder is not writable",
                        "index into a folder you may write to, with --db");
        throw Error(ExitCode::locked, path.string() + ": the index is being updated by another process",
                    "wait for the other `medqa index` to finish, then run again");
    } catch (const Xapian::DatabaseError& e) {  // opening, creating, corrupt, version
        // Xapian keeps the reason (errno) apart from its message ("mkdir failed").
        std::string what = path.string() + ": cannot create or open the index: " + e.get_msg();
        if (const char* reason = e.get_error_string(); reason && *reason) what += std::string(": ") + reason;
        const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
        if (!fs::exists(path) && access(parent.c_str(), W_OK) != 0)
            throw Error(ExitCode::no_database, what,
                        errno == ENOENT ? "its parent folder " + parent.string() +
                                              " does not exist: create it first, or choose another --db"
                                        : "its parent folder " + parent.string() + " is not writable (" +
                                              std::strerror(errno) + "): index into a folder you may write to, with --db");
        throw Error(ExitCode::no_database, what,
                    "check that the folder and its parent are writable, or choose another with --db");
    }
}

Error write_error(const fs::path& path, const Xapian::Error& cause) {
    std::string what = path.string() + ": cannot write the index: " + cause.get_type() + ": " + cause.get_msg();
    const char* reason = cause.get_error_string();
    if (reason && *reason && cause.get_msg().find(reason) == std::string::npos) what += std::string(" (") + reason + ")";
    const bool full = what.find(std::strerror(ENOSPC)) != std::string::npos;
    // A folder that may not be written (permissions, chattr +i, a read-only mount) refuses every
    // run alike: the index cannot be written, exit 4 as for one that cannot be created, and no
    // "run again". (Xapian opens such a folder for writing; only the commit fails.)
    const int access_errno = access(path.c_str(), W_OK) == 0 ? 0 : errno;
    bool refused = false;
    for (int e : {EACCES, EPERM, EROFS})
        refused = refused || access_errno == e || what.find(std::strerror(e)) != std::string::npos;
    if (!full && refused)
        return Error(ExitCode::no_database, what,
                     "the index folder " + path.string() +
                         " may not be written (its permissions, chattr +i or a read-only mount); make it "
                         "writable, or index into another folder with --db. The index is as its last commit left it");
    return Error(ExitCode::failure, what,
                 std::string(full ? "is the disk full? " : "") +
                     "The index is as its last commit left it; " +
                     (full ? "free some space, then run" : "run") + " medqa index again to finish the work");
}

void replace_database(const fs::path& fresh, const fs::path& target) {
    if (!fs::exists(target)) {
        fs::rename(fresh, target);
        return;
    }
    if (renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
        throw Error(ExitCode::failure,
                    "cannot swap the rebuilt index " + fresh.string() + " into " + target.string() + ": " +
                        std::strerror(errno),
                    "the old index is unchanged; the new one is left at " + fresh.string());
    fs::remove_all(fresh);  // now the old database
}

}  // namespace medqa
