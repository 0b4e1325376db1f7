#pragma once
// Stance names, as they appear in the index, the query language and the output.

#include <array>
#include <optional>
#include <string_view>

#include "core/thread.hpp"

namespace medqa {

inline constexpr std::array kAllStances{Stance::yes, Stance::no, Stance::maybe, Stance::none};

constexpr std::string_view to_string(Stance s) {
    switch (s) {
        case Stance::yes: return "yes";
        case Stance::no: return "no";
        case Stance::maybe: return "maybe";
        case Stance::none: return "none";
    }
    return "none";
}

constexpr std::optional<Stance> parse_stance(std::string_view s) {
    for (Stance st : kAllStances)
        if (to_string(st) == s) return st;
    return std::nullopt;
}

}  // namespace medqa
