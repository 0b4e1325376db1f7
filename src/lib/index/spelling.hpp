#pragma once
// The spelling data behind "Did you mean" (Xapian's spelling table): the words of the answers'
// own text (a one-answer thread's title among them), each counted as often as it occurs. They
// go in with an answer's document and come out with it, by the same count, so that a word only
// removed answers used is suggested no more, and one that others still use stays.

#include <string>

#include <xapian.h>

namespace medqa {

// Adds the words of this answer document (built by Indexer) to the database's spelling data.
void add_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc);

// Takes them out again, for a document about to be deleted. A shard of a sharded index
// (sharded_index.hpp) holds only the words of the run in hand, as each run moves them to the
// index's local database: there (`shard`) the words are noted, and move_spelling takes them
// out of the local database.
void remove_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc, bool shard);

// Deletes the documents of the thread with this id, taking their words out of the spelling
// data (remove_spelling).
void delete_thread_documents(Xapian::WritableDatabase& db, const std::string& thread_id, bool shard);

// Moves a shard's spelling data, the words added and those noted as removed, into `local`.
// `local` is committed first: a crash in between moves the words again next time, which
// miscounts them (too many, or too few: a word whose count falls to 0 is suggested no more).
void move_spelling(Xapian::WritableDatabase& shard, Xapian::WritableDatabase& local);

}  // namespace medqa
