#pragma once
// The hand-labelled doctors' answers of bench/data/doctor-labels.tsv, joined to their texts in
// questionDoctorQAs.json. The labels file holds no texts (licence): a row names its record by
// url and n, n numbering the records that share a url 1, 2, 3... in file order. Shared by
// eval_stance and eval_anatomy so that both read the same rows the same way.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "annotate/tsv_file.hpp"

namespace medqa::bench {

// The splits of the labels file, oldest first. dev chooses rules; each later split was held out
// when it was added, and the rules rounds after it read it (bench/README.md says which); the last
// one is the split no round has looked at yet.
inline const std::vector<std::string> kSplits = {"dev", "test", "test2", "test3", "test4", "test5", "test6", "test7", "test8", "test9", "test10", "test11"};

// The values of --split: a split, or "all".
inline std::vector<std::string> split_choices() {
    auto choices = kSplits;
    choices.push_back("all");
    return choices;
}

// --split's help, naming every split.
inline std::string split_help() {
    std::string help = "Which labelled split:";
    for (const auto& s : kSplits) help += " " + s + (s == "dev" ? " (chooses rules)," : ",");
    help.back() = ' ';
    return help + "(the newest, held out) or all";
}

struct LabelledAnswer {
    std::string where;  // labels file:line, for messages
    std::string url;
    size_t n = 0;
    std::string author;
    std::string split;  // one of kSplits
    bool question_is_yes_no = false;
    std::string stance;                // gold: yes, no, maybe or none
    std::vector<std::string> anatomy;  // gold canonical names; "?name" = a structure not in the lexicon
    std::string question_text;         // from the corpus record
    std::string answer;                // from the corpus record
};

// The rows of `labels` in `split` (one of split_choices()), in file order, each with its
// record's question and answer from `corpus`. Throws std::runtime_error naming the row when a
// row is malformed or names a record the corpus does not have.
inline std::vector<LabelledAnswer> read_labelled_answers(const std::filesystem::path& corpus,
                                                         const std::filesystem::path& labels,
                                                         const std::string& split) {
    using nlohmann::json;
    std::ifstream in(corpus);
    if (!in) throw std::runtime_error("cannot open " + corpus.string());
    const json records = json::parse(in);

    // (url, n) -> record; the labels refer to records this way because urls repeat, one record
    // per answer of a thread.
    std::map<std::pair<std::string, size_t>, const json*> by_key;
    std::map<std::string, size_t> seen;
    for (const auto& r : records) {
        std::string url = r.at("url").get<std::string>();
        size_t n = ++seen[url];
        by_key[{std::move(url), n}] = &r;
    }

    std::vector<LabelledAnswer> out;
    annotate::read_tsv(labels, 7, 7, [&](const annotate::TsvRow& row) {
        const auto& c = row.cells;
        if (c[0] == "url") return;  // the header row
        if (std::find(kSplits.begin(), kSplits.end(), c[3]) == kSplits.end())
            throw std::runtime_error(row.where + ": unknown split '" + c[3] + "'");
        if (split != "all" && c[3] != split) return;
        LabelledAnswer a;
        a.where = row.where;
        a.url = c[0];
        try {
            a.n = std::stoul(c[1]);
        } catch (const std::exception&) {
            throw std::runtime_error(row.where + ": n '" + c[1] + "' is not a number");
        }
        a.author = c[2];
        a.split = c[3];
        a.question_is_yes_no = c[4] == "yes";
        a.stance = c[5];
        a.anatomy = annotate::split_list(c[6]);
        auto it = by_key.find({a.url, a.n});
        if (it == by_key.end()) throw std::runtime_error(row.where + ": no such record in " + corpus.string());
        a.question_text = it->second->at("question_text").get<std::string>();
        a.answer = it->second->at("answer").get<std::string>();
        out.push_back(std::move(a));
    });
    return out;
}

}  // namespace medqa::bench
