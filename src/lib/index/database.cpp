#include "index/database.hpp"

#include <cstdio>  // renameat2, RENAME_EXCHANGE
#include <cstdlib>
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

}  // namespace

Xapian::Database open_for_reading(const fs::path& path) {
    try {
        Xapian::Database db(path.string());
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

Xapian::WritableDatabase open_for_writing(const fs::path& path) {
    if (fs::is_regular_file(path))
        throw Error(ExitCode::no_database, path.string() + ": is a file, not an index folder",
                    "choose a folder with --db (it is created if missing)");
    // Xapian would create a database among whatever files a mistyped --db folder holds.
    std::error_code ec;
    if (fs::is_directory(path) && !fs::is_empty(path, ec)) {
        try {
            Xapian::Database probe(path.string());
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw Error(ExitCode::no_database, path.string() + ": not a medqa index, and not empty",
                        "--db takes a folder made by medqa index, or a new or empty one");
        }
    }
    try {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OPEN);
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
        throw Error(ExitCode::no_database, path.string() + ": cannot create or open the index: " + e.get_msg(),
                    "check that the folder and its parent are writable, or choose another with --db");
    }
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
