#pragma once
// What a database holds, in a form two databases can be compared by: every document's thread
// id, answer id, content hash and source file, sorted. Two indexes with the same dump answer
// every query the same way.

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "core/schema.hpp"
#include "index/stored_answer.hpp"

namespace medqa::test {

inline std::vector<std::string> index_dump(const std::filesystem::path& db_path) {
    Xapian::Database db(db_path.string());
    std::vector<std::string> rows;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        auto doc = db.get_document(*it);
        auto stored = decode_stored_answer(doc.get_data());
        rows.push_back(stored.thread + "/" + stored.answer + " " + doc.get_value(schema::kHashSlot) + " " +
                       doc.get_value(schema::kFileSlot));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

// Every word of the spelling data ("Did you mean") with its count, of a database or of all the
// databases a stub lists: those of two indexes of the same threads must be the same.
inline std::vector<std::pair<std::string, Xapian::termcount>> spelling_dump(const std::filesystem::path& db_path) {
    Xapian::Database db(db_path.string());
    std::vector<std::pair<std::string, Xapian::termcount>> words;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) words.emplace_back(*it, it.get_termfreq());
    return words;
}

}  // namespace medqa::test
