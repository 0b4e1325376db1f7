#include "index/synonyms.hpp"

#include <set>

#include "core/fold.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "index/lexicon_record.hpp"

namespace medqa {

void write_synonyms(Xapian::WritableDatabase& db, const SynonymGroups& groups) {
    std::vector<std::string> old_keys(db.synonym_keys_begin(), db.synonym_keys_end());
    for (const auto& key : old_keys) db.clear_synonyms(key);

    const Xapian::Stem stem(schema::kStemLanguage);
    for (const auto& group : groups) {
        // Keys as QueryParser looks them up: the words accent-folded as the query's are,
        // lower-cased and joined by one space ("Ménière's disease" is "meniere's disease").
        std::set<std::string> keys, terms;
        for (const auto& member : group) {
            auto tokens = text::tokenize(text::fold_accents(member));
            if (tokens.empty()) continue;
            std::string key;
            for (const auto& t : tokens) key += (key.empty() ? "" : " ") + t.word;
            keys.insert(key);
            if (tokens.size() == 1) {
                const std::string stemmed = schema::stemmed_term(stem, tokens[0].word);
                keys.insert(stemmed);
                terms.insert(stemmed);
            } else {
                terms.insert(key);  // a phrase: see synonyms.hpp
            }
        }
        for (const auto& key : keys)
            for (const auto& term : terms)
                if (term != key) db.add_synonym(key, term);
    }
}

void update_synonyms(Xapian::WritableDatabase& db, const annotate::Annotator& annotator) {
    record_lexicon_sources(db, annotator);  // beside the fingerprint: what it is made of
    const std::string key(schema::kLexiconsKey);
    if (db.get_metadata(key) == annotator.fingerprint()) return;
    write_synonyms(db, annotator.synonym_groups());
    db.set_metadata(key, annotator.fingerprint());
}

}  // namespace medqa
