#pragma once
// The plain-text thread layout of the seed (data/threads/*.txt):
//   - the first non-empty line is the title;
//   - the next paragraph is the question (paragraphs are separated by blank lines);
//   - every following paragraph is an answer, except
//       * a quoted paragraph that disclaims medical advice: the thread's disclaimer;
//       * a paragraph that is one short sentence (<= kShortSentenceWords words), which is
//         joined to the paragraph after it ("Yes, it can." + its explanation = one answer),
//         unless that one is a disclaimer, one short sentence too, or opens with a verdict or
//         a greeting of its own ("No. ...", "It depends ...", "Hi, ..."); a paragraph joined
//         to is never joined on to a third.
// Lines inside a paragraph are joined with a space. The thread id is the file name without
// its extension; the source is the file name.

#include <string>
#include <string_view>

#include "core/thread.hpp"

namespace medqa::ingest {

inline constexpr size_t kShortSentenceWords = 15;

// Throws RecordError when the text has no title, no question or no answer.
Thread parse_text_thread(std::string_view content, const std::string& path);

bool is_disclaimer(std::string_view paragraph);

}  // namespace medqa::ingest
