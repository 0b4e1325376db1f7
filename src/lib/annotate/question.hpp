#pragma once
// What a thread asks. Only a polar (yes/no) question gives answers a stance; its proposition,
// the content words of the question ("Can Botox cause a loss of volume?" -> botox, cause,
// loss, volume, stemmed), tells which answer sentences speak to it.

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "annotate/word_list.hpp"

namespace medqa::annotate {

struct QuestionFrame {
    bool polar = false;
    std::string sentence;                  // the question sentence that decided
    std::vector<std::string> proposition;  // stems of its content words
};

// The first question sentence (ending in '?') of the title, else of the question body,
// decides: polar when it opens with an auxiliary verb ("Can", "Is", "Should", "Does"...).
// Without any question sentence the thread is not polar.
QuestionFrame analyse_question(std::string_view title, std::string_view question, const WordList& stopwords,
                               const Xapian::Stem& stem);

}  // namespace medqa::annotate
