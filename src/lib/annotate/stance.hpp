#pragma once
// Stance of an answer toward its thread's yes/no question, by rules that can be explained.
//
// Cue phrases come from data/lexicon/stance-cues.tsv (phrase, kind, weight):
//   affirm / deny / hedge    evidence for yes / no / maybe (a hedge whose hedging word was asked
//                            about, "possible" to "Is it possible...?", is a yes);
//   opening-affirm / -deny   "Yes", "No": count only when they open the answer or open a
//                            sentence and are followed by punctuation; elsewhere an
//                            opening-deny ("there is no benefit") is a negator;
//   negator                  "not", "never", "don't": flips the next affirm or deny cue in its
//                            scope (up to kNegationWindow words, ended by a terminator or a
//                            contrast); a negator that flips nothing is itself a denial (below),
//                            except a bare "but not" / "but no" before words that are no cue and
//                            not the question's ("you can, but not heavy lifting"): it excepts a
//                            part of what the sentence grants;
//   pseudo                   looks like a negation but is not ("not only", "no doubt" is an
//                            affirm cue): consumes its words so they do not negate; also the
//                            comparatives of finding words ("more effective", "more useful"),
//                            which propose something better than what was asked and affirm nothing;
//   terminator               ends a negation scope ("which", "except");
//   contrast                 "but", "however": ends a negation scope, and what follows it
//                            outweighs what came before (x kAfterContrast, before x kBeforeContrast),
//                            unless it shares fewer of the question's words than what came
//                            before ("not associated with the disease but with age") and no
//                            hedge follows it right away ("gout is less likely but cannot be
//                            excluded" qualifies the earlier claim); a
//                            concessive "although" (or "though" opening a clause) instead marks
//                            its own clause, up to the next clause break, as the conceded one
//                            (x kBeforeContrast) and the rest of the sentence as asserted
//                            ("Although the dose is low, this step did not help");
//   no-difference            "no significant difference", "comparable": affirms a question that
//                            asks whether two things are alike, denies one that asks for a change,
//                            and counts for nothing elsewhere (QuestionFrame::comparison);
//   difference               "differ", "higher than": the mirror of no-difference, denies a
//                            question of sameness ("Are they the same?"), affirms one of change;
//   unneeded                 "no need", "unnecessary": no to "Is X necessary?", yes to a question
//                            that asks whether X can be left out ("Can X be omitted?");
//   reassure                 "nothing to worry about", "no problem": affirms a question
//                            that asks for permission or safety ("Can I...?", "Is it safe?"), denies
//                            others ("Is it cancer?", "Is it dangerous?", and "Should I be
//                            worried?": "should" asks for advice);
//   safety                   "safe", "is normal": yes, but no to a question of harm ("Is it
//                            dangerous?");
//   harm                     "harmful", "dangerous", "contraindicated": names a harm, so yes to a
//                            question of harm ("Is it serious?"; this wins over a "possible" in it),
//                            no to one of permission or safety ("Is it safe?", "Can I...?"), nothing
//                            to others (a harm is no verdict on "Does it help?" or "Is it cancer?");
//   benign / malignant       verdicts of harm that also say what a growth is: "benign" is no to a
//                            question of harm or of a malignancy ("Is this cancer?"), yes to one of
//                            safety, nothing to others ("Is it a lipoma?" - "a benign lipoma") nor
//                            when it is the word asked (a restatement); "malignant" the mirror;
//   permit                   "you can": yes to a question that asks for permission, else nothing;
//   advise                   "you need to", "I recommend": yes to "Should I / Do I need...?" when
//                            one of the question's words follows within kNegationWindow ("you
//                            will need surgery"), else nothing ("you will need to see a therapist"
//                            advises something else);
//   imperative               "get", "go", "do", "take": a verb that opens a clause ("get a tetanus
//                            shot", "go for the biopsy"; at the start, after a break or after "and",
//                            "so", "but", "please", "also", "just", "then") gives advice: yes to "Should I / Do I need...?" when one of
//                            the question's words follows within kNegationWindow, else nothing;
//   defer                    "wait and see", "wait until", "no rush": advice to put off what was
//                            asked, no to "Should I / Do I need ...?" and to a question that asks to
//                            act ("Can I fly next week?", "Is it safe to fly?"; not "Is it normal?")
//                            unless waiting is what was asked, else nothing;
//   prohibit                 "avoid": advice against doing something; no when one of the question's
//                            words follows within kNegationWindow ("better to avoid surgery"
//                            to "Is surgery possible?"), else nothing ("avoid heavy lifting" to "Will
//                            it get worse?"), as a prohibition ("do not lift") that names nothing asked;
//   conditional              "if", "unless": cues up to the next clause break count x kConditional
//                            ("provided" after a form of "be" or "have" is the verb: no condition);
//   degree                   "to some extent", "partly", "slightly": a hedge of degree; in a sentence
//                            that states what was asked (shares kRestatementOverlap of its words: "it
//                            is infected to some extent") it says how much, not whether: a yes;
//   discourage               "you are young", "too early", "at your age": speaks against the thing
//                            asked by a quantity (age, time): yes to a question of excess ("Am I
//                            too young to ...?"), no to others ("Is it arthritis?"). To a question
//                            of excess, the other yes/no cues of a sentence that does not name the
//                            excess ("too", "young") speak of the thing itself and count the other
//                            way ("not recommended at your age" affirms "too young"); openers and
//                            reassurance do not turn;
//   verify                   "to rule out", "to exclude", "to confirm": a test advised to settle what
//                            was asked (one of the question's words follows within kNegationWindow:
//                            "a CT scan to rule out a stone"; before a passive "be ruled out", in its
//                            clause: "cancer should be ruled out") leaves it open until the result: a
//                            maybe; nothing when negated or about something else;
//   cause                    "due to", "a sign of": in a sentence that shares no word with a question
//                            of identity ("Is it diabetes?"), it offers another explanation: a
//                            maybe, and the sentence's yes votes ("it can happen due to low
//                            iron") affirm that explanation, not the one asked: they count as maybe.
// "No." before a number ("No. 5 spray") is the abbreviation of number: no verdict, no negation.
// A negation before a word of degree and then the question's word ("not very contagious" to "Is it
// contagious?") grants the thing in a small degree: a degree cue, not a denial.
// A question that doubts its proposition ("Is it really...?") adds a no vote of kPolarPrior.
// In "Is it X or Y?", a sentence that speaks of Y and not of X answers the other way round:
// its yes votes count as no and its no votes as yes; but merely naming Y is no vote (it does not
// restate: answers mention the other option while they weigh or dismiss it), and an opening
// "Yes"/"No" answers the question as asked, whatever the rest of its sentence names. Advice to
// wait, when waiting is the other option ("ER or wait?"), chooses it: a no to the first.
// "Yes"/"No" may follow a greeting ("Hi, no.") or the doctor's "in my opinion" / "in my view".
// A negation with nothing to flip denies fully only when one of the question's words is in its
// scope (else x kUnanchoredNegation): "do not hesitate to start" says nothing against "Are PPIs
// safe?"; a negation of the modal that asked ("Can it spread?" - "It can not", "it won't") denies
// fully without them, and a cue that ends in a modal before a negation ("you can not", "it can
// never") grants nothing. A clause break (, ; :) also ends a negation's scope. A prohibition ("do
// not squeeze it") denies only what it names, and never a question of identity ("Is this lump
// cancer?"); a negated indefinite that names none of the question's words, followed by a clause
// that does ("not a bruise, it is infected"), sets another thing aside and denies nothing asked.
// A sentence that restates the question's proposition (shares at least kRestatementOverlap
// of its words) without any negation or denial affirms it weakly (kRestatementWeight):
// doctors and abstracts alike answer "yes" by saying the thing. A cue with a negation inside
// ("not necessarily", "may or may not") also keeps a sentence from restating.
// A sentence that asks ("Do you have a fever?") is the doctor's question back and is not read.
// Each cue's weight is scaled by its sentence's weight: relevance to the question (shares the
// proposition's words) and position (the first and the last sentence count more).
// Decision: evidence weaker than kMinEvidence that holds a yes or no vote decides by its strongest
// vote; no such evidence (nothing, or a weak hedge alone: "X may reduce Y" is the register of a
// cautious report) -> yes when a sentence speaks of the proposition (no when only of the
// alternative), else none (off the topic; maybe for an elliptical "It may.");
// hedging stronger than yes and no (x kHedgeDominance) -> maybe;
// yes and no both strong (the weaker >= kConflictRatio of the stronger) -> no: an answer that
// grants a point and denies another is a qualified no (on the dev data such answers were no far
// more often than maybe or yes); else the stronger. The constants were chosen on the dev data (bench/README.md), a few at a time.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "annotate/phrase_matcher.hpp"
#include "annotate/question.hpp"
#include "core/schema.hpp"
#include "core/thread.hpp"

namespace medqa::annotate {

struct CueHit {
    std::string phrase;  // as written in the answer
    Stance votes_for = Stance::none;
    double weight = 0;   // after negation, contrast and sentence weighting
    bool negated = false;
};

struct StanceDecision {
    Stance stance = Stance::none;
    double yes = 0, no = 0, maybe = 0;
    std::string evidence;       // the sentence that contributed most to the decision
    std::vector<CueHit> cues;   // every cue that counted, in text order
};

class StanceClassifier {
public:
    static constexpr size_t kNegationWindow = 5;
    static constexpr double kAfterContrast = 1.5;
    static constexpr double kBeforeContrast = 0.75;
    static constexpr double kEdgeSentence = 1.5;    // first and last sentences
    static constexpr double kMinRelevance = 0.4;    // a sentence sharing no word with the question
    static constexpr double kMinEvidence = 0.5;
    static constexpr double kHedgeDominance = 1.2;  // hedging must outweigh yes and no this much
    static constexpr double kConflictRatio = 0.8;
    static constexpr double kRestatementOverlap = 0.34;
    static constexpr double kRestatementWeight = 0.5;
    static constexpr double kConditional = 0.3;
    static constexpr double kUnanchoredNegation = 0.6;
    // A yes/no question whose answer has no cue at all (weak yes/no cues decide by themselves; a
    // weak hedge alone does not) but speaks of what was asked (shares one of the proposition's
    // words) is answered yes, with this weight: most answers that simply report the thing asked
    // about affirm it (PubMedQA dev: yes 0.55 of all; doctors' dev answers that share a question
    // word: yes the commonest).
    // Requiring a larger share lost on PubMedQA and gained nothing on the doctors.
    static constexpr double kPolarPrior = 0.5;
    // An answer this short that shares no word with the question ("It may.", "Could be.") answers
    // it elliptically; a longer one with a weak hedge alone speaks of something else (none).
    static constexpr size_t kEllipticalWords = 3;
    // Two or more sentences that open with a condition ("If it is 1st degree, physiotherapy is
    // enough. If it is 2nd degree, another surgery may be needed.") give verdicts under different
    // conditions: the answer says "it depends", a hedge of this weight.
    static constexpr double kConditionalVerdicts = 1.5;
    // A condition on a test's result ("if the X-ray shows the bone has healed, you can drop the
    // sling", "unless the scan comes back clear ...") makes the verdict wait for a test the doctor does not have: a hedge
    // of this weight, once an answer.
    static constexpr double kTestCondition = 1.0;

    explicit StanceClassifier(const std::filesystem::path& cue_file);

    StanceDecision classify(const QuestionFrame& question, std::string_view answer) const;

private:
    enum class Kind {
        affirm, deny, hedge, opening_affirm, opening_deny, negator, pseudo, terminator, contrast, no_difference,
        difference, unneeded, reassure, conditional, permit, advise, cause, degree, discourage, defer,
        prohibit, safety, harm, imperative, verify, benign, malignant
    };
    struct Cue {
        Kind kind;
        double weight;
    };
    struct Sentence {
        std::string_view text;
        double overlap = 0;              // share of the proposition's words it uses
        double alternative_overlap = 0;  // share of the alternative's ("or Y") words it uses
        double weight = 1;               // relevance x position
        bool opens_answer = false;
    };
    void score_sentence(const QuestionFrame& question, const Sentence& sentence, StanceDecision& decision) const;

    std::vector<Cue> cues_;
    PhraseMatcher matcher_;  // cue words -> index into cues_
    Xapian::Stem stem_{schema::kStemLanguage};
};

}  // namespace medqa::annotate
