#include "index/stored_answer.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/stance.hpp"

namespace medqa {

StoredAnswer make_stored_answer(const Thread& thread, size_t answer_index, const AnswerLabels& labels) {
    const Answer& a = thread.answers.at(answer_index);
    return StoredAnswer{thread.id,  a.id,          thread.title, thread.question, a.author,
                        thread.url, thread.source, thread.origin, thread.disclaimer, thread.tags,
                        a.text,     labels.stance, labels.anatomy, answer_index};
}

std::string encode(const StoredAnswer& a) {
    nlohmann::json j{{"thread", a.thread},   {"answer", a.answer}, {"title", a.title},
                     {"question", a.question}, {"author", a.author}, {"url", a.url},
                     {"source", a.source},   {"origin", a.origin}, {"disclaimer", a.disclaimer},
                     {"tags", a.tags},       {"text", a.text},     {"stance", to_string(a.stance)},
                     {"anatomy", a.anatomy}, {"position", a.position}};
    return j.dump();
}

StoredAnswer decode_stored_answer(const std::string& data) {
    try {
        auto j = nlohmann::json::parse(data);
        StoredAnswer a;
        j.at("thread").get_to(a.thread);
        j.at("answer").get_to(a.answer);
        j.at("title").get_to(a.title);
        j.at("question").get_to(a.question);
        j.at("author").get_to(a.author);
        j.at("url").get_to(a.url);
        j.at("source").get_to(a.source);
        j.at("origin").get_to(a.origin);
        j.at("disclaimer").get_to(a.disclaimer);
        j.at("tags").get_to(a.tags);
        j.at("text").get_to(a.text);
        a.stance = parse_stance(j.at("stance").get<std::string>()).value_or(Stance::none);
        j.at("anatomy").get_to(a.anatomy);
        j.at("position").get_to(a.position);
        return a;
    } catch (const nlohmann::json::exception& e) {
        throw Error(ExitCode::failure, std::string("a document of the database is not a medqa answer: ") + e.what(),
                    "was this database built by medqa? Rebuild it with: medqa index --db DIR");
    }
}

}  // namespace medqa
