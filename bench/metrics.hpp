#pragma once
// Classification metrics for the evaluation programs: accuracy, per-class and macro F1, a
// confusion matrix, and the majority-class baseline beside them.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace medqa::bench {

class Confusion {
public:
    explicit Confusion(std::vector<std::string> gold_labels, std::vector<std::string> predicted_labels)
        : gold_labels_(std::move(gold_labels)), predicted_labels_(std::move(predicted_labels)) {}

    void add(const std::string& gold, const std::string& predicted) {
        ++cells_[{gold, predicted}];
        ++total_;
    }
    size_t total() const { return total_; }
    size_t count(const std::string& gold, const std::string& predicted) const {
        auto it = cells_.find({gold, predicted});
        return it == cells_.end() ? 0 : it->second;
    }
    size_t gold_count(const std::string& g) const {
        size_t n = 0;
        for (const auto& p : predicted_labels_) n += count(g, p);
        return n;
    }
    size_t predicted_count(const std::string& p) const {
        size_t n = 0;
        for (const auto& g : gold_labels_) n += count(g, p);
        return n;
    }
    double accuracy() const {
        size_t right = 0;
        for (const auto& g : gold_labels_) right += count(g, g);
        return total_ ? static_cast<double>(right) / static_cast<double>(total_) : 0.0;
    }
    double f1(const std::string& label) const {
        double tp = static_cast<double>(count(label, label));
        double p = predicted_count(label) ? tp / static_cast<double>(predicted_count(label)) : 0.0;
        double r = gold_count(label) ? tp / static_cast<double>(gold_count(label)) : 0.0;
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
    // Mean F1 over the labels that occur in the gold data.
    double macro_f1() const {
        double sum = 0;
        size_t n = 0;
        for (const auto& g : gold_labels_)
            if (gold_count(g)) sum += f1(g), ++n;
        return n ? sum / static_cast<double>(n) : 0.0;
    }
    std::string majority_label() const {
        return *std::max_element(gold_labels_.begin(), gold_labels_.end(),
                                 [&](const auto& a, const auto& b) { return gold_count(a) < gold_count(b); });
    }
    // What always answering the most frequent gold label would score.
    Confusion majority_baseline() const {
        Confusion base(gold_labels_, predicted_labels_);
        std::string m = majority_label();
        for (const auto& g : gold_labels_)
            for (size_t i = 0; i < gold_count(g); ++i) base.add(g, m);
        return base;
    }

    // A confusion with the same labels and no counts yet, for a subset of the items.
    Confusion empty_like() const { return Confusion(gold_labels_, predicted_labels_); }

    // One line: items, accuracy and macro-F1, each beside the majority baseline.
    void print_summary(const std::string& title) const {
        Confusion base = majority_baseline();
        fmt::print("{:<20} {:>4} items  accuracy {:.3f} (majority {:.3f})  macro-F1 {:.3f} (majority {:.3f})\n", title,
                   total_, accuracy(), base.accuracy(), macro_f1(), base.macro_f1());
    }

    void print(const std::string& title) const {
        Confusion base = majority_baseline();
        fmt::print("\n{} ({} items)\n", title, total_);
        fmt::print("  accuracy  {:.3f}   (majority '{}': {:.3f})\n", accuracy(), majority_label(), base.accuracy());
        fmt::print("  macro-F1  {:.3f}   (majority: {:.3f})\n", macro_f1(), base.macro_f1());
        fmt::print("  F1       ");
        for (const auto& g : gold_labels_) fmt::print(" {} {:.3f}", g, f1(g));
        fmt::print("\n  confusion (rows gold, columns predicted)\n  {:>8}", "");
        for (const auto& p : predicted_labels_) fmt::print("{:>8}", p);
        fmt::print("\n");
        for (const auto& g : gold_labels_) {
            fmt::print("  {:>8}", g);
            for (const auto& p : predicted_labels_) fmt::print("{:>8}", count(g, p));
            fmt::print("\n");
        }
    }

private:
    std::vector<std::string> gold_labels_, predicted_labels_;
    std::map<std::pair<std::string, std::string>, size_t> cells_;
    size_t total_ = 0;
};

}  // namespace medqa::bench
