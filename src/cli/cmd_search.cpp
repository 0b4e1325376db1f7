// medqa search QUERY...: ranked answers with stance, anatomy and a highlighted snippet.

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "annotate/annotator.hpp"
#include "commands.hpp"
#include "database_options.hpp"
#include "core/schema.hpp"
#include "core/stance.hpp"
#include "core/text.hpp"
#include "explain.hpp"
#include "index/database.hpp"
#include "lexicon_options.hpp"
#include "output.hpp"
#include "search/match_count.hpp"
#include "search/searcher.hpp"

namespace medqa::cli {
namespace {

// The query language, for --help: fixed syntax first, then the fields of the schema.
std::string syntax_help() {
    std::string help = R"(Query syntax (Xapian's QueryParser):
  temporalis atrophy        any of the words; answers with more of them rank higher
  "volume loss"             the exact phrase
  +botox -filler            botox required, filler excluded
  botox AND (temple OR forehead), botox NOT masseter
  title:"loss of volume"    title words (a phrase in title: or question: is its words AND-ed)
  NOT masseter botox        at the start, NOT excludes the word after it: botox -masseter
                            (NOT (masseter botox) excludes both); stop words after the NOT are
                            left out: NOT a knee pain is pain -knee, NOT a pain is NOT pain
  atroph*                   words starting with atroph
Words find their synonyms (lay and clinical words, brands and generics, anatomy names) at half
weight, and their British or American spelling (gynecologist, gynaecologist; tumor, tumour) at
full weight, as a word of its own (in queries of plain words).
Fields (the names in any case: Stance:no is stance:no; a field needs its word right after the
colon, and title:* or title: alone is left out, with a notice):
)";
    for (const auto& f : schema::kFields)
        if (!f.name.empty()) help += fmt::format("  {:<24}  {}\n", std::string(f.name) + ":", f.help);
    help += fmt::format(R"(anatomy: takes any name or synonym of the lexicon (temples, TMJ, "jaw muscle") and matches its
parts too: anatomy:temple finds answers about the temporalis muscle. A stance:, anatomy:,
thread: or source: filter on its own narrows the whole query, as --stance does: NOT botox
stance:no is the no answers without botox (after NOT or an operator it is negated or joined).
A query with broken syntax (an unbalanced quote or parenthesis, a stray AND) is searched as
plain words, with a notice. Control characters and bytes that are not UTF-8 are searched as
spaces (a notice names the bytes) and printed escaped (\x1b, \xff), never raw.
"Did you mean" replaces words that find nothing, not words that find answers through a title
or a synonym ("hollowing"), and not most of a query's words ("cafe au lait").
The count and the facets are of the answers that the query's words and synonyms match (what a
--stance or --anatomy filter would keep). Feedback ranks more answers below them, those that
share words with the best matches, and the count says how many: 21 answers match "hpv" (689
more related); --no-feedback ranks the matches alone. The count is exact
on an index of fewer than {} answers; on a larger one it is counted on {} of them
spread over the index and rounded ("about 14000 answers match": within about 10 % near a
thousand matches, 2 % past ten thousand).
Collapsed (threads) on a larger index, or with remote shards, it is Xapian's estimate, which
can be 2 or 3 times too high.
The facets count every match on the same smaller index; on a larger one, the best {} (the output
says so), whatever --limit and --offset. --exact counts every match for both. Facets count answers, with --collapse too (all the answers of the
matching threads). The anatomy facet counts direct mentions, while a filter also matches parts.)",
                        kExactCountAnswers, kCountSampleAnswers, kFacetCheckAtLeast);
    return help;
}

// With --explain, why each hit got its stance: the annotator run again on the stored text
// (the same lexicons give the same decision as at index time).
struct Explainer {
    const annotate::Annotator* annotator = nullptr;  // null: no explanations
    explicit operator bool() const { return annotator != nullptr; }
    std::pair<annotate::QuestionFrame, annotate::AnswerAnalysis> operator()(const StoredAnswer& a) const {
        auto frame = annotator->frame(a.title, a.question);
        return {frame, annotator->analyse(frame, a.text)};
    }
};

Json to_json(const SearchResult& r, const Explainer& explain) {
    Json missing = Json::array();
    for (const auto& m : r.missing_shards) missing.push_back({{"shard", m.shard.line}, {"reason", m.reason}});
    Json hits = Json::array();
    for (const auto& h : r.hits) {
        hits.push_back({{"rank", h.rank},
                        {"thread", h.answer.thread},
                        {"answer", h.answer.answer},
                        {"title", h.answer.title},
                        {"author", h.answer.author},
                        {"url", h.answer.url},
                        {"stance", to_string(h.answer.stance)},
                        {"anatomy", h.answer.anatomy},
                        {"score", h.score},
                        {"snippet", h.snippet}});
        if (explain) {
            auto [frame, analysis] = explain(h.answer);
            hits.back()["explain"] = analysis_json(frame, analysis);
        }
    }
    auto facet = [](const FacetCounts& counts) {
        Json j = Json::object();
        for (const auto& [name, n] : counts) j[name] = n;
        return j;
    };
    auto stance_json = [](const std::map<Stance, Xapian::doccount>& counts) {
        Json j = Json::object();
        for (Stance s : kAllStances)
            if (auto it = counts.find(s); it != counts.end()) j[std::string(to_string(s))] = it->second;
        return j;
    };
    Json consensus = Json::array();
    for (const auto& t : r.consensus.threads)
        consensus.push_back({{"thread", t.thread}, {"title", t.title}, {"answers", t.answers}, {"stance", stance_json(t.stance)}});
    return {{"query", r.query},
            {"estimated_matches", r.estimated_matches},
            {"matches_exact", r.matches_exact},
            {"related_matches", r.related_matches},
            {"related_exact", r.related_exact},
            {"consensus", consensus},
            {"consensus_overall", {{"threads", r.consensus.threads.size()},
                                   {"answers", r.consensus.overall.answers},
                                   {"stance", stance_json(r.consensus.overall.stance)}}},
            {"hits", hits},
            {"facets", {{"stance", facet(r.stance_facets)}, {"anatomy", facet(r.anatomy_facets)}}},
            {"facets_counted", r.facet_sample},
            {"did_you_mean", r.did_you_mean.empty() ? Json(nullptr) : Json(r.did_you_mean)},
            {"partial", !r.missing_shards.empty()},
            {"missing_shards", missing},
            {"notices", r.notices}};
}

// The query as text output echoes it: whole when short, else (a pasted page) its first words, "…"
// and how many words it has: "the first twelve ... words …" (2789 words). JSON keeps it whole.
constexpr size_t kQueryWordsEchoedWhole = 20, kQueryBytesEchoedWhole = 200, kQueryWordsEchoed = 12;

// Printed safely (text::printable): a query may hold an escape sequence or a stray byte.
std::string echoed_query(const std::string& typed) {
    const std::string query = text::printable(typed), squeezed = text::printable(text::squeeze_space(typed));
    const size_t words = squeezed.empty() ? 0 : std::count(squeezed.begin(), squeezed.end(), ' ') + 1;
    if (words <= kQueryWordsEchoedWhole && squeezed.size() <= kQueryBytesEchoedWhole) return "\"" + query + "\"";
    size_t cut = 0;
    for (size_t i = 0; i < kQueryWordsEchoed && cut != std::string::npos; ++i) cut = squeezed.find(' ', cut + 1);
    std::string head = text::headline(squeezed.substr(0, cut), kQueryBytesEchoedWhole / 2);
    if (!head.ends_with("…")) head += " …";
    return fmt::format("\"{}\" ({})", head, plural(words, "word"));
}

// "1 answer matches", "12 threads match".
std::string matches(size_t n, bool collapsed) {
    return plural(n, collapsed ? "thread" : "answer") + (n == 1 ? " matches" : " match");
}

std::string join_facets(const FacetCounts& counts, size_t most) {
    std::string out;
    for (size_t i = 0; i < counts.size() && i < most; ++i)
        out += fmt::format("{}{} {}", i ? ", " : "", counts[i].first, counts[i].second);
    return out;
}

// Above the hits: what the doctors of the matching threads say, per thread and overall.
void print_consensus(const Consensus& c, const Painter& paint) {
    if (c.threads.empty()) return;
    fmt::print("\n{}", paint("What the doctors say", fmt::emphasis::bold));
    if (c.threads.size() > 1)
        fmt::print(" ({} threads, {}): {}", c.threads.size(), plural(c.overall.answers, "answer"),
                   describe(c.overall.stance));
    fmt::print("\n");
    for (const auto& t : c.threads)
        fmt::print("  {} - {}: {}\n", text::headline(t.title), plural(t.answers, "answer"), describe(t.stance));
}

void print_text(const SearchResult& r, bool collapsed, const Explainer& explain, const Painter& paint) {
    if (!r.did_you_mean.empty()) fmt::print("Did you mean: {}\n", paint(text::printable(r.did_you_mean), fmt::emphasis::bold));
    if (r.hits.empty()) {
        if (r.estimated_matches > 0)  // paged past the end
            fmt::print("no answers on this page: {}; try a smaller --offset\n", matches(r.estimated_matches, collapsed));
        else
            fmt::print("no answers match {}\n", r.query.empty() ? "the filters" : echoed_query(r.query));
        return;
    }
    // Collapsed, Xapian counts threads rather than answers.
    fmt::print("{}{}", r.matches_exact ? "" : "about ", matches(r.estimated_matches, collapsed));
    if (!r.query.empty()) fmt::print(" {}", echoed_query(r.query));
    if (r.related_matches > 0) fmt::print(" ({}{} more related)", r.related_exact ? "" : "about ", r.related_matches);
    // Past kFacetCheckAtLeast matches, the facets count the best of them only; collapsed, they
    // count the threads' answers. Say which.
    std::string counted;
    if (!r.facets_complete) counted = fmt::format(" (best {}{})", r.facet_sample, collapsed ? " answers" : "");
    else if (collapsed) counted = fmt::format(" (their {})", plural(r.facet_sample, "answer"));
    fmt::print("  {}\n", paint(fmt::format("stance{}: {} | anatomy: {}", counted, join_facets(r.stance_facets, 4),
                                          r.anatomy_facets.empty() ? "-" : join_facets(r.anatomy_facets, 5)),
                              fmt::emphasis::faint));
    print_consensus(r.consensus, paint);
    for (const auto& h : r.hits) {
        const auto& a = h.answer;
        fmt::print("\n{:>3}. {}  [{}]  {}\n", h.rank, paint(text::headline(a.title), fmt::emphasis::bold), paint.stance(a.stance),
                   paint(fmt::format("{}/{}  score {:.2f}", a.thread, a.answer, h.score), fmt::emphasis::faint));
        std::string anatomy;
        for (const auto& name : a.anatomy) anatomy += (anatomy.empty() ? "" : ", ") + name;
        fmt::print("     by {} | anatomy: {}\n", a.author.empty() ? "(unknown author)" : a.author,
                   anatomy.empty() ? "-" : anatomy);
        fmt::print("     {}\n", h.snippet);
        if (explain) {
            auto [frame, analysis] = explain(h.answer);
            fmt::print("{}", explanation_text(frame, analysis.stance, "     ", paint));
        }
    }
}

// "10", "-10": a whole number, with its sign if any.
bool is_number(std::string_view a) {
    if (a.starts_with('-')) a.remove_prefix(1);
    return !a.empty() && std::all_of(a.begin(), a.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "--offset", "-n": an option that may take the next argument as its value ("--offset=5" and
// "-n5" have theirs).
bool is_option_name(std::string_view a) {
    return a == "-n" || (a.starts_with("--") && a.size() > 2 && a.find('=') == std::string_view::npos);
}

}  // namespace

std::vector<std::string> protect_search_words(std::vector<std::string> args) {
    auto subcommand = std::find_if(args.begin(), args.end(), [](const std::string& a) { return !a.starts_with("-"); });
    if (subcommand == args.end() || *subcommand != "search") return args;
    std::vector<std::string> out(args.begin(), subcommand + 1);
    bool words_only = false;  // after "--"
    for (auto it = subcommand + 1; it != args.end(); ++it) {
        const std::string& a = *it;
        // -n with its value: "-n5", and "-n-5" for --limit to refuse.
        const bool limit = a.starts_with("-n") && is_number(std::string_view(a).substr(2));
        // A negative number right after an option is given to it ("--offset -10"), which takes
        // it as its value and says what it expects, as for "-1"; made a query word, it left the
        // option without a value. After a flag, CLI11 makes it a query word all the same.
        const bool option_value = a.starts_with('-') && is_number(a) && is_option_name(*(it - 1));
        if (!words_only && a == "--") words_only = true;
        else if (words_only || (a.size() > 2 && a[0] == '-' && a[1] != '-' && !limit && !option_value))
            out.push_back(std::string(kQueryWordOption) + "=" + a);
        else out.push_back(a);
    }
    return out;
}

void add_search_command(CLI::App& app, ExitCode&) {
    struct Options {
        std::vector<std::string> words;
        std::vector<std::string> dash_words;  // from protect_search_words
        DatabaseOptions database;
        bool allow_partial = false;
        LexiconOptions lexicon;
        SearchRequest request;
        bool explain = false;
        bool no_feedback = false;
        OutputOptions output;
    };
    auto opts = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("search", "Ranked answers for a query, with stance, anatomy and a snippet");
    cmd->footer(syntax_help() + "\n\n" +
                exit_codes_help({ExitCode::ok, ExitCode::failure, ExitCode::usage, ExitCode::no_database, ExitCode::config,
                                 ExitCode::shard_unavailable}));
    cmd->add_option("query", opts->words, "Query words and syntax (quote it to keep your shell's hands off)");
    cmd->add_option(std::string(kQueryWordOption), opts->dash_words)->group("");  // hidden
    add_database_options(*cmd, opts->database);
    cmd->add_flag("--allow-partial", opts->allow_partial,
                  "When a shard does not answer, search the others and mark the results partial (else: exit 8)");
    add_lexicon_options(*cmd, opts->lexicon);
    cmd->add_option("--limit,-n", opts->request.limit, "How many answers to show")->default_val(10)->check(whole_number(1, 10000));
    cmd->add_option("--offset", opts->request.offset, "Skip this many answers first (paging)")->default_val(0)->check(whole_number());
    std::vector<std::string> stance_names;
    for (Stance s : kAllStances) stance_names.emplace_back(to_string(s));
    cmd->add_option("--stance", opts->request.stances, "Only answers with this stance (repeatable: any of them)")
        ->check(CLI::IsMember(stance_names, CLI::ignore_case))
        ->allow_extra_args(false);  // "--stance no botox": botox is the query
    cmd->add_option("--anatomy", opts->request.anatomy, "Only answers about this anatomy or its parts (repeatable: any of them; a name or synonym of the lexicon, or a concept the index holds)")
        ->allow_extra_args(false);  // "--stance no botox": botox is the query
    cmd->add_flag("--collapse", opts->request.collapse, "Show only the best answer of each thread");
    cmd->add_flag("--explain", opts->explain, "Under each answer, the evidence for its stance (sentence and cues)");
    cmd->add_flag("--no-feedback", opts->no_feedback,
                  "Rank by the query's own words and synonyms only, without a first pass whose best answers re-rank the rest");
    cmd->add_flag("--exact", opts->request.exact,
                  fmt::format("Check every match: exact facets and match count on an index of {} answers or more too "
                              "(not the best {} and a sample), and on a sharded index the ranking of one database "
                              "(slower when many match)",
                              kExactCountAnswers, kFacetCheckAtLeast));
    add_output_options(*cmd, opts->output);
    // "-filler botox": words that start with '-' exclude; only "--words" are options.
    cmd->allow_extras();
    cmd->callback([opts, cmd] {
        for (const auto& extra : cmd->remaining())
            if (extra.starts_with("--"))
                throw Error(ExitCode::usage, "search: unknown option " + extra, "see medqa search --help");
        std::vector<std::string> words = opts->words;
        words.insert(words.end(), opts->dash_words.begin(), opts->dash_words.end());
        for (const auto& extra : cmd->remaining()) words.push_back(extra);
        for (const auto& w : words) opts->request.query += (opts->request.query.empty() ? "" : " ") + w;
        if (text::squeeze_space(opts->request.query).empty()) opts->request.query.clear();  // "   " is no query either
        if (opts->request.query.empty() && opts->request.stances.empty() && opts->request.anatomy.empty())
            throw Error(ExitCode::usage, "search needs a query, --stance or --anatomy",
                        "e.g. medqa search temporalis atrophy");
        const bool color = opts->output.format == Format::text && use_color(opts->output.color);
        opts->request.snippet.highlight_start = highlight_start(color);
        opts->request.snippet.highlight_end = highlight_end(color);
        opts->request.feedback = !opts->no_feedback;

        auto annotator = make_annotator(opts->lexicon);
        // A commit by a running `medqa index` may overtake the search: start again on the new revision.
        ShardOptions shards = opts->database.shards();
        shards.allow_partial = opts->allow_partial;
        const auto path = index_to_read(opts->database);
        SearchResult result;
        try {
            result = retry_if_modified([&] { return Searcher(path, annotator, {}, shards).search(opts->request); });
        } catch (const Error& e) {
            // The library's hint fits every command that reads an index; only search can go on without a shard.
            if (e.code() != ExitCode::shard_unavailable) throw;
            throw Error(e.code(), e.what(), e.hint() + "; or --allow-partial searches the shards that answer");
        }
        for (const auto& n : result.notices) notice(n);
        for (const auto& m : result.missing_shards)
            notice("partial results: shard \"" + m.shard.line + "\" did not answer (" + m.reason + ")");
        Explainer explain;
        if (opts->explain) explain.annotator = &annotator;
        if (opts->output.format == Format::json) print_json(to_json(result, explain));
        else print_text(result, opts->request.collapse, explain, Painter(color));
    });
}

}  // namespace medqa::cli
