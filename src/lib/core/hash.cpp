#include "core/hash.hpp"

#include <fmt/format.h>
#include <xxhash.h>

namespace medqa {

uint64_t hash64(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string hash_hex(std::string_view bytes) {
    return fmt::format("{:016x}", static_cast<unsigned long long>(hash64(bytes)));
}

std::string thread_hash(const Thread& thread) {
    // Fields are joined with a separator that cannot occur in text (NUL), so moving text from
    // one field to the next changes the hash.
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    auto add = [&](std::string_view s) {
        XXH3_64bits_update(state, s.data(), s.size());
        XXH3_64bits_update(state, "\0", 1);
    };
    add(thread.id);
    add(thread.title);
    add(thread.question);
    add(thread.url);
    add(thread.source);
    add(thread.disclaimer);
    for (const auto& tag : thread.tags) add(tag);
    for (const auto& a : thread.answers) {
        add(a.id);
        add(a.author);
        add(a.text);
    }
    auto h = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return fmt::format("{:016x}", static_cast<unsigned long long>(h));
}

}  // namespace medqa
