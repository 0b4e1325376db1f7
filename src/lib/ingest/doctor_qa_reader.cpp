#include "ingest/doctor_qa_reader.hpp"

#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "core/hash.hpp"
#include "core/text.hpp"

namespace medqa::ingest {
namespace {

using nlohmann::json;

std::string string_field(const json& r, const char* key) {
    auto it = r.find(key);
    return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Why a record without a url or an answer is rejected: fields missing or not strings
// (`needs "url" and "answer" strings`), and fields that are empty (`has an empty "answer"`).
std::string missing_fields(const json& r) {
    std::vector<std::string> missing, empty;
    for (const char* key : {"url", "answer"}) {
        auto it = r.is_object() ? r.find(key) : r.end();
        if (!r.is_object() || it == r.end() || !it->is_string()) missing.push_back(fmt::format("\"{}\"", key));
        else if (text::squeeze_space(it->get<std::string>()).empty()) empty.push_back(fmt::format("\"{}\"", key));
    }
    std::string out = "a doctor-QA record";
    if (!missing.empty())
        out += fmt::format(" needs {}{} {}", missing.size() > 1 ? "" : "a ", fmt::join(missing, " and "),
                           missing.size() > 1 ? "strings" : "string");
    if (!empty.empty())
        out += fmt::format("{} has {}{}", missing.empty() ? "" : " and", empty.size() > 1 ? "empty " : "an empty ",
                           fmt::join(empty, " and "));
    return out;
}

// Tags come as a JSON list, or as the text of a Python list ("['knee pain', 'exercise']").
std::vector<std::string> tags_of(const json& r) {
    std::vector<std::string> tags;
    auto it = r.find("tags");
    if (it == r.end()) return tags;
    if (it->is_array()) {
        for (const auto& t : *it)
            if (t.is_string()) tags.push_back(t.get<std::string>());
        return tags;
    }
    if (!it->is_string()) return tags;
    std::string s = it->get<std::string>();
    size_t pos = 0;
    while (pos < s.size()) {
        size_t end = s.find(',', pos);
        if (end == std::string::npos) end = s.size();
        std::string tag = s.substr(pos, end - pos);
        std::erase_if(tag, [](char c) { return c == '[' || c == ']' || c == '\'' || c == '"'; });
        if (tag = text::squeeze_space(tag); !tag.empty()) tags.push_back(tag);
        pos = end + 1;
    }
    return tags;
}

}  // namespace

bool looks_like_doctor_qa(const json& doc) {
    if (!doc.is_array() || doc.empty() || !doc.front().is_object()) return false;
    const json& first = doc.front();
    return first.contains("answer") && first.contains("url") && !first.contains("answers");
}

void read_doctor_qa(const json& doc, const std::string& path, const ThreadSink& sink) {
    if (!doc.is_array()) {  // only when the format was forced: detection asks for an array
        sink.on_problem({path, std::string("a doctor-QA file is a JSON array of records, not ") + doc.type_name()});
        return;
    }
    const std::string source = std::filesystem::path(path).filename().string();
    std::map<std::string, size_t> index_of;  // url -> position in threads
    std::vector<Thread> threads;
    for (size_t i = 0; i < doc.size(); ++i) {
        const json& r = doc[i];
        std::string where = path + ": record " + std::to_string(i + 1);
        std::string url = r.is_object() ? string_field(r, "url") : "";
        std::string answer = r.is_object() ? text::squeeze_space(string_field(r, "answer")) : "";
        if (url.empty() || answer.empty()) {
            sink.on_problem({where, missing_fields(r)});
            continue;
        }
        auto [it, fresh] = index_of.emplace(url, threads.size());
        if (fresh) {
            Thread t;
            t.id = hash_hex(url);
            // questionDoctorQAs has the same text in both (question_text keeps its capitals);
            // iCliniq has a short question and the patient's whole message as question_text.
            std::string q = text::squeeze_space(string_field(r, "question"));
            std::string qt = text::squeeze_space(string_field(r, "question_text"));
            bool text_is_short = !qt.empty() && (q.empty() || qt.size() <= q.size());
            t.title = text_is_short ? qt : q;
            t.question = text_is_short ? (q.size() > qt.size() ? q : qt) : (qt.empty() ? q : qt);
            t.url = url;
            t.source = source;
            t.origin = where;
            t.tags = tags_of(r);
            threads.push_back(std::move(t));
        }
        Thread& t = threads[it->second];
        t.answers.push_back({std::to_string(t.answers.size() + 1), text::squeeze_space(string_field(r, "answer_author")),
                             std::move(answer), where});  // its own record: threads gather several
    }
    for (auto& t : threads) {
        if (t.title.empty()) {
            sink.on_problem({t.origin, "no question or question_text for " + t.url});
            continue;
        }
        sink.on_thread(std::move(t));
    }
}

}  // namespace medqa::ingest
