#pragma once
// Checks every thread before it is indexed, whatever format it came from: text must be UTF-8
// (the index and the JSON output are), and ids and sources must fit in a Xapian term.

#include "core/thread.hpp"

namespace medqa::ingest {

// Throws RecordError naming the field ("answers[2].text is not valid UTF-8").
void validate(const Thread& thread);

}  // namespace medqa::ingest
