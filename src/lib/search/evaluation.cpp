#include "search/evaluation.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "core/answer_id.hpp"
#include "core/error.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "search/catalog.hpp"

namespace fs = std::filesystem;

namespace medqa::eval {
namespace {

// ---- Reading -------------------------------------------------------------------------------

using text::is_space;
using text::trim;

std::vector<std::string_view> fields(std::string_view line) {
    std::vector<std::string_view> out;
    for (size_t i = 0; i < line.size();) {
        while (i < line.size() && is_space(line[i])) ++i;
        size_t start = i;
        while (i < line.size() && !is_space(line[i])) ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

// Calls `on_line(text, number)` for each line that is neither blank nor a '#' comment; `where`
// names FILE:LINE for messages.
class LineReader {
public:
    explicit LineReader(const fs::path& file, std::string_view what) : file_(file), in_(file) {
        if (fs::is_directory(file) || !in_)
            throw Error(ExitCode::usage, fmt::format("cannot read the {} file {}", what, file.string()),
                        fmt::format("check the path given to --{}", what));
    }
    void each(const std::function<void(std::string_view)>& on_line) {
        std::string line;
        while (std::getline(in_, line)) {
            ++number_;
            if (!line.empty() && line.back() == '\r') line.pop_back();  // files written on Windows
            std::string_view body = number_ == 1 ? text::without_byte_order_mark(line) : std::string_view(line);
            std::string_view content = trim(body);
            if (content.empty() || content.front() == '#') continue;
            on_line(body);
        }
    }
    std::string where() const { return fmt::format("{}:{}", file_.string(), number_); }
    [[noreturn]] void fail(const std::string& reason, const std::string& hint) const {
        throw Error(ExitCode::bad_input, where() + ": " + reason, hint);
    }

private:
    fs::path file_;
    std::ifstream in_;
    size_t number_ = 0;
};

constexpr const char* kTopicsHint = "each line of a topics file is ID<TAB>query text";
constexpr int kMaxGrade = 100;
constexpr const char* kQrelsHint = "each line of a qrels file is QID 0 DOCID GRADE (TREC format)";

// Where each (topic, DOCID) was judged: FILE:LINE.
using JudgedAt = std::map<std::pair<std::string, std::string>, std::string>;

struct OtherLevel {
    std::string doc;    // the thread of an answer judged, or an answer of a thread judged
    std::string where;  // FILE:LINE of its judgement
};

// The split of `doc` as "THREAD/ANSWER" whose THREAD the topic judges (core/answer_id.hpp, the
// rule `medqa show` reads THREAD/ANSWER by; the qrels stand for the index, which they are read
// without).
std::optional<AnswerId> judged_thread_of(const JudgedAt& judged, const std::string& topic, const std::string& doc) {
    return split_answer_id(doc, [&](const std::string& thread, const std::string&) { return judged.contains({topic, thread}); });
}

// A judgement of `doc` at the other level within the topic: its thread when `doc` is
// "THREAD/ANSWER", else one of its answers. A hit matches its answer's id before its thread's,
// so the thread would only stand for the thread's other answers, and a thread of one answer
// could never be found at all: the relevant set would count one document twice.
std::optional<OtherLevel> judged_at_other_level(const JudgedAt& judged, const std::string& topic,
                                                const std::string& doc) {
    if (auto split = judged_thread_of(judged, topic, doc))
        return OtherLevel{split->thread, judged.at({topic, split->thread})};
    const std::string answers = doc + "/";
    for (auto it = judged.lower_bound({topic, answers});
         it != judged.end() && it->first.first == topic && it->first.second.starts_with(answers); ++it)
        // "T/A/B" is an answer of "T/A" when that is judged too, else of "T".
        if (auto split = judged_thread_of(judged, topic, it->first.second); split && split->thread == doc)
            return OtherLevel{it->first.second, it->second};
    return std::nullopt;
}

// ---- Measures ------------------------------------------------------------------------------

double gain(int grade) { return grade > 0 ? std::exp2(grade) - 1 : 0.0; }

double dcg_at(std::span<const int> grades, size_t k) {
    double dcg = 0;
    for (size_t i = 0; i < grades.size() && i < k; ++i) dcg += gain(grades[i]) / std::log2(static_cast<double>(i) + 2);
    return dcg;
}

size_t relevant_in_first(std::span<const int> ranked, size_t k) {
    size_t n = std::min(k, ranked.size());
    return static_cast<size_t>(std::count_if(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n),
                                             [](int g) { return g > 0; }));
}

// ---- Runs ----------------------------------------------------------------------------------

bool is_thread(const Xapian::Database& db, const std::string& id) {
    return db.term_exists(schema::term(schema::kThreadPrefix, id));
}

// "THREAD/ANSWER" of an answer of the database, split as `medqa show` splits it: thread and
// answer ids may both hold '/' (MedQuAD's thread "GARD/0000042-1").
bool is_answer(const Xapian::Database& db, const std::string& id) {
    return split_answer_id(id, [&](const std::string& thread, const std::string& answer) {
               auto answers = thread_answers(db, thread);
               return std::any_of(answers.begin(), answers.end(), [&](const auto& a) { return a.answer == answer; });
           }).has_value();
}

std::string without_space(std::string id) {
    std::replace_if(id.begin(), id.end(), is_space, '_');
    return id;
}

}  // namespace

std::vector<Topic> read_topics(const fs::path& file) {
    LineReader reader(file, "topics");
    std::vector<Topic> topics;
    std::map<std::string, std::string> first_seen;  // id -> FILE:LINE
    reader.each([&](std::string_view line) {
        auto tab = line.find('\t');
        if (tab == std::string_view::npos) reader.fail("no tab between the topic id and the query", kTopicsHint);
        Topic t{std::string(trim(line.substr(0, tab))), std::string(trim(line.substr(tab + 1)))};
        if (t.id.empty()) reader.fail("the topic id is empty", kTopicsHint);
        if (std::any_of(t.id.begin(), t.id.end(), is_space))
            reader.fail("topic id \"" + t.id + "\" contains white space", "qrels and run files separate columns by white space");
        if (t.query.empty()) reader.fail("topic " + t.id + " has an empty query", kTopicsHint);
        auto [it, fresh] = first_seen.emplace(t.id, reader.where());
        if (!fresh) reader.fail("topic " + t.id + " was already given at " + it->second, "topic ids must be unique");
        topics.push_back(std::move(t));
    });
    if (topics.empty())
        throw Error(ExitCode::bad_input, file.string() + ": no topics in the file", kTopicsHint);
    return topics;
}

Qrels read_qrels(const fs::path& file) {
    LineReader reader(file, "qrels");
    Qrels qrels;
    JudgedAt first_seen;
    reader.each([&](std::string_view line) {
        auto f = fields(line);
        if (f.size() != 4)
            reader.fail(fmt::format("{} columns where 4 were expected", f.size()), kQrelsHint);
        int grade = 0;
        auto [end, ec] = std::from_chars(f[3].data(), f[3].data() + f[3].size(), grade);
        if (ec != std::errc() || end != f[3].data() + f[3].size())
            reader.fail("the grade \"" + std::string(f[3]) + "\" is not an integer", kQrelsHint);
        // nDCG's gain is 2^grade - 1: from 1024 on it is infinite, and the measure NaN.
        if (grade > kMaxGrade)
            reader.fail(fmt::format("the grade {} is above {}", grade, kMaxGrade),
                        "graded relevance runs from 0 (or below, as not relevant) to a few levels");
        std::string topic(f[0]), doc(f[2]);
        auto [it, fresh] = first_seen.emplace(std::pair{topic, doc}, reader.where());
        if (!fresh)
            reader.fail("topic " + topic + " judges " + doc + " again (first at " + it->second + ")",
                        "give each topic and document one grade");
        // A thread judged not relevant beside a relevant answer of it says something: only two
        // relevant grades would count one thing twice.
        if (auto other = judged_at_other_level(first_seen, topic, doc); other && grade > 0 && qrels[topic][other->doc] > 0) {
            const bool doc_is_answer = other->doc.size() < doc.size();  // the other is its thread
            reader.fail("topic " + topic + " judges " + doc +
                            (doc_is_answer ? ", an answer of " + other->doc + ", which it judges whole"
                                       : ", whose answer " + other->doc + " it judges on its own") +
                            " (at " + other->where + ")",
                        "within a topic, judge a thread whole or its answers one by one, not both: "
                        "both would count as relevant documents");
        }
        qrels[topic][doc] = grade;
    });
    return qrels;
}

size_t relevant_count(const Judgements& judged) {
    return static_cast<size_t>(std::count_if(judged.begin(), judged.end(), [](const auto& j) { return j.second > 0; }));
}

double ndcg_at(std::span<const int> ranked, std::span<const int> judged_grades, size_t k) {
    std::vector<int> ideal(judged_grades.begin(), judged_grades.end());
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double best = dcg_at(ideal, k);
    return best > 0 ? dcg_at(ranked, k) / best : 0.0;
}

double average_precision(std::span<const int> ranked, size_t relevant) {
    if (relevant == 0) return 0.0;
    double sum = 0;
    size_t found = 0;
    for (size_t i = 0; i < ranked.size(); ++i)
        if (ranked[i] > 0) sum += static_cast<double>(++found) / static_cast<double>(i + 1);
    return sum / static_cast<double>(relevant);
}

double reciprocal_rank(std::span<const int> ranked) {
    for (size_t i = 0; i < ranked.size(); ++i)
        if (ranked[i] > 0) return 1.0 / static_cast<double>(i + 1);
    return 0.0;
}

double precision_at(std::span<const int> ranked, size_t k) {
    return k ? static_cast<double>(relevant_in_first(ranked, k)) / static_cast<double>(k) : 0.0;
}

double recall_at(std::span<const int> ranked, size_t relevant, size_t k) {
    return relevant ? static_cast<double>(relevant_in_first(ranked, k)) / static_cast<double>(relevant) : 0.0;
}

IdLevel judged_level(const Qrels& qrels, const IdTest& is_thread, const IdTest& is_answer) {
    std::set<std::string> ids;
    for (const auto& [topic, judged] : qrels)
        for (const auto& [doc, grade] : judged) ids.insert(doc);
    size_t threads = 0, answers = 0;
    for (const auto& id : ids) {
        if (is_thread(id)) ++threads;
        else if (is_answer(id)) ++answers;
    }
    return answers > threads ? IdLevel::answer : IdLevel::thread;
}

IdLevel judged_level(const Xapian::Database& db, const Qrels& qrels) {
    return judged_level(
        qrels, [&](const std::string& id) { return is_thread(db, id); },
        [&](const std::string& id) { return is_answer(db, id); });
}

Ranking ranking_from_hits(const std::vector<Hit>& hits, const Judgements& judged, IdLevel unjudged) {
    Ranking ranking;
    std::unordered_set<std::string> seen;
    for (const auto& h : hits) {
        const std::string& thread = h.answer.thread;
        std::string answer = thread + "/" + h.answer.answer;
        std::string id = judged.contains(answer)   ? answer
                         : judged.contains(thread) ? thread
                         : unjudged == IdLevel::thread ? thread
                                                       : answer;
        if (seen.insert(id).second) ranking.push_back({std::move(id), h.score});
    }
    return ranking;
}

std::vector<int> grades_of(const Ranking& ranking, const Judgements& judged) {
    std::vector<int> grades;
    grades.reserve(ranking.size());
    for (const auto& entry : ranking) {
        auto it = judged.find(entry.doc);
        grades.push_back(it == judged.end() ? 0 : it->second);
    }
    return grades;
}

Scores score(const Ranking& ranking, const Judgements& judged) {
    std::vector<int> ranked = grades_of(ranking, judged);
    std::vector<int> all;
    for (const auto& [doc, grade] : judged) all.push_back(grade);
    size_t relevant = relevant_count(judged);
    return {.ndcg10 = ndcg_at(ranked, all, 10),
            .ap = average_precision(ranked, relevant),
            .rr = reciprocal_rank(ranked),
            .p10 = precision_at(ranked, 10),
            .recall10 = recall_at(ranked, relevant, 10),
            .recall100 = recall_at(ranked, relevant, 100)};
}

Scores mean_scores(const std::vector<TopicResult>& results) {
    Scores sum;
    for (const auto& r : results) {
        sum.ndcg10 += r.scores.ndcg10;
        sum.ap += r.scores.ap;
        sum.rr += r.scores.rr;
        sum.p10 += r.scores.p10;
        sum.recall10 += r.scores.recall10;
        sum.recall100 += r.scores.recall100;
    }
    if (results.empty()) return sum;
    double n = static_cast<double>(results.size());
    return {sum.ndcg10 / n, sum.ap / n, sum.rr / n, sum.p10 / n, sum.recall10 / n, sum.recall100 / n};
}

std::array<Measure, 6> measures(const Scores& s) {
    return {{{"nDCG@10", "ndcg10", s.ndcg10},
             {"MAP", "map", s.ap},
             {"MRR", "mrr", s.rr},
             {"P@10", "p10", s.p10},
             {"R@10", "recall10", s.recall10},
             {"R@100", "recall100", s.recall100}}};
}

Evaluation evaluate(const std::vector<Topic>& topics, const Qrels& qrels, const Ranker& rank) {
    static const Judgements kNone;
    Evaluation e;
    for (const auto& topic : topics) {
        auto it = qrels.find(topic.id);
        const Judgements& judged = it == qrels.end() ? kNone : it->second;
        TopicRun run = rank(topic, judged);
        if (relevant_count(judged) > 0)
            e.evaluated.push_back({topic.id, relevant_count(judged), run.ranking.size(), score(run.ranking, judged)});
        else
            e.skipped.push_back(topic.id);
        e.runs.push_back(std::move(run));
    }
    // The ids may match and every grade still be 0 or less (judged, none relevant): say which.
    const bool some_judged = std::any_of(topics.begin(), topics.end(), [&](const auto& t) { return qrels.contains(t.id); });
    if (e.evaluated.empty() && !topics.empty())
        throw Error(ExitCode::bad_input,
                    fmt::format("none of the {} topics has a relevant document in the qrels", topics.size()),
                    qrels.empty()  ? "the qrels file judges nothing"
                    : some_judged ? "no grade of the topics' judgements is above 0 (a relevant document has grade 1 or more)"
                                  : fmt::format("the topic ids of the two files must match (topics start with {}, "
                                                "the qrels with {})",
                                                topics.front().id, qrels.begin()->first));
    // Judgements no topic asks for are left out of every measure; a caller says so (a topics
    // file cut short, or ids that differ in a few topics only).
    std::set<std::string_view> asked;
    for (const auto& topic : topics) asked.insert(topic.id);
    for (const auto& [topic, judged] : qrels)
        if (!asked.contains(topic)) e.qrels_only.push_back(topic);
    e.mean = mean_scores(e.evaluated);
    return e;
}

Evaluation evaluate(const Searcher& searcher, const std::vector<Topic>& topics, const Qrels& qrels,
                    const EvalOptions& options) {
    const IdLevel level = judged_level(searcher.database(), qrels);
    return evaluate(topics, qrels, [&](const Topic& topic, const Judgements& judged) {
        SearchRequest request;
        request.presentation = false;  // the ranking only
        request.query = topic.query;
        request.limit = options.depth;
        request.collapse = options.collapse;
        request.exact = options.exact;
        SearchResult found = searcher.search(request);
        return TopicRun{topic.id, ranking_from_hits(found.hits, judged, level), std::move(found.notices)};
    });
}

std::string trec_run(const std::vector<TopicRun>& runs, const std::string& tag) {
    std::string out;
    for (const auto& run : runs)
        for (size_t i = 0; i < run.ranking.size(); ++i)
            out += fmt::format("{} Q0 {} {} {:.6f} {}\n", run.topic, without_space(run.ranking[i].doc), i + 1,
                               run.ranking[i].score, tag);
    return out;
}

void write_file_atomically(const fs::path& file, const std::string& content) {
    fs::path tmp = file;
    tmp += ".tmp";
    auto fail = [&](const std::string& why) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw Error(ExitCode::usage, fmt::format("cannot write {}: {}", file.string(), why),
                    "check that its folder exists and is writable");
    };
    // Renamed over a folder the run would fail with EBUSY for "." and EISDIR for others.
    if (fs::is_directory(file) || !file.has_filename())
        throw Error(ExitCode::usage, fmt::format("cannot write {}: it is a folder", file.string()), "give a file name");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) fail("cannot create " + tmp.string());
        out << content;
        out.flush();
        if (!out) fail("writing " + tmp.string() + " failed");
    }
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) fail(ec.message());
}

}  // namespace medqa::eval
