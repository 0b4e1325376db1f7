#include "annotate/phrase_matcher.hpp"

#include <algorithm>

namespace medqa::annotate {

void PhraseMatcher::add(const std::vector<std::string>& words, uint32_t payload) {
    if (words.empty() || lookup(words)) return;
    auto& entries = by_first_[words.front()];
    Entry e{{words.begin() + 1, words.end()}, payload};
    auto pos = std::find_if(entries.begin(), entries.end(),
                            [&](const Entry& other) { return other.rest.size() < e.rest.size(); });
    entries.insert(pos, std::move(e));
}

bool PhraseMatcher::lookup(const std::vector<std::string>& words, uint32_t* payload) const {
    if (words.empty()) return false;
    auto it = by_first_.find(words.front());
    if (it == by_first_.end()) return false;
    for (const auto& e : it->second)
        if (e.rest.size() + 1 == words.size() && std::equal(e.rest.begin(), e.rest.end(), words.begin() + 1)) {
            if (payload) *payload = e.payload;
            return true;
        }
    return false;
}

std::vector<PhraseMatcher::Match> PhraseMatcher::find(const std::vector<std::string>& words) const {
    std::vector<Match> out;
    size_t i = 0;
    while (i < words.size()) {
        auto it = by_first_.find(words[i]);
        const Entry* best = nullptr;
        if (it != by_first_.end()) {
            for (const auto& e : it->second) {  // longest first: the first that fits wins
                if (i + 1 + e.rest.size() > words.size()) continue;
                if (std::equal(e.rest.begin(), e.rest.end(), words.begin() + static_cast<long>(i) + 1)) {
                    best = &e;
                    break;
                }
            }
        }
        if (!best) {
            ++i;
            continue;
        }
        out.push_back({i, i + 1 + best->rest.size(), best->payload});
        i += 1 + best->rest.size();
    }
    return out;
}

}  // namespace medqa::annotate
