#pragma once
// A rejected input record: where it is (file:line or file:record) and why. Readers report
// problems and go on with the next record, so one bad line never costs the good ones.

#include <functional>
#include <stdexcept>
#include <string>

#include "core/thread.hpp"

namespace medqa::ingest {

struct Problem {
    std::string where;   // "data/a.jsonl:12"
    std::string reason;  // "answers[1].text is missing"
};

// Thrown by parsers for a record that cannot become a thread; readers turn it into a Problem.
struct RecordError : std::runtime_error {
    explicit RecordError(const std::string& what, std::string where = {})
        : std::runtime_error(what), where(std::move(where)) {}
    // Where the fault is when that is more precise than the record's start (the line where a
    // text file's answer starts: "d.txt:5"); empty: the record's own place.
    std::string where;
};

struct ThreadSink {
    std::function<void(Thread&&)> on_thread;
    std::function<void(Problem&&)> on_problem;
    // A record left out on purpose, not an error (a MedQuAD pair whose answer was removed).
    std::function<void(Problem&&)> on_skipped = [](Problem&&) {};
};

}  // namespace medqa::ingest
