#include "search/catalog.hpp"

#include <algorithm>

#include "core/schema.hpp"
#include "core/stance.hpp"

namespace medqa {

using namespace schema;

std::vector<StoredAnswer> thread_answers(const Xapian::Database& db, const std::string& thread_id) {
    std::vector<StoredAnswer> answers;
    const std::string t = term(kThreadPrefix, thread_id);
    for (auto it = db.postlist_begin(t); it != db.postlist_end(t); ++it)
        answers.push_back(decode_stored_answer(db.get_document(*it).get_data()));
    std::sort(answers.begin(), answers.end(), [](const auto& a, const auto& b) { return a.position < b.position; });
    return answers;
}

std::vector<std::string> thread_ids_starting_with(const Xapian::Database& db, const std::string& start, size_t limit) {
    std::vector<std::string> ids;
    const std::string prefix = term(kThreadPrefix, start);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix) && ids.size() < limit; ++it)
        ids.push_back(term_value(kThreadPrefix, *it));
    return ids;
}

DatabaseStats database_stats(const Xapian::Database& db) {
    DatabaseStats stats;
    stats.answers = db.get_doccount();
    const std::string thread_prefix{kThreadPrefix};
    for (auto it = db.allterms_begin(thread_prefix); it != db.allterms_end(thread_prefix); ++it) ++stats.threads;
    for (Stance s : kAllStances) {
        std::string name{to_string(s)};
        stats.stance.emplace_back(name, db.get_termfreq(term(kStancePrefix, name)));
    }
    // A match of every answer rather than a value stream: remote shards serve matches only.
    Xapian::Enquire all(db);
    all.set_query(Xapian::Query::MatchAll);
    Xapian::ValueCountMatchSpy anatomy(kAnatomySlot);
    all.add_matchspy(&anatomy);
    all.get_mset(0, 0, stats.answers);
    stats.anatomy = sorted_list_counts(anatomy);
    return stats;
}

}  // namespace medqa
