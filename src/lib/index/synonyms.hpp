#pragma once
// The query synonym table (Xapian's, kept in the database): groups of words that name the same
// thing, from data/lexicon/query-synonyms.tsv (lay <-> clinical, brand <-> generic) and from the
// anatomy lexicon (a concept's names). Every member of a group, single word or phrase, is a
// key (QueryParser looks keys up as typed, "volume loss", and stemmed) whose synonyms are the
// other members: a single word as its stemmed term, a phrase as its words joined by one space.
// QueryParser takes a synonym for one term, and a term with a space matches nothing, so the
// query builder searches those as phrases itself ("heart attack" finds "myocardial infarction").

#include <string>
#include <vector>

#include <xapian.h>

#include "annotate/annotator.hpp"

namespace medqa {

using SynonymGroups = std::vector<std::vector<std::string>>;

// Replaces the database's whole synonym table with these groups.
void write_synonyms(Xapian::WritableDatabase& db, const SynonymGroups& groups);

// Rewrites the synonym table from the annotator's lexicons if they changed since it was
// written (their fingerprint is kept in the metadata, schema::kLexiconsKey, and what it is made
// of: lexicon_record.hpp).
void update_synonyms(Xapian::WritableDatabase& db, const annotate::Annotator& annotator);

}  // namespace medqa
