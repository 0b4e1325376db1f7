#include "search/query_builder.hpp"

#include <algorithm>
#include <optional>

#include "core/error.hpp"
#include "core/schema.hpp"
#include "core/stance.hpp"
#include "core/text.hpp"

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

// The words of a query, without any operator characters: the fallback for broken syntax.
std::string literal_words(const std::vector<text::Token>& tokens) {
    std::string words;
    for (const auto& t : tokens) {
        words += (words.empty() ? "" : " ") + t.word;
    }
    return words;
}

// Xapian quietly closes an unbalanced quote or parenthesis, which turns a pasted question into
// a phrase or a group the user never meant; such a query is searched as plain words instead.
std::optional<std::string> unbalanced(const std::string& text) {
    int depth = 0;
    // Xapian reads curly double quotes (U+201C, U+201D) as phrase quotes too.
    size_t quotes = 0;
    for (std::string_view curly : {"\xE2\x80\x9C", "\xE2\x80\x9D"})
        for (size_t at = text.find(curly); at != std::string::npos; at = text.find(curly, at + 1)) ++quotes;
    for (char c : text) {
        if (c == '"') ++quotes;
        else if (c == '(') ++depth;
        else if (c == ')' && --depth < 0) return "a ')' without its '('";
    }
    if (depth > 0) return "a '(' without its ')'";
    if (quotes % 2) return "an unbalanced quote";
    return std::nullopt;
}

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db, const annotate::AnatomyLexicon& lexicon,
                           const annotate::WordList& stopwords)
    : db_(db), lexicon_(lexicon), stopper_(stopwords.words().begin(), stopwords.words().end()) {}

std::string QueryBuilder::anatomy_term(const std::string& value, std::vector<std::string>& notices) const {
    if (auto canonical = lexicon_.resolve(value)) return term(kAnatomyPrefix, *canonical);
    notices.push_back("unknown anatomy '" + value + "': not in the lexicon, it matches nothing");
    return term(kAnatomyPrefix, text::lower(value));
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

Xapian::Query QueryBuilder::parse(const std::string& text, std::vector<std::string>& notices,
                                  std::string& corrected) const {
    // Field values are checked as they are parsed; their notices count only for the parse
    // that is used.
    std::vector<std::string> field_notices;
    auto answer_parser = parser(false, field_notices), synonym_parser = parser(false, field_notices),
         context_parser = parser(true, field_notices);
    // The user's own words; the same with synonyms, weighed less so that a synonym-only match
    // ranks below an answer that uses the words; the thread's title and question, less again.
    auto combine = [&](const std::string& q, unsigned flags) {
        Xapian::Query answer = answer_parser.parse_query(q, flags | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
        Xapian::Query synonyms =
            synonym_parser.parse_query(q, flags | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS);
        Xapian::Query context = context_parser.parse_query(q, flags);
        const Xapian::Query parts[] = {answer, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, synonyms, kSynonymWeight),
                                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, context, kContextWeight)};
        Xapian::Query any(Xapian::Query::OP_OR, std::begin(parts), std::end(parts));
        // "-word" / "NOT word" judge the answer by its own words: what the answer query
        // excludes is excluded from all three, or the title and synonym parts bring it back.
        if (answer.get_type() == Xapian::Query::OP_AND_NOT && answer.get_num_subqueries() == 2)
            return Xapian::Query(Xapian::Query::OP_AND_NOT, any, answer.get_subquery(1));
        return any;
    };
    std::vector<text::Token> words = text::tokenize(text);
    std::optional<std::string> problem;
    if (words.size() > kMaxQueryWords) {
        // Xapian's matcher takes time quadratic in the number of words of an OR (a 10,000
        // character query took seconds): a pasted page is cut to its first words.
        problem = "the query has " + std::to_string(words.size()) + " words; searching its first " +
                  std::to_string(kMaxQueryWords) + " literally";
        words.resize(kMaxQueryWords);
    } else if (auto syntax = unbalanced(text)) {
        problem = "query syntax: " + *syntax + "; searching its words literally";
    }
    Xapian::Query query;
    if (!problem) {
        try {
            query = combine(text, kSyntaxFlags);
        } catch (const Xapian::QueryParserError& e) {
            problem = "query syntax: " + e.get_msg() + "; searching its words literally";
        }
    }
    if (problem) {
        field_notices.clear();
        notices.push_back(*problem);
        query = combine(literal_words(words), 0);
    }
    for (auto& n : field_notices)  // each parser reports a bad value once: keep one of each
        if (std::find(notices.begin(), notices.end(), n) == notices.end()) notices.push_back(std::move(n));
    corrected = answer_parser.get_corrected_query_string();
    return query;
}

BuiltQuery QueryBuilder::build(const std::string& text, const std::vector<std::string>& stances,
                               const std::vector<std::string>& anatomy) const {
    BuiltQuery built;
    bool blank = text::squeeze_space(text).empty();
    built.query = blank ? Xapian::Query::MatchAll : parse(text, built.notices, built.corrected);
    if (!blank && built.query.empty()) {
        // e.g. a query of punctuation only: say so rather than show nothing.
        built.notices.push_back("the query has no searchable words; showing all answers");
        built.query = Xapian::Query::MatchAll;
    }
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
    filter(anatomy, [&](const std::string& v) { return anatomy_term(v, built.notices); });
    return built;
}

}  // namespace medqa
