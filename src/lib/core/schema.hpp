#pragma once
// The Xapian schema of a medqa database, declared once: every term prefix, every value slot
// and the query-language field names that map onto them. Everything that writes or reads
// the index goes through these names, so the indexer and the searcher cannot drift apart.

#include <array>
#include <string>
#include <string_view>

#include <xapian.h>

namespace medqa::schema {

// ---- Value slots ---------------------------------------------------------------------------
enum Slot : Xapian::valueno {
    kThreadSlot = 0,    // thread id: the collapse key, one thread's answers share it
    kStanceSlot = 1,    // "yes" | "no" | "maybe" | "none": stance facet
    kAnatomySlot = 2,   // canonical anatomy names, joined by kListSeparator: anatomy facet
    kHashSlot = 3,      // content hash of the whole thread (16 hex digits): skip unchanged threads
    kFileSlot = 4,      // key of the input file the thread was read from (see kFilePrefix)
};
inline constexpr char kListSeparator = '\n';

// ---- Term prefixes -------------------------------------------------------------------------
enum class FieldKind { free_text, boolean };

struct Field {
    std::string_view name;    // name in the query language ("title" as in title:botox); empty = none
    std::string_view prefix;  // Xapian term prefix
    FieldKind kind;
    std::string_view help;    // one line for --help and the README
};

// Order matters only for display. Free-text answer words carry no prefix (Xapian convention).
inline constexpr std::array kFields{
    Field{"", "", FieldKind::free_text, "answer text (and, with less weight, the thread's title and question)"},
    Field{"title", "S", FieldKind::free_text, "words of the thread title"},
    Field{"question", "XQ", FieldKind::free_text, "words of the patient's question"},
    Field{"stance", "XSTANCE", FieldKind::boolean, "the answer's stance: yes, no, maybe or none"},
    Field{"anatomy", "XANAT", FieldKind::boolean, "a body structure or any of its parts (temple matches the temporalis)"},
    Field{"thread", "XTHREAD", FieldKind::boolean, "thread id, exactly as in the input"},
    Field{"source", "XSOURCE", FieldKind::boolean, "source of the thread (input 'source' or file name)"},
    // Not in the query language: which input file a thread came from, so that an incremental
    // run can remove the threads of a file that vanished or withdrew them. The value is a hash
    // of the file's path (paths can be longer than a term may be).
    Field{"", "XFILE", FieldKind::boolean, ""},
};

constexpr const Field& field(std::string_view name_or_prefix) {
    for (const auto& f : kFields)
        if (f.name == name_or_prefix || (f.name.empty() && f.prefix == name_or_prefix)) return f;
    throw "unknown schema field";  // a compile-time error when used in a constant expression
}

inline constexpr std::string_view kTitlePrefix = field("title").prefix;
inline constexpr std::string_view kQuestionPrefix = field("question").prefix;
inline constexpr std::string_view kStancePrefix = field("stance").prefix;
inline constexpr std::string_view kAnatomyPrefix = field("anatomy").prefix;
inline constexpr std::string_view kThreadPrefix = field("thread").prefix;
inline constexpr std::string_view kSourcePrefix = field("source").prefix;
inline constexpr std::string_view kFilePrefix = field("XFILE").prefix;

// Words are stemmed in this language, and Xapian's TermGenerator (STEM_SOME) indexes each one
// both as written and as "Z" + stem ("Zatrophi", "ZSatrophi" for a title word).
inline constexpr const char* kStemLanguage = "english";
inline constexpr std::string_view kStemmedPrefix = "Z";

// The term TermGenerator indexes for the stem of a word of a free-text field: "Z", the field's
// prefix (none for answer text), the stem.
inline std::string stemmed_term(const Xapian::Stem& stem, const std::string& word, std::string_view field_prefix = "") {
    std::string t{kStemmedPrefix};
    t += field_prefix;
    t += stem(word);
    return t;
}

// The word of a term of answer text, stemmed ("Zatrophi" -> "atrophi") or not ("atrophy");
// empty for a term of a field or a boolean term, whose prefixes are upper case.
inline std::string_view answer_word(std::string_view term) {
    if (term.starts_with(kStemmedPrefix)) term.remove_prefix(kStemmedPrefix.size());
    return !term.empty() && term.front() >= 'a' && term.front() <= 'z' ? term : std::string_view{};
}

// Xapian's conventions: prefixes are upper case, and no prefix is a prefix of another one
// (otherwise "XS" terms would be counted among "XSTANCE" terms in term listings).
constexpr bool prefixes_are_distinct() {
    for (const auto& a : kFields)
        for (const auto& b : kFields)
            if (&a != &b && !a.prefix.empty() && !b.prefix.empty() && b.prefix.starts_with(a.prefix))
                return false;
    return true;
}
constexpr bool prefixes_are_upper_case() {
    for (const auto& f : kFields)
        for (char c : f.prefix)
            if (c < 'A' || c > 'Z') return false;
    return true;
}
static_assert(prefixes_are_distinct(), "a term prefix must not be the start of another prefix");
static_assert(prefixes_are_upper_case(), "term prefixes must be upper case (Xapian convention)");
constexpr bool slots_are_distinct() {
    constexpr std::array slots{kThreadSlot, kStanceSlot, kAnatomySlot, kHashSlot, kFileSlot};
    for (size_t i = 0; i < slots.size(); ++i)
        for (size_t j = i + 1; j < slots.size(); ++j)
            if (slots[i] == slots[j]) return false;
    return true;
}
static_assert(slots_are_distinct(), "value slots must be distinct");

// ---- Weighting -----------------------------------------------------------------------------
// Defaults of search::RankingParameters (search/ranking.hpp), chosen by measurement on the dev
// collections, NFCorpus dev short queries and MedQuAD known-item (bench/eval-sweep; the tables
// and the choice are in bench/README.md). Xapian's defaults were k1 1.0, b 0.5.
//
// BM25+ (Xapian's BM25PlusWeight): k1, how quickly repeats of a word stop adding weight; b, how
// much a long answer is penalised; delta, what saying a word at all is worth however long the
// answer (Lv and Zhai's lower bound: under plain BM25, delta 0, a long answer that says the
// word once scores next to nothing for it, below a short one that does not say it but says
// the other words).
inline constexpr double kBm25K1 = 0.6;
inline constexpr double kBm25B = 0.5;
inline constexpr double kBm25PlusDelta = 0.5;
// Free text is matched against the answer's words (which include the title of a thread of one
// answer, see kTitleWdf) and, separately, against the thread's title and question words
// (prefixes S and XQ); the second match is scaled by kContextWeight and OR-ed in. The question
// thus helps all its answers (a word only the question uses still finds them), but an answer
// that says the words itself ranks above one that does not, and "-word" / NOT exclude answers
// by their own words.
inline constexpr double kContextWeight = 0.5;
// At index time the title of a thread of one answer is also the first line of that answer,
// each title word counted this many times (index/indexer.cpp): a title names a document's
// subject in a few words, which its text often does not repeat. Unlike the other weights here
// it takes a re-index to change; measured by re-indexing the dev collections with 1, 2 and 3.
inline constexpr unsigned kTitleWdf = 2;
// Synonym expansion (lay <-> clinical, brand <-> generic, anatomy names) is OR-ed in at this
// weight: an answer that uses the query's own word still ranks above a synonym-only match.
inline constexpr double kSynonymWeight = 0.5;
// Neighbouring words of the query (stop words aside) that an answer says within
// kProximityWindow words of each other, in either order, add this weight: "breast cancer" in
// an answer counts more than "breast" here and "cancer" there (the sequential dependence
// model of Metzler and Croft). Not for pasted questions: their key words are no neighbours.
inline constexpr double kProximityWeight = 0.6;
inline constexpr unsigned kProximityWindow = 8;
// An answer that says every word of a plain query (stop words aside, two at least) adds their
// weight times this: coordination, which BM25's sum of words leaves out (an answer that says
// "tetany" and "calcium" against one that repeats "tetany"). Measured in bench/README.md
// (eleventh session): MedQuAD known-item MRR +0.017 on both samples, NFCorpus short -0.0004.
inline constexpr double kCoordinationWeight = 0.2;
// An answer whose thread's title holds every word of a plain query (stop words aside, two at
// least) adds the weight of those title words times this: a user who pastes the title of a
// thread they saw wants that thread. The title of a thread of one answer is among its answer's
// words (kTitleWdf), and coordination lifts it; that of a thread of several answers is in the
// title field only, at kContextWeight, and a one-answer thread that shared a few of its words
// ranked first (bench/README.md, "A pasted title").
inline constexpr double kTitleMatchWeight = 1.0;
// Pasted questions: a query with more distinct words (stop words aside) than this is
// searched by this many of them, those that weigh most in BM25 (rare in the index, often in
// the question), and without spelling correction. A 2,000-word question OR-ed whole took
// 1.45 s; most of its words ("weeks", "looked", "worried") only add noise to the ranking.
inline constexpr unsigned kMaxQueryWords = 64;
// Pseudo-relevance feedback (search/feedback.hpp): the first kFeedbackDocs answers of a query
// are taken as relevant, and the kFeedbackTerms words that best tell them from the rest are
// OR-ed into the query, the best of them at kFeedbackWeight of a query word.
inline constexpr unsigned kFeedbackDocs = 20;
inline constexpr unsigned kFeedbackTerms = 5;
inline constexpr double kFeedbackWeight = 0.15;
static_assert(kFeedbackWeight < 1, "expansion words must count less than the user's words");
static_assert(kSynonymWeight > 0 && kSynonymWeight < 1, "synonyms must count less than the user's words");
static_assert(kContextWeight > 0 && kContextWeight < 1, "title/question words must count less than answer words");

// A boolean term: the prefix, then the value; exactly as Xapian's QueryParser builds it, a ':'
// goes between a multi-letter prefix and a value that starts with an upper-case letter or a
// ':' (so that "XTHREAD" + ":X" and "XTHREAD" + "X" stay different terms).
inline bool needs_colon(std::string_view prefix, std::string_view value) {
    return prefix.size() > 1 && !value.empty() && ((value.front() >= 'A' && value.front() <= 'Z') || value.front() == ':');
}
inline std::string term(std::string_view prefix, std::string_view value) {
    std::string t{prefix};
    if (needs_colon(prefix, value)) t += ':';
    t += value;
    return t;
}
// The value of a boolean term, undoing term().
inline std::string term_value(std::string_view prefix, std::string_view t) {
    std::string_view value = t.substr(prefix.size());
    if (prefix.size() > 1 && !value.empty() && value.front() == ':' && needs_colon(prefix, value.substr(1)))
        value.remove_prefix(1);
    return std::string(value);
}

// Xapian rejects terms longer than this many bytes; ids and sources must fit in one.
inline constexpr size_t kMaxTermBytes = 245;

// Metadata key under which the database records the schema version it was built with.
inline constexpr std::string_view kSchemaVersionKey = "medqa.schema";
// 2: threads record their input file (kFilePrefix, kFileSlot), for removals.
// 3: the title's words are also among the words of a thread's only answer (kTitleWdf).
// 4: words are indexed accent-folded ("sjogren" for "Sjögren", core/fold.hpp), synonym keys too.
inline constexpr std::string_view kSchemaVersion = "4";
// The fingerprint of the lexicons the synonym table was written from.
inline constexpr std::string_view kLexiconsKey = "medqa.lexicons";
// What that fingerprint is made of (annotate::LexiconSources, as JSON), to say what differs.
inline constexpr std::string_view kLexiconSourcesKey = "medqa.lexicon-sources";
// In the local database of a sharded index (index/sharded_index.hpp): how many shards it has.
inline constexpr std::string_view kShardsKey = "medqa.shards";

}  // namespace medqa::schema
