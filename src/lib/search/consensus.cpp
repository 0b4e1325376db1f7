#include "search/consensus.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/schema.hpp"
#include "core/stance.hpp"

namespace medqa {

Consensus consensus(const Xapian::Database& db, const std::vector<std::pair<std::string, std::string>>& threads) {
    Consensus out;
    for (const auto& [id, title] : threads) {
        // An init-capture: clang before 16 (the fuzz build's) cannot capture a structured binding.
        if (std::any_of(out.threads.begin(), out.threads.end(), [&id = id](const auto& t) { return t.thread == id; }))
            continue;
        ThreadConsensus t{id, title, 0, {}};
        const std::string thread_term = schema::term(schema::kThreadPrefix, id);
        for (auto it = db.postlist_begin(thread_term); it != db.postlist_end(thread_term); ++it) {
            auto stance = parse_stance(db.get_document(*it).get_value(schema::kStanceSlot)).value_or(Stance::none);
            ++t.stance[stance];
            ++t.answers;
            ++out.overall.stance[stance];
            ++out.overall.answers;
        }
        out.threads.push_back(std::move(t));
    }
    return out;
}

std::string describe(const std::map<Stance, Xapian::doccount>& stance) {
    std::vector<std::pair<Stance, Xapian::doccount>> sorted(stance.begin(), stance.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    for (const auto& [s, n] : sorted) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, to_string(s));
    return out;
}

}  // namespace medqa
