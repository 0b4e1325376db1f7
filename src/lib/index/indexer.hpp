#pragma once
// Writes threads into a medqa database: one Xapian document per answer (see core/schema.hpp
// for its terms and values). A thread whose stored hash matches is left untouched; a changed
// one has all its documents replaced, so answers that disappeared from it disappear too.

#include <filesystem>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "annotate/annotator.hpp"
#include "core/thread.hpp"

namespace medqa {

class Indexer {
public:
    enum class Outcome { added, updated, unchanged };

    Indexer(const std::filesystem::path& db_path, const annotate::Annotator& annotator);

    // Throws ingest::RecordError when the same thread id was already given in this run (the
    // message names both places); nothing is written for the second one then.
    Outcome add(const Thread& thread);

    Xapian::WritableDatabase& database() { return db_; }

private:
    Xapian::Document build_document(const Thread& thread, size_t answer_index, const AnswerLabels& labels,
                                    const std::string& hash);

    Xapian::WritableDatabase db_;
    const annotate::Annotator& annotator_;
    Xapian::TermGenerator termgen_;
    std::unordered_map<std::string, std::string> seen_;  // thread id -> origin, in this run
};

}  // namespace medqa
