#pragma once
// Opening a medqa database, with errors a user can act on: a missing database says how to
// build one, a locked one says who holds it, one of another schema version says to rebuild.

#include <filesystem>
#include <string>

#include <xapian.h>

namespace medqa {

// --db, else $MEDQA_DB, else "index".
std::filesystem::path database_path(const std::string& from_command_line = {});

Xapian::Database open_for_reading(const std::filesystem::path& path);
Xapian::WritableDatabase open_for_writing(const std::filesystem::path& path);

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
