#pragma once
// What every subcommand needs to print: output format and colour choices, notices and errors
// on stderr, and the options that select them.

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/color.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/thread.hpp"

namespace medqa::cli {

enum class Format { text, json };
enum class ColorMode { automatic, always, never };

struct OutputOptions {
    Format format = Format::text;
    ColorMode color = ColorMode::automatic;
};

// A choice among names for an enum option, case aside. CLI11's CheckedTransformer reports a bad
// value as "Check xml value in {json->1,text->0} OR {1,0} FAILED"; this says "'xml' is not one
// of json, text".
template <class Enum>
CLI::Validator one_of(const std::map<std::string, Enum>& names) {
    std::string list;
    for (const auto& [name, value] : names) list += (list.empty() ? "" : ", ") + name;
    return CLI::Validator(
        [names, list](std::string& input) -> std::string {
            const auto it = names.find(CLI::detail::to_lower(input));
            if (it == names.end()) return "'" + input + "' is not one of " + list;
            input = std::to_string(static_cast<int>(it->second));  // what CLI11 reads an enum from
            return {};
        },
        "");
}

// The check of a whole-number option: CLI11's Range calls a word "not in range" ("Value abc not
// in range 1 to 10000") and the conversion says "Could not convert: --offset = -1" of a negative
// number; these say what is expected: "'abc' is not a number; expected an integer from 1 to
// 10000", "-1 is out of range; expected a non-negative integer". Only digits pass (no sign, no
// spaces); the default max is what an `unsigned` holds.
inline constexpr unsigned long long kNoUpperBound = 4294967295ULL;  // what an `unsigned` option holds
CLI::Validator whole_number(unsigned long long min = 0, unsigned long long max = kNoUpperBound);
// The same for a decimal option (a weight): "expected a number from 0 to 2".
CLI::Validator real_number(double min, double max);

// Adds --format text|json and --color auto|always|never to a subcommand.
void add_output_options(CLI::App& command, OutputOptions& options);

// Colour is on for `always`, off for `never`; for `auto`, on when stdout is a terminal,
// NO_COLOR is unset or empty and TERM is not "dumb".
bool use_color(ColorMode mode);

class Painter {
public:
    explicit Painter(bool enabled) : enabled_(enabled) {}
    std::string operator()(std::string_view text, fmt::text_style style) const;
    std::string stance(Stance s) const;  // the stance word in its colour
    bool enabled() const { return enabled_; }

private:
    bool enabled_;
};

// Highlight markers for snippets: ANSI bold yellow on a colour terminal, else "**".
std::string highlight_start(bool color);
std::string highlight_end(bool color);

void notice(std::string_view message);  // "medqa: note: ..." on stderr

// JSON output keeps keys in the order they were built (ranked facets stay ranked).
using Json = nlohmann::ordered_json;

// One JSON document on a line of stdout; bytes that are not UTF-8 become U+FFFD rather than
// aborting the output.
void print_json(const Json& j);

// A row of an exit-code table: the code, and what it means for this command when the general
// meaning does not fit it (classify rejects lines, it indexes nothing).
struct ExitCodeRow {
    ExitCode code;
    std::string_view meaning = {};  // empty: the general meaning
    ExitCodeRow(ExitCode c) : code(c) {}  // NOLINT: a plain code is a row
    ExitCodeRow(ExitCode c, std::string_view m) : code(c), meaning(m) {}
};

// "Exit codes:" and what each of `codes` means, for --help: one table for medqa --help (every
// code) and each command's (the codes it can return, in its terms).
std::string exit_codes_help(std::initializer_list<ExitCodeRow> codes);
// Exit code 8 for the commands without --allow-partial (show, stats, eval).
inline const ExitCodeRow kShardUnavailableRow{
    ExitCode::shard_unavailable,
    "a shard of a sharded index did not answer: its server is down or slower than --remote-timeout"};

// Counted noun: "1 answer", "2 answers".
std::string plural(size_t n, std::string_view noun);

}  // namespace medqa::cli
