#pragma once
// From what the user typed to a Xapian query. Free text is OR-ed (more of the words, higher
// rank), stemmed like the index; QueryParser syntax works: "phrases", +must, -must_not,
// AND/OR/NOT, wildcards*, and the fields of core/schema.hpp (title:, question:, stance:,
// anatomy:, thread:, source:). anatomy: values go through the lexicon ("temples", "TMJ").
// Stop words are dropped from free text unless the query is nothing but stop words. Free text
// is matched in the answers, and in the thread's title and question with less weight
// (schema::kContextWeight), and with synonyms from the database's synonym table at
// schema::kSynonymWeight. Misspelt words get a correction from the spelling data.
// A query whose syntax is broken is searched again as plain words, with a notice; so is a
// query of more than kMaxQueryWords words, cut to that many.

#include <string>
#include <vector>

#include <xapian.h>

#include "annotate/anatomy.hpp"
#include "annotate/word_list.hpp"

namespace medqa {

struct BuiltQuery {
    Xapian::Query query;
    std::vector<std::string> notices;  // one line each, for stderr
    std::string corrected;             // the query with misspelt words corrected, if any were
};

class QueryBuilder {
public:
    QueryBuilder(const Xapian::Database& db, const annotate::AnatomyLexicon& lexicon,
                 const annotate::WordList& stopwords);

    // stances / anatomy: filters from the command line; values of one option are OR-ed, the
    // two options AND-ed (as Xapian does for boolean prefixes). Throws Error(usage) for an
    // unknown stance.
    BuiltQuery build(const std::string& text, const std::vector<std::string>& stances,
                     const std::vector<std::string>& anatomy) const;

    // The term for a user's anatomy word; unknown names add a notice and match nothing.
    std::string anatomy_term(const std::string& value, std::vector<std::string>& notices) const;

    const Xapian::Stem& stemmer() const { return stem_; }

    // A wildcard ("atroph*") expands to at most this many of its most frequent words.
    static constexpr Xapian::termcount kMaxWildcardTerms = 100;

    // A longer query is searched as its first this many words, as plain words, with a notice.
    static constexpr size_t kMaxQueryWords = 256;

private:
    Xapian::QueryParser parser(bool context, std::vector<std::string>& notices) const;
    Xapian::Query parse(const std::string& text, std::vector<std::string>& notices, std::string& corrected) const;

    const Xapian::Database& db_;
    const annotate::AnatomyLexicon& lexicon_;
    Xapian::Stem stem_{"english"};
    Xapian::SimpleStopper stopper_;
};

}  // namespace medqa
