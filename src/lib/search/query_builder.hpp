#pragma once
// From what the user typed to a Xapian query. Free text is OR-ed (more of the words, higher
// rank), stemmed like the index; QueryParser syntax works: "phrases", +must, -must_not,
// AND/OR/NOT, wildcards*, and the fields of core/schema.hpp (title:, question:, stance:,
// anatomy:, thread:, source:). anatomy: values go through the lexicon ("temples", "TMJ"). A
// filter written on its own narrows the whole query, as the command line's filters do.
// Stop words are dropped from free text unless the query is nothing but stop words. Free text
// is matched in the answers, and in the thread's title and question with less weight
// (RankingParameters::context_weight), and with synonyms from the database's synonym table at
// RankingParameters::synonym_weight; neighbouring words of a plain query that an answer says
// close together add RankingParameters::proximity_weight, and an answer that says every word
// RankingParameters::coordination_weight, and the answers of a thread whose title holds every
// word RankingParameters::title_match_weight. Misspelt words get a correction from
// the spelling data. The other spelling of a word ("gynaecologist", "tumor") counts as the word
// (search/spelling_variants.hpp). A pasted question (more than RankingParameters::max_query_words distinct
// words) is searched by its key words only, as plain words, without spelling correction.
// A query whose syntax is broken is searched again as plain words, with a notice. Field names
// are read in any case ("Stance:no", "TITLE:botox"); a field with no word after its colon
// ("title:*") is left out, with a notice.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "annotate/anatomy.hpp"
#include "annotate/word_list.hpp"
#include "core/text.hpp"
#include "search/ranking.hpp"

namespace medqa {

struct BuiltQuery {
    Xapian::Query query;
    // Bonuses for the answers `query` matches: neighbouring query words said close together,
    // each pair one (scaled by RankingParameters::proximity_weight), and every word of the
    // query said (RankingParameters::coordination_weight), and every word in the thread's title
    // (RankingParameters::title_match_weight). Kept apart because position checks
    // over every match are costly; the searcher applies them to the best matches only, one at
    // a time (Searcher::rerank_with_bonuses).
    std::vector<Xapian::Query> bonuses;
    std::vector<std::string> notices;  // one line each, for stderr
    // The query as typed with its misspelt words corrected ("NOT knee pain" for "NOT knee paun",
    // though "paun -knee" was searched; "stance:no pain" for "stance:no paun", the filter as
    // typed), if any were, and the correction is more than the other spelling of a word that
    // was searched already. Searcher shows it when it finds as many answers.
    std::string corrected;
    // The British or American spellings of the query's words searched beside them.
    std::vector<std::string> other_spellings;
    bool has_words = false;            // words rank the answers (not only filters, or all answers)
    bool plain = false;                // words only: no query syntax, no filters
    bool pasted = false;               // a pasted question, searched by its key words
};

// The query as searched: control characters and bytes that are not UTF-8 made spaces, as
// indexed text has its control characters (a stray byte pasted from elsewhere then separates
// words rather than make the word it touches match nothing). Whether it was UTF-8, the user is
// told in a notice (QueryBuilder::build).
std::string searchable_text(std::string_view typed);

class QueryBuilder {
public:
    QueryBuilder(const Xapian::Database& db, const annotate::AnatomyLexicon& lexicon,
                 const annotate::WordList& stopwords, const RankingParameters& ranking = {});

    // stances / anatomy: filters from the command line; values of one option are OR-ed, the
    // two options AND-ed (as Xapian does for boolean prefixes). Throws Error(usage) for an
    // unknown stance.
    BuiltQuery build(const std::string& text, const std::vector<std::string>& stances,
                     const std::vector<std::string>& anatomy) const;

    // The term for a user's anatomy word; unknown names add a notice and match nothing.
    std::string anatomy_term(const std::string& value, std::vector<std::string>& notices) const;

    const Xapian::Stem& stemmer() const { return stem_; }

    // Whether some answer uses the word, as written or through its stem ("kissing" when an
    // answer says "kiss"): the search finds such a word already, so it is no misspelling.
    bool knows_word(const std::string& word) const;

    // A plain query cut into segments, each searched in all fields on its own and the segments
    // OR-ed: the query's words grouped by word rather than by field. The weights are the same,
    // but Xapian can then leave out the answers that only a common word of the query matches
    // (once no such answer can make the page), which the grouping by field hid from it:
    // "concussion symptoms" took 278 ms grouped by field and 13 ms by word on 1M answers, with
    // the same ten answers and weights. A segment is a space-delimited piece of the text
    // that holds a word other than a stop word ("U.S." stays whole), or the pieces that a
    // multi-word synonym key spans ("kidney stones"), which must be parsed together. Pieces of
    // stop words only are left out, as Xapian leaves out stop words (except, in the whole
    // text, a run of them between punctuation: ", or after,"). A query of stop words only is
    // one segment. Queries with syntax are searched whole.
    std::vector<std::string> segments(const std::string& text) const;

    // A wildcard ("atroph*") expands to at most this many of its most frequent words.
    static constexpr Xapian::termcount kMaxWildcardTerms = 100;
    // A pasted question's key word is searched at most this many times, however often it is
    // said (NFCorpus long queries, against no limit: nDCG@10 0.3852 vs 0.3859, 30 % faster;
    // 16: 0.3848, 8: 0.3742).
    static constexpr unsigned kMaxWordRepeats = 32;
    // A query of more words than this (stop words aside), even if few distinct ones, is searched
    // by its key words too: Xapian's OR takes time quadratic in its subqueries, and 1,667 words
    // ("botox cheek" said for 10,000 characters) took 4 s.
    static constexpr size_t kMaxQueryTokens = 256;
    // Word sequences of the query up to this long are looked up as synonym keys ("hardening of
    // the arteries"); the longest name of the synonym groups has 6 words.
    static constexpr size_t kMaxSynonymKeyWords = 6;
    // A spelling of a query's word is searched when at least 1 in this many answers that use
    // the word use it (NFCorpus: "fibre" 95 answers beside "fiber" 342; "colours" 2 beside 9).
    static constexpr Xapian::doccount kMaxVariantRarity = 100;

private:
    // Neighbouring words of the query (stop words aside), each pair found within
    // schema::kProximityWindow words; none for fewer than two words.
    std::vector<Xapian::Query> proximity(const std::string& text) const;
    // All the query's distinct words (stop words aside) in an answer's own text, scaled by
    // RankingParameters::coordination_weight: a bonus for the answer that says each of them
    // (BM25 alone may rank one that repeats a rare word above it). Nothing for fewer than two.
    std::optional<Xapian::Query> coordination(const std::string& text) const;
    // All the query's distinct words (stop words aside) in the thread's title, scaled by
    // RankingParameters::title_match_weight: a bonus for the answers of a thread whose title
    // the user pasted, or most of it. Nothing for fewer than two words.
    std::optional<Xapian::Query> title_match(const std::string& text) const;
    // The synonyms of the query's words and word sequences that are phrases, each searched as
    // a phrase (index/synonyms.hpp: QueryParser cannot); an empty query when there are none.
    // `filtered`: the query will be filtered (--stance, --anatomy), and the phrases are
    // searched by their words (see the definition).
    Xapian::Query phrase_synonyms(const std::string& text, bool filtered) const;
    // For a query with more distinct words (stop words aside) than
    // RankingParameters::max_query_words: the words to search it by, else nothing.
    std::optional<std::string> key_words(const std::string& text) const;
    Xapian::QueryParser parser(bool context, std::vector<std::string>& notices) const;
    // The title and question part of a query with each word weighed by its rarity in the
    // answers, as BM25F gives a word one idf whatever field it is found in: each title or
    // question term is scaled by idf(the word in answers) / idf(the term), at most 1. A
    // title's own rarity favours the words titles seldom use ("syndrome" in a few titles, many
    // abstracts). Phrases and wildcard expansions are left as they are.
    Xapian::Query with_answer_idf(const Xapian::Query& context) const;
    // What Xapian's spelling correction made of the text searched: `corrected` is `searched`
    // with its misspelt words replaced (QueryParser::get_corrected_query_string); both empty
    // when no word was looked up.
    struct XapianCorrection {
        std::string searched, corrected;
    };
    // filtered: --stance or --anatomy values will filter the query. correction: Xapian's, of the
    // text searched in the end.
    Xapian::Query parse(const std::string& text, bool filtered, BuiltQuery& built, XapianCorrection& correction) const;
    // The spelling suggestion for the query as typed (BuiltQuery::corrected), or empty: the one
    // place that decides which words it replaces, and by what (see the definition).
    std::string suggestion(const std::string& typed, const XapianCorrection& correction,
                           const std::vector<std::string>& other_spellings) const;
    // The other spellings (search/spelling_variants.hpp) of the query's words, stop words aside,
    // that answers use: at least one answer in kMaxVariantRarity of those that use the word
    // itself, so that a stray typo or a foreign word ("livre" beside "liver") is not searched
    // as the word. Those the query says itself are left out.
    std::vector<std::string> spellings_in_index(const std::string& text) const;
    // The words of `tokens` that find answers without correction: those some answer uses
    // (knows_word), or a title or question, and those in a key of the synonym table.
    std::set<std::string> words_that_find(const std::vector<text::Token>& tokens) const;
    // Whether a word of the query is unknown (words_that_find): only then can a spelling
    // correction be offered (a suggestion replaces unknown words only), and only then is
    // Xapian's costly suggestion lookup worth making.
    bool has_unknown_word(const std::string& text) const;

    const Xapian::Database& db_;
    const annotate::AnatomyLexicon& lexicon_;
    RankingParameters ranking_;
    Xapian::Stem stem_{schema::kStemLanguage};
    Xapian::SimpleStopper stopper_;
};

}  // namespace medqa
