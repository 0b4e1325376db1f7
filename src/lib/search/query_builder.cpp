#include "search/query_builder.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "core/fold.hpp"
#include "core/schema.hpp"
#include "core/stance.hpp"
#include "core/text.hpp"
#include "search/spelling_variants.hpp"

namespace medqa {
namespace {

using namespace schema;

// stance:VALUE checks the value, so that "stance:yess" says so instead of matching nothing.
class StanceField : public Xapian::FieldProcessor {
public:
    explicit StanceField(std::vector<std::string>& notices) : notices_(notices) {}
    Xapian::Query operator()(const std::string& value) override {
        std::string v = text::lower(value);
        if (!parse_stance(v)) {
            notices_.push_back("unknown stance '" + value + "' (use yes, no, maybe or none): it matches nothing");
        }
        return Xapian::Query(term(kStancePrefix, v));  // an unknown value is a term no document has
    }

private:
    std::vector<std::string>& notices_;
};

class AnatomyField : public Xapian::FieldProcessor {
public:
    AnatomyField(const QueryBuilder& builder, std::vector<std::string>& notices) : builder_(builder), notices_(notices) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(builder_.anatomy_term(value, notices_));
    }

private:
    const QueryBuilder& builder_;
    std::vector<std::string>& notices_;
};

constexpr unsigned kSyntaxFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                  Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                                  Xapian::QueryParser::FLAG_PURE_NOT;

// Xapian reads curly double quotes (U+201C, U+201D) as phrase quotes too. Other typographic
// marks (the apostrophe U+2019 of "cow’s", dashes) are punctuation to it.
constexpr std::string_view kCurlyDoubleQuotes[] = {"\xE2\x80\x9C", "\xE2\x80\x9D"};

// The bytes of a double quote at `at` as Xapian reads one (plain or curly), 0 if none.
size_t quote_at(std::string_view text, size_t at) {
    if (text[at] == '"') return 1;
    for (std::string_view curly : kCurlyDoubleQuotes)
        if (text.substr(at, curly.size()) == curly) return curly.size();
    return 0;
}

// The words of a query, without any operator characters: the fallback for broken syntax.
std::string literal_words(const std::string& text) {
    std::string words;
    for (const auto& t : text::tokenize(text)) {
        words += (words.empty() ? "" : " ") + t.word;
    }
    return words;
}

// Xapian quietly closes an unbalanced quote or parenthesis, which turns a pasted question into
// a phrase or a group the user never meant; such a query is searched as plain words instead.
std::optional<std::string> unbalanced(const std::string& text) {
    int depth = 0;
    size_t quotes = 0;
    for (size_t at = 0; at < text.size(); ++at) {
        if (const size_t quote = quote_at(text, at)) {
            ++quotes;
            at += quote - 1;
        } else if (text[at] == '(') {
            ++depth;
        } else if (text[at] == ')' && --depth < 0) {
            return "a ')' without its '('";
        }
    }
    if (depth > 0) return "a '(' without its ')'";
    if (quotes % 2) return "an unbalanced quote";
    return std::nullopt;
}

// The words of a query as Xapian's grammar sees them: runs of non-space characters, a quoted
// phrase inside one run ("-\"volume loss\"", anatomy:"lower back") kept whole.
struct QueryWord {
    size_t begin, end;
    std::string_view text;
};
std::vector<QueryWord> query_words(std::string_view text) {
    std::vector<QueryWord> words;
    for (size_t at = 0; at < text.size();) {
        if (std::isspace(static_cast<unsigned char>(text[at]))) {
            ++at;
            continue;
        }
        size_t end = at;
        for (bool quoted = false; end < text.size() && (quoted || !std::isspace(static_cast<unsigned char>(text[end])));) {
            const size_t quote = quote_at(text, end);
            quoted ^= quote > 0;
            end += std::max<size_t>(quote, 1);
        }
        words.push_back({at, end, text.substr(at, end - at)});
        at = end;
    }
    return words;
}

// AND, OR, XOR, NEAR, NEAR/3, ADJ, ADJ/2; and NOT unless only binary operators are asked for.
bool is_operator(std::string_view word, bool binary_only) {
    for (std::string_view op : {"AND", "OR", "XOR"})
        if (word == op) return true;
    for (std::string_view op : {"NEAR", "ADJ"})
        if (word.starts_with(op)) {
            std::string_view rest = word.substr(op.size());
            if (rest.empty() || (rest.size() > 1 && rest[0] == '/' &&
                                 std::all_of(rest.begin() + 1, rest.end(), [](char c) { return std::isdigit(c); })))
                return true;
        }
    return !binary_only && word == "NOT";
}

// Xapian reads a query of excluded words alone ("-botox") as if the '-' were not there, and
// finds just what the user excluded; written with NOT (FLAG_PURE_NOT) it finds every other
// answer, as "NOT botox" does. A quoted phrase counts as one word ("-\"volume loss\"").
std::string exclusions_as_not(const std::string& text) {
    const auto words = query_words(text);
    if (words.empty() ||
        !std::all_of(words.begin(), words.end(), [](const QueryWord& w) { return w.text.size() > 1 && w.text[0] == '-'; }))
        return text;
    // One NOT over all of them: "NOT a NOT b" would be OR-ed, (all but a) or (all but b).
    std::string excluded;
    for (const auto& w : words) excluded += (excluded.empty() ? "" : " OR ") + std::string(w.text.substr(1));
    return "NOT (" + excluded + ")";
}

// The field of the schema a query may name ("title", "stance"), or none.
const Field* named_field(std::string_view name) {
    const auto f = std::find_if(kFields.begin(), kFields.end(), [&](const Field& f) { return !f.name.empty() && f.name == name; });
    return f == kFields.end() ? nullptr : &*f;
}

// A query word that opens with a name and a colon, after brackets and a '+' or '-' ("(+title:knee",
// "Stance:no"): where the name starts, the name as written, and what follows the colon. Whether
// the name is a field's is the caller's question (named_field).
struct FieldWord {
    size_t at = 0;               // where the name starts in the word
    std::string_view name;       // as written
    std::string_view value;      // after the colon
};
std::optional<FieldWord> field_word(std::string_view word) {
    const size_t at = word.find_first_not_of("(+-"), colon = word.find(':');
    if (at == std::string_view::npos || colon == std::string_view::npos || colon <= at) return std::nullopt;
    return FieldWord{at, word.substr(at, colon - at), word.substr(colon + 1)};
}

// FIELD:VALUE for a boolean field of the schema: the value one word, or one quoted phrase
// (anatomy:"lower back"); a stray quote or a bracket makes it something else.
bool is_filter(std::string_view word) {
    const auto fw = field_word(word);
    if (!fw || fw->at != 0 || fw->value.empty() || word.find_first_of("()") != std::string_view::npos) return false;
    const Field* named = named_field(fw->name);
    if (!named || named->kind != FieldKind::boolean) return false;
    const std::string_view value = fw->value;
    std::vector<size_t> quotes;
    for (size_t at = 0; at < value.size(); ++at)
        if (quote_at(value, at)) quotes.push_back(at);
    if (quotes.empty()) return true;
    return quotes.size() == 2 && quotes[0] == 0 && quotes[1] + quote_at(value, quotes[1]) == value.size() &&
           quotes[1] > quote_at(value, 0);
}

// Appends the notices `notices` lacks.
void add_once(std::vector<std::string>& notices, std::vector<std::string> more) {
    for (auto& n : more)
        if (std::find(notices.begin(), notices.end(), n) == notices.end()) notices.push_back(std::move(n));
}

// A query word that is one stop word and nothing else ("a", "The"): the search leaves it out.
bool is_stop_word(std::string_view word, const Xapian::Stopper& stopper) {
    const auto tokens = text::tokenize(word);
    return tokens.size() == 1 && tokens[0].begin == 0 && tokens[0].end == word.size() && stopper(tokens[0].word);
}

struct LeadingNot {
    std::string searched;                 // the query as rewritten
    std::vector<std::string> stop_words;  // those between NOT and what it excludes, left out
    std::string words;                    // the query after them
};

// Xapian's NOT at the start takes everything after it: "NOT knee pain" is every answer with
// neither word, which no one searches for. Without other operators or brackets, the NOT is read
// as excluding the word (or phrase) after it, as "-knee pain" does, or the filters after it
// (split_off_filters keeps them together: "NOT stance:no stance:maybe pain" is neither). Stop
// words right after the NOT are left out, as the search leaves them out everywhere: "NOT a knee
// pain" is "pain -knee" (excluding "a" would exclude nearly every answer), and "NOT a pain" is
// "NOT pain". Returns the query as rewritten, or nothing when it is read as Xapian reads it.
std::optional<LeadingNot> leading_not_as_exclusion(const std::string& text, const Xapian::Stopper& stopper) {
    const auto words = query_words(text);
    if (words.size() < 2 || words[0].text != "NOT" || text.find_first_of("()") != std::string::npos)
        return std::nullopt;
    if (std::any_of(words.begin() + 1, words.end(), [](const QueryWord& w) { return is_operator(w.text, false); }))
        return std::nullopt;
    LeadingNot read;
    size_t first = 1;  // what the NOT excludes
    for (; first < words.size() && is_stop_word(words[first].text, stopper); ++first)
        read.stop_words.emplace_back(words[first].text);
    // NOT and stop words only ("NOT the"), or a '+' or '-' of the user's own: Xapian's reading.
    if (first == words.size() || words[first].text.find_first_of("+-") == 0) return std::nullopt;
    read.words = text.substr(words[first].begin);
    size_t rest = first + 1;
    if (is_filter(words[first].text))
        while (rest < words.size() && is_filter(words[rest].text)) ++rest;
    if (rest == words.size()) {
        // "NOT knee": every answer without it, as Xapian reads it; so is "NOT a knee", said plainly.
        if (read.stop_words.empty()) return std::nullopt;
        read.searched = "NOT " + read.words;
        return read;
    }
    std::string excluded;
    for (size_t i = first; i < rest; ++i) excluded += " -" + std::string(words[i].text);
    read.searched = text.substr(words[rest].begin) + excluded;
    return read;
}

// Xapian's field names are case-sensitive (QueryParser looks the name up as written), and
// "Stance:no" was the phrase "stance no". A field name of the schema at the start of a query
// word (after brackets and '+' or '-'), in any case, is written as the schema spells it; the
// value keeps its case (thread ids are exact).
std::string field_names_in_lower_case(const std::string& text) {
    std::string out;
    size_t copied = 0;
    for (const auto& w : query_words(text)) {
        const auto fw = field_word(w.text);
        if (!fw) continue;
        const std::string lowered = text::lower(fw->name);
        if (lowered == fw->name || !named_field(lowered)) continue;
        out += text.substr(copied, w.begin + fw->at - copied) + lowered;
        copied = w.begin + fw->at + fw->name.size();
    }
    return out + text.substr(copied);
}

// A field with no word right after its colon ("title:*", "title:", "title: knee") is no field
// to Xapian, which searches its name as a word ("title"). Such a field is left out, with a
// '+' or '-' before it and the operator that joins it ("knee OR title:*" is knee), and a notice;
// brackets around it stay ("(botox OR title:*)"). Returns the query without them, and how many
// there were.
std::pair<std::string, size_t> without_empty_fields(const std::string& text, std::vector<std::string>& notices) {
    const auto words = query_words(text);
    std::vector<std::optional<std::string>> replaced(words.size());  // what a word left out leaves
    size_t left_out = 0;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string_view w = words[i].text;
        const auto fw = field_word(w);
        const Field* field = fw ? named_field(fw->name) : nullptr;
        if (!field || fw->value.find_first_not_of("*)") != std::string_view::npos) continue;
        const std::string_view name = fw->name, value = fw->value;
        std::string kept;  // the brackets
        for (char c : w.substr(0, fw->at))
            if (c == '(') kept += c;
        for (char c : value)
            if (c == ')') kept += c;
        replaced[i] = kept;
        ++left_out;
        if (i > 0 && !replaced[i - 1] && is_operator(words[i - 1].text, false)) replaced[i - 1] = "";
        else if (i + 1 < words.size() && is_operator(words[i + 1].text, true)) replaced[++i] = "";
        const bool boolean = field->kind == FieldKind::boolean;
        const std::string example = name == "stance" ? "no" : name == "thread" ? "ID" : name == "source" ? "FILE" : "knee";
        const std::string field_name = std::string(name) + ":";
        add_once(notices, {"'" + std::string(w) + "' is left out: " + field_name + " needs a " + (boolean ? "value" : "word") +
                           " right after the colon (" + field_name + example +
                           (boolean ? "" : ", " + field_name + example + "*") + ")"});
    }
    if (left_out == 0) return {text, 0};
    std::string out;
    size_t copied = 0;
    for (size_t i = 0; i < words.size(); ++i)
        if (replaced[i]) {
            out += text.substr(copied, words[i].begin - copied) + *replaced[i];
            copied = words[i].end;
        }
    return {out + text.substr(copied), left_out};
}

// Title and question words are indexed without positions (index/indexer.cpp), so a phrase in
// those fields would match nothing: title:"kidney stone" is searched as (title:kidney AND
// title:stone). Returns the query rewritten, or nothing when it has no such phrase.
std::optional<std::string> field_phrases_as_and(const std::string& text) {
    std::string out;
    size_t copied = 0;
    for (const auto& w : query_words(text)) {
        // Brackets and a '+' or '-' before the field stay where they are: "(title:"a b")".
        const auto fw = field_word(w.text);
        if (!fw || (fw->name != "title" && fw->name != "question")) continue;
        const size_t field_at = fw->at, colon = field_at + fw->name.size();
        const std::string_view field = fw->name;
        const size_t open = quote_at(w.text, colon + 1);
        if (open == 0) continue;
        size_t close = colon + 1 + open;  // the closing quote; what follows it (")", "*") stays too
        while (close < w.text.size() && quote_at(w.text, close) == 0) ++close;
        if (close == w.text.size()) continue;
        std::string words;
        for (const auto& t : text::tokenize(w.text.substr(colon + 1 + open, close - colon - 1 - open)))
            words += (words.empty() ? "" : " AND ") + std::string(field) + ":" + t.word;
        if (words.empty()) continue;
        const size_t rest = close + quote_at(w.text, close);
        out += text.substr(copied, w.begin - copied) + std::string(w.text.substr(0, field_at)) + "(" + words + ")" +
               std::string(w.text.substr(rest));
        copied = w.end;
    }
    if (copied == 0) return std::nullopt;
    return out + text.substr(copied);
}

// Words are indexed accent-folded (core/fold.hpp), so the query's are folded alike: "Sjögren"
// and "sjogren" find the same answers, and spelling correction and synonym keys see the words
// as the index holds them. The values of the boolean fields are no words and stay as typed:
// thread ids and sources are exact, stance values ASCII, and anatomy names go through the
// lexicon, which folds them itself.
std::string with_words_folded(const std::string& text) {
    std::string out;
    size_t copied = 0;
    for (const auto& w : query_words(text)) {
        const auto fw = field_word(w.text);
        const Field* field = fw ? named_field(fw->name) : nullptr;
        if (!field || field->kind != FieldKind::boolean) continue;
        out += text::fold_accents(text.substr(copied, w.begin - copied)) + std::string(w.text);
        copied = w.end;
    }
    return out + text::fold_accents(text.substr(copied));
}

// Xapian's grammar lets a filter narrow the group it stands in, so "NOT botox stance:no" is
// "NOT (botox stance:no)": nearly every answer. A user means the filter for the whole query, as
// --stance does; so the filters that stand on their own (outside brackets, no operator joined to
// them) are taken out of the words and applied to all of them. One joined to an operator keeps
// Xapian's meaning ("pain OR stance:yes", "NOT stance:no"), and so do the filters right after it
// ("NOT anatomy:knee anatomy:hip": neither). Brackets count only when they pair up: broken
// syntax is searched as plain words, and a filter inside it still filters.
// Returns {the words, the filters}.
std::pair<std::string, std::string> split_off_filters(const std::string& text, const Xapian::Stopper& stopper) {
    const auto words = query_words(text);
    // The stop words right after a leading NOT are left out (leading_not_as_exclusion), so a
    // filter after them follows the NOT: "NOT a stance:no pain" is "NOT stance:no pain".
    size_t after_leading_not = 0;
    if (!words.empty() && words[0].text == "NOT")
        for (after_leading_not = 1; after_leading_not < words.size() && is_stop_word(words[after_leading_not].text, stopper);)
            ++after_leading_not;
    const bool brackets_count = !unbalanced(text);
    std::string rest, filters;
    size_t copied = 0;
    int depth = 0;
    bool follows_kept_filter = false;
    for (size_t i = 0; i < words.size(); ++i) {
        const bool filter = is_filter(words[i].text);
        const bool free_standing = filter && depth == 0 && !follows_kept_filter &&
                                   !(i > 0 && (is_operator(words[i - 1].text, false) || i == after_leading_not)) &&
                                   !(i + 1 < words.size() && is_operator(words[i + 1].text, true));
        if (free_standing) {
            rest += text.substr(copied, words[i].begin - copied);
            copied = words[i].end;
            filters += (filters.empty() ? "" : " ") + std::string(words[i].text);
        }
        follows_kept_filter = filter && !free_standing;
        const std::string_view w = brackets_count ? words[i].text : std::string_view();
        bool quoted = false;
        for (size_t at = 0; at < w.size(); ++at) {
            if (quote_at(w, at)) quoted = !quoted;
            else if (!quoted && w[at] == '(') ++depth;
            else if (!quoted && w[at] == ')') --depth;
        }
    }
    return {rest + text.substr(copied), filters};
}

// Words only, no query syntax: neighbouring words are then neighbours in what the user means
// (in "botox -filler" or "stance:no atrophy" they are not).
// Calls visit(first, last, key) for each run of words [first, last] of `tokens`, up to
// QueryBuilder::kMaxSynonymKeyWords long: the synonym keys the run could be, spelt as the
// synonym table spells them (index/synonyms.cpp: the words joined by one space).
template <class Visit>
void for_each_synonym_key(const std::vector<text::Token>& tokens, Visit visit) {
    for (size_t first = 0; first < tokens.size(); ++first) {
        std::string key;
        for (size_t last = first; last < tokens.size() && last - first < QueryBuilder::kMaxSynonymKeyWords; ++last) {
            key += (last > first ? " " : "") + tokens[last].word;
            visit(first, last, key);
        }
    }
}

bool is_plain(const std::string& text) {
    if (text.find_first_of(":\"()+-*") != std::string::npos) return false;
    for (std::string_view curly : kCurlyDoubleQuotes)
        if (text.find(curly) != std::string::npos) return false;
    for (const auto& t : text::tokenize(text))
        for (std::string_view op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"})
            if (std::string_view(text).substr(t.begin, t.end - t.begin) == op) return false;
    return true;
}

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db, const annotate::AnatomyLexicon& lexicon,
                           const annotate::WordList& stopwords, const RankingParameters& ranking)
    : db_(db), lexicon_(lexicon), ranking_(ranking), stopper_(stopwords.words().begin(), stopwords.words().end()) {}

std::string QueryBuilder::anatomy_term(const std::string& value, std::vector<std::string>& notices) const {
    if (auto canonical = lexicon_.resolve(value)) return term(kAnatomyPrefix, *canonical);
    std::string literal = term(kAnatomyPrefix, text::lower(value));
    // A concept of a user lexicon given to `medqa index --lexicon` but not to this search: the
    // answers tagged with it match (its parts do not, without the lexicon).
    if (!db_.term_exists(literal)) {
        const auto nearest = lexicon_.nearest_name(value);
        notices.push_back("unknown anatomy '" + value + "': not in the lexicon, it matches nothing" +
                          (nearest ? "; did you mean anatomy:\"" + *nearest + "\"?" : std::string()));
    }
    return literal;
}

Xapian::QueryParser QueryBuilder::parser(bool context, std::vector<std::string>& notices) const {
    Xapian::QueryParser qp;
    qp.set_database(db_);
    qp.set_stemmer(stem_);
    qp.set_stopper(&stopper_);  // pasted questions: "can", "the", "my" do not rank answers
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_OR);
    qp.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    if (context) {  // free text against the thread's title and question
        qp.add_prefix("", std::string(kTitlePrefix));
        qp.add_prefix("", std::string(kQuestionPrefix));
    }
    for (const auto& f : kFields) {
        if (f.name.empty() || f.name == "stance" || f.name == "anatomy") continue;
        if (f.kind == FieldKind::free_text) qp.add_prefix(std::string(f.name), std::string(f.prefix));
        else qp.add_boolean_prefix(std::string(f.name), std::string(f.prefix));
    }
    qp.add_boolean_prefix("stance", (new StanceField(notices))->release());
    qp.add_boolean_prefix("anatomy", (new AnatomyField(*this, notices))->release());
    return qp;
}

Xapian::Query QueryBuilder::parse(const std::string& text, bool filtered, BuiltQuery& built,
                                  XapianCorrection& correction) const {
    // Field values are checked as they are parsed; their notices count only for the parse
    // that is used.
    std::vector<std::string> field_notices;
    auto answer_parser = parser(false, field_notices), synonym_parser = parser(false, field_notices),
         context_parser = parser(true, field_notices);
    // The user's own words; the same with synonyms, weighed less so that a synonym-only match
    // ranks below an answer that uses the words; the thread's title and question, less again.
    auto all_fields = [&](const std::string& q, unsigned flags) {
        Xapian::Query answer = answer_parser.parse_query(q, flags);
        Xapian::Query synonyms =
            synonym_parser.parse_query(q, flags | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS);
        Xapian::Query context = with_answer_idf(context_parser.parse_query(q, flags));
        // A weight of 0 leaves its part out: scaled by 0 it would still match, unranked.
        std::vector<Xapian::Query> parts{answer};
        if (ranking_.synonym_weight > 0)
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, synonyms, ranking_.synonym_weight);
        if (ranking_.context_weight > 0)
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, context, ranking_.context_weight);
        Xapian::Query any(Xapian::Query::OP_OR, parts.begin(), parts.end());
        // "-word" / "NOT word" judge the answer by its own words: what the answer query
        // excludes is excluded from all three, or the title and synonym parts bring it back.
        if (answer.get_type() == Xapian::Query::OP_AND_NOT && answer.get_num_subqueries() == 2)
            return Xapian::Query(Xapian::Query::OP_AND_NOT, any, answer.get_subquery(1));
        return any;
    };
    auto combine = [&](const std::string& q, unsigned flags, bool pasted = false) {
        // Spelling correction only names a better query (BuiltQuery::corrected); it needs the
        // whole text. Its words are put back into the query as typed (suggestion).
        correction = {};
        if (!pasted && has_unknown_word(q)) {
            answer_parser.parse_query(q, flags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
            correction = {q, answer_parser.get_corrected_query_string()};
        }
        const bool plain = pasted || is_plain(q);
        built.bonuses.clear();
        built.other_spellings.clear();
        if (ranking_.proximity_weight > 0 && !pasted && plain) built.bonuses = proximity(q);
        if (ranking_.coordination_weight > 0 && !pasted && plain)
            if (auto all = coordination(q)) built.bonuses.push_back(std::move(*all));
        if (ranking_.title_match_weight > 0 && !pasted && plain)
            if (auto title = title_match(q)) built.bonuses.push_back(std::move(*title));
        if (!plain) return all_fields(q, flags);
        std::vector<Xapian::Query> by_segment;
        for (const auto& segment : segments(q)) by_segment.push_back(all_fields(segment, flags));
        // The phrase synonyms apart, all of them in one place: inside a segment, Xapian 1.4
        // adds a phrase's weight to answers that lack the phrase once it prunes ("weight gain":
        // 47.7 instead of 39.4 for an answer without "gaining weight").
        if (ranking_.synonym_weight > 0 && !pasted)
            if (Xapian::Query phrases = phrase_synonyms(q, filtered); !phrases.empty())
                by_segment.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, phrases, ranking_.synonym_weight);
        // The other spelling of a word is searched at full weight, as a word of its own: it is
        // what the user typed. (Not one OP_SYNONYM with it: the word sits inside the three
        // parsed parts of its segment, which Xapian 1.4 offers no way to rewrite.)
        built.other_spellings = spellings_in_index(q);
        for (const auto& variant : built.other_spellings) by_segment.push_back(all_fields(variant, flags));
        return Xapian::Query(Xapian::Query::OP_OR, by_segment.begin(), by_segment.end());
    };
    // A pasted question is searched by its key words, as plain words (its quotes and brackets
    // are punctuation, not syntax), without spelling correction: Xapian would look up every
    // word the index lacks, and a corrected paragraph is no suggestion anyone reads.
    if (std::optional<std::string> keys = key_words(text)) {
        built.pasted = true;
        return combine(*keys, 0, true);
    }
    std::optional<std::string> problem = unbalanced(text);
    Xapian::Query query;
    if (!problem) {
        try {
            std::string searched = text;
            if (auto excluding = leading_not_as_exclusion(searched, stopper_)) {
                std::string stop_words;
                for (const auto& w : excluding->stop_words) stop_words += (stop_words.empty() ? "'" : ", '") + w + "'";
                if (excluding->stop_words.empty())
                    built.notices.push_back("NOT at the start excludes only what follows it: searching " +
                                            excluding->searched + " (NOT (a b) excludes both)");
                else if (excluding->searched.starts_with("NOT "))
                    built.notices.push_back("the search leaves out stop words (" + stop_words + "): searching " +
                                            excluding->searched + ", every answer without it");
                else
                    built.notices.push_back("NOT at the start excludes only what follows it, and the search leaves out stop words (" +
                                            stop_words + "): searching " + excluding->searched + " (NOT (" +
                                            excluding->words + ") excludes them all)");
                searched = excluding->searched;
            }
            if (auto words = field_phrases_as_and(searched)) {
                built.notices.push_back("title: and question: match words, not phrases: searching " + *words);
                searched = *words;
            }
            query = combine(exclusions_as_not(searched), kSyntaxFlags);
        } catch (const Xapian::QueryParserError& e) {
            problem = e.get_msg();
        }
    }
    if (problem) {
        field_notices.clear();
        built.notices.push_back("query syntax: " + *problem + "; searching its words literally");
        query = combine(literal_words(text), 0);
    }
    add_once(built.notices, std::move(field_notices));  // each parser reports a bad value once
    return query;
}

Xapian::Query QueryBuilder::with_answer_idf(const Xapian::Query& context) const {
    const auto type = context.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        const std::string term = *context.get_terms_begin();
        // "ZSatrophi" -> "Zatrophi", "XQatrophy" -> "atrophy": the same word in answer text.
        const bool stemmed = term.starts_with(kStemmedPrefix);
        const std::string_view rest = std::string_view(term).substr(stemmed ? kStemmedPrefix.size() : 0);
        std::string answer_term;
        for (std::string_view prefix : {kTitlePrefix, kQuestionPrefix})
            if (rest.starts_with(prefix) && !answer_word(rest.substr(prefix.size())).empty())
                answer_term = std::string(stemmed ? kStemmedPrefix : "") + std::string(rest.substr(prefix.size()));
        if (answer_term.empty()) return context;
        const auto own_df = db_.get_termfreq(term), answer_df = db_.get_termfreq(answer_term);
        if (own_df == 0 || answer_df == 0) return context;
        // BM25's idf as Xapian computes it (BM25Weight), from a term's document frequency.
        const double n = db_.get_doccount();
        auto idf = [n](double df) {
            double odds = (n - df + 0.5) / (df + 0.5);
            return std::log(odds < 2 ? odds * 0.5 + 1 : odds);
        };
        // Never more than the title's own weight: a word all of a thread's answers carry in
        // their title, but few say, would otherwise lift the replies that do not say it.
        const double own = idf(static_cast<double>(own_df)), in_answers = idf(static_cast<double>(answer_df));
        if (own <= 0 || in_answers >= own) return context;
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, context, in_answers / own);
    }
    // Only operators whose subqueries are weighed on their own: a phrase's terms are not.
    if (type != Xapian::Query::OP_OR && type != Xapian::Query::OP_AND && type != Xapian::Query::OP_AND_MAYBE &&
        type != Xapian::Query::OP_AND_NOT && type != Xapian::Query::OP_XOR)
        return context;
    std::vector<Xapian::Query> parts;
    for (size_t i = 0; i < context.get_num_subqueries(); ++i) parts.push_back(with_answer_idf(context.get_subquery(i)));
    return Xapian::Query(type, parts.begin(), parts.end());
}

std::vector<std::string> QueryBuilder::segments(const std::string& text) const {
    // Cut at spaces only: what is written without one ("U.S.", "e.g.") Xapian may read as one
    // word. chunk_of[i]: the space-delimited piece of the text that holds word i.
    struct Chunk {
        size_t begin, end;
        bool has_word = false;  // a word that is not a stop word
    };
    std::vector<Chunk> chunks;
    const std::vector<text::Token> tokens = text::tokenize(text);
    std::vector<size_t> chunk_of(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (chunks.empty() || tokens[i].begin >= chunks.back().end) {
            const size_t begin = text.find_last_of(" \t\r\n", tokens[i].begin);
            const size_t end = text.find_first_of(" \t\r\n", tokens[i].end);
            chunks.push_back({begin == std::string::npos ? 0 : begin + 1, end == std::string::npos ? text.size() : end});
        }
        chunk_of[i] = chunks.size() - 1;
        chunks.back().has_word = chunks.back().has_word || !stopper_(tokens[i].word);
    }
    // joined[c]: the last chunk that a synonym key starting in chunk c reaches.
    std::vector<size_t> joined(chunks.size());
    for (size_t c = 0; c < chunks.size(); ++c) joined[c] = c;
    for_each_synonym_key(tokens, [&](size_t first, size_t last, const std::string& key) {
        if (last > first && db_.synonyms_begin(key) != db_.synonyms_end(key))
            joined[chunk_of[first]] = std::max(joined[chunk_of[first]], chunk_of[last]);
    });
    std::vector<std::string> out;
    for (size_t c = 0; c < chunks.size();) {
        size_t last = joined[c];
        bool has_word = false;
        for (size_t k = c; k <= last; ++k) {
            last = std::max(last, joined[k]);
            has_word = has_word || chunks[k].has_word;
        }
        if (has_word) out.push_back(text.substr(chunks[c].begin, chunks[last].end - chunks[c].begin));
        c = last + 1;
    }
    if (out.empty()) return {text};  // stop words only: searched as they are, together
    return out;
}

std::vector<std::string> QueryBuilder::spellings_in_index(const std::string& text) const {
    // Each distinct word once, and each candidate looked up once: a pasted question repeats
    // its words, and on remote shards every lookup is a round trip.
    std::set<std::string> words;
    for (const auto& t : text::tokenize(text))
        if (!stopper_(t.word)) words.insert(t.word);
    std::set<std::string> looked_up;
    std::vector<std::string> found;
    // The words as written (the unstemmed terms): a made-up spelling can stem to a real word
    // ("seaeds" to "sea").
    for (const auto& word : words) {
        const Xapian::doccount df = db_.get_termfreq(word);
        for (auto& variant : spelling_variants(word)) {
            if (stopper_(variant) || words.contains(variant) || !looked_up.insert(variant).second) continue;
            const Xapian::doccount variant_df = db_.get_termfreq(variant);
            if (variant_df > 0 && variant_df * kMaxVariantRarity >= df) found.push_back(std::move(variant));
        }
    }
    return found;
}

std::optional<Xapian::Query> QueryBuilder::coordination(const std::string& text) const {
    std::set<std::string> terms;
    for (const auto& t : text::tokenize(text))
        if (!stopper_(t.word)) terms.insert(stemmed_term(stem_, t.word));
    if (terms.size() < 2) return std::nullopt;
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()),
                         ranking_.coordination_weight);
}

std::optional<Xapian::Query> QueryBuilder::title_match(const std::string& text) const {
    std::set<std::string> terms;
    for (const auto& t : text::tokenize(text)) {
        if (stopper_(t.word)) continue;
        // Xapian indexes a stemmed term only for a word that starts with a letter: "6" of "6
        // year old" is "S6" alone, and an AND with "ZS6" would match no title.
        std::string stemmed = stemmed_term(stem_, t.word, kTitlePrefix);
        terms.insert(db_.term_exists(stemmed) ? std::move(stemmed) : std::string(kTitlePrefix) + t.word);
    }
    if (terms.size() < 2) return std::nullopt;
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()),
                         ranking_.title_match_weight);
}

bool QueryBuilder::knows_word(const std::string& word) const {
    return db_.term_exists(word) || db_.term_exists(stemmed_term(stem_, word));
}

std::set<std::string> QueryBuilder::words_that_find(const std::vector<text::Token>& tokens) const {
    std::set<std::string> found;
    for (const auto& t : tokens)
        if (knows_word(t.word) || db_.term_exists(stemmed_term(stem_, t.word, kTitlePrefix)) ||
            db_.term_exists(stemmed_term(stem_, t.word, kQuestionPrefix)))
            found.insert(t.word);
    // A key of the synonym table finds its synonyms' answers ("hollowing" -> atrophy), and
    // every word of a phrase key does ("cafe au lait").
    auto has_synonyms = [&](const std::string& key) { return db_.synonyms_begin(key) != db_.synonyms_end(key); };
    for_each_synonym_key(tokens, [&](size_t first, size_t last, const std::string& key) {
        if (has_synonyms(key) || (first == last && has_synonyms(stemmed_term(stem_, key))))
            for (size_t i = first; i <= last; ++i) found.insert(tokens[i].word);
    });
    return found;
}

std::string QueryBuilder::suggestion(const std::string& typed, const XapianCorrection& correction,
                                     const std::vector<std::string>& other_spellings) const {
    // Which words: those Xapian changed in the text searched, word for word (a correction into
    // more or fewer words is none), that no answer uses in any form. Xapian also "corrects" a
    // word the index has when a more frequent one is near ("temporalis" -> "temporal", "care"
    // -> "are"), but a word some answers hold may be a rare real one ("temple" is one letter
    // from "simple"). A stop word is no correction either: the search drops it ("cqn" -> "can").
    // A word that finds answers in a title or question, or through the synonym table, is no
    // misspelling either ("hollowing" finds atrophy; Xapian offered "following").
    const auto before = text::tokenize(correction.searched), after = text::tokenize(correction.corrected);
    if (before.size() != after.size()) return {};
    const std::set<std::string> finding = words_that_find(before);
    std::map<std::string, std::string> replaced;
    std::set<std::string> words;  // the distinct words searched, stop words aside
    for (size_t i = 0; i < before.size(); ++i) {
        if (!stopper_(before[i].word)) words.insert(before[i].word);
        if (before[i].word != after[i].word && !finding.contains(before[i].word) && !stopper_(after[i].word))
            replaced.emplace(before[i].word, after[i].word);
    }
    if (replaced.empty()) return {};
    // A correction of most of the words is another query, not a spelling fix: a foreign
    // phrase ("cafe au lait" -> "case amu wait") or a run of rare names.
    if (replaced.size() > 1 && replaced.size() * 2 > words.size()) return {};
    // Where: in the query as typed, not as searched ("paun -knee" for "NOT knee paun"), wherever
    // such a word stands, but in the query words that name a field. Xapian corrects no field's
    // word ("title:paun"), and a filter ("stance:no", "thread:ID") is no word of the answers.
    std::vector<QueryWord> fields;
    for (const auto& w : query_words(typed))
        if (const auto fw = field_word(w.text); fw && named_field(text::lower(fw->name))) fields.push_back(w);
    auto in_field = [&](const text::Token& t) {
        return std::any_of(fields.begin(), fields.end(), [&](const QueryWord& w) { return t.begin >= w.begin && t.end <= w.end; });
    };
    std::string out;
    size_t copied = 0;
    bool names_more = false;  // than the other spellings that were searched already
    for (const auto& t : text::tokenize(typed)) {
        const auto it = replaced.find(text::fold_word(t.word));  // searched folded ("sjögren")
        if (it == replaced.end() || in_field(t)) continue;
        out += typed.substr(copied, t.begin - copied) + it->second;
        copied = t.end;
        // "edema" -> "oedema" names nothing new when "oedema" was searched as edema's other spelling.
        names_more = names_more || std::find(other_spellings.begin(), other_spellings.end(), it->second) == other_spellings.end();
    }
    if (!names_more) return {};
    return out + typed.substr(copied);
}

bool QueryBuilder::has_unknown_word(const std::string& text) const {
    const auto tokens = text::tokenize(text);
    const std::set<std::string> finding = words_that_find(tokens);
    return std::any_of(tokens.begin(), tokens.end(), [&](const text::Token& t) { return !finding.contains(t.word); });
}

std::vector<Xapian::Query> QueryBuilder::proximity(const std::string& text) const {
    std::vector<std::string> words;
    for (const auto& t : text::tokenize(text))
        if (!stopper_(t.word)) words.push_back(t.word);
    std::vector<Xapian::Query> pairs;
    for (size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == words[i + 1]) continue;
        // Unstemmed words: only they carry positions in the index.
        const Xapian::Query two[] = {Xapian::Query(words[i]), Xapian::Query(words[i + 1])};
        pairs.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                           Xapian::Query(Xapian::Query::OP_NEAR, std::begin(two), std::end(two), kProximityWindow),
                           ranking_.proximity_weight);
    }
    return pairs;
}

Xapian::Query QueryBuilder::phrase_synonyms(const std::string& text, bool filtered) const {
    // A word's synonyms are found under it and under its stem: each phrase once.
    std::set<std::string> synonyms;
    auto look_up = [&](const std::string& key) {
        for (auto it = db_.synonyms_begin(key); it != db_.synonyms_end(key); ++it)
            if ((*it).find(' ') != std::string::npos) synonyms.insert(*it);
    };
    for_each_synonym_key(text::tokenize(text), [&](size_t first, size_t last, const std::string& key) {
        look_up(key);
        if (first == last) look_up(stemmed_term(stem_, key));
    });
    std::vector<Xapian::Query> phrases;
    for (const auto& phrase : synonyms) {
        std::vector<Xapian::Query> terms;
        for (const auto& t : text::tokenize(phrase)) terms.emplace_back(t.word);  // unstemmed: positions
        // Filtered (--stance, --anatomy), a phrase's words anywhere in the answer: Xapian 1.4
        // weighs a filtered query that holds a phrase and says a term twice (the synonym part
        // repeats the user's words) wrongly, and differently from one split of the index into
        // shards to another.
        if (filtered) phrases.emplace_back(Xapian::Query::OP_AND, terms.begin(), terms.end());
        else phrases.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
    }
    return Xapian::Query(Xapian::Query::OP_OR, phrases.begin(), phrases.end());
}

std::optional<std::string> QueryBuilder::key_words(const std::string& text) const {
    struct Word {
        size_t first;       // position of its first occurrence
        unsigned count = 0;  // occurrences in the query
        double weight = 0;
    };
    std::map<std::string, Word> words;
    size_t total = 0;
    for (const auto& t : text::tokenize(text))
        if (!stopper_(t.word)) {
            words.try_emplace(t.word, Word{words.size()}).first->second.count++;
            ++total;
        }
    // Few distinct words said many times ("botox cheek botox cheek ..." for 10,000 characters)
    // make as slow a query as many words: Xapian's OR takes time quadratic in its subqueries.
    if (words.size() <= ranking_.max_query_words && total <= kMaxQueryTokens) return std::nullopt;

    const double documents = std::max<double>(db_.get_doccount(), 1);
    std::vector<std::pair<std::string, Word>> kept;
    for (auto& [word, w] : words) {
        const std::string stemmed = stemmed_term(stem_, word);
        Xapian::doccount df = db_.get_termfreq(stemmed);
        // A word no answer has may still find titles and questions, or name a synonym of words
        // the answers have (a lay word for a clinical one): it counts as a rare word. A word
        // that matches nothing gets weight 0: it only takes a place nobody else wants, and a
        // paste of unknown words still finds nothing (rather than, emptied, everything).
        bool matches = df > 0;
        if (!matches) {
            matches = db_.term_exists(stemmed_term(stem_, word, kTitlePrefix)) ||
                      db_.term_exists(stemmed_term(stem_, word, kQuestionPrefix)) ||
                      db_.synonyms_begin(word) != db_.synonyms_end(word) ||
                      db_.synonyms_begin(stemmed) != db_.synonyms_end(stemmed);
            df = 1;
        }
        // What the word adds to BM25 scores: its rarity (idf), once per time the question says
        // it (each repeat is searched). Saturating the count instead (as k3 does within one
        // term) kept the topic's words too seldom: NFCorpus long queries lost nDCG@10.
        w.weight = matches ? std::log(documents / df + 1) * std::min(w.count, kMaxWordRepeats) : 0;
        kept.emplace_back(word, w);
    }
    auto by_weight = [](const auto& a, const auto& b) { return a.second.weight > b.second.weight; };
    if (kept.size() > ranking_.max_query_words) {
        std::partial_sort(kept.begin(), kept.begin() + ranking_.max_query_words, kept.end(), by_weight);
        kept.resize(ranking_.max_query_words);
    }
    // In the question's order, each as often as the question says it, so that BM25 weighs the
    // kept words as it would have in the whole question.
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.second.first < b.second.first; });
    std::string out;
    for (const auto& [word, w] : kept)
        for (unsigned i = 0; i < std::min(w.count, kMaxWordRepeats); ++i) out += (out.empty() ? "" : " ") + word;
    return out;
}

std::string searchable_text(std::string_view typed) {
    return text::without_control_characters(text::without_invalid_utf8(typed));
}

BuiltQuery QueryBuilder::build(const std::string& as_typed, const std::vector<std::string>& stances,
                               const std::vector<std::string>& anatomy) const {
    BuiltQuery built;
    if (!text::valid_utf8(as_typed))
        built.notices.push_back("the query has bytes that are not UTF-8 (shown as \\xNN): each is searched as a space");
    // The suggestion too is made of this: it shows no escape sequence the query held.
    const std::string typed = searchable_text(as_typed);
    const auto [text, empty_fields] =
        without_empty_fields(with_words_folded(field_names_in_lower_case(typed)), built.notices);
    const auto [words, filters] = split_off_filters(text, stopper_);
    bool blank = text::squeeze_space(words).empty();
    XapianCorrection correction;
    built.query = blank ? Xapian::Query::MatchAll
                        : parse(words, !stances.empty() || !anatomy.empty() || !filters.empty(), built, correction);
    built.corrected = suggestion(typed, correction, built.other_spellings);
    if ((!blank && built.query.empty()) || (blank && empty_fields > 0)) {
        // e.g. a query of punctuation only, or "title:*": say so rather than show nothing.
        built.notices.push_back("the query has no searchable words; showing all answers" +
                                (filters.empty() ? "" : " that pass " + filters));
        built.query = Xapian::Query::MatchAll;
    }
    // Before the filters: a query of filters alone ("stance:no") has no words for feedback or
    // highlighting to start from, as --stance alone has none.
    built.has_words = built.query.get_type() != Xapian::Query::LEAF_MATCH_ALL;
    if (!filters.empty()) {  // the fields' own parsing checks the values (stance:yess, anatomy:temples)
        std::vector<std::string> field_notices;
        built.query = Xapian::Query(Xapian::Query::OP_FILTER, built.query,
                                    parser(false, field_notices).parse_query(filters, kSyntaxFlags));
        add_once(built.notices, std::move(field_notices));  // "stance:yess stance:yess" is one mistake
    }
    built.plain = built.has_words && stances.empty() && anatomy.empty() && is_plain(text);
    auto filter = [&](const std::vector<std::string>& values, auto to_term) {
        if (values.empty()) return;
        std::vector<Xapian::Query> terms;
        for (const auto& v : values) terms.emplace_back(to_term(v));
        built.query = Xapian::Query(Xapian::Query::OP_FILTER, built.query,
                                    Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    };
    filter(stances, [](const std::string& v) {
        std::string s = text::lower(v);
        if (!parse_stance(s))
            throw Error(ExitCode::usage, "--stance " + v + ": unknown stance", "use yes, no, maybe or none");
        return term(kStancePrefix, s);
    });
    // A value of --anatomy that names nothing is a mistake on the command line, as a bad
    // --stance is; in the query text it is a notice (the words still search).
    filter(anatomy, [&](const std::string& v) {
        if (text::trim(v).empty())  // no name is near an empty one: "did you mean 'gi'?" misled
            throw Error(ExitCode::usage, "--anatomy is empty",
                        "give a body structure, e.g. --anatomy knee (names in data/lexicon/anatomy.tsv)");
        if (!lexicon_.resolve(v) && !db_.term_exists(term(kAnatomyPrefix, text::lower(v)))) {
            const auto nearest = lexicon_.nearest_name(v);
            throw Error(ExitCode::usage, "--anatomy " + v + ": no body structure of the lexicon or the index has this name",
                        (nearest ? "did you mean '" + *nearest + "'? " : std::string()) +
                            "The names and synonyms are in data/lexicon/anatomy.tsv; medqa stats lists the most frequent");
        }
        return anatomy_term(v, built.notices);
    });
    return built;
}

}  // namespace medqa
