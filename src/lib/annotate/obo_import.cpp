#include "annotate/obo_import.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "core/text.hpp"

namespace medqa::annotate {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

// ---- reading OBO ------------------------------------------------------------------------

[[noreturn]] void obo_error(const std::string& where, const std::string& message) {
    throw Error(ExitCode::bad_input, where + ": " + message,
                "fix that line, or take a fresh copy of the ontology in OBO 1.2/1.4 format");
}

using text::trim;

// The first c that is neither backslash-escaped nor inside a quoted string.
size_t find_unquoted(std::string_view s, char c) {
    bool quoted = false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
        } else if (s[i] == '"') {
            quoted = !quoted;
        } else if (s[i] == c && !quoted) {
            return i;
        }
    }
    return std::string_view::npos;
}

// A tag's value without its "! comment" and trailing "{modifiers}".
std::string_view strip_value(std::string_view value) {
    value = trim(value.substr(0, find_unquoted(value, '!')));
    if (value.ends_with('}'))
        if (size_t open = find_unquoted(value, '{'); open != std::string_view::npos) value = trim(value.substr(0, open));
    return value;
}

// OBO escapes: \n and \t stand for white space, a backslash before anything else for that
// character (\" \! \{ \\ ...).
std::string unescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        char next = s[++i];
        out += (next == 'n' || next == 't' || next == 'W') ? ' ' : next;
    }
    return out;
}

std::string first_word(std::string_view s) { return std::string(s.substr(0, s.find_first_of(" \t"))); }

std::vector<std::string> words_of(std::string_view s) {
    std::vector<std::string> words;
    while (!(s = trim(s)).empty()) {
        words.push_back(first_word(s));
        s.remove_prefix(words.back().size());
    }
    return words;
}

// The quote that closes the string value opens with, npos if none.
size_t closing_quote(std::string_view value) {
    for (size_t i = 1; i < value.size(); ++i) {
        if (value[i] == '\\')
            ++i;
        else if (value[i] == '"')
            return i;
    }
    return std::string_view::npos;
}

// synonym: "TEXT" SCOPE [TYPE] [XREFS] {MODIFIERS}. OBO 1.0's exact_synonym: "TEXT" [XREFS]
// (and broad_/narrow_/related_synonym) carry the scope in the tag.
void read_synonym(OboTerm& term, std::string_view tag, std::string_view value, const std::string& where) {
    value = trim(value);
    if (value.empty() || value.front() != '"')
        obo_error(where, "synonym without a quoted text (expected: synonym: \"TEXT\" EXACT [])");
    size_t close = closing_quote(value);
    if (close == std::string_view::npos) obo_error(where, "synonym text has no closing quote");
    std::string text = unescape(value.substr(1, close - 1));
    std::string scope = tag == "synonym" ? first_word(trim(value.substr(close + 1))) : "";
    if (tag == "synonym" && scope != "EXACT" && scope != "BROAD" && scope != "NARROW" && scope != "RELATED")
        obo_error(where, "synonym scope must be EXACT, BROAD, NARROW or RELATED, found '" + scope + "'");
    if (tag == "exact_synonym" || scope == "EXACT")
        term.exact_synonyms.push_back(std::move(text));
    else
        ++term.other_synonyms;
}

void read_term_tag(OboTerm& term, std::string_view tag, std::string_view raw_value, const std::string& where) {
    const std::string_view value = strip_value(raw_value);
    if (tag == "id") {
        if (!term.id.empty()) obo_error(where, "a second id in one [Term] (first: " + term.id + ")");
        term.id = first_word(value);
    } else if (tag == "name") {
        if (!term.name.empty()) obo_error(where, "a second name in one [Term] (first: '" + term.name + "')");
        term.name = unescape(value);
    } else if (tag == "namespace") {
        term.name_space = std::string(value);
    } else if (tag == "synonym" || tag.ends_with("_synonym")) {
        read_synonym(term, tag, raw_value.substr(0, find_unquoted(raw_value, '!')), where);
    } else if (tag == "is_a") {
        if (value.empty()) obo_error(where, "is_a without a parent id");
        term.is_a.push_back(first_word(value));
    } else if (tag == "relationship") {
        auto words = words_of(value);
        if (words.size() < 2) obo_error(where, "expected 'relationship: TYPE ID', e.g. relationship: part_of UBERON:0001456");
        // part_of is BFO:0000050 where an ontology spells relations by id.
        if (words[0] == "part_of" || words[0] == "BFO:0000050") term.part_of.push_back(words[1]);
    } else if (tag == "is_obsolete") {
        term.obsolete = value == "true";
    }
}

void finish_term(OboFile& file, std::unordered_map<std::string, std::string>& first_seen) {
    if (file.terms.empty()) return;
    const OboTerm& term = file.terms.back();
    if (term.id.empty()) obo_error(term.where, "[Term] without an id");
    auto [it, fresh] = first_seen.emplace(term.id, term.where);
    if (!fresh) obo_error(term.where, "term " + term.id + " is defined twice (first at " + it->second + ")");
}

// ---- importing --------------------------------------------------------------------------

// The key two phrases clash on when the lexicon loads: the same words as
// AnatomyLexicon::normalised_words (tokens, possessive 's dropped, plurals folded).
std::string match_key(std::string_view phrase) {
    std::string key;
    for (const auto& token : text::tokenize(phrase)) {
        std::string_view word = token.word;
        if (word.ends_with("'s")) word.remove_suffix(2);
        if (!key.empty()) key += ' ';
        key += text::singular(word);
    }
    return key;
}

std::string clean_phrase(std::string_view phrase) { return text::lower(text::squeeze_space(phrase)); }

// Whether a phrase can be a cell of the lexicon file: it must have words, and must not start
// a comment or hold the synonym separator.
bool usable(const std::string& phrase) {
    return !phrase.empty() && phrase.front() != '#' && phrase.find(';') == std::string::npos &&
           !match_key(phrase).empty();
}

bool is_cell_or_go(const OboTerm& term) {
    return term.name_space == "cell" || term.id.starts_with("CL:") || term.id.starts_with("GO:");
}

class Importer {
public:
    Importer(const OboFile& obo, const AnatomyLexicon& builtin, const OboImportOptions& options)
        : terms_(obo.terms), builtin_(builtin), options_(options) {
        for (size_t i = 0; i < terms_.size(); ++i) index_.emplace(terms_[i].id, i);
        auto body = builtin_.resolve("body");
        if (!body)
            throw Error(ExitCode::config, "the built-in anatomy lexicon has no concept 'body'",
                        "point --lexicon-dir at medqa's data/lexicon, whose root concept is body");
        body_ = *body;
    }

    OboImport run() {
        report_.terms_read = terms_.size();
        choose_parents();
        break_cycles();
        find_roots();
        decide_fates();
        OboImport out;
        for (size_t i = 0; i < terms_.size(); ++i)
            if (fate_[i] == Fate::imported) out.rows.push_back({target_[i], parent_of(i), synonyms_of(i), terms_[i].id});
        break_row_cycles(out.rows);
        out.report = report_;
        return out;
    }

private:
    enum class Fate { imported, obsolete, out_of_root, cell, species, unnamed, in_builtin, duplicate };

    size_t first_known(const std::vector<std::string>& ids) const {
        for (const auto& id : ids)
            if (auto it = index_.find(id); it != index_.end()) return it->second;
        return kNone;
    }

    // One parent per term, part_of before is_a (the lexicon's tree is containment). Parents
    // that are not terms of this file lead nowhere, so the first one that is wins.
    void choose_parents() {
        parent_.resize(terms_.size());
        for (size_t i = 0; i < terms_.size(); ++i) {
            parent_[i] = first_known(terms_[i].part_of);
            if (parent_[i] == kNone) parent_[i] = first_known(terms_[i].is_a);
        }
    }

    // Mixing part_of and is_a can close a loop (A part_of B, B is_a A); every walk up the
    // tree below relies on there being none, so the edge that closes each loop is cut.
    void break_cycles() {
        std::vector<uint8_t> state(terms_.size(), 0);  // 0 unseen, 1 on the current path, 2 done
        for (size_t i = 0; i < terms_.size(); ++i) {
            std::vector<size_t> path;
            size_t at = i;
            for (; at != kNone && state[at] == 0; at = parent_[at]) {
                state[at] = 1;
                path.push_back(at);
            }
            if (at != kNone && state[at] == 1) parent_[path.back()] = kNone;
            for (size_t p : path) state[p] = 2;
        }
    }

    // root_of_[i]: the nearest --root at or above term i, kNone if none.
    void find_roots() {
        std::vector<bool> is_root(terms_.size(), false);
        for (const auto& id : options_.roots) {
            auto it = index_.find(id);
            if (it == index_.end())
                throw Error(ExitCode::usage, "--root " + id + ": no [Term] with this id in " + options_.source_name,
                            "roots are term ids of the file, such as UBERON:0001456; list them with: grep '^id:' FILE");
            is_root[it->second] = true;
        }
        root_of_.assign(terms_.size(), kNone);
        for (size_t i = 0; i < terms_.size(); ++i)
            for (size_t at = i; at != kNone && root_of_[i] == kNone; at = parent_[at])
                if (is_root[at]) root_of_[i] = at;
    }

    // What becomes of each term, and the canonical name it stands for (target_): its own name
    // when imported, the concept it merged into when its name is taken. Names are decided
    // before any synonym, so a name always wins over another term's synonym.
    void decide_fates() {
        fate_.resize(terms_.size());
        target_.resize(terms_.size());
        for (size_t i = 0; i < terms_.size(); ++i) {
            fate_[i] = fate_of(i);
            switch (fate_[i]) {
                case Fate::obsolete: ++report_.obsolete; break;
                case Fate::out_of_root: ++report_.out_of_root; break;
                case Fate::cell: ++report_.cells; break;
                case Fate::unnamed: ++report_.unnamed; break;
                case Fate::species: ++report_.species; break;
                case Fate::in_builtin: ++report_.in_builtin; break;
                case Fate::duplicate: ++report_.duplicate; break;
                case Fate::imported: ++report_.imported; break;
            }
        }
    }

    // Multi-species ontologies tag a species' own structures: "palatal shelf (mouse)". Such a
    // name never occurs in a patient's text, and would only crowd the lexicon.
    static bool names_a_species(std::string_view name) {
        if (!name.ends_with(")")) return false;
        size_t open = name.rfind('(');
        if (open == std::string_view::npos || open == 0) return false;
        std::string_view tag = name.substr(open + 1, name.size() - open - 2);
        return !tag.empty() && tag.find(' ') == std::string_view::npos &&
               std::all_of(tag.begin(), tag.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
    }

    Fate fate_of(size_t i) {
        const OboTerm& term = terms_[i];
        if (term.obsolete) return Fate::obsolete;
        if (!options_.roots.empty() && root_of_[i] == kNone) return Fate::out_of_root;
        bool cells_asked = root_of_[i] != kNone && is_cell_or_go(terms_[root_of_[i]]);
        if (is_cell_or_go(term) && !cells_asked) return Fate::cell;
        std::string name = clean_phrase(term.name);
        if (names_a_species(name)) return Fate::species;
        if (!usable(name)) return Fate::unnamed;
        if (auto concept_name = builtin_.resolve(name)) {
            target_[i] = *concept_name;
            return Fate::in_builtin;
        }
        auto [it, fresh] = claimed_.emplace(match_key(name), i);
        target_[i] = fresh ? name : target_[it->second];
        return fresh ? Fate::imported : Fate::duplicate;
    }

    std::vector<std::string> synonyms_of(size_t i) {
        const OboTerm& term = terms_[i];
        report_.synonyms_not_exact += term.other_synonyms;
        std::unordered_set<std::string> own{match_key(target_[i])};
        std::vector<std::string> kept;
        for (const auto& raw : term.exact_synonyms) {
            std::string synonym = clean_phrase(raw);
            if (!usable(synonym)) {
                ++report_.synonyms_unusable;
                continue;
            }
            std::string key = match_key(synonym);
            if (own.count(key)) continue;  // the name again, or a spelling of an earlier synonym
            if (synonym.size() < 3) {
                ++report_.synonyms_short;
                continue;
            }
            if (builtin_.resolve(synonym) || !claimed_.emplace(key, i).second) {
                ++report_.synonyms_clash;
                continue;
            }
            own.insert(key);
            kept.push_back(std::move(synonym));
        }
        report_.synonyms_kept += kept.size();
        return kept;
    }

    // The nearest ancestor that stands for a concept (imported, or merged into a built-in or
    // imported one); else a built-in concept named by an ancestor outside the import (through
    // its name or an EXACT synonym), else by one of the term's own synonyms; else the root.
    std::string parent_of(size_t i) const {
        for (size_t at = parent_[i]; at != kNone; at = parent_[at])
            if (!target_[at].empty() && target_[at] != target_[i]) return target_[at];
        return fallback_parent(i);
    }

    std::string fallback_parent(size_t i) const {
        // Ancestors first: their names are containment, while a synonym of the term itself
        // that names a built-in concept only says the two are alike.
        for (size_t at = parent_[i]; at != kNone; at = parent_[at])
            if (auto c = builtin_concept(terms_[at], true)) return *c;
        if (auto c = builtin_concept(terms_[i], false)) return *c;
        return body_;
    }

    std::optional<std::string> builtin_concept(const OboTerm& term, bool by_name) const {
        if (by_name)
            if (auto c = builtin_.resolve(term.name)) return c;
        for (const auto& synonym : term.exact_synonyms)
            if (auto c = builtin_.resolve(synonym)) return c;
        return std::nullopt;
    }

    // A term merged into another imported term hands its children to that term, which can sit
    // below them: the lexicon rejects such a loop, so its first row is re-attached.
    void break_row_cycles(std::vector<LexiconRow>& rows) const {
        std::unordered_map<std::string, size_t> row_of;
        for (size_t r = 0; r < rows.size(); ++r) row_of.emplace(rows[r].canonical, r);
        for (size_t r = 0; r < rows.size(); ++r) {
            auto it = row_of.find(rows[r].parent);
            for (size_t steps = 0; it != row_of.end() && steps <= rows.size(); ++steps) {
                if (it->second == r) {
                    rows[r].parent = fallback_parent(index_.at(rows[r].id));
                    break;
                }
                it = row_of.find(rows[it->second].parent);
            }
        }
    }

    const std::vector<OboTerm>& terms_;
    const AnatomyLexicon& builtin_;
    const OboImportOptions& options_;
    std::string body_;
    std::unordered_map<std::string, size_t> index_;    // id -> term
    std::unordered_map<std::string, size_t> claimed_;  // match key -> the imported term it names
    std::vector<size_t> parent_;
    std::vector<size_t> root_of_;
    std::vector<Fate> fate_;
    std::vector<std::string> target_;
    OboImportReport report_;
};

std::string roots_text(const OboFile& obo, const std::vector<std::string>& roots) {
    if (roots.empty()) return "all terms of the file";
    std::string out;
    for (const auto& id : roots) {
        auto it = std::find_if(obo.terms.begin(), obo.terms.end(), [&](const OboTerm& t) { return t.id == id; });
        out += (out.empty() ? "" : ", ") + id + (it != obo.terms.end() ? " (" + it->name + ")" : "");
    }
    return "terms at or below " + out;
}

std::string render(const OboFile& obo, const OboImport& import, const OboImportOptions& options) {
    const std::string& source = options.source_name;
    std::string out = "# medqa user anatomy lexicon, generated from " + source + " by medqa lexicon import-obo.\n";
    if (!obo.ontology.empty() || !obo.data_version.empty())
        out += "# Ontology: " + (obo.ontology.empty() ? "(unnamed)" : obo.ontology) +
               (obo.data_version.empty() ? "" : ", data-version " + obo.data_version) + ".\n";
    out += "# Licence: this file is derived from " + source + "; its licence applies.\n";
    out += "# Imported: " + roots_text(obo, options.roots) + "; " + std::to_string(import.rows.size()) + " concepts.\n";
    out += "# Columns as in data/lexicon/anatomy.tsv: canonical, parent, ';'-separated synonyms, flags.\n";
    out += "# Use it with: medqa index --lexicon THIS_FILE\n";
    for (const auto& row : import.rows) {
        std::string synonyms;
        for (const auto& s : row.synonyms) synonyms += (synonyms.empty() ? "" : ";") + s;
        out += row.canonical + "\t" + row.parent + "\t" + synonyms + "\t\n";
    }
    return out;
}

}  // namespace

OboFile read_obo(std::istream& in, const std::string& source) {
    OboFile file;
    std::unordered_map<std::string, std::string> first_seen;  // id -> where
    enum class Section { header, term, other } section = Section::header;
    std::string line;
    for (size_t line_no = 1; std::getline(in, line); ++line_no) {
        if (line_no == 1) line = std::string(text::without_byte_order_mark(line));
        const std::string_view content = trim(line.ends_with('\r') ? std::string_view(line).substr(0, line.size() - 1)
                                                                   : std::string_view(line));
        if (content.empty() || content.front() == '!') continue;
        const std::string where = source + ":" + std::to_string(line_no);
        if (content.front() == '[') {
            if (content.back() != ']') obo_error(where, "expected a stanza header such as [Term]");
            if (section == Section::term) finish_term(file, first_seen);
            section = content == "[Term]" ? Section::term : Section::other;
            if (section == Section::term) {
                file.terms.emplace_back();
                file.terms.back().where = where;
            }
            continue;
        }
        const size_t colon = content.find(':');
        if (colon == std::string_view::npos) {
            if (section == Section::term) obo_error(where, "expected 'tag: value'");
            continue;  // the header and other stanzas are not used
        }
        const std::string_view tag = trim(content.substr(0, colon)), value = trim(content.substr(colon + 1));
        // Tags are single words ("is_a", "synonym"): "is_a X:1" lost its colon, and would pass
        // for an unknown tag "is_a X" that is silently skipped.
        if (section == Section::term && std::any_of(tag.begin(), tag.end(), text::is_space))
            obo_error(where, "expected 'tag: value', and '" + std::string(tag) + "' is no tag");
        if (section == Section::term) {
            read_term_tag(file.terms.back(), tag, value, where);
        } else if (section == Section::header) {
            if (tag == "ontology") file.ontology = std::string(strip_value(value));
            if (tag == "data-version") file.data_version = std::string(strip_value(value));
        }
    }
    if (section == Section::term) finish_term(file, first_seen);
    return file;
}

OboFile read_obo(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in || std::filesystem::is_directory(path))
        throw Error(ExitCode::usage, path.string() + ": cannot open the OBO file",
                    "give the path of an .obo file, e.g. ../shared/corpora/uberon/vertebrate-head.obo");
    OboFile file = read_obo(in, path.string());
    // An empty file, a binary or an XML file reads as an OBO file without terms: nothing to
    // import is an error, not an empty lexicon.
    if (file.terms.empty())
        throw Error(ExitCode::bad_input, path.string() + ": no [Term] stanza: not an OBO ontology, or an empty one",
                    "give an ontology in OBO 1.2/1.4 format (an .owl file must be converted first, e.g. with ROBOT)");
    return file;
}

OboImport import_obo(const OboFile& obo, const AnatomyLexicon& builtin, const OboImportOptions& options) {
    OboImport out = Importer(obo, builtin, options).run();
    out.text = render(obo, out, options);
    return out;
}

}  // namespace medqa::annotate
