#pragma once
// Errors a user can act on: what went wrong, where, and a hint; each maps to an exit code
// that is documented in `medqa --help` and the README.

#include <stdexcept>
#include <string>

namespace medqa {

enum class ExitCode : int {
    ok = 0,
    failure = 1,      // unexpected: a Xapian or system error, reported as it came
    usage = 2,        // the command line was wrong (unknown option, bad stance value...)
    bad_input = 3,    // some input records were rejected (the good ones were indexed)
    no_database = 4,  // the database does not exist or cannot be opened
    locked = 5,       // another process is writing the database
    not_found = 6,    // the thread asked for is not in the database
    config = 7,       // a lexicon is missing or malformed
    shard_unavailable = 8,  // a shard of a sharded index did not answer (server down, or slower than the timeout)
    interrupted = 130,  // stopped by Ctrl-C or SIGTERM after committing the work done (128 + SIGINT, as shells do)
};

class Error : public std::runtime_error {
public:
    Error(ExitCode code, std::string message, std::string hint = {})
        : std::runtime_error(std::move(message)), code_(code), hint_(std::move(hint)) {}
    ExitCode code() const { return code_; }
    const std::string& hint() const { return hint_; }

private:
    ExitCode code_;
    std::string hint_;
};

}  // namespace medqa
