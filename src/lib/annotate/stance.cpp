#include "annotate/stance.hpp"

#include <algorithm>
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
        {"contrast", Kind::contrast},     {"no-difference", Kind::no_difference}};
    read_tsv(cue_file, 2, 3, [&](const TsvRow& row) {
        auto kind = kKinds.find(row.cells[1]);
        if (kind == kKinds.end())
            lexicon_error(row.where, "unknown cue kind '" + row.cells[1] +
                                         "' (affirm, deny, hedge, opening-affirm, opening-deny, negator, pseudo, "
                                         "terminator, contrast, no-difference)");
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

void StanceClassifier::score_sentence(const QuestionFrame& question, std::string_view sentence,
                                      double sentence_weight, double overlap, bool opens_answer,
                                      StanceDecision& decision) const {
    auto tokens = text::tokenize(sentence);
    std::vector<std::string> words;
    for (const auto& t : tokens) words.push_back(t.word);
    auto matches = matcher_.find(words);

    // Is the word at token index i directly followed by punctuation ("No," / "Yes.")?
    auto followed_by_punctuation = [&](size_t last) {
        size_t at = tokens[last - 1].end;
        return at < sentence.size() && std::string_view(",.!;:-").find(sentence[at]) != std::string_view::npos;
    };
    // Where the last contrast is: cues before it count less, cues after it more.
    size_t contrast_at = std::string::npos;
    for (const auto& m : matches)
        if (cues_[m.payload].kind == Kind::contrast) contrast_at = m.first;
    auto contrast_factor = [&](size_t at) {
        if (contrast_at == std::string::npos || at == contrast_at) return 1.0;
        return at > contrast_at ? kAfterContrast : kBeforeContrast;
    };
    auto quote = [&](size_t first, size_t last) {
        return std::string(sentence.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin));
    };

    std::vector<CueHit> hits;
    const PhraseMatcher::Match* open_negator = nullptr;
    bool negator_used = false;
    auto close_negation = [&] {
        if (open_negator && !negator_used) {
            // A negation with nothing to flip denies on its own: "Botox does not do that."
            const auto& m = *open_negator;
            hits.push_back({quote(m.first, m.last), Stance::no, cues_[m.payload].weight * contrast_factor(m.first), false});
        }
        open_negator = nullptr;
        negator_used = false;
    };

    for (const auto& m : matches) {
        const Cue& cue = cues_[m.payload];
        if (open_negator && m.first >= open_negator->last + kNegationWindow) close_negation();
        Stance votes = Stance::none;
        switch (cue.kind) {
            case Kind::terminator:
            case Kind::contrast: close_negation(); continue;
            case Kind::pseudo: continue;
            case Kind::negator:
                close_negation();
                open_negator = &m;
                continue;
            case Kind::opening_affirm:
            case Kind::opening_deny:
                if (!(m.first == 0 && (opens_answer || followed_by_punctuation(m.last)))) continue;
                votes = cue.kind == Kind::opening_affirm ? Stance::yes : Stance::no;
                break;
            case Kind::affirm: votes = Stance::yes; break;
            case Kind::deny: votes = Stance::no; break;
            case Kind::hedge: votes = Stance::maybe; break;
            case Kind::no_difference: votes = question.asks_sameness ? Stance::yes : Stance::no; break;
        }
        bool negated = open_negator && !negator_used && votes != Stance::maybe;
        if (negated) {
            votes = votes == Stance::yes ? Stance::no : Stance::yes;
            negator_used = true;
        }
        hits.push_back({quote(negated ? open_negator->first : m.first, m.last), votes,
                        cue.weight * contrast_factor(m.first), negated});
    }
    close_negation();
    if (hits.empty() && !tokens.empty() && overlap >= kRestatementOverlap)
        hits.push_back({std::string(sentence), Stance::yes, kRestatementWeight, false});

    for (auto& h : hits) {
        h.weight *= sentence_weight;
        (h.votes_for == Stance::yes ? decision.yes : h.votes_for == Stance::no ? decision.no : decision.maybe) += h.weight;
        decision.cues.push_back(std::move(h));
    }
}

StanceDecision StanceClassifier::classify(const QuestionFrame& question, std::string_view answer) const {
    StanceDecision decision;
    if (!question.polar) return decision;
    auto spans = text::sentences(answer);
    double best_sentence = 0;
    for (size_t i = 0; i < spans.size(); ++i) {
        std::string_view sentence = answer.substr(spans[i].begin, spans[i].end - spans[i].begin);
        // Relevance: the share of the question's content words this sentence uses.
        size_t shared = 0;
        for (const auto& t : text::tokenize(sentence))
            if (std::find(question.proposition.begin(), question.proposition.end(), stem_(t.word)) !=
                question.proposition.end())
                ++shared;
        double overlap = question.proposition.empty()
                             ? 0.0
                             : std::min(1.0, static_cast<double>(shared) / static_cast<double>(question.proposition.size()));
        double weight = kMinRelevance + (1.0 - kMinRelevance) * overlap;
        if (i == 0 || i + 1 == spans.size()) weight *= kEdgeSentence;

        double before = decision.yes + decision.no + decision.maybe;
        score_sentence(question, sentence, weight, overlap, i == 0, decision);
        double added = decision.yes + decision.no + decision.maybe - before;
        if (added > best_sentence) {
            best_sentence = added;
            decision.evidence = std::string(sentence);
        }
    }
    double strongest = std::max(decision.yes, decision.no);
    double total = decision.yes + decision.no + decision.maybe;
    if (total < kMinEvidence) decision.stance = Stance::none;
    else if (decision.maybe >= strongest) decision.stance = Stance::maybe;
    else if (std::min(decision.yes, decision.no) >= kConflictRatio * strongest) decision.stance = Stance::maybe;
    else decision.stance = decision.yes > decision.no ? Stance::yes : Stance::no;
    return decision;
}

}  // namespace medqa::annotate
