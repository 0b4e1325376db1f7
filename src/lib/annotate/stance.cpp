#include "annotate/stance.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "annotate/tsv_file.hpp"
#include "core/text.hpp"

namespace medqa::annotate {

StanceClassifier::StanceClassifier(const std::filesystem::path& cue_file) {
    static const std::map<std::string, Kind, std::less<>> kKinds{
        {"affirm", Kind::affirm},         {"deny", Kind::deny},
        {"hedge", Kind::hedge},           {"opening-affirm", Kind::opening_affirm},
        {"opening-deny", Kind::opening_deny}, {"negator", Kind::negator},
        {"pseudo", Kind::pseudo},         {"terminator", Kind::terminator},
        {"contrast", Kind::contrast},     {"no-difference", Kind::no_difference},
        {"difference", Kind::difference}, {"unneeded", Kind::unneeded},
        {"reassure", Kind::reassure},     {"conditional", Kind::conditional},
        {"permit", Kind::permit},         {"advise", Kind::advise},
        {"cause", Kind::cause},           {"degree", Kind::degree},
        {"discourage", Kind::discourage}, {"defer", Kind::defer}, {"prohibit", Kind::prohibit},
        {"safety", Kind::safety},         {"harm", Kind::harm},       {"imperative", Kind::imperative},
        {"verify", Kind::verify},         {"benign", Kind::benign},   {"malignant", Kind::malignant}};
    read_tsv(cue_file, 2, 3, [&](const TsvRow& row) {
        auto kind = kKinds.find(row.cells[1]);
        if (kind == kKinds.end()) {
            std::string known;
            for (const auto& [name, k] : kKinds) known += (known.empty() ? "" : ", ") + name;
            lexicon_error(row.where, "unknown cue kind '" + row.cells[1] + "' (" + known + ")");
        }
        double weight = 1.0;
        if (!row.cells[2].empty()) {
            try {
                weight = std::stod(row.cells[2]);
            } catch (const std::exception&) {
                lexicon_error(row.where, "weight '" + row.cells[2] + "' is not a number");
            }
        }
        std::vector<std::string> words;
        for (auto& t : text::tokenize(row.cells[0])) words.push_back(std::move(t.word));
        if (words.empty()) lexicon_error(row.where, "empty cue phrase");
        if (matcher_.lookup(words)) lexicon_error(row.where, "cue '" + row.cells[0] + "' is listed twice");
        matcher_.add(words, static_cast<uint32_t>(cues_.size()));
        cues_.push_back({kind->second, weight});
    });
}

namespace {

// Words that may come before an answer's "Yes"/"No": "Hi, no, ...", "Dear sir, yes".
constexpr std::array<std::string_view, 9> kGreetings{"hi", "hello", "hey", "dear", "sir", "madam", "ma'am", "doctor", "well"};

// A negation right after a relative pronoun (and its auxiliaries) describes a group: "patients
// who did not receive radiotherapy", "men who had no history of travel". A negation that brings
// its own subject ("shows that it is not") is a complement clause, and it denies.
constexpr std::array<std::string_view, 4> kRelativePronouns{"who", "whom", "that", "which"};
constexpr std::array<std::string_view, 11> kGroupAuxiliaries{"had", "have", "has", "did", "do", "does",
                                                            "were", "was", "are", "is", "could"};

bool in_relative_clause(const std::vector<text::Token>& tokens, size_t negation) {
    if (tokens[negation].word == "it") return false;
    size_t k = negation;
    while (k > 0 && text::in(kGroupAuxiliaries, tokens[k - 1].word))
        --k;
    return k > 0 && text::in(kRelativePronouns, tokens[k - 1].word);
}

// Conjunctions that open a conceded clause ("Although X, Y": Y is asserted, X granted), and
// the words after which "though" is one too ("we found that though ..."); elsewhere "though"
// may be the adverb ("it is fine though").
constexpr std::array<std::string_view, 2> kConcessives{"although", "though"};
constexpr std::array<std::string_view, 3> kBeforeConcessiveThough{"that", "even", "and"};

// "provided" after these is the verb ("has provided new data", "is provided by"), not the
// conjunction "provided (that)".
constexpr std::array<std::string_view, 3> kBeForms{"be", "been", "being"};

// Words after which an imperative may open a clause: "so do not worry", "please don't lift",
// "but get it checked".
constexpr std::array<std::string_view, 6> kImperativeOpeners{"and", "so", "but", "please", "also", "just"};

// Does the sentence end in a question mark (before closing quotes or brackets)?
bool asks(std::string_view sentence) {
    size_t end = sentence.find_last_not_of("\"')");
    return end != std::string_view::npos && sentence[end] == '?';
}

// Modals, and the negated forms that hold one: "it can not", "it won't" negate the modal.
// Modals of one family answer each other: "Can it spread?" - "It couldn't".
std::string_view modal_family(std::string_view w) {
    if (w == "can" || w == "could" || w == "cannot" || w == "can't" || w == "cant" || w == "couldn't" ||
        w == "couldnt")
        return "can";
    if (w == "will" || w == "would" || w == "won't" || w == "wont" || w == "wouldn't" || w == "wouldnt") return "will";
    if (w == "should" || w == "shall" || w == "must" || w == "shouldn't" || w == "shouldnt" || w == "mustn't")
        return "should";
    if (w == "may" || w == "might") return "may";
    return {};
}
bool negates_by_itself(std::string_view w) { return w.find('\'') != std::string_view::npos || w == "cannot" || w == "cant" || w == "wont" || w == "wouldnt" || w == "shouldnt" || w == "couldnt"; }

// Indefinite articles: "not a bruise" names a kind of thing; and the subjects that open the
// clause of a correction after it ("not a bruise, it is infected").
constexpr std::array<std::string_view, 2> kIndefinites{"a", "an"};
constexpr std::array<std::string_view, 4> kStatementSubjects{"it", "it's", "this", "that"};
constexpr std::array<std::string_view, 4> kBeAfterSubject{"is", "was", "looks", "seems"};

// Words of certainty: negated, they leave the thing open ("not definitely").
constexpr std::array<std::string_view, 3> kCertainty{"definitely", "certainly", "surely"};

bool is_greeting(std::string_view w) { return text::in(kGreetings, w); }

// Is token k the abbreviation of number ("No. 5 nasal spray", "no. #3"), not a "no"?
bool numbers_something(std::string_view sentence, const std::vector<text::Token>& tokens, size_t k) {
    if (tokens[k].word != "no" || tokens[k].end >= sentence.size() || sentence[tokens[k].end] != '.') return false;
    size_t next = sentence.find_first_not_of(' ', tokens[k].end + 1);
    return next != std::string_view::npos && (std::isdigit(static_cast<unsigned char>(sentence[next])) || sentence[next] == '#');
}

// Words of degree: after a negation and before the thing asked ("not very contagious") they
// grade it, they do not deny it.
constexpr std::array<std::string_view, 5> kDegreeAdverbs{"very", "particularly", "highly", "terribly", "extremely"};

// Does a clause break (, ; :) come between token k-1 and token k of the sentence?
bool clause_break_before(std::string_view sentence, const std::vector<text::Token>& tokens, size_t k) {
    return k > 0 && k < tokens.size() &&
           sentence.substr(tokens[k - 1].end, tokens[k].begin - tokens[k - 1].end).find_first_of(",;:") !=
               std::string_view::npos;
}

// A condition on a test's result ("if the X-ray shows the bone has healed", "unless the scan
// comes back clear"): a test named, then what its result would be.
constexpr std::array<std::string_view, 22> kTests{"test",   "tests",      "x-ray", "xray",    "x-rays", "xrays",
                                                  "scan",   "scans",      "mri",   "ct",      "biopsy", "ultrasound",
                                                  "usg",    "results",    "result", "report", "reports", "smear",
                                                  "culture", "echo",      "ecg",   "ekg"};
constexpr std::array<std::string_view, 16> kTestOutcomes{"normal", "negative", "positive", "show",     "shows",   "showed",
                                                         "came",   "comes",    "come",     "turn",     "turns",   "turned",
                                                         "reveals", "revealed", "within",  "clear"};

// Words of attitude that may come before the verdict without changing it: "Unfortunately yes",
// "Sadly, no", "Honestly, no".
constexpr std::array<std::string_view, 12> kVerdictPreludes{"unfortunately", "sadly",   "fortunately", "luckily",
                                                            "thankfully",    "happily", "regrettably", "honestly",
                                                            "frankly",       "actually", "so",         "okay"};

bool is_verdict_prelude(std::string_view w) {
    return text::in(kVerdictPreludes, w);
}

// The doctor's opinion announced before the verdict: "In my opinion yes, ...", "in my view, no".
// How many words of it start at token k (0 when none).
constexpr std::array<std::string_view, 2> kOpinions{"opinion", "view"};
size_t opinion_prelude(const std::vector<text::Token>& tokens, size_t k) {
    bool opinion = k + 2 < tokens.size() && tokens[k].word == "in" && tokens[k + 1].word == "my" &&
                   text::in(kOpinions, tokens[k + 2].word);
    return opinion ? 3 : 0;
}

// How many of the given words (stems) the tokens [first, last) use, each counted once.
size_t shared_stems(const std::vector<std::string>& stems, const std::vector<text::Token>& tokens, size_t first,
                    size_t last, const Xapian::Stem& stem) {
    std::vector<std::string> shared;
    for (size_t j = first; j < last; ++j) {
        std::string s = stem(tokens[j].word);
        if (std::find(stems.begin(), stems.end(), s) != stems.end() &&
            std::find(shared.begin(), shared.end(), s) == shared.end())
            shared.push_back(std::move(s));
    }
    return shared.size();
}

}  // namespace

void StanceClassifier::score_sentence(const QuestionFrame& question, const Sentence& in,
                                      StanceDecision& decision) const {
    const std::string_view sentence = in.text;
    auto tokens = text::tokenize(sentence);
    std::vector<std::string> words;
    for (const auto& t : tokens) words.push_back(t.word);
    auto matches = matcher_.find(words);

    size_t first_word = 0;  // where "Yes"/"No" may open the sentence
    while (first_word < tokens.size()) {
        if (is_greeting(tokens[first_word].word) || is_verdict_prelude(tokens[first_word].word)) ++first_word;
        else if (size_t n = opinion_prelude(tokens, first_word)) first_word += n;
        else break;
    }
    auto followed_by_punctuation = [&](size_t last) {
        size_t at = tokens[last - 1].end;
        return at < sentence.size() && std::string_view(",.!;:-").find(sentence[at]) != std::string_view::npos;
    };
    auto breaks_before = [&](size_t k) { return clause_break_before(sentence, tokens, k); };
    // The end of the clause that holds token k: the next clause break, or the sentence's end.
    // Found for every token at once: asked once a cue, a scan from k would make a long sentence
    // without breaks ("no no no ...", 400 KB of it) cost the square of its length.
    std::vector<size_t> clause_ends(tokens.size() + 1, tokens.size());
    for (size_t k = tokens.size(); k-- > 0;) clause_ends[k] = breaks_before(k) ? k : clause_ends[k + 1];
    auto clause_end = [&](size_t k) { return k < tokens.size() ? clause_ends[k] : k; };
    // Does one of the question's words come within the negation window after token k?
    // The first word of the question's proposition within kNegationWindow words from k, or npos.
    auto proposition_word_near = [&](size_t k) {
        for (size_t j = k; j < tokens.size() && j < k + kNegationWindow; ++j)
            if (question.asks_about(stem_(tokens[j].word))) return j;
        return std::string::npos;
    };
    auto proposition_near = [&](size_t k) { return proposition_word_near(k) != std::string::npos; };
    // Where the last contrast is: cues before it count less, cues after it more.
    size_t contrast_at = std::string::npos;
    size_t contrast_end = std::string::npos;  // the word after the last contrast phrase
    for (const auto& m : matches)
        if (cues_[m.payload].kind == Kind::contrast) {
            contrast_at = m.first;
            contrast_end = m.last;
        }
    // ... unless the clause after it speaks less of the question than the clause before: in
    // "X is not associated with the disease but is associated with age", asked whether X is
    // associated with the disease, the verdict is before the "but".
    auto shared_words = [&](size_t from, size_t to) {
        return shared_stems(question.proposition, tokens, from, to, stem_);
    };
    // A hedge right after the contrast ("gout is less likely but cannot be excluded", "on the
    // other hand it cannot be excluded") qualifies the claim before it: that clause has not left
    // the topic.
    // ("but it cannot be ruled out": past its subject).
    auto cue_at = [&](size_t k) {
        return std::any_of(matches.begin(), matches.end(), [&](const PhraseMatcher::Match& m) { return m.first == k; });
    };
    auto hedge_at = [&](size_t k) {
        return std::any_of(matches.begin(), matches.end(), [&](const PhraseMatcher::Match& m) {
            return m.first == k && cues_[m.payload].kind == Kind::hedge;
        });
    };
    auto hedge_follows = [&](size_t k) {
        return hedge_at(k) || (k < tokens.size() && text::in(kStatementSubjects, tokens[k].word) && hedge_at(k + 1));
    };
    bool contrast_leaves_topic = contrast_at != std::string::npos && !hedge_follows(contrast_end) &&
                                 shared_words(contrast_at, tokens.size()) < shared_words(0, contrast_at);
    // A concessive conjunction ("although", "though") opens the clause that concedes, up to the
    // next clause break: "Although the dose is low, this step did not help" (or "this step did not
    // help, although the dose is low") grants the clause after it and asserts the other one.
    // Only a conjunction ("although" always; "though" at the start of a clause or after
    // kBeforeConcessiveThough) whose clause has words of its own (a sentence-final "though" is
    // the adverb) and something beside it ("Although ..." to the end weighs against nothing).
    size_t concession_from = std::string::npos, concession_to = std::string::npos;
    if (contrast_at != std::string::npos && text::in(kConcessives, tokens[contrast_at].word)) {
        const size_t at = contrast_at, end = clause_end(at + 1);
        const bool conjunction = tokens[at].word == "although" || at <= first_word || breaks_before(at) ||
                                 text::in(kBeforeConcessiveThough, tokens[at - 1].word);
        const bool weighed = end >= at + 3 && !(end == tokens.size() && at <= first_word);
        if (conjunction && weighed) {
            concession_from = at;
            concession_to = end;
        }
    }
    auto contrast_factor = [&](size_t at) {
        if (concession_from != std::string::npos) {
            if (at == concession_from) return 1.0;
            bool conceded = at > concession_from && at < concession_to;
            return conceded ? kBeforeContrast : kAfterContrast;
        }
        if (contrast_at == std::string::npos || at == contrast_at) return 1.0;
        bool later = at > contrast_at;
        if (contrast_leaves_topic) later = !later;
        return later ? kAfterContrast : kBeforeContrast;
    };
    auto quote = [&](size_t first, size_t last) {
        return std::string(sentence.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin));
    };

    // Does the negation at token k open an imperative ("Do not ...", "..., don't ...")? Its
    // clause starts at the "do" (or the "don't") with no subject before it.
    auto prohibition = [&](size_t k) {
        const std::string& w = tokens[k].word;
        if (w == "not" && k > 0 && tokens[k - 1].word == "do") --k;
        else if (w != "don't" && w != "dont") return false;
        return k == first_word || breaks_before(k) ||
               text::in(kImperativeOpeners, tokens[k - 1].word);
    };
    // Does the negation m negate the modal that asked ("Can it spread?" - "it can not", "it
    // cannot", "it won't")? Then it denies the predicate asked about, whatever words follow.
    auto negates_asked_modal = [&](const PhraseMatcher::Match& m) {
        if (question.modal.empty()) return false;
        auto asked = modal_family(question.modal);
        for (size_t k = m.first; k < m.last; ++k) {
            const std::string& w = tokens[k].word;
            if (negates_by_itself(w) && modal_family(w) == asked) return true;
            if ((w == "not" || w == "never") && k > 0 && modal_family(tokens[k - 1].word) == asked) return true;
        }
        return false;
    };
    // Does the negation m set another thing aside and go on to what was asked: a negated
    // indefinite that names none of the question's words ("not a bruise"), followed by a new
    // clause that holds them: after a break, or with "it / this / that" as its subject before a
    // form of "be" ("not a bruise, it is infected")? Then it denies only the other thing. ("not
    // an infection that needs antibiotics": that "that" is a relative pronoun.)
    auto new_clause_at = [&](size_t k) {
        return breaks_before(k) || (text::in(kStatementSubjects, tokens[k].word) && k + 1 < tokens.size() &&
                                    (tokens[k].word == "it's" || text::in(kBeAfterSubject, tokens[k + 1].word)));
    };
    auto corrects_to_asked = [&](const PhraseMatcher::Match& m) {
        if (m.last >= tokens.size() || !text::in(kIndefinites, tokens[m.last].word)) return false;
        for (size_t k = m.last + 1; k < tokens.size() && k < m.last + kNegationWindow; ++k)
            if (new_clause_at(k)) return shared_words(m.last, k) == 0 && shared_words(k, tokens.size()) > 0;
        return false;
    };
    // Is the negation m an exception to what the sentence grants: "but not" (or "but no") straight
    // after the contrast, followed by no cue of its own ("You can, but not heavy lifting", "you
    // can walk but not run")? It limits the thing granted, it does not deny it; "possible but not
    // likely" negates a cue, and "but not the pain" names what was asked (anchored), so both still
    // deny.
    auto excepts_part = [&](const PhraseMatcher::Match& m) {
        const bool after_but = m.first > 0 && tokens[m.first - 1].word == "but" && m.last == m.first + 1 &&
                               (tokens[m.first].word == "not" || tokens[m.first].word == "no");
        return after_but && m.last < tokens.size() && !cue_at(m.last);
    };
    auto passive_object_before = [&](const PhraseMatcher::Match& m) {
        if (tokens[m.first].word != "be") return false;
        size_t start = m.first;
        while (start > 0 && !breaks_before(start)) --start;
        return shared_words(start, m.first) > 0;
    };
    std::vector<CueHit> hits;
    std::vector<size_t> turn_fixed;  // hits that a question of excess does not turn (openers, reassurance)
    std::vector<size_t> as_asked;    // hits that answer the question as asked, not turned by "or Y"
    bool any_negation = false;
    const PhraseMatcher::Match* open_negator = nullptr;
    bool negator_used = false;
    size_t condition_until = 0;  // cues before this token sit in an "if ..." clause
    // Does the sentence explain the complaint by something other than what was asked?
    bool other_cause = false;
    auto close_negation = [&] {
        if (open_negator && !negator_used) {
            // A negation with nothing to flip denies on its own ("Botox does not do that"),
            // fully when the question's words are in its scope.
            const auto& m = *open_negator;
            bool anchored = proposition_near(m.last) || negates_asked_modal(m);
            // A prohibition ("do not apply hot water", "don't lift anything") is advice on what to
            // do next; unless it names what was asked ("do not take the pills"), it denies nothing.
            // Advice never answers a question of identity ("Is this lump cancer?" - "do not squeeze
            // the lump"), whatever words it shares with it.
            bool advice_only = prohibition(m.first) && (!anchored || question.asks_identity);
            if (!advice_only && !corrects_to_asked(m) && !(!anchored && excepts_part(m))) {
                double w = cues_[m.payload].weight * contrast_factor(m.first) * (anchored ? 1.0 : kUnanchoredNegation);
                hits.push_back({quote(m.first, m.last), Stance::no, w, false});
            }
        }
        open_negator = nullptr;
        negator_used = false;
    };

    // Is token k a negation word ("not", "cannot")?
    auto negation_word = [&](size_t k) {
        uint32_t payload = 0;
        return matcher_.lookup({tokens[k].word}, &payload) && cues_[payload].kind == Kind::negator;
    };
    // Does the hedge m hold a word that hedges by itself ("possible") and is one of the question's?
    auto asked_hedge = [&](const PhraseMatcher::Match& m) {
        for (size_t k = m.first; k < m.last; ++k) {
            uint32_t payload = 0;
            if (matcher_.lookup({tokens[k].word}, &payload) && cues_[payload].kind == Kind::hedge &&
                question.asks_about(stem_(tokens[k].word)))
                return true;
        }
        return false;
    };
    for (const auto& m : matches) {
        const Cue& cue = cues_[m.payload];
        if (open_negator && (m.first >= open_negator->last + kNegationWindow || clause_end(open_negator->last) <= m.first))
            close_negation();
        // A cue with a negation inside ("may or may not", "not necessarily") makes the sentence
        // more than a plain statement of the proposition: it does not restate it.
        bool holds_negation = false;
        for (size_t k = m.first; k < m.last && cue.kind != Kind::negator && cue.kind != Kind::pseudo; ++k)
            if (negation_word(k)) holds_negation = any_negation = true;
        // Such a cue ("don't worry", "not harmful") is a negated clause of its own: an earlier
        // negation does not reach into it ("you won't need any test, don't worry" reassures twice).
        if (holds_negation) close_negation();
        // A cue that ends in a modal ("you can", "you should", "it can") before a negation ("you
        // can not drink", "you should never") is the negated modal: the negation that follows
        // takes it over, and the cue grants nothing.
        if ((cue.kind == Kind::affirm || cue.kind == Kind::permit || cue.kind == Kind::advise) && m.last < tokens.size() &&
            !modal_family(tokens[m.last - 1].word).empty() &&
            (tokens[m.last].word == "not" || tokens[m.last].word == "never"))
            continue;
        Stance votes = Stance::none;
        switch (cue.kind) {
            case Kind::terminator:
            case Kind::contrast: close_negation(); continue;
            case Kind::pseudo:
            case Kind::imperative: continue;  // (read after the loop)
            case Kind::negator:
                close_negation();
                if (in_relative_clause(tokens, m.first)) continue;
                // "not very contagious" to "Is it contagious?" says how contagious: a little.
                if (m.last + 1 < tokens.size() && text::in(kDegreeAdverbs, tokens[m.last].word) &&
                    question.asks_about(stem_(tokens[m.last + 1].word)) && !cue_at(m.last + 1)) {
                    votes = in.overlap >= kRestatementOverlap ? Stance::yes : Stance::maybe;
                    hits.push_back({quote(m.first, m.last + 2), votes, contrast_factor(m.first), false});
                    continue;
                }
                open_negator = &m;
                any_negation = true;
                continue;
            case Kind::conditional:
                if (tokens[m.first].word == "provided" && m.first > 0 &&
                    (text::in(kGroupAuxiliaries, tokens[m.first - 1].word) || text::in(kBeForms, tokens[m.first - 1].word)))
                    continue;
                condition_until = clause_end(m.last);
                continue;
            case Kind::opening_affirm:
            case Kind::opening_deny:
                if (numbers_something(sentence, tokens, m.first)) continue;
                if (!(m.first == first_word && (in.opens_answer || followed_by_punctuation(m.last)))) {
                    // Inside a sentence "no" negates what follows ("there is no benefit",
                    // "no independent association") as "not" does.
                    if (cue.kind == Kind::opening_deny) {
                        close_negation();
                        if (in_relative_clause(tokens, m.first)) continue;
                        open_negator = &m;
                        any_negation = true;
                    }
                    continue;
                }
                votes = cue.kind == Kind::opening_affirm ? Stance::yes : Stance::no;
                as_asked.push_back(hits.size());
                break;
            case Kind::affirm: votes = Stance::yes; break;
            case Kind::deny: votes = Stance::no; break;
            case Kind::hedge:
                // A hedge whose hedging word is what was asked ("it is possible" to "Is it possible
                // to ...?", "temporary" to "Is it temporary?") grants it: a yes.
                votes = asked_hedge(m) ? Stance::yes : Stance::maybe;
                break;
            case Kind::degree:
                // A hedge of degree ("to some extent", "partly") in a sentence that states what was
                // asked ("it is infected to some extent") says how much, not whether: it grants it.
                votes = in.overlap >= kRestatementOverlap ? Stance::yes : Stance::maybe;
                break;
            case Kind::no_difference:
                if (question.comparison == QuestionFrame::Comparison::none) continue;
                votes = question.comparison == QuestionFrame::Comparison::sameness ? Stance::yes : Stance::no;
                break;
            case Kind::difference:
                if (question.comparison == QuestionFrame::Comparison::none) continue;
                votes = question.comparison == QuestionFrame::Comparison::sameness ? Stance::no : Stance::yes;
                break;
            case Kind::unneeded: votes = question.asks_omission ? Stance::yes : Stance::no; break;
            // A question of harm outranks the permission a "possible" may have set ("Is it possible
            // that the lump is serious?" asks about harm).
            case Kind::reassure: votes = question.asks_permission && !question.asks_harm ? Stance::yes : Stance::no; break;
            case Kind::safety: votes = question.asks_harm ? Stance::no : Stance::yes; break;
            // "benign" to "Is this cancer?" or "Is it dangerous?" is a no, to "Is it safe?" a yes;
            // to "Is it a lipoma?" ("a benign lipoma") nothing. The word that was asked ("Is it
            // malignant?" - "I don't think it's malignant") is the restatement's to read.
            case Kind::benign:
            case Kind::malignant: {
                const bool grave = question.asks_harm || question.asks_malignancy;
                if (question.asks_about(stem_(tokens[m.first].word)) || (!grave && !question.asks_permission))
                    continue;
                votes = (grave != (cue.kind == Kind::benign)) ? Stance::yes : Stance::no;
                break;
            }
            case Kind::harm:
                if (!question.asks_permission && !question.asks_harm) continue;
                votes = question.asks_harm ? Stance::yes : Stance::no;
                break;
            // (A question of excess, "Am I too young to have the vaccine?", asks in effect whether
            // the thing may be done: permission and advice grant it, and so deny the excess.)
            case Kind::permit:
                if (!question.asks_permission && question.excess.empty()) continue;
                votes = Stance::yes;
                break;
            case Kind::advise:
                if (!question.asks_advice && question.excess.empty()) continue;
                if (!proposition_near(m.last)) continue;
                votes = Stance::yes;
                break;
            case Kind::defer:
                // "You should wait and see" to "Should I have the surgery (now)?" advises against it,
                // and "better to wait six weeks" to "Can I fly after the surgery?" withholds the
                // permission for now; to "Can I wait a week?" it is what was asked.
                if (!question.asks_advice && !question.asks_to_act) continue;
                if (question.asks_about("wait")) continue;
                // "ER or wait?" - "Wait and watch": it chooses the other option, a no to the first.
                if (std::find(question.alternative.begin(), question.alternative.end(), "wait") !=
                    question.alternative.end())
                    as_asked.push_back(hits.size());
                votes = Stance::no;
                break;
            case Kind::discourage: votes = question.excess.empty() ? Stance::no : Stance::yes; break;
            case Kind::prohibit:
                // "better to avoid surgery" to "Is surgery possible?" advises against what was asked;
                // "avoid heavy lifting" to "Will it get worse?" is advice on something else, like a
                // prohibition ("do not lift") that does not name what was asked.
                if (!proposition_near(m.last)) continue;
                votes = Stance::no;
                break;
            case Kind::verify:
                // A test advised "to rule out" or "to confirm" what was asked ("get a blood test to
                // exclude Lyme disease") leaves it open until the result; not when negated ("you do
                // not need a test to rule out HIV"), nor when no word of the question follows ("to
                // rule out a bleed" to "Is it a migraine?").
                // A passive "be ruled out" has what is to be settled before it, in its clause
                // ("cancer should be ruled out with a biopsy").
                if ((open_negator && !negator_used) || !(proposition_near(m.last) || passive_object_before(m)))
                    continue;
                votes = Stance::maybe;
                break;
            case Kind::cause:
                if (!question.asks_identity || in.overlap > 0 || in.alternative_overlap > 0) continue;
                other_cause = true;
                votes = Stance::maybe;
                break;
        }
        bool negated = open_negator && !negator_used && votes != Stance::maybe;
        if (negated) {
            // A negated certainty ("does not mean you will definitely have it", "it is not
            // certainly cancer") denies the certainty, not the thing: it leaves it open.
            bool certainty = cue.kind == Kind::affirm && m.last == m.first + 1 &&
                             text::in(kCertainty, tokens[m.first].word);
            votes = certainty ? Stance::maybe : votes == Stance::yes ? Stance::no : Stance::yes;
            negator_used = true;
        }
        double w = cue.weight * contrast_factor(m.first) * (m.first < condition_until ? kConditional : 1.0);
        if (cue.kind == Kind::opening_affirm || cue.kind == Kind::opening_deny || cue.kind == Kind::reassure ||
            cue.kind == Kind::discourage)
            turn_fixed.push_back(hits.size());
        hits.push_back({quote(negated ? open_negator->first : m.first, m.last), votes, w, negated});
    }
    close_negation();
    // To a question that asks for advice ("Should I have a biopsy?", "Do I need a tetanus shot?"),
    // an imperative that names what was asked ("get a tetanus shot", "go for the biopsy") is the
    // advice itself: a yes, as "you need to" is. Its clause starts the sentence, follows a break
    // or an opener (kImperativeOpeners, or "then").
    if (question.asks_advice && question.excess.empty())
        for (const auto& m : matches) {
            const size_t k = m.first;
            if (cues_[m.payload].kind != Kind::imperative || k < first_word || m.last >= tokens.size()) continue;
            bool opens = k == first_word || breaks_before(k) || text::in(kImperativeOpeners, tokens[k - 1].word) ||
                         tokens[k - 1].word == "then";
            const size_t named = proposition_word_near(m.last);
            if (!opens || negation_word(m.last) || named == std::string::npos) continue;
            double w = cues_[m.payload].weight * contrast_factor(k) * (k < condition_until ? kConditional : 1.0);
            hits.push_back({quote(k, named + 1), Stance::yes, w, false});  // "get a tetanus shot"
            break;
        }
    if (other_cause)
        for (auto& h : hits)
            if (h.votes_for == Stance::yes) h.votes_for = Stance::maybe;
    bool denies = std::any_of(hits.begin(), hits.end(), [](const CueHit& h) { return h.votes_for == Stance::no; });
    // A sentence that names only the alternative ("Is it X or Y?" - "Avoid spicy food, Y can follow
    // if you ignore it") does not restate anything: answers mention the other option while they
    // weigh or dismiss it, and the one or two words of a short alternative are soon used, so
    // naming Y is no denial of X. Its cues still count the other way (below), and an answer that
    // speaks of nothing but the alternative is still a no by default (classify).
    const bool restates = in.overlap >= kRestatementOverlap ||
                          (in.overlap > 0 && in.alternative_overlap >= kRestatementOverlap);
    if (!denies && !any_negation && !question.challenges && !tokens.empty() && restates)
        hits.push_back({"(the sentence restates the question)", Stance::yes, kRestatementWeight, false});

    // To a question of excess ("Am I too young to ...?"), a sentence that does not name the excess
    // speaks of the thing itself: "not recommended at your age" says yes, too young.
    bool names_excess = !question.excess.empty() && std::any_of(tokens.begin(), tokens.end(), [&](const text::Token& t) {
        return t.word == "too" || stem_(t.word) == question.excess;
    });
    if (!question.excess.empty() && !names_excess)
        for (size_t k = 0; k < hits.size(); ++k)
            if (hits[k].votes_for != Stance::maybe && std::find(turn_fixed.begin(), turn_fixed.end(), k) == turn_fixed.end())
                hits[k].votes_for = hits[k].votes_for == Stance::yes ? Stance::no : Stance::yes;
    for (size_t k = 0; k < hits.size(); ++k) {
        auto& h = hits[k];
        h.weight *= in.weight;
        const bool fixed = std::find(as_asked.begin(), as_asked.end(), k) != as_asked.end();
        if (in.alternative_overlap > 0 && in.overlap == 0 && h.votes_for != Stance::maybe && !fixed)
            h.votes_for = h.votes_for == Stance::yes ? Stance::no : Stance::yes;
        (h.votes_for == Stance::yes ? decision.yes : h.votes_for == Stance::no ? decision.no : decision.maybe) += h.weight;
        decision.cues.push_back(std::move(h));
    }
}

StanceDecision StanceClassifier::classify(const QuestionFrame& question, std::string_view answer) const {
    StanceDecision decision;
    if (!question.polar) return decision;
    auto spans = text::sentences(answer);
    double best_sentence = 0;
    // For the default when no cue decides: does a sentence use a word of the proposition (or
    // only of the alternative, "or Y"), and the first sentence that does.
    bool speaks_of_proposition = false;
    std::string_view addressing_sentence;
    // The share of the given words (stems) that the sentence uses.
    auto overlap = [&](const std::vector<std::string>& stems, const std::vector<text::Token>& tokens) {
        if (stems.empty()) return 0.0;
        return static_cast<double>(shared_stems(stems, tokens, 0, tokens.size(), stem_)) /
               static_cast<double>(stems.size());
    };
    bool opening = true;
    size_t conditional_sentences = 0;  // sentences that open with a condition
    bool waits_on_test = false;        // a condition on a test's result
    for (size_t i = 0; i < spans.size(); ++i) {
        Sentence sentence;
        sentence.text = answer.substr(spans[i].begin, spans[i].end - spans[i].begin);
        // A question back to the asker ("Do you have a fever?", "Is it painful?") asserts
        // nothing: its words neither restate nor answer what was asked.
        if (asks(sentence.text)) continue;
        auto tokens = text::tokenize(sentence.text);
        sentence.overlap = overlap(question.proposition, tokens);
        sentence.alternative_overlap = overlap(question.alternative, tokens);
        sentence.weight = kMinRelevance + (1.0 - kMinRelevance) * std::max(sentence.overlap, sentence.alternative_overlap);
        if (i == 0 || i + 1 == spans.size()) sentence.weight *= kEdgeSentence;
        // The answer opens with its first sentence that is more than a greeting ("Hi. No, ...").
        sentence.opens_answer = opening && !std::all_of(tokens.begin(), tokens.end(), [](const text::Token& t) {
            return is_greeting(t.word);
        });
        if (sentence.opens_answer) opening = false;
        {
            size_t k = 0;
            while (k < tokens.size() && (is_greeting(tokens[k].word) || is_verdict_prelude(tokens[k].word) ||
                                         text::in(kImperativeOpeners, tokens[k].word)))
                ++k;
            if (k < tokens.size() && (tokens[k].word == "if" || tokens[k].word == "unless" ||
                                      (tokens[k].word == "in" && k + 1 < tokens.size() && tokens[k + 1].word == "case")))
                ++conditional_sentences;
        }
        // Does a condition in the sentence wait on a test's result ("if the scan is clear, you can
        // fly")? Its clause runs from "if" / "unless" to the next clause break, and a second
        // condition in it ("if you had an X-ray and if it shows ...") continues the first. One
        // pass over the words, so that a long sentence costs its length.
        bool in_condition = false, test_named = false;
        for (size_t k = 0; k < tokens.size() && !waits_on_test; ++k) {
            if (clause_break_before(sentence.text, tokens, k)) in_condition = test_named = false;
            if (in_condition && test_named && text::in(kTestOutcomes, tokens[k].word)) waits_on_test = true;
            if (in_condition && text::in(kTests, tokens[k].word)) test_named = true;
            if (tokens[k].word == "if" || tokens[k].word == "unless") in_condition = true;
        }

        if (sentence.overlap > 0 && !speaks_of_proposition) {
            speaks_of_proposition = true;
            addressing_sentence = sentence.text;
        }
        if (sentence.alternative_overlap > 0 && addressing_sentence.empty()) addressing_sentence = sentence.text;
        double before = decision.yes + decision.no + decision.maybe;
        score_sentence(question, sentence, decision);
        double added = decision.yes + decision.no + decision.maybe - before;
        if (added > best_sentence) {
            best_sentence = added;
            decision.evidence = std::string(sentence.text);
        }
    }
    if (conditional_sentences >= 2 && decision.yes + decision.no + decision.maybe > 0) {
        // Verdicts under two conditions or more ("If it is stage 1, surgery ... If it has spread,
        // chemotherapy ...") answer "it depends".
        decision.maybe += kConditionalVerdicts;
        decision.cues.push_back({"(verdicts under different conditions)", Stance::maybe, kConditionalVerdicts, false});
    }
    if (waits_on_test && decision.yes + decision.no + decision.maybe > 0) {
        // A verdict given on a test's result the doctor does not have ("if the X-ray shows the
        // bone has healed, you can drop the sling") waits for that test: "it depends on the result".
        decision.maybe += kTestCondition;
        decision.cues.push_back({"(a verdict that waits on a test's result)", Stance::maybe, kTestCondition, false});
    }
    if (question.challenges) {
        // A question that doubts what is commonly assumed ("really", "always") expects no: that
        // expectation is a vote, which the answer's own evidence can outweigh.
        decision.no += kPolarPrior;
        decision.cues.push_back({"(the question doubts its proposition)", Stance::no, kPolarPrior, false});
    }
    double strongest = std::max(decision.yes, decision.no);
    double total = decision.yes + decision.no + decision.maybe;
    if (total < kMinEvidence && strongest > 0) {
        // Weak evidence is still evidence: it decides, before any default.
        decision.stance = decision.maybe > strongest ? Stance::maybe : decision.yes >= decision.no ? Stance::yes : Stance::no;
    } else if (total < kMinEvidence && !addressing_sentence.empty()) {
        // A weak hedge alone ("X may reduce Y") is the cautious register of medical writing,
        // not an answer of maybe: it leaves the decision to the default.
        // No cue decides, but the answer speaks of what was asked: reporting a thing is how
        // abstracts and doctors alike most often say yes. An answer that speaks only of the
        // alternative ("Is it X or Y?" -> "It is Y.") says no.
        decision.stance = speaks_of_proposition ? Stance::yes : Stance::no;
        (speaks_of_proposition ? decision.yes : decision.no) += kPolarPrior;
        decision.cues.push_back({speaks_of_proposition
                                     ? "(no cue decides; the answer speaks of what was asked: yes by default)"
                                     : "(no cue decides; the answer speaks only of the alternative: no by default)",
                                 decision.stance, kPolarPrior, false});
        if (decision.evidence.empty()) decision.evidence = std::string(addressing_sentence);
    } else if (total < kMinEvidence) {
        // A weak hedge alone in an answer that shares no word with the question ("it may be due to
        // stress" to "Is it a hernia?") takes no position on what was asked: it is the cautious
        // register, as above, and speaks of something else. An elliptical answer ("It may.",
        // "Could be.") is about the question itself: a maybe.
        bool elliptical = text::tokenize(answer).size() <= kEllipticalWords;
        decision.stance = total > 0 && elliptical ? Stance::maybe : Stance::none;
    }
    else if (decision.maybe >= kHedgeDominance * strongest) decision.stance = Stance::maybe;
    // A denial beside a near-equal affirmation is the verdict, the affirmation its concession.
    else if (std::min(decision.yes, decision.no) >= kConflictRatio * strongest) decision.stance = Stance::no;
    else decision.stance = decision.yes > decision.no ? Stance::yes : Stance::no;
    return decision;
}

}  // namespace medqa::annotate
