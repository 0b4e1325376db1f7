#include "progress.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

namespace medqa::cli {
namespace {

constexpr auto kInterval = std::chrono::milliseconds(250);

std::string clock_time(double seconds) {
    auto s = static_cast<long>(seconds + 0.5);
    return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                     : fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

ProgressLine::ProgressLine() : enabled_(isatty(STDERR_FILENO) == 1) {}

void ProgressLine::update(const IndexProgress& p) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (shown_ && now - last_ < kInterval) return;
    last_ = now;
    shown_ = true;
    const double seconds = p.elapsed.count();
    std::string line = fmt::format("{} threads, {:.0f}/s, file {} of {}", p.threads,
                                   seconds > 0 ? p.threads / seconds : 0.0, p.files_done, p.files_total);
    // The estimate goes by bytes of the files still to read: skipped files take no time.
    if (p.bytes_done > 0 && p.bytes_total > p.bytes_done)
        line += ", ETA " + clock_time(seconds * static_cast<double>(p.bytes_total - p.bytes_done) /
                                      static_cast<double>(p.bytes_done));
    fmt::print(stderr, "\r\033[K{}", line);
    std::fflush(stderr);
}

void ProgressLine::finish() {
    if (shown_) fmt::print(stderr, "\r\033[K");
    shown_ = false;
}

}  // namespace medqa::cli
