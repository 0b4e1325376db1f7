#include "annotate/question.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "core/text.hpp"

namespace medqa::annotate {
namespace {

// Words that open a yes/no question. Greetings and fillers before them are skipped.
constexpr std::array<std::string_view, 44> kAuxiliaries{
    "am", "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall",
    "may", "might", "must", "has", "have", "had", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't",
    "didn't", "can't", "cannot", "couldn't", "won't", "wouldn't", "shouldn't", "hasn't", "haven't", "hadn't",
    "mustn't", "isnt", "arent", "dont", "doesnt", "cant", "wont", "shouldnt"};
constexpr std::array<std::string_view, 9> kFillers{"so", "and", "but", "also", "doctor", "doctors", "hi", "hello", "please"};

template <size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view w) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

struct Candidate {
    std::string sentence;
    std::vector<text::Token> tokens;
};

// The first sentence ending in '?', from the title and then from the body.
std::optional<Candidate> first_question(std::string_view title, std::string_view body) {
    for (std::string_view part : {title, body}) {
        for (auto span : text::sentences(part)) {
            std::string_view s = part.substr(span.begin, span.end - span.begin);
            auto q = s.find('?');
            if (q == std::string_view::npos) continue;
            // A sentence may hold several questions: "Is it normal? Should I worry?".
            s = s.substr(0, q + 1);
            return Candidate{std::string(s), text::tokenize(s)};
        }
    }
    return std::nullopt;
}

}  // namespace

QuestionFrame analyse_question(std::string_view title, std::string_view question, const WordList& stopwords,
                               const Xapian::Stem& stem) {
    QuestionFrame frame;
    auto candidate = first_question(title, question);
    if (!candidate) return frame;
    frame.sentence = candidate->sentence;
    const auto& tokens = candidate->tokens;
    size_t i = 0;
    while (i < tokens.size() && in(kFillers, tokens[i].word)) ++i;
    frame.polar = i < tokens.size() && in(kAuxiliaries, tokens[i].word);
    for (size_t k = i + (frame.polar ? 1 : 0); k < tokens.size(); ++k) {
        const std::string& w = tokens[k].word;
        if (stopwords.contains(w) || in(kAuxiliaries, w)) continue;
        std::string s = stem(w);
        if (std::find(frame.proposition.begin(), frame.proposition.end(), s) == frame.proposition.end())
            frame.proposition.push_back(std::move(s));
    }
    return frame;
}

}  // namespace medqa::annotate
