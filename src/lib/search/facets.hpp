#pragma once
// Facet counts over the matches Xapian looks at: stance (one value per answer) and anatomy
// (a list per answer, kept in one value slot joined by schema::kListSeparator).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace medqa {

// Counts each item of a list-valued slot once per document.
class ListValueCountSpy : public Xapian::MatchSpy {
public:
    explicit ListValueCountSpy(Xapian::valueno slot) : slot_(slot) {}
    void operator()(const Xapian::Document& doc, double) override { add(doc.get_value(slot_)); }
    void add(const std::string& list_value);
    const std::map<std::string, Xapian::doccount, std::less<>>& counts() const { return counts_; }

private:
    Xapian::valueno slot_;
    // Looked up by string_view (std::less<>): a name is copied once, when first counted.
    std::map<std::string, Xapian::doccount, std::less<>> counts_;
};

using FacetCounts = std::vector<std::pair<std::string, Xapian::doccount>>;

// Most frequent first; ties by name, so output is stable.
FacetCounts sorted_counts(const std::map<std::string, Xapian::doccount, std::less<>>& counts);
FacetCounts sorted_counts(const Xapian::ValueCountMatchSpy& spy);

}  // namespace medqa
