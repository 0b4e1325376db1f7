#pragma once
// What a thread asks. Only a polar (yes/no) question gives answers a stance; its proposition,
// the content words of the question ("Can Botox cause a loss of volume?" -> botox, cause,
// loss, volume, stemmed), tells which answer sentences speak to it.

#include <algorithm>
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
    // What an answer of "no difference" says: it affirms "Is X as safe as Y?" / "Are they
    // equivalent?" (sameness), denies "Does X improve / reduce / differ...?" (difference), and
    // says nothing to other questions.
    enum class Comparison { none, sameness, difference };
    Comparison comparison = Comparison::none;
    // "Can I...?", "Is it safe / normal / ok?": reassurance ("no problem") and permission
    // ("you can") answer yes. "Should I...?" asks for advice, not permission: a reassurance
    // ("no reason to worry") answers "Should I be worried?" no.
    bool asks_permission = false;
    // "Is it dangerous / serious / harmful?": the question asks whether something is bad, so an
    // answer that calls it safe denies it and one that names a harm affirms it (the mirror of a
    // question of safety, which asks_permission holds).
    bool asks_harm = false;
    // "Can I / may we ...?", "Is it safe / ok to ...?": the asker asks to do something
    // (asks_permission also holds "Is it normal?"): advice to wait ("better to wait") answers it
    // "not yet".
    bool asks_to_act = false;
    // "Should I...?", "Do I need...?", "Is it worthwhile to ...?": advice ("you need to", "I
    // recommend") answers yes, advice to wait ("wait and see") no.
    bool asks_advice = false;
    // "Can X be omitted / replaced / stopped?": the question asks whether something can be done
    // without, so "no need for X" answers yes.
    bool asks_omission = false;
    // "Is it really / always so?": the asker doubts what is commonly assumed, and the answer to
    // such a question, unless it says otherwise, is no; restating the proposition does not
    // affirm it.
    bool challenges = false;
    // "Is it X?", "Can this be X?": the question asks what a complaint is or comes from. An answer
    // sentence that names a cause without any of X's words offers another explanation.
    bool asks_identity = false;
    // "Is this cancer?", "Could it be a tumour?", "Is it malignant?": the question asks whether a
    // growth is malignant, so "benign" answers it no and "malignant" yes, as they answer a
    // question of harm.
    bool asks_malignancy = false;
    // "Is it X or Y?": the proposition is X; the words of Y are here (not for "Can I do X or
    // Y?", whose options are all asked: an answer that grants either does not deny) (of Y and Z in a list of
    // choices, "X, Y or Z?"). An answer sentence about
    // Y and not X answers the other way.
    std::vector<std::string> alternative;
    // "Am I too young to have a heart attack?", "Is it too soon for another MRI?": a question of
    // excess asks whether something is ruled out by too much of a quantity. An answer that speaks
    // against the thing itself ("not recommended at your age", "unlikely") affirms the excess,
    // one that grants it ("heart attacks can happen at any age", "you can have it now") denies
    // it. Holds the stem of the word after "too" ("young"), empty for other questions.
    std::string excess;
    // The modal that opened the question ("can" in "Can it spread?", "will", "should"), empty for
    // other auxiliaries: an answer that negates the same modal ("it can not", "it won't")
    // denies the predicate asked about, whether or not it repeats the question's words.
    std::string modal;

    // Is this stem one of the proposition's words?
    bool asks_about(std::string_view stem) const {
        return std::find(proposition.begin(), proposition.end(), stem) != proposition.end();
    }
};

// The question is the first question clause of the title, else of the body: the words
// before a '?', after the last ':' or ';' ("Double balloon enteroscopy: is it safe?"), or
// after a comma when what follows the comma opens a question ("After surgery, can I run?").
// Without any '?', the first sentence of the title, else of the body, is read as the question.
// It is polar when it opens with an auxiliary verb ("Can", "Is", "Should", "Does"...),
// possibly after a greeting, or asks "whether"/"if" ("I want to know if it is normal"); a
// clause ending in '?' is also polar from its first auxiliary on ("I have FMF can I do a
// rhinoplasty?") unless a wh-word (what, how, why...) comes first, or it opens a request for
// help ("Can you help me?", "Could you please advise?", "Do you have any idea?"; "Can you tell me
// if it is X?" asks from the "if"). Without an auxiliary, a clause
// with a '?' still asks yes/no when it is elliptical (a judgement: "... dangerous?"; a verbless
// choice: "kidney stone or pulled muscle?") or puts forward a hypothesis ("I think I have
// shingles?"; also inside the clause: "..., and I think I have a kidney infection?", "...,
// convinced it could be cancer?", "It may be ringworm?"; the asker's own belief, not a doctor's), or is in statement order and ends in one after a form of "be" ("My heart rate of
// 120 is normal?"; in a sentence of one clause, or after a break with "it/this/that" as subject:
// "..., all tests are normal?" reports results). A question that ends in a judgement ("..., is
// that bad?") is no question of identity. A sentence that states with a '?' lets a later one ask. When the question's
// subject is "it/this/that" after a topic stated in the same sentence ("I am thinking of knee
// surgery, would it help?"), the topic's words join the proposition (not for "is it X?").
QuestionFrame analyse_question(std::string_view title, std::string_view question, const WordList& stopwords,
                               const Xapian::Stem& stem);

}  // namespace medqa::annotate
