#include "database_options.hpp"

#include "index/sharded_index.hpp"
#include "output.hpp"

namespace medqa::cli {

void add_database_options(CLI::App& cmd, DatabaseOptions& options) {
    cmd.add_option("--db", options.db, "Index folder, or a Xapian stub file (default: $MEDQA_DB, else index)");
    cmd.add_option("--remote-timeout", options.remote_timeout_ms,
                   "Milliseconds a remote shard may take to connect and to answer each call")
        ->default_val(options.remote_timeout_ms)
        ->check(whole_number(1, 3600000))
        ->type_name("MS");
}

std::filesystem::path index_to_read(const DatabaseOptions& options) {
    const auto path = options.path();
    if (auto part = part_of_sharded_index(path))
        notice(path.string() + " is " + part->what + " of the sharded index " + part->index.string() + ": " +
               (part->local ? "it holds no threads" : "only its threads are read") +
               "; --db " + part->index.string() + " reads them all");
    return path;
}

}  // namespace medqa::cli
