#pragma once
// Writes threads into a medqa database: one Xapian document per answer (see core/schema.hpp
// for its terms and values). A thread whose stored hash matches is left untouched; a changed
// one has all its documents replaced, so answers that disappeared from it disappear too, and
// their words from the spelling data (spelling.hpp). Each document records the input file it
// came from, so a file's threads can be removed together.
// Words are indexed accent-folded ("Sjögren" as "sjogren", core/fold.hpp), spelling data
// included, as the query builder folds a query's words; the stored text keeps its accents.

#include <filesystem>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

#include "annotate/annotator.hpp"
#include "core/thread.hpp"

namespace medqa {

// The message for a thread id met twice, at `here` and at `there` (file:line). Its advice
// depends on how the thread at `here` got its id: from its file's name (`named_by_file`, the
// text layout, ingest::names_threads_by_file), else from the record.
std::string duplicate_id_message(const std::string& id, const std::string& here, const std::string& there,
                                 bool named_by_file);

class Indexer {
public:
    enum class Outcome { added, updated, unchanged };

    // holder_keeps(held_by, file_key): whether the file a thread was indexed from keeps it
    // against the same id read now from another file: it still holds it as it was indexed
    // (unchanged on disk) and a one-process build of the files reads it first. The thread read
    // now is then a duplicate; else it replaces the indexed one. `shard`: the database is a
    // shard of a sharded index, whose spelling data is kept elsewhere (spelling.hpp).
    Indexer(Xapian::WritableDatabase db, const annotate::Annotator& annotator,
            std::function<bool(const std::string& held_by, const std::string& file_key)> holder_keeps,
            bool shard = false);

    // Adds or replaces the thread, read from the file with this key (file_ledger.hpp). Throws
    // ingest::RecordError when the same thread id was already given in this run, or is held
    // by another file that keeps it (the message names this place first, then the thread
    // kept); nothing is written
    // for the second one then. `named_by_file`: the file names its threads (the text layout),
    // for the advice of that message.
    Outcome add(const Thread& thread, const std::string& file_key, bool named_by_file = false);

    // Removes the threads indexed from this file, except those in `keep`; returns how many.
    size_t remove_threads_of_file(const std::string& file_key, const std::unordered_set<std::string>& keep = {});

    // How many threads are indexed from this file, except those in `except`.
    size_t count_threads_of_file(const std::string& file_key, const std::unordered_set<std::string>& except = {});


private:
    // The ids of the threads indexed from this file, except those in `except`.
    std::unordered_set<std::string> threads_of_file(const std::string& file_key,
                                                    const std::unordered_set<std::string>& except);
    Xapian::Document build_document(const Thread& thread, size_t answer_index, const AnswerLabels& labels,
                                    const std::string& hash, const std::string& file_key,
                                    const Xapian::Document& context);
    Xapian::Document context_terms(const Thread& thread);  // title and question terms, for every answer

    Xapian::WritableDatabase db_;
    const annotate::Annotator& annotator_;
    std::function<bool(const std::string&, const std::string&)> holder_keeps_;
    bool shard_;
    Xapian::TermGenerator termgen_;          // answer text: with positions
    Xapian::TermGenerator context_termgen_;  // title and question: without
    std::unordered_map<std::string, std::string> seen_;  // thread id -> origin, in this run
};

}  // namespace medqa
