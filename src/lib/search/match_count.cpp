#include "search/match_count.hpp"

#include <algorithm>
#include <cmath>

#include "core/schema.hpp"

namespace medqa {
namespace {

// Every k-th document id of a database: 1, 1 + k, 1 + 2k, ... A systematic sample spreads over
// the whole index, whereas the matches Xapian checks first are those of the lowest ids, i.e. the
// first input files (MedQuAD's first folders are one topic each). Ids of removed answers are in
// the sample too; they match nothing, and count_matches scales by the answers the sample holds.
class EveryKthDocument : public Xapian::PostingSource {
public:
    explicit EveryKthDocument(Xapian::docid step) : step_(step) {}

    void init(const Xapian::Database& db) override {
        last_ = db.get_lastdocid();
        current_ = 0;
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return last_ / step_; }
    Xapian::doccount get_termfreq_max() const override { return last_ / step_ + 1; }
    void next(double) override { current_ = current_ == 0 ? 1 : current_ + step_; }
    void skip_to(Xapian::docid at_least, double) override {
        if (current_ >= at_least) return;
        current_ = at_least <= 1 ? 1 : 1 + (at_least - 2) / step_ * step_ + step_;
    }
    bool at_end() const override { return current_ > last_; }
    Xapian::docid get_docid() const override { return current_; }
    // A database of several local shards gives each its own copy, over its own ids.
    EveryKthDocument* clone() const override { return new EveryKthDocument(step_); }

private:
    Xapian::docid step_;
    Xapian::docid last_ = 0;
    Xapian::docid current_ = 0;
};

// Every answer `query` matches (every thread, collapsed), checked one by one without weighing
// them. With every match checked, Xapian's lower bound is the count; its estimate of collapsed
// matches stays a round number even then.
Xapian::doccount checked_count(const Xapian::Database& db, const Xapian::Query& query, bool collapse = false) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (collapse) enquire.set_collapse_key(schema::kThreadSlot);
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_lower_bound();
}

}  // namespace

std::optional<MatchCount> count_matches(const Xapian::Database& db, const Xapian::Query& query, bool collapse,
                                        Xapian::doccount sample_answers) {
    const Xapian::doccount answers = db.get_doccount();
    const Xapian::docid step = answers / std::max<Xapian::doccount>(sample_answers, 1);
    if (step <= 1) return MatchCount{checked_count(db, query, collapse), true};
    if (collapse) return std::nullopt;
    EveryKthDocument sample(step);
    const Xapian::Query in_sample(&sample);
    const Xapian::doccount sampled = checked_count(db, Xapian::Query(Xapian::Query::OP_FILTER, query, in_sample));
    const Xapian::doccount held = checked_count(db, Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll, in_sample));
    if (held == 0) return MatchCount{checked_count(db, query), true};
    // Two significant digits: a sample of 20,000 answers counts 14,000 of 100,000 to within
    // about 2 % (bench/README.md), and more digits would claim a precision it does not have.
    const double scaled = static_cast<double>(sampled) * answers / held;
    const double unit = std::pow(10.0, std::max(0.0, std::floor(std::log10(std::max(scaled, 1.0))) - 1));
    return MatchCount{static_cast<Xapian::doccount>(std::llround(scaled / unit) * unit), false};
}

}  // namespace medqa
