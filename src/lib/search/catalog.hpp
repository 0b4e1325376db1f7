#pragma once
// Whole-database views: one thread with all its answers (`medqa show`), and the counts of
// `medqa stats`.

#include <string>
#include <vector>

#include <xapian.h>

#include "index/stored_answer.hpp"
#include "search/facets.hpp"

namespace medqa {

// The thread's answers in their original order; empty when the id is not in the database.
std::vector<StoredAnswer> thread_answers(const Xapian::Database& db, const std::string& thread_id);

// Thread ids that start with the given text, for "did you mean" hints; at most `limit`.
std::vector<std::string> thread_ids_starting_with(const Xapian::Database& db, const std::string& start, size_t limit);

struct DatabaseStats {
    Xapian::doccount threads = 0;
    Xapian::doccount answers = 0;
    FacetCounts stance;   // every stance, also those with count 0
    FacetCounts anatomy;  // answers mentioning each concept directly, most frequent first
};

DatabaseStats database_stats(const Xapian::Database& db);

}  // namespace medqa
