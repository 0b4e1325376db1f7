#include "database_options.hpp"

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

}  // namespace medqa::cli
