// bench/eval-stance: how well medqa's stance rules do on text nobody tuned them to.
//   PubMedQA dev (500 expert-labelled yes/no/maybe items): classify LONG_ANSWER against QUESTION.
//   Doctors' answers (questionDoctorQAs.json) with the labels of bench/data/doctor-labels.tsv.
// Prints accuracy, macro-F1, per-class F1 and the confusion matrix, each beside the
// majority-class baseline. Corpora that are absent are skipped with a message.

#include <filesystem>
#include <fstream>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "annotate/annotator.hpp"
#include "core/stance.hpp"
#include "doctor_labels.hpp"
#include "metrics.hpp"

namespace fs = std::filesystem;
using namespace medqa;
using nlohmann::json;

namespace {

// --dump FILE: one line per item (set, id, gold, predicted, yes/no/maybe scores, evidence
// and cues), to read the errors while writing rules. It holds corpus text: keep it out of the
// repository.
std::ofstream dump;

std::string classify(const annotate::Annotator& annotator, const std::string& question, const std::string& answer,
                     const std::string& set = {}, const std::string& id = {}, const std::string& gold = {}) {
    Thread t;
    t.title = question;
    t.answers.push_back({"1", "", answer, ""});
    auto frame = annotator.frame(t);
    auto decision = annotator.analyse(frame, answer).stance;
    std::string predicted(to_string(decision.stance));
    if (dump.is_open()) {
        std::string cues;
        for (const auto& c : decision.cues)
            cues += fmt::format("{}[{}{:.2f}] ", c.phrase, to_string(c.votes_for).substr(0, 1), c.weight);
        auto flat = [](std::string s) {
            for (char& ch : s)
                if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
            return s;
        };
        dump << fmt::format("{}\t{}\t{}\t{}\t{:.2f}/{:.2f}/{:.2f}\t{}\t{}\t{}\t{}\n", set, id, gold, predicted, decision.yes,
                            decision.no, decision.maybe, frame.polar ? "polar" : "open", flat(question), flat(decision.evidence), flat(cues));
    }
    return predicted;
}

void eval_pubmedqa(const annotate::Annotator& annotator, const fs::path& file) {
    if (!fs::exists(file)) {
        fmt::print("\nPubMedQA: skipped, {} not found\n", file.string());
        return;
    }
    json items = json::parse(std::ifstream(file));
    bench::Confusion c({"yes", "no", "maybe"}, {"yes", "no", "maybe", "none"});
    // Two halves by the PMID's parity: a rule kept should not hurt either, so that a gain on
    // the whole is not a few items of one half fitted at the other's expense.
    std::map<std::string, bench::Confusion> halves;
    for (const auto& [id, item] : items.items()) {
        const auto gold = item.at("final_decision").get<std::string>();
        const auto predicted = classify(annotator, item.at("QUESTION").get<std::string>(),
                                        item.at("LONG_ANSWER").get<std::string>(), "pubmedqa", id, gold);
        c.add(gold, predicted);
        std::string half = (id.back() - '0') % 2 == 0 ? "even PMIDs" : "odd PMIDs";
        halves.try_emplace(half, c.empty_like()).first->second.add(gold, predicted);
    }
    c.print("PubMedQA dev: LONG_ANSWER against QUESTION");
    size_t abstained = 0;
    for (const char* g : {"yes", "no", "maybe"}) abstained += c.count(g, "none");
    fmt::print("  abstained (none) on {} of {} ({:.1f}%); these count as errors above\n", abstained, c.total(),
               100.0 * static_cast<double>(abstained) / static_cast<double>(c.total()));
    for (const auto& [half, h] : halves) h.print_summary("  " + half);
}

void eval_doctors(const annotate::Annotator& annotator, const fs::path& corpus, const fs::path& labels,
                  const std::string& split) {
    for (const auto& needed : {corpus, labels})
        if (!fs::exists(needed)) {
            fmt::print("\nDoctors' answers: skipped, {} not found\n", needed.string());
            return;
        }
    bench::Confusion c({"yes", "no", "maybe", "none"}, {"yes", "no", "maybe", "none"});
    std::map<std::string, bench::Confusion> by_split;
    for (const auto& a : bench::read_labelled_answers(corpus, labels, split)) {
        const auto predicted = classify(annotator, a.question_text, a.answer, "doctors-" + a.split, a.where, a.stance);
        c.add(a.stance, predicted);
        by_split.try_emplace(a.split, c.empty_like()).first->second.add(a.stance, predicted);
    }
    c.print("Doctors' answers, split " + split + ": answer against question_text");
    if (by_split.size() > 1)
        for (const auto& [name, s] : by_split) s.print_summary("  split " + name);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Stance evaluation on PubMedQA dev and the hand-labelled doctors' answers"};
    fs::path corpora = fs::path(MEDQA_SOURCE_DIR) / ".." / "shared" / "corpora";
    fs::path pubmedqa = corpora / "pubmedqa" / "dev.json";
    fs::path doctors = corpora / "doctor-qa" / "questionDoctorQAs.json";
    fs::path labels = fs::path(MEDQA_SOURCE_DIR) / "bench" / "data" / "doctor-labels.tsv";
    std::string split = "all";
    std::string lexicon_dir;
    fs::path dump_file;
    app.add_option("--pubmedqa", pubmedqa, "PubMedQA dev.json");
    app.add_option("--doctors", doctors, "questionDoctorQAs.json");
    app.add_option("--labels", labels, "Hand labels of doctors' answers");
    app.add_option("--split", split, bench::split_help())
        ->check(CLI::IsMember(bench::split_choices()));
    app.add_option("--lexicon-dir", lexicon_dir, "Lexicon folder");
    app.add_option("--dump", dump_file, "Write one line per item (gold, prediction, evidence, cues) to this file");
    CLI11_PARSE(app, argc, argv);
    if (!dump_file.empty()) {
        dump.open(dump_file);
        if (!dump) {
            fmt::print(stderr, "eval-stance: cannot write {}\n", dump_file.string());
            return 1;
        }
    }

    annotate::Annotator annotator(annotate::lexicon_dir(lexicon_dir));
    eval_pubmedqa(annotator, pubmedqa);
    eval_doctors(annotator, doctors, labels, split);
    return 0;
}
