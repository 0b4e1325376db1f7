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
    std::string sentence;                  // the question clause that decided
    std::vector<std::string> proposition;  // stems of its content words
    // "Is X as safe as Y?", "Are they equivalent?": an answer of "no difference" affirms it.
    // Otherwise (does X improve, reduce, differ...) "no difference" denies.
    bool asks_sameness = false;
};

// The question is the first question clause of the title, else of the body: the words
// before a '?', after the last ':' or ';' ("Double balloon enteroscopy: is it safe?"), or
// after a comma when what follows the comma opens a question ("After surgery, can I run?").
// Without any '?', the first sentence of the title, else of the body, is read as the question.
// It is polar when it opens with an auxiliary verb ("Can", "Is", "Should", "Does"...),
// possibly after a greeting, or asks "whether"/"if" ("I want to know if it is normal").
QuestionFrame analyse_question(std::string_view title, std::string_view question, const WordList& stopwords,
                               const Xapian::Stem& stem);

}  // namespace medqa::annotate
