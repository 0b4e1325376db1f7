#pragma once
// Which lexicons an index was annotated with: their fingerprint (schema::kLexiconsKey, written
// with the synonym table) and what it is made of (schema::kLexiconSourcesKey: the rules
// version, the built-in lexicons' folder and the hash of its files, each --lexicon file's name
// and hash). A run with other lexicons annotates every thread again, which is right after an
// edit and a loss after a --lexicon left out by mistake: the run says what differs.

#include <string>

#include <xapian.h>

#include "annotate/annotator.hpp"

namespace medqa {

// Records what the annotator's lexicons are made of (committed with the run's writes).
void record_lexicon_sources(Xapian::WritableDatabase& db, const annotate::Annotator& annotator);

// What differs between the lexicons the database was annotated with and the annotator's, as a
// note says it ("built with --lexicon user.tsv; this run has none"); empty when they are the
// same or the database recorded none (a new index). An index made before the sources were
// recorded gets the general reasons.
std::string lexicon_change(const Xapian::Database& db, const annotate::Annotator& annotator);

}  // namespace medqa
