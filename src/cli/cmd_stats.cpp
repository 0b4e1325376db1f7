// medqa stats: what the index holds.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "database_options.hpp"
#include "index/database.hpp"
#include "output.hpp"
#include "search/catalog.hpp"

namespace medqa::cli {

void add_stats_command(CLI::App& app, ExitCode&) {
    struct Options {
        DatabaseOptions database;
        size_t top = 10;
        OutputOptions output;
    };
    auto opts = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("stats", "Threads, answers, stance distribution and the most frequent anatomy");
    cmd->footer(exit_codes_help({ExitCode::ok, ExitCode::failure, ExitCode::usage, ExitCode::no_database,
                                 kShardUnavailableRow}));
    add_database_options(*cmd, opts->database);
    cmd->add_option("--top", opts->top, "How many anatomy concepts to list")->default_val(10)->check(whole_number(0, 100000));
    add_output_options(*cmd, opts->output);
    cmd->callback([opts] {
        const auto path = index_to_read(opts->database);
        const auto shards = opts->database.shards();
        auto stats = naming_failed_shards(
            path, shards, [&] { return retry_if_modified([&] { return database_stats(open_for_reading(path, shards)); }); });
        if (stats.anatomy.size() > opts->top) stats.anatomy.resize(opts->top);
        if (opts->output.format == Format::json) {
            Json stance = Json::object(), anatomy = Json::object();
            for (const auto& [name, n] : stats.stance) stance[name] = n;
            for (const auto& [name, n] : stats.anatomy) anatomy[name] = n;
            print_json({{"db", path.string()},
                        {"threads", stats.threads},
                        {"answers", stats.answers},
                        {"stance", stance},
                        {"anatomy", anatomy}});
            return;
        }
        auto line = [](const FacetCounts& counts) {
            std::string out;
            for (const auto& [name, n] : counts) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name, n);
            return out.empty() ? std::string("-") : out;
        };
        Painter paint(use_color(opts->output.color));
        auto label = [&](std::string_view name) { return paint(fmt::format("{:<9}", name), fmt::emphasis::bold); };
        fmt::print("{}{}\n{}{}\n{}{}\n{}{}\n", label("index"), path.string(), label("threads"), stats.threads,
                   label("answers"), stats.answers, label("stance"), line(stats.stance));
        // "-" says no answer names any anatomy; with --top 0 none was asked for.
        if (opts->top > 0) fmt::print("{}{}\n", label("anatomy"), line(stats.anatomy));
    });
}

}  // namespace medqa::cli
