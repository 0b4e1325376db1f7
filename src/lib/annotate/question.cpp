#include "annotate/question.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <optional>

#include "core/text.hpp"

namespace medqa::annotate {
namespace {

using text::in;

// Words that open a yes/no question. Greetings and fillers before them are skipped.
constexpr std::array<std::string_view, 44> kAuxiliaries{
    "am", "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall",
    "may", "might", "must", "has", "have", "had", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't",
    "didn't", "can't", "cannot", "couldn't", "won't", "wouldn't", "shouldn't", "hasn't", "haven't", "hadn't",
    "mustn't", "isnt", "arent", "dont", "doesnt", "cant", "wont", "shouldnt"};
// ("Doctor, is it...?" addresses one; "doctors are puzzled" is a statement about several. "Or"
// opens the second half of a choice: "No fix so far - or do I need surgery?".)
constexpr std::array<std::string_view, 14> kFillers{"so",  "and",    "but", "also", "doctor", "hi",   "hello",
                                                    "please", "dear", "sir", "then", "now",   "still", "or"};
constexpr std::array<std::string_view, 9> kWhWords{"what", "how", "why", "which", "when", "where", "who", "whom", "whose"};
// Verbs after which "if" asks a yes/no question: "I want to know if...", "wondering if...".
constexpr std::array<std::string_view, 7> kAskingVerbs{"know", "wonder", "wondering", "wondered", "tell", "ask", "sure"};
// Words that ask whether two things are alike rather than whether one changes the other.
// ("as safe as" is recognised by its two "as").
constexpr std::array<std::string_view, 6> kSameness{"equivalent", "comparable", "similar", "same", "equally", "noninferior"};

// Modals whose negation in an answer ("it can not", "it won't") denies what they asked.
constexpr std::array<std::string_view, 7> kModals{"can", "could", "will", "would", "should", "must", "shall"};

// "Should I ...?" is not among them: it asks for advice (asks_advice), and reassurance answers it no.
constexpr std::array<std::string_view, 3> kPermissionAuxiliaries{"can", "could", "may"};
constexpr std::array<std::string_view, 9> kPersons{"i", "we", "you", "he", "she", "they", "my", "our", "his"};
constexpr std::array<std::string_view, 10> kSafety{"safe", "ok", "okay", "normal", "fine", "alright", "allowed",
                                                  "harmless", "advisable", "possible"};
// Judgements of badness, when they end the clause or a preposition follows them (not "Is bad
// breath a sign of X?"): "Is it dangerous?", "Can it be serious?", "Is it harmful for my baby?".
constexpr std::array<std::string_view, 11> kHarms{"dangerous", "serious", "harmful", "risky",   "fatal", "deadly",
                                                 "unsafe",    "toxic",   "bad",     "worrying", "concerning"};

// Words that name a malignancy: a question that asks one of them ("Is this lump cancer?") is
// answered by "benign" / "malignant". (Not "tumour": a benign tumour is still one.)
constexpr std::array<std::string_view, 12> kMalignancies{"cancer",   "cancerous", "malignant", "malignancy",
                                                         "carcinoma", "sarcoma",  "lymphoma",  "leukemia",
                                                         "leukaemia", "melanoma", "metastasis", "metastatic"};

// Persons who act: "Can I take X or Y?" offers options (not "can my pain be X or Y?").
constexpr std::array<std::string_view, 6> kActors{"i", "we", "you", "he", "she", "they"};

// Quantities of a question of excess: "too young", "too soon", "too much".
constexpr std::array<std::string_view, 18> kExcess{"young", "old", "early", "late", "soon", "much", "many", "little",
                                                  "small", "big", "high", "low", "long", "short", "fast", "slow",
                                                  "frequent", "often"};

// Subjects that point at the asker's complaint: "Is it diabetes?", "Can this be a hernia?".
constexpr std::array<std::string_view, 3> kDeictics{"it", "this", "that"};

// Subjects after which an auxiliary is the verb of a statement ("I have", "there was", "I've
// had"), not an inversion.
constexpr std::array<std::string_view, 22> kSubjects{
    "i",    "you",  "he",   "she",   "it",   "we",    "they",    "this",    "that",    "there", "i've",
    "i'm",  "i'd",  "we've", "we're", "you've", "you're", "they've", "they're", "he's", "she's", "it's"};
// Words that can open the subject right after an inverted auxiliary: "is it", "can I", "does my
// scan", "is the pain", "has anyone".
constexpr std::array<std::string_view, 26> kSubjectOpeners{
    "i",     "you",  "he",    "she",   "it",  "we",  "they",   "this",    "that",   "there",  "these",   "those", "my",
    "your",  "his",  "her",   "our",   "their", "its", "the",  "anyone",  "anybody", "someone", "somebody", "any", "u"};
// Negated auxiliaries. A question opens with one only before its subject ("Isn't it...?",
// "Can't I...?"); before a verb it states with a dropped subject ("Can't sleep", "doctors don't
// know").
constexpr std::array<std::string_view, 26> kNegatedAuxiliaries{
    "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "can't", "cannot", "couldn't",
    "won't", "wouldn't", "shouldn't", "hasn't", "haven't", "hadn't", "mustn't", "isnt", "arent", "dont",
    "doesnt", "cant", "wont", "shouldnt", "didnt", "couldnt"};
// Forms of "be" and "have": after a noun they are most often the verb of a statement ("my vein
// is hard", "my son has a rash"), and people drop the subject before them ("Had surgery last
// year", "Was told I have anaemia"). They ask only before a subject, or when the clause already
// has its verb ("HIV test is non reactive is further testing required?").
constexpr std::array<std::string_view, 8> kBeHave{"am", "is", "are", "was", "were", "has", "have", "had"};
// Words after which an auxiliary continues a statement: a verb chain ("I have had") or
// coordinated verbs ("coughs all the time and has a hard tummy").
constexpr std::array<std::string_view, 3> kConjunctions{"and", "or", "but"};
// Units of an age or a duration: "My son is 8 months old" states, an auxiliary before a
// number and one of these is not an inversion.
constexpr std::array<std::string_view, 10> kTimeUnits{"year", "years", "month", "months", "week", "weeks",
                                                     "day",  "days",  "yrs",   "yr"};
// A question mark after a clause that opens with "need" or "any" is an elliptical "Do I need...?"
// or "Is there any...?": "Swallowed a bottle of Tylenol, need a liver transplant?", "Cyst on the
// ovary, any alternative to surgery?".
constexpr std::array<std::string_view, 3> kEllipticalOpeners{"need", "needs", "any"};
// ... unless what is asked for is help: "need second opinion?", "any advice?", "need relief?"
// ask for advice, not for a yes or a no.
constexpr std::array<std::string_view, 20> kHelpAskedFor{
    "opinion", "opinions", "advice", "advise", "help", "relief", "solution", "solutions", "answer", "answers",
    "suggestion", "suggestions", "guidance", "information", "idea", "ideas", "tips", "thoughts",
    "recommendation", "recommendations"};

// Does an elliptical "need" / "any" at `k` ask a yes/no question (not for help)?
bool asks_need(const std::vector<text::Token>& tokens, size_t k) {
    if (k >= tokens.size() || !in(kEllipticalOpeners, tokens[k].word)) return false;
    for (size_t j = k + 1; j < tokens.size() && j <= k + 3; ++j)
        if (in(kHelpAskedFor, tokens[j].word)) return false;
    return true;
}
// Words that ask for advice or necessity.
constexpr std::array<std::string_view, 9> kAdvice{"need", "necessary", "required", "recommended", "must", "advisable", "needed", "worthwhile", "worth"};
// Words that ask whether something changes, differs or does better, or whether one thing
// goes with another (predicts it, is associated with it): "similar outcomes in both groups"
// denies all of these.
constexpr std::array<std::string_view, 38> kDifference{
    "differ", "differs", "different", "difference", "differences", "better", "worse", "more", "less", "improve",
    "improves", "increase", "increases", "reduce", "reduces", "decrease", "decreases", "superior", "inferior",
    "affect", "affects", "influence", "influences", "change", "changes", "alter", "predict", "predicts",
    "predictor", "predictive", "associated", "association", "related", "correlate", "correlated", "correlation",
    "impact", "effect"};

// Words that challenge an assumption: "Is stage I really an early stage?", "Is dilatation
// always necessary?".
constexpr std::array<std::string_view, 4> kChallenges{"really", "always", "truly", "actually"};

// Words that ask whether something can be left out: "Can STIR imaging be omitted?", "Can CT
// replace bone scintigraphy?".
constexpr std::array<std::string_view, 10> kOmission{"omit",      "omitted", "replace", "replaced", "stop",
                                                    "stopped",   "discontinue", "discontinued", "skip", "skipped"};

// People drop the subject before these ("Had surgery last year, now...", "Was told I have
// anaemia"): opening a clause, they ask only before a subject.
constexpr std::array<std::string_view, 5> kSubjectDropped{"has", "have", "had", "was", "were"};

bool subject_next(const std::vector<text::Token>& tokens, size_t k) {
    return k + 1 < tokens.size() && in(kSubjectOpeners, tokens[k + 1].word);
}

// Does the auxiliary that opens a clause ask? "Is TENS safe?" does, "Can't sleep" and "Had
// surgery, now ..." state.
bool opens_question(const std::vector<text::Token>& tokens, size_t k) {
    const auto& aux = tokens[k].word;
    if (in(kNegatedAuxiliaries, aux) || in(kSubjectDropped, aux)) return subject_next(tokens, k);
    return true;
}

// Does an auxiliary inside a clause invert, i.e. open a run-on question ("I have FMF can I do a
// rhinoplasty?")? Without a '?' only before a subject pronoun ("is there", "can I"). With one, a
// negated auxiliary or a form of be/have needs a subject after it, or, for be/have, a clause that
// already has its verb (`clause_has_verb`: "HIV test is non reactive is further testing
// required?"); a modal or "do" asks before any word ("... can treatment cause it?").
bool inverts(const std::vector<text::Token>& tokens, size_t k, bool asked, bool clause_has_verb) {
    const auto& aux = tokens[k].word;
    if (!asked) return k + 1 < tokens.size() && in(kSubjects, tokens[k + 1].word);
    if (in(kNegatedAuxiliaries, aux)) return subject_next(tokens, k);
    if (in(kBeHave, aux)) return subject_next(tokens, k) || clause_has_verb;
    return true;
}

// Where the words of a question clause start: after fillers ("Doctor, can I...").
size_t skip_fillers(const std::vector<text::Token>& tokens, size_t from) {
    while (from < tokens.size() && in(kFillers, tokens[from].word)) ++from;
    return from;
}

// Is the token an auxiliary, a subject or a word that opens one: a clause that holds none has
// neither a verb nor a subject of its own.
bool verb_or_subject(const text::Token& t) {
    return in(kAuxiliaries, t.word) || in(kSubjects, t.word) || in(kSubjectOpeners, t.word);
}

// Does the auxiliary at k follow a condition without an auxiliary or a subject of its own that
// opens the clause ("If breastfeeding are cold tablets safe?", "After surgery is swimming ok?")?
// Then it opens the question, as it would after a comma. This matters for "be", "have" and the
// negated auxiliaries, which invert only before a subject otherwise (a modal always does); "If
// my tests are normal" has a subject, and its "are" is the condition's own verb. ("When" opens
// a wh-question, read before this.)
constexpr std::array<std::string_view, 4> kConditionOpeners{"if", "after", "before", "while"};
bool after_verbless_condition(const std::vector<text::Token>& tokens, size_t start, size_t k) {
    if (k <= start + 1 || !in(kConditionOpeners, tokens[start].word)) return false;
    return std::none_of(tokens.begin() + static_cast<long>(start) + 1, tokens.begin() + static_cast<long>(k), verb_or_subject);
}

struct Clause {
    std::vector<text::Token> tokens;
    size_t start = 0;  // first token of the question proper (after the auxiliary when polar)
    bool polar = false;
    bool open = false;  // a wh-question: it asks, but not for a yes or a no
    std::string text;
    std::string before;  // the statement before a question after a comma, in the same sentence
};

// Judgements that, opening a clause without a verb, ask whether the topic before them is so:
// "Heart rate of 140 at rest... dangerous?", "5 weeks pregnant... safe to take medications?".
constexpr std::array<std::string_view, 24> kJudgements{
    "safe",    "ok",        "okay",       "normal",  "fine",    "alright", "harmless", "advisable", "possible",
    "dangerous", "serious", "harmful",    "risky",   "contagious", "fatal", "curable",  "treatable", "reversible",
    "unusual", "enough", "bad", "worrying", "concerning", "abnormal"};
// Forms of "be" and adverbs of degree before a judgement that ends a statement-order question.
constexpr std::array<std::string_view, 6> kBeForms{"is", "are", "was", "were", "be", "being"};
constexpr std::array<std::string_view, 6> kDegreeAdverbs{"very", "too", "so", "really", "that", "still"};
constexpr std::array<std::string_view, 3> kStatementDeictics{"it", "this", "that"};
// ... when the judgement ends the clause or a preposition follows it ("safe to take",
// "dangerous for the baby"); before a noun it is an attribute ("Normal blood pressure but
// headaches?").
constexpr std::array<std::string_view, 9> kJudgementLinks{"to", "for", "during", "after", "while", "with", "in", "if", "or"};

// Words that put forward a hypothesis for the reader to confirm: "I believe I caught herpes
// from the tanning bed?", "I'm worried that I am pre-diabetic?" ask whether it is so.
constexpr std::array<std::string_view, 9> kBeliefs{"think", "believe", "suspect", "fear", "guess",
                                                  "afraid", "worried", "concerned", "scared"};
// Words between the speaker and the belief: "I am now very worried".
constexpr std::array<std::string_view, 8> kBeliefFillers{"am", "now", "very", "really", "so", "also", "just", "quite"};
constexpr std::array<std::string_view, 3> kSpeaker{"i", "i'm", "im"};
// "I may have passed it to my baby?": the speaker's own guess, hedged by a modal.
constexpr std::array<std::string_view, 2> kGuessModals{"may", "might"};

constexpr std::array<std::string_view, 5> kConcernObjects{"about", "of", "for", "with", "by"};

// Where the hypothesis of "I think (that) ...?" starts, if the clause at `i` opens with one.
std::optional<size_t> hypothesis(const std::vector<text::Token>& tokens, size_t i) {
    if (i + 2 >= tokens.size() || !in(kSpeaker, tokens[i].word)) return std::nullopt;
    if (tokens[i].word == "i" && in(kGuessModals, tokens[i + 1].word)) return i + 2;
    size_t k = i + 1;
    while (k < tokens.size() && k <= i + 3 && in(kBeliefFillers, tokens[k].word)) ++k;
    if (k >= tokens.size() || !in(kBeliefs, tokens[k].word)) return std::nullopt;
    ++k;
    if (k < tokens.size() && tokens[k].word == "that") ++k;
    // "I'm worried about this sore" names a worry, not a claim to confirm.
    if (k >= tokens.size() || in(kConcernObjects, tokens[k].word)) return std::nullopt;
    return k;
}

// A hypothesis anywhere in the clause, not only at its start: "..., concerned that this is a
// progression?", "doctor thinks they are fighting each other?", "read it is a sign of plague?"
// (someone's belief or a claim read, put forward to confirm), "It may be ring worms?" (a guess
// hedged by a modal). The belief word must be followed by its own clause: a subject, or "that".
constexpr std::array<std::string_view, 17> kBeliefsWithin{
    "think", "thinks", "believe", "believes", "suspect", "suspects", "fear", "fears", "afraid", "worried",
    "concerned", "scared", "read", "heard", "guess", "convinced", "suspected"};
constexpr std::array<std::string_view, 3> kGuessModalsWithin{"may", "might", "could"};
std::optional<size_t> hypothesis_within(const std::vector<text::Token>& t, size_t from) {
    for (size_t k = from; k + 2 < t.size(); ++k) {
        const auto& w = t[k].word;
        // "it may be X", "this might be X"
        if (in(kDeictics, w) && in(kGuessModalsWithin, t[k + 1].word) && t[k + 2].word == "be" && k + 3 < t.size())
            return k + 3;
        if (!in(kBeliefsWithin, w) || k == from) continue;
        // Only the asker's own belief: "I think", "I am concerned that", "I'm now very worried".
        size_t b = k;
        while (b > from && in(kBeliefFillers, t[b - 1].word)) --b;
        if (b == from || !in(kSpeaker, t[b - 1].word)) continue;
        size_t j = k + 1;
        if (t[j].word == "that") return j + 1 < t.size() ? std::optional<size_t>(j + 1) : std::nullopt;
        if (in(kConcernObjects, t[j].word)) continue;
        if (in(kSubjectOpeners, t[j].word) || t[j].word == "i'm" || t[j].word == "im") return j;
    }
    return std::nullopt;
}

// Words that open a new clause with its own verb (relative pronouns, "because"): "the test that
// was done is ...".
constexpr std::array<std::string_view, 4> kRelatives{"who", "which", "that", "because"};

constexpr std::array<std::string_view, 3> kDashes{"\u2013", "\u2014", "\u2026"};  // en and em dash, ellipsis

// Does punctuation that ends a clause (, ; : . a dash or an ellipsis) come between token k-1 and
// token k?
bool breaks_before(const Clause& c, size_t k) {
    if (k == 0) return false;
    auto gap = std::string_view(c.text).substr(c.tokens[k - 1].end, c.tokens[k].begin - c.tokens[k - 1].end);
    return gap.find_first_of(",;:.-") != std::string_view::npos ||
           std::any_of(kDashes.begin(), kDashes.end(), [&](std::string_view d) { return gap.find(d) != std::string_view::npos; });
}

// A request for help put as a question ("Can you help me?", "Could you please advise?", "Can
// anyone tell me what this is?", "Do you have any idea?") asks the reader to do something, not
// whether something is so. What it asks for may itself be a question: "tell me if it is cancer"
// (yes/no, from the "if"), "tell me what this is" (open).
constexpr std::array<std::string_view, 10> kHelpers{"you", "u", "anyone", "anybody", "someone", "somebody",
                                                   "doctor", "doctors", "ya", "one"};
// (Not "give", "let", "share": "Can you give HIV to your partner by kissing?" asks yes/no.)
constexpr std::array<std::string_view, 13> kHelpVerbs{"help", "tell", "advise", "advice", "suggest", "explain",
                                                     "recommend", "guide", "assist", "clarify", "interpret", "shed",
                                                     "answer"};
constexpr std::array<std::string_view, 5> kPoliteness{"please", "kindly", "pls", "plz", "just"};
constexpr std::array<std::string_view, 5> kRequestModals{"can", "could", "would", "will", "may"};
enum class Request { none, help, polar, open };
struct RequestRead {
    Request kind = Request::none;
    size_t from = 0;  // where the embedded yes/no question starts
};
RequestRead request_for_help(const std::vector<text::Token>& t, size_t aux) {
    RequestRead r;
    size_t k = aux + 1;
    if (k >= t.size() || !in(kHelpers, t[k].word)) return r;
    ++k;
    while (k < t.size() && in(kPoliteness, t[k].word)) ++k;
    if (k >= t.size()) return r;
    const auto& a = t[aux].word;
    bool modal_request = in(kRequestModals, a) && in(kHelpVerbs, t[k].word);
    // "Do you have any idea / suggestion?", "Does anyone know ...?"
    bool knowledge = (a == "do" || a == "does") && (t[k].word == "have" || t[k].word == "know");
    if (knowledge && t[k].word == "have") {
        knowledge = false;
        for (size_t j = k + 1; j < t.size() && j <= k + 3; ++j)
            if (in(kHelpAskedFor, t[j].word)) knowledge = true;
    }
    if (!modal_request && !knowledge) return r;
    r.kind = Request::help;
    for (size_t j = k + 1; j < t.size(); ++j) {
        if (t[j].word == "if" || t[j].word == "whether") return {Request::polar, j + 1};
        if (in(kWhWords, t[j].word)) return {Request::open, j};
    }
    return r;
}

// Where the clause that holds token k starts: after the last clause break before it, or `from`.
size_t clause_start(const Clause& c, size_t from, size_t k) {
    for (size_t j = k; j > from; --j)
        if (breaks_before(c, j)) return j;
    return from;
}

// A causal claim put forward: "adderall is causing some problems?", "the IV line is causing
// my headaches?" asks whether X causes Y, as "Is X causing Y?" does. The claim is the clause that
// holds it, subject included. Not in a relative clause ("a cyst which is causing pain" reports),
// and "what is causing it" is open before this is reached.
constexpr std::array<std::string_view, 3> kProgressiveBe{"is", "are", "was"};
std::optional<size_t> causal_claim(const Clause& c, size_t from) {
    const auto& t = c.tokens;
    for (size_t k = from + 2; k + 1 < t.size(); ++k) {  // something must be caused
        if (t[k].word != "causing" || !in(kProgressiveBe, t[k - 1].word)) continue;
        if (in(kRelatives, t[k - 2].word) || breaks_before(c, k - 1) || breaks_before(c, k)) continue;
        return clause_start(c, from, k - 1);
    }
    return std::nullopt;
}

// "who", "whom", "whose" and "which" inside a clause, after a word that asks nothing ("a 21 year
// old female who is ...", "a cyst which grows"), open a relative clause, not a wh-question; after
// a verb of asking or knowing ("know who", "tell me which") or at a clause break they ask.
constexpr std::array<std::string_view, 4> kRelativeWh{"who", "whom", "whose", "which"};
constexpr std::array<std::string_view, 12> kAskingBefore{"know", "knows", "wonder", "wondering", "tell", "me",
                                                        "ask", "sure", "idea", "decide", "unsure", "understand"};
bool relative_pronoun(const Clause& c, size_t from, size_t k) {
    if (k == from || !in(kRelativeWh, c.tokens[k].word) || breaks_before(c, k)) return false;
    return !in(kAskingBefore, c.tokens[k - 1].word);
}

// What something seems to be: "two piercings that seem to be infected?", "my fibula appears to
// be displaced?" put forward an appearance for the reader to confirm (as "Are they infected?");
// what is asked is the state after "to be" (as "Is it X?" asks about X). Not denied or failed
// ("nothing seems to be wrong", "I can't seem to be heard"), and only with "to be": an
// appearance of a state, not "seems to care" or "seems to have" (symptoms, mostly).
constexpr std::array<std::string_view, 6> kSeem{"seem", "seems", "seemed", "appear", "appears", "appeared"};
constexpr std::array<std::string_view, 5> kSeemDenied{"nothing", "no", "nobody", "none", "never"};
std::optional<size_t> seeming(const Clause& c, size_t from) {
    const auto& t = c.tokens;
    for (size_t k = from + 1; k + 3 < t.size(); ++k) {  // a state must follow "to be"
        if (!in(kSeem, t[k].word) || t[k + 1].word != "to" || t[k + 2].word != "be") continue;
        const auto& before = t[k - 1].word;
        if (in(kAuxiliaries, before) || in(kNegatedAuxiliaries, before) || in(kSeemDenied, before) || before == "not")
            continue;
        return k + 3;
    }
    return std::nullopt;
}

// Deliberation: "I am considering going back on my medication?", "..., thinking about a
// hysterectomy?" asks whether to do it (as "Should I ...?"); the proposition is what is
// considered.
constexpr std::array<std::string_view, 2> kDeliberating{"considering", "contemplating"};
constexpr std::array<std::string_view, 2> kDeliberatingWith{"thinking", "planning"};
constexpr std::array<std::string_view, 4> kDeliberationLinks{"about", "of", "on", "to"};
std::optional<size_t> deliberation(const Clause& c, size_t from) {
    const auto& t = c.tokens;
    for (size_t k = from; k + 1 < t.size(); ++k) {
        size_t what = k + 1;
        if (in(kDeliberatingWith, t[k].word)) {
            if (!in(kDeliberationLinks, t[k + 1].word)) continue;
            what = k + 2;
        } else if (!in(kDeliberating, t[k].word)) {
            continue;
        }
        if (what >= t.size()) continue;
        return what;
    }
    return std::nullopt;
}

// A claim put forward in statement order, with a question mark.
std::optional<size_t> claim(const Clause& c, size_t from) {
    if (auto k = causal_claim(c, from)) return k;
    if (auto k = seeming(c, from)) return k;
    if (auto k = deliberation(c, from)) return k;
    return std::nullopt;
}

// Reads one candidate question clause; `asked` tells whether it ended in a '?'.
Clause read_clause(std::string_view s, bool asked) {
    Clause c;
    c.text = std::string(s);
    c.tokens = text::tokenize(s);
    size_t i = skip_fillers(c.tokens, 0);
    c.start = i;
    auto polar_from = [&](size_t k) {
        c.polar = true;
        c.start = k;
        return c;
    };
    auto open = [&] {
        c.open = true;
        return c;
    };
    if (i < c.tokens.size() && in(kWhWords, c.tokens[i].word)) return open();
    // An auxiliary that opens a question, unless it opens a request for help.
    auto ask_from = [&](size_t aux) {
        auto request = request_for_help(c.tokens, aux);
        switch (request.kind) {
            case Request::none: return polar_from(aux + 1);
            case Request::polar: return polar_from(request.from);
            case Request::open: return open();
            case Request::help: break;
        }
        return c;
    };
    if (i < c.tokens.size() && in(kAuxiliaries, c.tokens[i].word) && opens_question(c.tokens, i))
        return ask_from(i);
    if (asked && asks_need(c.tokens, i)) return polar_from(i + 1);
    // "whether ...", "know if ...": an embedded yes/no question.
    for (size_t k = 0; k < c.tokens.size(); ++k) {
        const auto& w = c.tokens[k].word;
        if (w == "whether" || (w == "if" && k > 0 && in(kAskingVerbs, c.tokens[k - 1].word))) return polar_from(k + 1);
    }
    // A run-on sentence asks from its last inverted auxiliary on: "HIV test is non reactive is
    // further testing required?", "I had a kidney stone removed is there a stone still moving".
    // An auxiliary right after a subject, an auxiliary or a conjunction ("I have been", "there
    // was", "I have had", "and has") or before an age ("is 8 months old") states, it does not
    // ask. Without a question mark only an auxiliary followed by its subject ("is there", "can
    // I") is read as asking. A wh-word first makes it an open question; a statement with a
    // question mark and no inverted auxiliary ("Pain for 2 months?") asks for advice, not yes/no.
    std::optional<size_t> inverted;
    bool clause_has_verb = false;  // an auxiliary since the last comma, conjunction or relative pronoun
    for (size_t k = i; k < c.tokens.size(); ++k) {
        const auto& word = c.tokens[k].word;
        if (in(kWhWords, word)) {
            // A relative clause ("a woman who is considering going back on medication?") asks
            // nothing itself, but may put forward a claim. Only one inside the relative clause,
            // which runs to the end: a claim in a later clause would be read past a sentence
            // that was open before.
            if (relative_pronoun(c, i, k) && clause_start(c, k, c.tokens.size() - 1) == k)
                if (auto h = claim(c, k + 1)) return polar_from(*h);
            return open();
        }
        bool after_break = breaks_before(c, k);
        // A conjunction, a relative pronoun, a break or a new subject ("doctors say my uterus is
        // damaged") opens a clause that has no verb yet.
        if (in(kConjunctions, word) || in(kRelatives, word) || in(kSubjectOpeners, word) || after_break)
            clause_has_verb = false;
        if (!in(kAuxiliaries, word)) continue;
        bool had_verb = clause_has_verb;
        clause_has_verb = true;
        if (k == i || k + 1 >= c.tokens.size()) continue;
        // After a dash or a comma the auxiliary opens a clause of its own: "My mother has chronic
        // pain – is cannabis oil ok?".
        if (after_break && asked && opens_question(c.tokens, k)) {
            inverted = k;
            continue;
        }
        const auto& before = c.tokens[k - 1].word;
        const auto& after = c.tokens[k + 1].word;
        if (in(kSubjects, before) || in(kAuxiliaries, before) || in(kConjunctions, before) || before == "to") continue;
        bool age = std::isdigit(static_cast<unsigned char>(after[0])) && k + 2 < c.tokens.size() &&
                   in(kTimeUnits, c.tokens[k + 2].word);
        if (!age && (inverts(c.tokens, k, asked, had_verb) || (asked && after_verbless_condition(c.tokens, i, k))))
            inverted = k;
    }
    if (inverted) return ask_from(*inverted);
    if (!asked) return c;
    // Elliptical questions without an auxiliary, in the clause after the last break (or the
    // whole clause): a judgement ("... dangerous?") asks whether the topic before it is so, and
    // a choice without a verb ("Back pain, kidney stone or muscle strain?") asks "is it A or
    // B?", about A. A verb or a subject in it makes it a statement ("legs are cold or hot").
    size_t tail = i;
    for (size_t k = i + 1; k < c.tokens.size(); ++k)
        if (breaks_before(c, k)) tail = k;
    if (tail < c.tokens.size() && in(kJudgements, c.tokens[tail].word) &&
        (tail + 1 == c.tokens.size() || in(kJudgementLinks, c.tokens[tail + 1].word)))
        return polar_from(i);
    // Statement order: "My heart rate of 120 is normal?", "Taking both together is safe?", "...,
    // it is contagious?": a form of "be" (and perhaps an adverb of degree) before a judgement
    // that ends the sentence asks whether it is so, as "Is my heart rate normal?" does. Only in a
    // sentence of one clause, or after a break with "it/this/that" as subject: after another
    // clause it reports results ("Thighs turned purple, all blood tests are ok?", "decreased
    // output, but all tests are normal?").
    if (size_t n = c.tokens.size(); n >= tail + 3 && in(kJudgements, c.tokens[n - 1].word) &&
        (tail == i || in(kStatementDeictics, c.tokens[tail].word))) {
        size_t k = n - 2;
        while (k > tail + 1 && in(kDegreeAdverbs, c.tokens[k].word)) --k;
        if (in(kBeForms, c.tokens[k].word)) return polar_from(tail);
    }
    bool verbless = std::none_of(c.tokens.begin() + static_cast<long>(tail), c.tokens.end(), verb_or_subject);
    auto is_or = [](const text::Token& t) { return t.word == "or"; };
    if (verbless && tail + 1 < c.tokens.size() && !is_or(c.tokens[tail]) &&
        std::any_of(c.tokens.begin() + static_cast<long>(tail), c.tokens.end(), is_or))
        return polar_from(tail);
    // The asker's guess or belief may open the clause or follow a break in it: "I have shingles,
    // I may have given it to my grandson?".
    for (size_t k = i; k < c.tokens.size(); ++k)
        if (k == i || breaks_before(c, k))
            if (auto h = hypothesis(c.tokens, k)) return polar_from(*h);
    if (auto k = hypothesis_within(c.tokens, i)) return polar_from(*k);
    if (auto k = claim(c, i)) return polar_from(*k);
    return c;
}

// Where the last topic separator of a headline ends: ':' or ';' (not inside a word, as in
// "holmium:YAG"), or a dash between spaces or doubled ("Rotator cuff tear--an occupational
// disease?"). npos when there is none.
size_t after_topic(std::string_view s) {
    size_t found = std::string_view::npos;
    for (size_t i = 0; i < s.size(); ++i) {
        bool inside_word = i > 0 && i + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[i - 1])) &&
                           std::isalnum(static_cast<unsigned char>(s[i + 1]));
        if ((s[i] == ':' || s[i] == ';') && !inside_word) found = i + 1;
        else if (s[i] == '-' && i + 1 < s.size() && s[i + 1] == '-') found = i + 2;
        else if (s[i] == '-' && i > 0 && i + 1 < s.size() && s[i - 1] == ' ' && s[i + 1] == ' ') found = i + 1;
    }
    return found;
}

// Articles that open a headline's comment in apposition: "Actinobaculum schaalii, a cause of
// urinary tract infections?" asks whether it is one.
constexpr std::array<std::string_view, 3> kAppositionArticles{"a", "an", "another"};
// Words before a colon that label the text rather than name a topic.
constexpr std::array<std::string_view, 6> kLabels{"question", "q", "query", "re", "subject", "title"};

// Are all these words (none, too) labels of the text rather than a topic: "Question:", "Re:"?
bool all_labels(const std::vector<text::Token>& words) {
    return std::all_of(words.begin(), words.end(), [](const text::Token& t) { return in(kLabels, t.word); });
}

// The text after a leading label ("Question: Can I ..."), else the whole text.
std::string_view after_label(std::string_view text) {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos) return text;
    auto words = text::tokenize(text.substr(0, colon));
    return !words.empty() && all_labels(words) ? text.substr(colon + 1) : text;
}

// Is the text a statement, with a subject pronoun or an auxiliary ("I have moles on my shoulders")?
// Then a phrase after it is more of the same ("..., a few on my back?"), not an apposition.
bool states(std::string_view text) {
    auto tokens = text::tokenize(text);
    return std::any_of(tokens.begin(), tokens.end(),
                       [](const text::Token& t) { return in(kSubjects, t.word) || in(kAuxiliaries, t.word); });
}

// The question clause of a sentence that holds a '?': the words before it, after the last
// topic separator (':', ';', a dash), or after the last comma that opens a question.
// A headline's comment without a verb of its own ("Statins: a risk factor for myopathy?",
// "Drug X, an alternative to surgery?") asks whether the topic is so: it is read as the
// elliptical yes/no question "Is it ...?". A plain phrase with a question mark and no topic
// ("Pain for 2 months?") is still not a yes/no question.
Clause question_clause(std::string_view sentence) {
    sentence = sentence.substr(0, sentence.find('?'));
    size_t cut = after_topic(sentence);
    bool headline = false;
    if (cut != std::string_view::npos) {
        // "Question: ..." is a label, not a topic.
        headline = !all_labels(text::tokenize(sentence.substr(0, cut)));
        sentence = sentence.substr(cut);
    }
    for (size_t comma = sentence.rfind(','); comma != std::string_view::npos && comma > 0;
         comma = sentence.rfind(',', comma - 1)) {
        Clause after = read_clause(sentence.substr(comma + 1), true);
        size_t first = skip_fillers(after.tokens, 0);
        if (first < after.tokens.size() &&
            ((in(kAuxiliaries, after.tokens[first].word) && opens_question(after.tokens, first)) ||
             asks_need(after.tokens, first))) {
            after.before = std::string(sentence.substr(0, comma));
            return after;
        }
        if (!headline && first < after.tokens.size() && in(kAppositionArticles, after.tokens[first].word) &&
            !states(sentence.substr(0, comma))) {
            after.polar = true;
            after.start = first;
            return after;
        }
    }
    Clause clause = read_clause(sentence, true);
    size_t first = skip_fillers(clause.tokens, 0);
    if (headline && !clause.polar && first < clause.tokens.size() && !in(kWhWords, clause.tokens[first].word) &&
        std::none_of(clause.tokens.begin(), clause.tokens.end(), [](const text::Token& t) { return in(kWhWords, t.word); })) {
        clause.polar = true;
        clause.start = first;
    }
    return clause;
}

// A sentence without a '?' as a question: the whole of it ("can I run after surgery"), else the
// words after a comma ("after surgery, can I run"). Without the mark only a clause that opens with
// an auxiliary and a subject asks (read_clause's rule for unmarked questions). Only the clauses
// after the last kUnmarkedCommaClauses commas are tried: each is read anew, and a run-on text of
// thousands of commas would be read thousands of times over.
constexpr int kUnmarkedCommaClauses = 3;
Clause unmarked_question(std::string_view sentence) {
    Clause whole = read_clause(sentence, false);
    if (whole.polar || whole.open) return whole;
    int tried = 0;
    for (size_t comma = sentence.rfind(','); comma != std::string_view::npos && comma > 0 && tried < kUnmarkedCommaClauses;
         comma = sentence.rfind(',', comma - 1), ++tried) {
        Clause after = read_clause(sentence.substr(comma + 1), false);
        if (after.polar) {
            after.before = std::string(sentence.substr(0, comma));
            return after;
        }
    }
    return whole;
}

std::optional<Clause> find_question(std::string_view title, std::string_view body) {
    // The first sentence with a '?' that asks decides; one that states ("I have had a cough for
    // a month?") lets a later one ask ("... Is it asthma?"), and is the answer when none does.
    std::optional<Clause> statement;
    for (std::string_view part : {title, body})
        for (auto span : text::sentences(part)) {
            std::string_view s = part.substr(span.begin, span.end - span.begin);
            if (s.find('?') == std::string_view::npos) continue;
            Clause c = question_clause(s);
            if (c.polar || c.open) return c;
            if (!statement) statement = std::move(c);
        }
    if (statement) return statement;
    // No question mark anywhere: many people type their question without one. The first sentence
    // that reads as a question decides, as a clause after a comma may ("I have a lump, is it
    // cancer"); a greeting or a statement before it ("Hello doctor. ...") does not. When none
    // does, the first sentence is the question, and it asks nothing.
    std::optional<Clause> first;
    for (std::string_view part : {title, body})
        for (auto span : text::sentences(part)) {
            std::string_view s = after_label(part.substr(span.begin, span.end - span.begin));
            Clause c = unmarked_question(s);
            if (c.polar || c.open) return c;
            if (!first) first = std::move(c);
        }
    return first;
}

}  // namespace

QuestionFrame analyse_question(std::string_view title, std::string_view question, const WordList& stopwords,
                               const Xapian::Stem& stem) {
    QuestionFrame frame;
    auto clause = find_question(title, question);
    if (!clause) return frame;
    frame.sentence = clause->text;
    frame.polar = clause->polar;
    if (!frame.polar) return frame;
    // "Can I / may we / could my ...": the auxiliary that opened the question, then a person.
    const auto& toks = clause->tokens;
    if (clause->start >= 1 && toks[clause->start - 1].word == "should") frame.asks_advice = true;
    if (clause->start >= 1 && in(kModals, toks[clause->start - 1].word)) frame.modal = toks[clause->start - 1].word;
    bool asks_as_person = clause->start >= 1 && clause->start < toks.size() &&
                          in(kPermissionAuxiliaries, toks[clause->start - 1].word) && in(kPersons, toks[clause->start].word);
    if (asks_as_person) frame.asks_permission = frame.asks_to_act = true;
    // In a list of choices ("should I up the pain medicine, go to the ER or ride it out?") every
    // option after the first is an alternative: they start at the first break before the "or".
    size_t options_from = toks.size();
    auto first_or = std::find_if(toks.begin() + static_cast<long>(clause->start), toks.end(),
                                 [](const text::Token& t) { return t.word == "or"; });
    for (size_t k = clause->start + 1; first_or != toks.end() && k < static_cast<size_t>(first_or - toks.begin()); ++k)
        if (breaks_before(*clause, k)) {
            options_from = k;
            break;
        }
    bool after_or = false;
    for (size_t k = clause->start; k < clause->tokens.size(); ++k) {
        const std::string& w = clause->tokens[k].word;
        if ((w == "or" || k == options_from) && !frame.proposition.empty()) after_or = true;
        if (w == "or" && after_or) continue;
        // Only with what the excess would rule out after it ("too young to have it", "too soon
        // for another MRI"): "Can too much alcohol cause X?" and "will my heart rate go too low?"
        // ask about the quantity itself.
        if (w == "too" && k + 2 < clause->tokens.size() && in(kExcess, clause->tokens[k + 1].word) &&
            (clause->tokens[k + 2].word == "to" || clause->tokens[k + 2].word == "for"))
            frame.excess = stem(clause->tokens[k + 1].word);
        if (in(kAdvice, w)) frame.asks_advice = true;
        if (in(kChallenges, w)) frame.challenges = true;
        if (!after_or && in(kMalignancies, w)) frame.asks_malignancy = true;
        if (in(kOmission, w)) frame.asks_omission = true;
        if (in(kSameness, w)) frame.comparison = QuestionFrame::Comparison::sameness;
        if (in(kDifference, w) && frame.comparison == QuestionFrame::Comparison::none)
            frame.comparison = QuestionFrame::Comparison::difference;
        // "Is it safe or dangerous?", "Is it normal or serious?": the second judgement is the
        // first one's opposite, not another option; it asks the first.
        const bool safety = in(kSafety, w), harm = in(kHarms, w);
        if (after_or && (safety || harm) && (frame.asks_permission || frame.asks_harm)) {
            after_or = false;
            continue;
        }
        const std::string_view next = k + 1 < toks.size() ? std::string_view(toks[k + 1].word) : std::string_view();
        if (safety) frame.asks_permission = true;
        if (safety && next == "to") frame.asks_to_act = true;
        if (harm && !after_or && (next.empty() || in(kJudgementLinks, next))) frame.asks_harm = true;
        if (w == "as" && k + 2 < clause->tokens.size() && std::any_of(clause->tokens.begin() + static_cast<long>(k) + 2, clause->tokens.end(),
                                     [](const auto& t) { return t.word == "as"; }))
            frame.comparison = QuestionFrame::Comparison::sameness;
        if (stopwords.contains(w) || in(kAuxiliaries, w)) continue;
        std::string s = stem(w);
        auto& into = after_or ? frame.alternative : frame.proposition;
        if (std::find(into.begin(), into.end(), s) == into.end()) into.push_back(std::move(s));
    }
    // "Is it / can this be / could that be X?" (a form of "be": "would it help?" asks about an
    // effect), unless it asks for a judgement ("Is it safe?").
    size_t subject = clause->start;
    // A judgement that ends the question ("My blood pressure is 150/95, is that bad?", "is it
    // serious?") asks whether the topic is so, not what it is.
    bool judged = !toks.empty() && in(kJudgements, toks.back().word);
    frame.asks_identity = !frame.asks_permission && !judged && subject >= 1 && subject + 1 < toks.size() &&
                          in(kDeictics, toks[subject].word) &&
                          (toks[subject - 1].word == "is" || toks[subject - 1].word == "was" ||
                           toks[subject + 1].word == "be");
    // "I am thinking of varicocele surgery, would it help?": "it" is the topic stated before the
    // question, whose words are then the proposition's too (not for "is it X?", whose "it" is a
    // complaint that X would explain).
    if (!frame.asks_identity && subject < toks.size() && in(kDeictics, toks[subject].word)) {
        auto topic = text::tokenize(clause->before);
        topic.insert(topic.end(), toks.begin(), toks.begin() + static_cast<long>(subject > 0 ? subject - 1 : 0));
        for (const auto& t : topic) {
            if (stopwords.contains(t.word) || in(kAuxiliaries, t.word)) continue;
            std::string s = stem(t.word);
            if (std::find(frame.proposition.begin(), frame.proposition.end(), s) == frame.proposition.end())
                frame.proposition.push_back(std::move(s));
        }
    }
    // "Can I take ibuprofen or paracetamol?" offers options, any of which may be granted: unlike
    // "Is it X or Y?", an answer that allows Y does not deny X. All options are what was asked.
    // (Only with a person as the one who acts: "Can my pain be due to X or Y?" asks which.)
    bool actor = asks_as_person && in(kActors, toks[clause->start].word) &&
                 !(clause->start + 1 < toks.size() && toks[clause->start + 1].word == "be");
    if (actor && !frame.alternative.empty()) {
        for (auto& w : frame.alternative)
            if (std::find(frame.proposition.begin(), frame.proposition.end(), w) == frame.proposition.end())
                frame.proposition.push_back(std::move(w));
        frame.alternative.clear();
    }
    // Words of both X and Y ("multiple sclerosis or amyotrophic lateral sclerosis") tell
    // neither apart: they leave both lists.
    if (!frame.alternative.empty()) {
        std::vector<std::string> shared;
        for (const auto& w : frame.alternative)
            if (frame.asks_about(w)) shared.push_back(w);
        auto drop = [&](std::vector<std::string>& list) {
            std::erase_if(list, [&](const std::string& w) { return std::find(shared.begin(), shared.end(), w) != shared.end(); });
        };
        if (shared.size() < frame.proposition.size()) {
            drop(frame.proposition);
            drop(frame.alternative);
        }
    }
    return frame;
}

}  // namespace medqa::annotate
