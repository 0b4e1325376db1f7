#pragma once
// Facet counts over the matches Xapian looks at: stance (one value per answer) and anatomy
// (a list per answer, kept in one value slot joined by schema::kListSeparator).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace medqa {

using FacetCounts = std::vector<std::pair<std::string, Xapian::doccount>>;

// Most frequent first; ties by name, so output is stable.
FacetCounts sorted_counts(const std::map<std::string, Xapian::doccount>& counts);
FacetCounts sorted_counts(const Xapian::ValueCountMatchSpy& spy);

// The items of a list-valued slot, counted once per document, from the spy's counts of whole
// lists. (Xapian's own spy, rather than one that splits the lists as it goes: a remote
// server runs only the match spies Xapian registers.)
FacetCounts sorted_list_counts(const Xapian::ValueCountMatchSpy& spy);

}  // namespace medqa
