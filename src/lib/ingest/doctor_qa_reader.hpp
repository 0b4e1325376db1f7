#pragma once
// The flat doctor-QA JSON of questionDoctorQAs.json, icliniqQAs.json and ehealthforumQAs.json:
// an array of records {question_text?, question, answer, answer_author?, url, tags}, one per
// answer; records that share a url are one thread (its id a stable hash of the url). The
// shorter of question / question_text is the title, the longer the question.

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "ingest/problem.hpp"

namespace medqa::ingest {

// Whether a parsed JSON document has this shape (an array of objects with "answer" and "url"
// strings and no "answers" list).
bool looks_like_doctor_qa(const nlohmann::json& doc);

void read_doctor_qa(const nlohmann::json& doc, const std::string& path, const ThreadSink& sink);

}  // namespace medqa::ingest
