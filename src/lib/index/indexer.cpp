#include "index/indexer.hpp"

#include "ingest/problem.hpp"
#include "core/fold.hpp"
#include "core/hash.hpp"
#include "core/schema.hpp"
#include "core/stance.hpp"
#include "index/spelling.hpp"
#include "index/stored_answer.hpp"

namespace medqa {

using namespace schema;

std::string duplicate_id_message(const std::string& id, const std::string& here, const std::string& there,
                                 bool named_by_file) {
    // A .txt thread has no "id" field to change (h/sub1/q.txt and h/sub2/q.txt are both "q").
    return "thread id \"" + id + "\" is used twice: at " + here + " and at " + there + "; thread ids must be unique, " +
           (named_by_file ? "and a text thread's id is its file name without the extension: rename one of the files"
                          : "give one of them another \"id\"");
}

Indexer::Indexer(Xapian::WritableDatabase db, const annotate::Annotator& annotator,
                 std::function<bool(const std::string&, const std::string&)> holder_keeps, bool shard)
    : db_(std::move(db)), annotator_(annotator), holder_keeps_(std::move(holder_keeps)), shard_(shard) {
    termgen_.set_stemmer(Xapian::Stem(schema::kStemLanguage));
    termgen_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    context_termgen_.set_stemmer(Xapian::Stem(schema::kStemLanguage));
    context_termgen_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

Xapian::Document Indexer::context_terms(const Thread& thread) {
    // Without positions: title and question words only widen and weigh a match (a phrase is
    // matched in the answer's own words), and every answer of the thread carries them, so
    // positions would multiply the position table for nothing. Not in the spelling data either
    // (spelling.hpp): the answers' words are the vocabulary suggestions are drawn from.
    Xapian::Document context;
    context_termgen_.set_document(context);
    context_termgen_.index_text_without_positions(text::fold_accents(thread.title), 1, std::string(kTitlePrefix));
    context_termgen_.index_text_without_positions(text::fold_accents(thread.question), 1, std::string(kQuestionPrefix));
    return context;
}

Xapian::Document Indexer::build_document(const Thread& thread, size_t answer_index, const AnswerLabels& labels,
                                         const std::string& hash, const std::string& file_key,
                                         const Xapian::Document& context) {
    const Answer& answer = thread.answers[answer_index];
    Xapian::Document doc;
    termgen_.set_document(doc);
    // The answer's words, with positions for phrase search. The only answer of a thread is a
    // document with a title: the title comes first among its words, as BM25F merges fields
    // before a word's frequency saturates, so that an answer says what its title names even
    // when it does not repeat it ("This condition is rare" under "Fabry disease"). Among
    // several answers the title is the asker's, and in each answer it would lift the shortest
    // reply ("Please see your doctor") above those that discuss it.
    if (thread.answers.size() == 1) {
        termgen_.index_text(text::fold_accents(thread.title), kTitleWdf);
        termgen_.increase_termpos(kProximityWindow);  // no phrase or proximity pair across the two
    }
    termgen_.index_text(text::fold_accents(answer.text));
    // The title and question words under their own prefixes, tokenized once per thread (the
    // searcher weighs them less: schema::kContextWeight).
    for (auto t = context.termlist_begin(); t != context.termlist_end(); ++t) doc.add_term(*t, t.get_wdf());

    const std::string stance{to_string(labels.stance)};
    doc.add_boolean_term(term(kStancePrefix, stance));
    for (const auto& name : labels.anatomy)
        for (const auto& ancestor : annotator_.anatomy().lineage(name)) doc.add_boolean_term(term(kAnatomyPrefix, ancestor));
    doc.add_boolean_term(term(kThreadPrefix, thread.id));
    doc.add_boolean_term(term(kSourcePrefix, thread.source));
    doc.add_boolean_term(term(kFilePrefix, file_key));

    std::string anatomy_value;
    for (const auto& name : labels.anatomy) {
        if (!anatomy_value.empty()) anatomy_value += kListSeparator;
        anatomy_value += name;
    }
    doc.add_value(kThreadSlot, thread.id);
    doc.add_value(kStanceSlot, stance);
    doc.add_value(kAnatomySlot, anatomy_value);
    doc.add_value(kHashSlot, hash);
    doc.add_value(kFileSlot, file_key);
    doc.set_data(encode(make_stored_answer(thread, answer_index, labels)));
    return doc;
}

Indexer::Outcome Indexer::add(const Thread& thread, const std::string& file_key, bool named_by_file) {
    auto [it, fresh] = seen_.emplace(thread.id, thread.origin);
    if (!fresh)
        // This one is rejected: named first, as everywhere (the kept one second).
        throw ingest::RecordError(duplicate_id_message(thread.id, thread.origin, it->second, named_by_file));

    // The stored hash covers the thread and the lexicons that annotated it.
    const std::string hash = hash_hex(thread_hash(thread) + annotator_.fingerprint());
    const std::string thread_term = term(kThreadPrefix, thread.id);
    Outcome outcome = Outcome::added;
    if (auto existing = db_.postlist_begin(thread_term); existing != db_.postlist_end(thread_term)) {
        auto doc = db_.get_document(*existing);
        const std::string held_by = doc.get_value(kFileSlot);
        if (held_by != file_key && holder_keeps_(held_by, file_key)) {
            seen_.erase(thread.id);
            throw ingest::RecordError(
                duplicate_id_message(thread.id, thread.origin, decode_stored_answer(doc.get_data()).origin + " (indexed earlier)",
                                     named_by_file));
        }
        if (held_by == file_key && doc.get_value(kHashSlot) == hash) return Outcome::unchanged;
        delete_thread_documents(db_, thread.id, shard_);
        outcome = Outcome::updated;
    }
    auto labels = annotator_.annotate(thread);
    const Xapian::Document context = context_terms(thread);
    for (size_t i = 0; i < thread.answers.size(); ++i) {
        const Xapian::Document doc = build_document(thread, i, labels[i], hash, file_key, context);
        add_spelling(db_, doc);
        db_.add_document(doc);
    }
    return outcome;
}

std::unordered_set<std::string> Indexer::threads_of_file(const std::string& file_key,
                                                         const std::unordered_set<std::string>& except) {
    const std::string file_term = term(kFilePrefix, file_key);
    std::unordered_set<std::string> ids;
    for (auto it = db_.postlist_begin(file_term); it != db_.postlist_end(file_term); ++it) {
        std::string id = db_.get_document(*it).get_value(kThreadSlot);
        if (!except.contains(id)) ids.insert(std::move(id));
    }
    return ids;
}

size_t Indexer::remove_threads_of_file(const std::string& file_key, const std::unordered_set<std::string>& keep) {
    const auto gone = threads_of_file(file_key, keep);
    for (const auto& id : gone) delete_thread_documents(db_, id, shard_);
    return gone.size();
}

size_t Indexer::count_threads_of_file(const std::string& file_key, const std::unordered_set<std::string>& except) {
    return threads_of_file(file_key, except).size();
}

}  // namespace medqa
