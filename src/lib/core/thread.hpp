#pragma once
// The data model: a thread is one patient question answered by several doctors.

#include <string>
#include <vector>

namespace medqa {

enum class Stance { yes, no, maybe, none };

struct Answer {
    std::string id;      // unique within its thread; "1", "2", ... when the input gives none
    std::string author;  // may be empty
    std::string text;
    std::string origin;  // where it starts, when the reader knows ("d.txt:5"); empty: the thread's origin
};

struct Thread {
    std::string id;  // unique in the index; exactly as the input gave it
    std::string title;
    std::string question;
    std::vector<Answer> answers;
    std::string url;
    std::vector<std::string> tags;
    std::string source;      // provenance: the input's "source", else the file name
    std::string disclaimer;  // a "not medical advice" paragraph, kept apart from the answers
    std::string origin;      // where it was read: "path:line", for messages
};

// What annotation adds to an answer.
struct AnswerLabels {
    Stance stance = Stance::none;
    std::vector<std::string> anatomy;  // canonical names, in order of first mention
};

}  // namespace medqa
