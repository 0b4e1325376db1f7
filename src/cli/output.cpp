#include "output.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>

#include <fmt/format.h>
#include <unistd.h>

#include "core/stance.hpp"
#include "core/text.hpp"

namespace medqa::cli {

void add_output_options(CLI::App& command, OutputOptions& options) {
    static const std::map<std::string, Format> kFormats{{"text", Format::text}, {"json", Format::json}};
    static const std::map<std::string, ColorMode> kColors{
        {"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}};
    command.add_option("--format", options.format, "Output: text for people, json (one object) for scripts")
        ->transform(one_of(kFormats))
        ->option_text("text|json (default: text)");
    command.add_option("--color", options.color, "Colour: auto (on a terminal, unless NO_COLOR is set), always, never")
        ->transform(one_of(kColors))
        ->option_text("auto|always|never (default: auto)");
}

namespace {

// "1 to 10000" as an expectation; a bound at the type's limit is no bound worth naming, but
// to a value above it (`too_large`).
std::string expected_integer(unsigned long long min, unsigned long long max, bool too_large = false) {
    if (max >= kNoUpperBound && !too_large) return min == 0 ? "a non-negative integer" : fmt::format("an integer of {} or more", min);
    return fmt::format("an integer from {} to {}", min, max);
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

CLI::Validator whole_number(unsigned long long min, unsigned long long max) {
    const std::string expected = expected_integer(min, max);
    const std::string description =
        max >= kNoUpperBound ? (min == 0 ? "" : fmt::format("INT >= {}", min)) : fmt::format("INT in [{} - {}]", min, max);
    return CLI::Validator(
        [min, max, expected](std::string& input) -> std::string {
            const std::string_view digits = std::string_view(input).substr(input.starts_with('-') ? 1 : 0);
            if (!all_digits(digits)) return fmt::format("'{}' is not a number; expected {}", input, expected);
            unsigned long long value = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
            // Too large for an unbounded option: name the bound after all, or "expected a
            // non-negative integer" is what the user gave ("--offset 4294967296").
            if (!input.starts_with('-') && (ec != std::errc() || value > max))
                return fmt::format("{} is out of range; expected {}", input, expected_integer(min, max, true));
            if (input.starts_with('-') || value < min) return fmt::format("{} is out of range; expected {}", input, expected);
            return {};
        },
        description);
}

CLI::Validator real_number(double min, double max) {
    const std::string expected = fmt::format("a number from {} to {}", min, max);
    return CLI::Validator(
        [min, max, expected](std::string& input) -> std::string {
            const char* begin = input.c_str();
            char* end = nullptr;
            const double value = std::strtod(begin, &end);
            if (input.empty() || std::isspace(static_cast<unsigned char>(input[0])) || end != begin + input.size() ||
                !std::isfinite(value))
                return fmt::format("'{}' is not a number; expected {}", input, expected);
            if (value < min || value > max) return fmt::format("{} is out of range; expected {}", input, expected);
            return {};
        },
        fmt::format("FLOAT in [{} - {}]", min, max));
}

bool use_color(ColorMode mode) {
    if (mode != ColorMode::automatic) return mode == ColorMode::always;
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return isatty(STDOUT_FILENO) && !(no_color && *no_color) && !(term && std::string_view(term) == "dumb");
}

std::string Painter::operator()(std::string_view text, fmt::text_style style) const {
    return enabled_ ? fmt::format(style, "{}", text) : std::string(text);
}

std::string Painter::stance(Stance s) const {
    switch (s) {
        case Stance::yes: return (*this)("yes", fmt::fg(fmt::terminal_color::green) | fmt::emphasis::bold);
        case Stance::no: return (*this)("no", fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold);
        case Stance::maybe: return (*this)("maybe", fmt::fg(fmt::terminal_color::yellow) | fmt::emphasis::bold);
        case Stance::none: return (*this)("none", fmt::emphasis::faint);
    }
    return std::string(to_string(s));
}

std::string highlight_start(bool color) { return color ? "\x1b[1;33m" : "**"; }
std::string highlight_end(bool color) { return color ? "\x1b[0m" : "**"; }

// Notices quote the query and the files' text: printed safely (text::printable).
void notice(std::string_view message) { fmt::print(stderr, "medqa: note: {}\n", text::printable(message)); }

void print_json(const Json& j) { fmt::print("{}\n", j.dump(-1, ' ', false, Json::error_handler_t::replace)); }

std::string exit_codes_help(std::initializer_list<ExitCodeRow> codes) {
    static constexpr std::pair<ExitCode, std::string_view> kMeanings[]{
        {ExitCode::ok, "success"},
        {ExitCode::failure, "unexpected failure (a Xapian or system error)"},
        {ExitCode::usage, "usage error (unknown option, bad value)"},
        {ExitCode::bad_input, "input was rejected: index, some records (the good ones were indexed); classify,\n"
                              "     some lines of stdin (the others were classified); eval, lexicon: a malformed\n"
                              "     line of a topics, qrels or .obo file"},
        {ExitCode::no_database, "no index at the --db path, or it cannot be opened"},
        {ExitCode::locked, "the index is being updated by another process"},
        {ExitCode::not_found, "the thread asked for is not in the index, or has no such answer"},
        {ExitCode::config, "a lexicon is missing or malformed (see --lexicon-dir, --lexicon)"},
        {ExitCode::shard_unavailable, "a shard of a sharded index did not answer: its server is down or slower than\n"
                                      "     --remote-timeout (medqa search --allow-partial searches the others)"},
        {ExitCode::interrupted, "interrupted (Ctrl-C, SIGTERM): medqa index committed the work done; run it again to finish\n"
                                "     (an interrupted --rebuild is abandoned, the index left as it was)"},
    };
    std::string help = "Exit codes:";
    for (const auto& row : codes)
        for (const auto& [known, meaning] : kMeanings)
            if (known == row.code)
                help += fmt::format("\n{:>3}  {}", static_cast<int>(row.code), row.meaning.empty() ? meaning : row.meaning);
    return help;
}

std::string plural(size_t n, std::string_view noun) { return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s"); }

}  // namespace medqa::cli
