#pragma once
// Content hashes (xxHash XXH3, 64 bit) as 16 lower-case hex digits: stable across runs,
// machines and versions of medqa, so they can live in the index.

#include <string>
#include <string_view>

#include "core/thread.hpp"

namespace medqa {

std::string hash_hex(std::string_view bytes);

// Hash of everything a thread's documents are built from (not where it was read from), so a
// thread that moves to another file or line keeps its hash.
std::string thread_hash(const Thread& thread);

}  // namespace medqa
