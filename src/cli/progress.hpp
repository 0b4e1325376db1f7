#pragma once
// The progress line of long runs: on a terminal, one line on stderr rewritten a few times a
// second ("1,234 threads, 590/s, file 12 of 340, ETA 0:32"); nothing when stderr is not a
// terminal, so logs and pipes stay clean.

#include <chrono>

#include "index/index_run.hpp"

namespace medqa::cli {

class ProgressLine {
public:
    ProgressLine();  // enabled when stderr is a terminal
    void update(const IndexProgress& progress);
    void finish();   // clears the line

private:
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace medqa::cli
