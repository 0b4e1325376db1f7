#pragma once
// What the doctors of the matching threads say: for each thread among the hits, how many of
// its answers (all of them, not only those that matched) say yes, no, maybe or nothing, and
// the same summed over those threads.

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/thread.hpp"

namespace medqa {

struct ThreadConsensus {
    std::string thread;
    std::string title;
    Xapian::doccount answers = 0;
    std::map<Stance, Xapian::doccount> stance;  // only stances that occur
};

struct Consensus {
    std::vector<ThreadConsensus> threads;  // in the order of their best hit
    ThreadConsensus overall;               // thread and title empty; sums over `threads`
};

// threads: ids in rank order (repeats are ignored); titles come with them from the hits.
Consensus consensus(const Xapian::Database& db, const std::vector<std::pair<std::string, std::string>>& threads);

// "3 no, 2 maybe, 1 yes": most frequent first, ties in the order yes, no, maybe, none.
std::string describe(const std::map<Stance, Xapian::doccount>& stance);

}  // namespace medqa
