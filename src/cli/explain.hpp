#pragma once
// The evidence behind a stance, as text (classify, search --explain) and as JSON.

#include <string>

#include <nlohmann/json.hpp>

#include "annotate/annotator.hpp"
#include "output.hpp"

namespace medqa::cli {

// Lines of evidence: the question's reading, the deciding sentence and each cue that counted.
// Every line starts with `indent`.
std::string explanation_text(const annotate::QuestionFrame& frame, const annotate::StanceDecision& decision,
                             const std::string& indent, const Painter& paint);

Json analysis_json(const annotate::QuestionFrame& frame, const annotate::AnswerAnalysis& analysis);

}  // namespace medqa::cli
