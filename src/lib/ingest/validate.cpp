#include "ingest/validate.hpp"

#include <string>

#include <fmt/format.h>

#include "core/schema.hpp"
#include "core/text.hpp"
#include "ingest/problem.hpp"

namespace medqa::ingest {
namespace {

void check_utf8(std::string_view value, const std::string& field) {
    if (!text::valid_utf8(value))
        throw RecordError(field + " is " + text::kNotUtf8);
}

// The longest value a boolean term with this prefix can hold (with the ':' term() may add).
void check_term_length(std::string_view value, std::string_view prefix, const std::string& field) {
    size_t limit = schema::kMaxTermBytes - prefix.size() - 1;
    if (value.size() > limit)
        throw RecordError(field + " is " + std::to_string(value.size()) + " bytes long; at most " +
                          std::to_string(limit) + " fit in the index");
}

void check_no_control_character(std::string_view value, const std::string& field) {
    if (auto c = text::first_control_character(value))
        throw RecordError(field + " holds the control character " + fmt::format("U+{:04X}", static_cast<uint32_t>(*c)) +
                          " (ids are typed and printed; remove it from the input)");
}

// An id of white space only would print blank, and `medqa show` takes it for no id at all.
void check_not_blank(std::string_view value, const std::string& field) {
    if (text::trim(value).empty()) throw RecordError(field + (value.empty() ? " is empty" : " is blank (white space only)"));
}

void check_text_length(std::string_view value, const std::string& field) {
    if (value.size() > kMaxTextBytes)
        throw RecordError(field + " is " + std::to_string(value.size()) + " bytes long; medqa takes texts of at most " +
                          std::to_string(kMaxTextBytes) + " bytes (1 MiB)");
}

}  // namespace

void validate(const Thread& t) {
    check_utf8(t.id, "id");
    check_utf8(t.title, "title");
    check_utf8(t.question, "question");
    check_utf8(t.url, "url");
    check_utf8(t.source, "source");
    check_utf8(t.disclaimer, "disclaimer");
    for (size_t i = 0; i < t.tags.size(); ++i) check_utf8(t.tags[i], "tags[" + std::to_string(i) + "]");
    for (size_t i = 0; i < t.answers.size(); ++i) {
        const std::string at = "answers[" + std::to_string(i) + "].";
        try {
            check_utf8(t.answers[i].id, at + "id");
            check_not_blank(t.answers[i].id, at + "id");
            check_no_control_character(t.answers[i].id, at + "id");
            check_utf8(t.answers[i].author, at + "author");
            check_text_length(t.answers[i].text, at + "text");  // first: no need to scan megabytes
            check_utf8(t.answers[i].text, at + "text");
        } catch (RecordError& e) {
            if (e.where.empty()) e.where = t.answers[i].origin;  // the answer's line, when the reader knows it
            throw;
        }
    }
    check_text_length(t.title, "title");
    check_text_length(t.question, "question");
    check_text_length(t.disclaimer, "disclaimer");
    check_not_blank(t.id, "id");
    check_no_control_character(t.id, "id");
    check_term_length(t.id, schema::kThreadPrefix, "id");
    check_term_length(t.source, schema::kSourcePrefix, "source");
}

void remove_control_characters(Thread& t) {
    // A title or an answer that held only control characters would be indexed blank, which the
    // readers reject for a blank one.
    auto clean = [](std::string& value, const std::string& field) {
        const bool blank = text::squeeze_space(value).empty();
        value = text::without_control_characters(value);
        if (!blank && text::squeeze_space(value).empty()) throw RecordError(field + " holds only control characters");
    };
    clean(t.title, "title");
    for (std::string* field : {&t.question, &t.url, &t.source, &t.disclaimer})
        *field = text::without_control_characters(*field);
    for (auto& tag : t.tags) tag = text::without_control_characters(tag);
    for (size_t i = 0; i < t.answers.size(); ++i) {
        t.answers[i].author = text::without_control_characters(t.answers[i].author);
        clean(t.answers[i].text, "answers[" + std::to_string(i) + "].text");
    }
}

}  // namespace medqa::ingest
