#pragma once
// The query synonym table (Xapian's, kept in the database): groups of words that name the same
// thing, from data/lexicon/query-synonyms.tsv (lay <-> clinical, brand <-> generic) and from the
// anatomy lexicon (a concept's names). Every member of a group, single word or phrase, is a
// key whose synonyms are the stemmed terms of the group's single-word members: Xapian's synonym
// table holds single terms, and QueryParser looks keys up as typed ("volume loss") and stemmed.

#include <string>
#include <vector>

#include <xapian.h>


namespace medqa {

using SynonymGroups = std::vector<std::vector<std::string>>;

// Replaces the database's whole synonym table with these groups.
void write_synonyms(Xapian::WritableDatabase& db, const SynonymGroups& groups);

}  // namespace medqa
