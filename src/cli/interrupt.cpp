#include "interrupt.hpp"

#include <csignal>

namespace medqa::cli {
namespace {

std::atomic<bool> stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void request_stop(int signal) {
    stop_requested.store(true);
    std::signal(signal, SIG_DFL);  // the second one is not caught
}

}  // namespace

const std::atomic<bool>& stop_on_interrupt() {
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocking wait returns and sees the flag
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    return stop_requested;
}

}  // namespace medqa::cli
