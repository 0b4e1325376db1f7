#pragma once
// Checks every thread before it is indexed, whatever format it came from: text must be UTF-8
// (the index and the JSON output are), and ids and sources must fit in a Xapian term.

#include <cstddef>

#include "core/thread.hpp"

namespace medqa::ingest {

// The longest title, question, disclaimer or answer text medqa takes. Doctors' answers run to a few
// kilobytes; a text of megabytes is a scraping accident, would cost seconds to annotate and
// would repeat in every snippet search, so it is rejected with this limit in the reason.
inline constexpr size_t kMaxTextBytes = 1 << 20;

// Throws RecordError naming the field ("answers[2].text is not valid UTF-8"; an id with a
// control character, which no one can type).
void validate(const Thread& thread);

// Replaces the control characters of every text field of a validated thread (see
// text::without_control_characters): what medqa prints must not drive the terminal. Throws
// RecordError for a title or answer of control characters only.
void remove_control_characters(Thread& thread);

}  // namespace medqa::ingest
