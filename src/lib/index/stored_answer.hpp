#pragma once
// What a document's data holds: everything display needs, so a search never re-reads the
// input files. Stored as a JSON object (the keys below) so that it stays readable with
// xapian-delve and can grow fields without breaking old databases.

#include <string>
#include <vector>

#include "core/thread.hpp"

namespace medqa {

struct StoredAnswer {
    std::string thread;    // thread id, exactly as the input gave it
    std::string answer;    // answer id
    std::string title;
    std::string question;
    std::string author;
    std::string url;
    std::string source;
    std::string origin;    // "path:line" it was read from
    std::string disclaimer;
    std::vector<std::string> tags;
    std::string text;
    Stance stance = Stance::none;
    std::vector<std::string> anatomy;  // canonical names, in order of first mention
    size_t position = 0;               // 0-based place of the answer in its thread
};

StoredAnswer make_stored_answer(const Thread& thread, size_t answer_index, const AnswerLabels& labels);

std::string encode(const StoredAnswer& answer);

// Throws Error(failure) when the data is not a medqa document (a foreign database).
StoredAnswer decode_stored_answer(const std::string& data);

}  // namespace medqa
