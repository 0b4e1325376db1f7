#pragma once
// Content hashes (xxHash XXH3, 64 bit) as 16 lower-case hex digits: stable across runs,
// machines and versions of medqa, so they can live in the index.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/thread.hpp"

namespace medqa {

std::string hash_hex(std::string_view bytes);
uint64_t hash64(std::string_view bytes);

// Hash of everything a thread's documents are built from, except where it was read from
// (file:line), so a thread that moves within its file keeps its hash. Its source (by default
// the file name) is part of it.
std::string thread_hash(const Thread& thread);

}  // namespace medqa
