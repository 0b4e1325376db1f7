#include "search/facets.hpp"

#include <algorithm>

#include "core/schema.hpp"

namespace medqa {

FacetCounts sorted_counts(const std::map<std::string, Xapian::doccount>& counts) {
    FacetCounts out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

FacetCounts sorted_counts(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, Xapian::doccount> counts;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) counts[*it] = it.get_termfreq();
    return sorted_counts(counts);
}

FacetCounts sorted_list_counts(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, Xapian::doccount> counts;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const std::string& list = *it;
        for (size_t pos = 0; pos < list.size();) {
            size_t end = list.find(schema::kListSeparator, pos);
            if (end == std::string::npos) end = list.size();
            if (end > pos) counts[list.substr(pos, end - pos)] += it.get_termfreq();
            pos = end + 1;
        }
    }
    return sorted_counts(counts);
}

}  // namespace medqa
