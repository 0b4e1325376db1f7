#include "search/facets.hpp"

#include <algorithm>

#include "core/schema.hpp"

namespace medqa {

void ListValueCountSpy::add(const std::string& list_value) {
    std::string_view value = list_value;
    size_t pos = 0;
    while (pos < value.size()) {
        size_t end = value.find(schema::kListSeparator, pos);
        if (end == std::string_view::npos) end = value.size();
        if (end > pos) {
            std::string_view name = value.substr(pos, end - pos);
            if (auto it = counts_.find(name); it != counts_.end()) ++it->second;
            else counts_.emplace(name, 1);
        }
        pos = end + 1;
    }
}

FacetCounts sorted_counts(const std::map<std::string, Xapian::doccount, std::less<>>& counts) {
    FacetCounts out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

FacetCounts sorted_counts(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, Xapian::doccount, std::less<>> counts;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) counts[*it] = it.get_termfreq();
    return sorted_counts(counts);
}

}  // namespace medqa
