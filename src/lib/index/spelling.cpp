#include "index/spelling.hpp"

#include <string>
#include <utility>
#include <vector>

#include "core/schema.hpp"

namespace medqa {

namespace {

// Metadata of a shard: this prefix and a word, the number of its occurrences removed.
constexpr std::string_view kRemovedPrefix = "medqa.spelling-removed.";

// The document's words and how often each occurs: its unprefixed terms (a prefix is upper
// case, and the term generator lower-cases words), each with one position per occurrence. That
// is how Xapian's TermGenerator counts them with FLAG_SPELLING, a title word of weight 2 once.
std::vector<std::pair<std::string, Xapian::termcount>> words_of(const Xapian::Document& doc) {
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
        if (auto n = t.positionlist_count(); n > 0) words.emplace_back(term, n);
    }
    return words;
}

}  // namespace

void add_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    for (const auto& [word, n] : words_of(doc)) db.add_spelling(word, n);
}

void remove_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc, bool shard) {
    for (const auto& [word, n] : words_of(doc)) {
        if (!shard) {
            db.remove_spelling(word, n);
            continue;
        }
        const std::string key = std::string(kRemovedPrefix) + word;
        const std::string noted = db.get_metadata(key);
        db.set_metadata(key, std::to_string((noted.empty() ? 0 : std::stoul(noted)) + n));
    }
}

void delete_thread_documents(Xapian::WritableDatabase& db, const std::string& thread_id, bool shard) {
    const std::string thread_term = schema::term(schema::kThreadPrefix, thread_id);
    for (auto it = db.postlist_begin(thread_term); it != db.postlist_end(thread_term); ++it)
        remove_spelling(db, db.get_document(*it), shard);
    db.delete_document(thread_term);
}

void move_spelling(Xapian::WritableDatabase& shard, Xapian::WritableDatabase& local) {
    std::vector<std::pair<std::string, Xapian::termcount>> added;
    for (auto it = shard.spellings_begin(); it != shard.spellings_end(); ++it) added.emplace_back(*it, it.get_termfreq());
    std::vector<std::pair<std::string, Xapian::termcount>> removed;
    const std::string prefix(kRemovedPrefix);
    for (auto it = shard.metadata_keys_begin(prefix); it != shard.metadata_keys_end(prefix); ++it)
        removed.emplace_back(*it, static_cast<Xapian::termcount>(std::stoul(shard.get_metadata(*it))));
    if (added.empty() && removed.empty()) return;
    // Added first, so that no removal is cut short at 0 before the words this run added count.
    for (const auto& [word, n] : added) local.add_spelling(word, n);
    for (const auto& [key, n] : removed) local.remove_spelling(key.substr(prefix.size()), n);
    local.commit();
    for (const auto& [word, n] : added) shard.remove_spelling(word, n);
    for (const auto& [key, n] : removed) shard.set_metadata(key, "");
    shard.commit();
}

}  // namespace medqa
