#pragma once
// Ctrl-C and SIGTERM for long commands: the first asks the work to stop at a safe point (the
// batch in hand is committed); a second one ends the process at once, as usual.

#include <atomic>

namespace medqa::cli {

// Installs the handlers and returns the flag they set.
const std::atomic<bool>& stop_on_interrupt();

}  // namespace medqa::cli
