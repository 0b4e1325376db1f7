#pragma once
// medqa's canonical input: JSON Lines, one thread per line (`.jsonl`), or a `.json` file
// holding one thread object or an array of them. A thread object:
//   {"id": "...", "title": "...", "question": "...",
//    "answers": [{"id": "...", "author": "...", "text": "..."}],
//    "url": "...", "tags": ["..."], "source": "...", "disclaimer": "..."}
// Only "answers" (with a non-empty "text" in each) and one of "title"/"question" are required.
// A missing thread id becomes a stable hash of the url (else the title); missing answer ids
// become 1, 2, 3...; a missing source becomes the file name.

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/thread.hpp"
#include "ingest/problem.hpp"

namespace medqa::ingest {

// Throws RecordError naming the offending field.
Thread thread_from_json(const nlohmann::json& record, const std::string& default_source);

// Reads JSON Lines; a line that is not valid JSON or not a valid thread becomes a Problem
// with its line number, and reading goes on.
void read_jsonl(std::string_view content, const std::string& path, const ThreadSink& sink);

// What a whole .json document holds: medqa threads, doctor-QA records, or either, told apart
// by the content (ingest/doctor_qa_reader.hpp).
enum class JsonKind { detect, threads, doctor_qa };

// Reads a whole .json document (an object or an array of objects); records are numbered
// from 1 in problems ("file.json: record 3").
void read_json_document(std::string_view content, const std::string& path, const ThreadSink& sink,
                        JsonKind kind = JsonKind::detect);

}  // namespace medqa::ingest
