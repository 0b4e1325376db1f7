#include "ingest/text_thread_reader.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>

#include "core/text.hpp"
#include "ingest/problem.hpp"

namespace medqa::ingest {
namespace {

struct Paragraph {
    std::string text;        // lines joined by spaces
    std::string first_line;  // its first line alone
    size_t line = 0;         // 1-based line where it starts
};

std::vector<Paragraph> split_paragraphs(std::string_view content) {
    std::vector<Paragraph> out;
    Paragraph current;
    size_t line_no = 0;
    size_t pos = 0;
    auto flush = [&] {
        if (!current.text.empty()) out.push_back(std::move(current));
        current = {};
    };
    while (pos <= content.size()) {
        size_t nl = content.find('\n', pos);
        if (nl == std::string_view::npos) nl = content.size();
        std::string_view line = content.substr(pos, nl - pos);
        ++line_no;
        std::string squeezed = text::squeeze_space(line);
        if (squeezed.empty()) {
            flush();
        } else {
            if (current.text.empty()) {
                current.line = line_no;
                current.first_line = squeezed;
            } else {
                current.text += ' ';
            }
            current.text += squeezed;
        }
        pos = nl + 1;
    }
    flush();
    return out;
}

constexpr std::array<std::string_view, 2> kOpeningQuotes{"\"", "\xE2\x80\x9C"};  // " and U+201C
constexpr std::array<std::string_view, 2> kClosingQuotes{"\"", "\xE2\x80\x9D"};  // " and U+201D

// The paragraph without its enclosing quotes, or nothing when it is not quoted.
std::optional<std::string_view> unquote(std::string_view p) {
    bool opened = false, closed = false;
    for (auto q : kOpeningQuotes)
        if (!opened && p.starts_with(q)) p.remove_prefix(q.size()), opened = true;
    for (auto q : kClosingQuotes)
        if (!closed && p.ends_with(q)) p.remove_suffix(q.size()), closed = true;
    if (!opened || !closed || p.empty()) return std::nullopt;
    return p;
}

bool is_single_short_sentence(std::string_view p) {
    return text::sentences(p).size() == 1 && text::tokenize(p).size() <= kShortSentenceWords;
}

// Whether a paragraph opens as an answer of its own, with a verdict or a greeting: "No. Avoid
// flying...", "It depends on...", "Hi, ...". A short paragraph before it is an answer too.
bool opens_an_answer(std::string_view p) {
    static constexpr std::array<std::string_view, 12> kOpeners{
        "yes", "yeah", "yep", "no", "nope", "maybe", "absolutely", "hi", "hello", "dear", "thanks", "thank"};
    const auto words = text::tokenize(p.substr(0, std::min<size_t>(p.size(), 40)));
    if (words.empty()) return false;
    if (std::find(kOpeners.begin(), kOpeners.end(), words[0].word) != kOpeners.end()) return true;
    return words[0].word == "depends" || (words.size() > 1 && words[0].word == "it" && words[1].word == "depends");
}

}  // namespace

bool is_disclaimer(std::string_view paragraph) {
    if (!unquote(paragraph)) return false;
    // Phrases by which Q&A sites disclaim that an answer is medical advice.
    static constexpr std::array<std::string_view, 8> kCues{
        "medical advice", "not a substitute", "without seeing", "in-person", "in person",
        "not intended", "consult your", "doctor-patient relationship"};
    std::string low = text::lower(paragraph);
    for (auto cue : kCues)
        if (low.find(cue) != std::string::npos) return true;
    return false;
}

Thread parse_text_thread(std::string_view content, const std::string& path) {
    std::string normalised(text::without_byte_order_mark(content));
    std::erase(normalised, '\r');
    auto paragraphs = split_paragraphs(normalised);
    if (paragraphs.empty()) throw RecordError("the file is empty: expected a title line, a question and answers");

    Thread t;
    std::filesystem::path p(path);
    t.id = p.stem().string();
    t.source = p.filename().string();
    t.origin = path + ":" + std::to_string(paragraphs.front().line);

    // The title is the first line; the rest of its paragraph, if any, starts the question.
    const Paragraph& first = paragraphs.front();
    t.title = first.first_line;
    size_t next = 1;
    if (first.text.size() > first.first_line.size()) {
        t.question = text::squeeze_space(std::string_view(first.text).substr(first.first_line.size()));
    } else if (paragraphs.size() > 1) {
        t.question = paragraphs[1].text;
        next = 2;
    }
    if (t.question.empty())
        throw RecordError("no question: the paragraph after the title line must be the patient's question");

    // A short one-sentence paragraph leads into the paragraph after it ("Yes of course BOTOX can
    // cause muscle volume loss." and its explanation) when that one is an explanation: not a
    // disclaimer, not a short answer itself, not an answer that opens with its own verdict. It
    // joins that one paragraph only, never a chain: short answers of several doctors in a row
    // stay apart.
    for (size_t i = next; i < paragraphs.size(); ++i) {
        const Paragraph& para = paragraphs[i];
        if (is_disclaimer(para.text)) {
            t.disclaimer = text::squeeze_space(*unquote(para.text));
            continue;
        }
        std::string text = para.text;
        if (i + 1 < paragraphs.size() && is_single_short_sentence(para.text)) {
            const std::string& after = paragraphs[i + 1].text;
            if (!is_disclaimer(after) && !is_single_short_sentence(after) && !opens_an_answer(after)) {
                text += " " + after;
                ++i;
            }
        }
        t.answers.push_back({std::to_string(t.answers.size() + 1), "", std::move(text), path + ":" + std::to_string(para.line)});
    }
    if (t.answers.empty())
        throw RecordError("no answers: after the question, each paragraph (separated by a blank line) is an answer");
    return t;
}

}  // namespace medqa::ingest
