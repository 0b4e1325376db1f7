#include "ingest/json_reader.hpp"

#include <filesystem>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/hash.hpp"
#include "core/text.hpp"
#include "ingest/doctor_qa_reader.hpp"

namespace medqa::ingest {
namespace {

using nlohmann::json;

// An optional string field; ids may also be given as numbers.
std::string optional_string(const json& obj, const char* key, const std::string& where, bool number_ok = false) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (number_ok && it->is_number_integer()) return std::to_string(it->get<long long>());
    throw RecordError(where + key + " must be a string" + (number_ok ? " or an integer" : "") + ", not " +
                      it->type_name());
}

Answer answer_from_json(const json& a, size_t index) {
    std::string where = "answers[" + std::to_string(index) + "].";
    if (!a.is_object()) throw RecordError("answers[" + std::to_string(index) + "] must be an object, not " + a.type_name());
    Answer answer;
    answer.id = optional_string(a, "id", where, true);  // empty: the caller numbers it
    answer.author = text::squeeze_space(optional_string(a, "author", where));
    answer.text = optional_string(a, "text", where);
    if (text::squeeze_space(answer.text).empty()) throw RecordError(where + "text is missing or empty");
    return answer;
}

std::string answer_at(size_t index) { return "answers[" + std::to_string(index) + "]"; }

// Why the answer at `later` cannot have the id of the one at `earlier`. An answer without an
// id takes its position ("2" for answers[1]), an id the user never wrote: the message says
// which of the two that is, else "2" written once reads as "used twice".
std::string id_clash(const std::string& id, size_t earlier, bool earlier_given, size_t later, bool later_given) {
    const std::string quoted = "\"" + id + "\"";
    if (earlier_given && later_given)
        return answer_at(later) + ".id " + quoted + " is used twice (" + answer_at(earlier) + ".id is " + quoted + " too)";
    if (later_given)
        return answer_at(later) + ".id " + quoted + " is also the id given to " + answer_at(earlier) +
               ", which has none (an answer without an id takes its position): give " + answer_at(earlier) + " an id";
    return answer_at(later) + " has no id and takes its position, " + quoted + ", which is " + answer_at(earlier) +
           ".id already: give " + answer_at(later) + " an id";
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

Thread thread_from_json(const json& record, const std::string& default_source) {
    if (!record.is_object()) throw RecordError(std::string("a thread must be a JSON object, not ") + record.type_name());
    Thread t;
    t.id = optional_string(record, "id", "", true);
    t.title = text::squeeze_space(optional_string(record, "title", ""));
    t.question = optional_string(record, "question", "");
    t.url = optional_string(record, "url", "");
    t.source = optional_string(record, "source", "");
    t.disclaimer = optional_string(record, "disclaimer", "");
    if (t.title.empty() && text::squeeze_space(t.question).empty())
        throw RecordError("title and question are both missing: a thread needs at least one");
    if (t.title.empty()) t.title = text::squeeze_space(t.question);
    if (t.question.empty()) t.question = t.title;
    if (t.source.empty()) t.source = default_source;
    if (t.id.empty()) t.id = hash_hex(t.url.empty() ? t.title : t.url);

    if (auto tags = record.find("tags"); tags != record.end() && !tags->is_null()) {
        if (!tags->is_array()) throw RecordError(std::string("tags must be an array of strings, not ") + tags->type_name());
        for (const auto& tag : *tags) {
            if (!tag.is_string()) throw RecordError("tags must be an array of strings");
            t.tags.push_back(tag.get<std::string>());
        }
    }
    auto answers = record.find("answers");
    if (answers == record.end() || answers->is_null())
        throw RecordError("answers is missing: a thread needs \"answers\": [{\"text\": \"...\"}, ...]");
    if (!answers->is_array())
        throw RecordError(std::string("answers must be an array of answer objects, not ") + answers->type_name());
    if (answers->empty()) throw RecordError("answers is empty: a thread needs at least one answer");
    // id -> (index, whether the record gave it); a map: many thousand answers must not take quadratic time
    std::map<std::string, std::pair<size_t, bool>> ids;
    for (size_t i = 0; i < answers->size(); ++i) {
        Answer a = answer_from_json((*answers)[i], i);
        const bool given = !a.id.empty();
        if (!given) a.id = std::to_string(i + 1);
        auto [it, fresh] = ids.emplace(a.id, std::pair{i, given});
        if (!fresh) throw RecordError(id_clash(a.id, it->second.first, it->second.second, i, given));
        t.answers.push_back(std::move(a));
    }
    return t;
}

namespace {

// Parses one JSON text (a line, or a whole document); one that is not JSON becomes a problem at
// `where`. That covers syntax errors and numbers too large for a double, which nlohmann
// reports as out_of_range, not as a parse error.
std::optional<json> parse_or_report(std::string_view text, const std::string& where, bool one_line,
                                    const ThreadSink& sink) {
    // nlohmann would name the bad byte raw ("last read: '"caf\xe9'") and no way out.
    if (!text::valid_utf8(text)) {
        sink.on_problem({where, text::kNotUtf8});
        return std::nullopt;
    }
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        // Keep nlohmann's explanation (it names the byte), not its "[json.exception...]"
        // preamble, nor, for a line of JSON Lines, "at line 1" when `where` names the line.
        std::string what = e.what();
        size_t from = what.find("] ");
        from = from == std::string::npos ? 0 : from + 2;
        if (size_t syntax = what.find("syntax error"); one_line && syntax != std::string::npos) from = syntax;
        sink.on_problem({where, "not valid JSON: " + what.substr(from)});
        return std::nullopt;
    }
}

}  // namespace

void read_jsonl(std::string_view content, const std::string& path, const ThreadSink& sink) {
    const std::string source = file_name(path);
    size_t line_no = 0;
    for (size_t pos = 0; pos < content.size();) {
        size_t nl = content.find('\n', pos);
        if (nl == std::string_view::npos) nl = content.size();
        std::string_view line = content.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        std::string where = path + ":" + std::to_string(line_no);
        auto record = parse_or_report(line, where, true, sink);
        if (!record) continue;
        try {
            Thread t = thread_from_json(*record, source);
            t.origin = where;
            sink.on_thread(std::move(t));
        } catch (const RecordError& e) {
            sink.on_problem({where, e.what()});
        }
    }
}

void read_json_document(std::string_view content, const std::string& path, const ThreadSink& sink, JsonKind kind) {
    auto parsed = parse_or_report(content, path, false, sink);
    if (!parsed) return;
    const json& doc = *parsed;
    if (kind == JsonKind::doctor_qa || (kind == JsonKind::detect && looks_like_doctor_qa(doc)))
        return read_doctor_qa(doc, path, sink);
    const std::string source = file_name(path);
    auto one = [&](const json& record, size_t number) {
        std::string where = path + ": record " + std::to_string(number);
        try {
            Thread t = thread_from_json(record, source);
            t.origin = where;
            sink.on_thread(std::move(t));
        } catch (const RecordError& e) {
            sink.on_problem({where, e.what()});
        }
    };
    if (doc.is_array()) {
        for (size_t i = 0; i < doc.size(); ++i) one(doc[i], i + 1);
    } else {
        one(doc, 1);
    }
}

}  // namespace medqa::ingest
