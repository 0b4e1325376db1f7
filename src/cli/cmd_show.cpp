// medqa show THREAD: one thread with every answer and its labels.

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "core/answer_id.hpp"
#include "database_options.hpp"
#include "core/stance.hpp"
#include "core/text.hpp"
#include "index/database.hpp"
#include "output.hpp"
#include "search/catalog.hpp"

namespace medqa::cli {
namespace {

Json to_json(const std::vector<StoredAnswer>& answers) {
    const StoredAnswer& first = answers.front();
    Json list = Json::array();
    for (const auto& a : answers)
        list.push_back({{"answer", a.answer},
                        {"author", a.author},
                        {"stance", to_string(a.stance)},
                        {"anatomy", a.anatomy},
                        {"text", a.text}});
    return {{"thread", first.thread}, {"title", first.title},   {"question", first.question},
            {"url", first.url},       {"source", first.source}, {"origin", first.origin},
            {"tags", first.tags},     {"disclaimer", first.disclaimer}, {"answers", list}};
}

void print_text(const std::vector<StoredAnswer>& answers, const Painter& paint) {
    const StoredAnswer& t = answers.front();
    fmt::print("{}\n", paint(t.title, fmt::emphasis::bold));
    fmt::print("{}\n", paint(fmt::format("thread {} | source {}{}", t.thread, t.source, t.url.empty() ? "" : " | " + t.url),
                             fmt::emphasis::faint));
    fmt::print("\n{}\n", t.question);
    for (const auto& a : answers) {
        std::string anatomy;
        for (const auto& name : a.anatomy) anatomy += (anatomy.empty() ? "" : ", ") + name;
        fmt::print("\n[{}] {} | {} | anatomy: {}\n", a.answer, paint.stance(a.stance),
                   a.author.empty() ? "(unknown author)" : a.author, anatomy.empty() ? "-" : anatomy);
        fmt::print("{}\n", a.text);
    }
    if (!t.disclaimer.empty()) fmt::print("\n{}\n", paint("Disclaimer: " + t.disclaimer, fmt::emphasis::faint));
}

}  // namespace

// A thread whose answer asked for is missing: how many of its answer ids the error lists.
constexpr size_t kAnswersListed = 12;

void add_show_command(CLI::App& app, ExitCode&) {
    struct Options {
        std::string thread;
        DatabaseOptions database;
        OutputOptions output;
    };
    auto opts = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("show", "Print one thread with every answer, its stance and anatomy");
    cmd->footer(exit_codes_help({ExitCode::ok, ExitCode::failure, ExitCode::usage, ExitCode::no_database,
                                 ExitCode::not_found, kShardUnavailableRow}));
    cmd->add_option("thread", opts->thread,
                    "Thread id, as `medqa search` prints it before the '/' (THREAD/ANSWER, as printed, shows "
                    "that answer's thread; ids holding '/' themselves work too: each '/' is tried, the longest "
                    "thread id first)")
        ->required();
    add_database_options(*cmd, opts->database);
    add_output_options(*cmd, opts->output);
    cmd->callback([opts] {
        if (text::trim(opts->thread).empty())
            throw Error(ExitCode::usage, "the thread id is empty", "medqa show THREAD, e.g. an id from medqa search");
        const auto path = index_to_read(opts->database);
        const auto shards = opts->database.shards();
        auto db = open_for_reading(path, shards);
        auto answers_of = [&](const std::string& thread) {
            return naming_failed_shards(path, shards, [&] {
                return retry_if_modified([&] {
                    db.reopen();  // a retry reads the newest commit
                    return thread_answers(db, thread);
                });
            });
        };
        // The id as given is a thread's; else THREAD/ANSWER as search prints it, split where a
        // thread of the index has that answer (core/answer_id.hpp: the longest thread first).
        auto answers = answers_of(opts->thread);
        std::string thread_found;                 // a THREAD part that is a thread of the index
        std::string answer_missing;               // and the ANSWER part it does not have
        std::vector<StoredAnswer> answers_found;  // that thread's answers
        if (answers.empty())
            split_answer_id(opts->thread, [&](const std::string& thread, const std::string& answer) {
                auto of_thread = answers_of(thread);
                if (std::any_of(of_thread.begin(), of_thread.end(), [&](const auto& a) { return a.answer == answer; })) {
                    answers = std::move(of_thread);
                    return true;
                }
                if (!of_thread.empty() && thread_found.empty()) {
                    thread_found = thread;
                    answer_missing = answer;
                    answers_found = std::move(of_thread);
                }
                return false;
            });
        if (answers.empty() && !thread_found.empty()) {
            // "botox-volume-loss/99": the thread is there, the answer is not.
            std::string ids;
            for (size_t i = 0; i < answers_found.size() && i < kAnswersListed; ++i)
                ids += (ids.empty() ? "" : ", ") + answers_found[i].answer;
            if (answers_found.size() > kAnswersListed) ids += fmt::format(", ... ({} in all)", answers_found.size());
            throw Error(ExitCode::not_found, "thread " + thread_found + " has no answer " + answer_missing,
                        fmt::format("its answers: {}; medqa show {} prints them all", ids, thread_found));
        }
        if (answers.empty()) {
            auto similar =
                naming_failed_shards(path, shards, [&] { return thread_ids_starting_with(db, opts->thread.substr(0, 3), 5); });
            std::string hint = "list threads with: medqa search --format json QUERY";
            if (!similar.empty()) {
                hint = "threads with a similar id:";
                for (const auto& id : similar) hint += " " + id;
            }
            throw Error(ExitCode::not_found, "no thread '" + opts->thread + "' in the index", hint);
        }
        if (opts->output.format == Format::json) print_json(to_json(answers));
        else print_text(answers, Painter(use_color(opts->output.color)));
    });
}

}  // namespace medqa::cli
