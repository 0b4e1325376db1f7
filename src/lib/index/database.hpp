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

}  // namespace medqa
