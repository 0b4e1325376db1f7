#include "explain.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/stance.hpp"

namespace medqa::cli {

std::string explanation_text(const annotate::QuestionFrame& frame, const annotate::StanceDecision& d,
                             const std::string& indent, const Painter& paint) {
    std::string out;
    if (!frame.polar) {
        out += fmt::format("{}why:      not a yes/no question{}\n", indent,
                           frame.sentence.empty() ? "" : " (\"" + frame.sentence + "\")");
        return out;
    }
    std::string proposition;
    for (const auto& p : frame.proposition) proposition += (proposition.empty() ? "" : " ") + p;
    out += fmt::format("{}question: yes/no about [{}]{}\n", indent, proposition,
                       frame.comparison == annotate::QuestionFrame::Comparison::sameness     ? ", asks whether two things are alike"
                       : frame.comparison == annotate::QuestionFrame::Comparison::difference ? ", asks for a difference or change"
                                                                                             : "");
    out += fmt::format("{}scores:   yes {:.2f}, no {:.2f}, maybe {:.2f}\n", indent, d.yes, d.no, d.maybe);
    if (!d.evidence.empty()) out += fmt::format("{}evidence: {}\n", indent, paint(d.evidence, fmt::emphasis::italic));
    for (const auto& cue : d.cues)
        out += fmt::format("{}  cue {:>6} {:.2f}  \"{}\"{}\n", indent, to_string(cue.votes_for), cue.weight, cue.phrase,
                           cue.negated ? " (negated)" : "");
    return out;
}

namespace {

// Weights are sums of cue weights times factors: 2.6999999999999997 is 2.7 to anyone reading.
double rounded(double weight) { return std::round(weight * 1000) / 1000; }

}  // namespace

Json analysis_json(const annotate::QuestionFrame& frame, const annotate::AnswerAnalysis& a) {
    Json cues = Json::array();
    for (const auto& cue : a.stance.cues)
        cues.push_back({{"text", cue.phrase}, {"votes", to_string(cue.votes_for)}, {"weight", rounded(cue.weight)},
                        {"negated", cue.negated}});
    return {{"stance", to_string(a.stance.stance)},
            {"anatomy", a.anatomy},
            {"evidence", a.stance.evidence},
            {"cues", cues},
            {"scores", {{"yes", rounded(a.stance.yes)}, {"no", rounded(a.stance.no)}, {"maybe", rounded(a.stance.maybe)}}},
            {"question", {{"polar", frame.polar}, {"clause", frame.sentence}, {"proposition", frame.proposition},
                          {"comparison", frame.comparison == annotate::QuestionFrame::Comparison::sameness     ? "sameness"
                                         : frame.comparison == annotate::QuestionFrame::Comparison::difference ? "difference"
                                                                                                               : "none"},
                          {"asks_permission", frame.asks_permission},
                          {"asks_harm", frame.asks_harm}}}};
}

}  // namespace medqa::cli
