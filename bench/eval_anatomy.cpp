// bench/eval-anatomy: how well medqa's anatomy tagger (AnatomyLexicon) does on text nobody tuned
// it to.
//   AnatEM devel (token<TAB>IOB tag, sentences separated by blank lines): mention spans, scored
//     for all gold mentions and for the body-structure ones (see "AnatEM: which gold mentions
//     are body structures" below: AnatEM also labels cells, tissues, cell parts, fluids,
//     tumours).
//   Doctors' answers (questionDoctorQAs.json) with the gold anatomy column of
//     bench/data/doctor-labels.tsv: concept sets per answer, micro-averaged.
// Prints precision, recall and F1, and the most frequent false positives and misses: the
// entries and context rules the lexicon lacks. Corpora that are absent are skipped with a
// message. Output is deterministic (ties are broken alphabetically).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "annotate/annotator.hpp"
#include "core/text.hpp"
#include "doctor_labels.hpp"

namespace fs = std::filesystem;
using namespace medqa;

namespace {

// ---------------------------------------------------------------------------------------------
// Scores and small tables

double ratio(size_t num, size_t den) { return den ? static_cast<double>(num) / static_cast<double>(den) : 0.0; }
double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

// Span-level counts. Precision is judged on the predictions and recall on the gold mentions
// separately, because one prediction may overlap two gold mentions and vice versa.
struct SpanScores {
    size_t gold = 0, gold_found = 0;  // gold mentions; those some prediction matches
    size_t pred = 0, pred_right = 0;  // predictions counted; those that match some gold mention
    double precision() const { return ratio(pred_right, pred); }
    double recall() const { return ratio(gold_found, gold); }
    double f() const { return f1(precision(), recall()); }
    void add_prediction(bool right) { ++pred, pred_right += right; }
    void add_gold(bool found) { ++gold, gold_found += found; }
};

void print_span_header() {
    fmt::print("  {:<17}{:>7}{:>7}{:>7}{:>7}{:>11}{:>8}{:>8}\n", "gold mentions", "gold", "found", "pred",
               "right", "precision", "recall", "F1");
}

void print_span_row(std::string_view name, const SpanScores& s) {
    fmt::print("  {:<17}{:>7}{:>7}{:>7}{:>7}{:>11.3f}{:>8.3f}{:>8.3f}\n", name, s.gold, s.gold_found, s.pred,
               s.pred_right, s.precision(), s.recall(), s.f());
}

// Counts of strings, printed most frequent first, ties alphabetically (reproducible).
using Tally = std::map<std::string, size_t>;

std::vector<std::pair<std::string, size_t>> most_frequent(const Tally& tally, size_t limit) {
    std::vector<std::pair<std::string, size_t>> v(tally.begin(), tally.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (v.size() > limit) v.resize(limit);
    return v;
}

size_t total(const Tally& tally) {
    size_t n = 0;
    for (const auto& [_, c] : tally) n += c;
    return n;
}

// "a 3, b 1" for a short tally, most frequent first.
std::string inline_tally(const Tally& tally, size_t limit) {
    std::string out;
    for (const auto& [s, c] : most_frequent(tally, limit)) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", s, c);
    if (tally.size() > limit) out += ", ...";
    return out;
}

// ---------------------------------------------------------------------------------------------
// AnatEM: reading

struct AnatemToken {
    std::string text;
    size_t begin = 0, end = 0;  // bytes in the sentence text
};

struct GoldMention {
    size_t first = 0, last = 0;  // tokens [first, last)
    size_t begin = 0, end = 0;   // bytes in the sentence text
};

struct Sentence {
    std::string text;  // the tokens joined with single spaces
    std::vector<AnatemToken> tokens;
    std::vector<GoldMention> gold;
    std::string surface(const GoldMention& g) const { return text::lower(text.substr(g.begin, g.end - g.begin)); }
};

// Closes the gold mention open at token `end` (if any).
void close_mention(Sentence& s, std::optional<size_t>& open, size_t end) {
    if (!open) return;
    s.gold.push_back({*open, end, s.tokens[*open].begin, s.tokens[end - 1].end});
    open.reset();
}

// Reads token<TAB>tag lines. An I-Anatomy that follows an O starts a mention (the usual
// lenient reading of IOB); anything else malformed is an error naming the line.
std::vector<Sentence> read_anatem(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot open " + file.string());
    std::vector<Sentence> sentences;
    Sentence cur;
    std::optional<size_t> open;  // first token of the gold mention being read
    auto finish = [&] {
        close_mention(cur, open, cur.tokens.size());
        if (!cur.tokens.empty()) sentences.push_back(std::move(cur));
        cur = Sentence{};
    };
    std::string line;
    for (size_t lineno = 1; std::getline(in, line); ++lineno) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) {
            finish();
            continue;
        }
        auto tab = line.find('\t');
        if (tab == std::string::npos || tab == 0)
            throw std::runtime_error(fmt::format("{}:{}: expected token<TAB>tag", file.string(), lineno));
        std::string token = line.substr(0, tab), tag = line.substr(tab + 1);
        size_t i = cur.tokens.size();
        if (!cur.text.empty()) cur.text += ' ';
        cur.tokens.push_back({token, cur.text.size(), cur.text.size() + token.size()});
        cur.text += token;
        if (tag == "O") {
            close_mention(cur, open, i);
        } else if (tag == "B-Anatomy") {
            close_mention(cur, open, i);
            open = i;
        } else if (tag == "I-Anatomy") {
            if (!open) open = i;
        } else {
            throw std::runtime_error(fmt::format("{}:{}: unknown tag '{}'", file.string(), lineno, tag));
        }
    }
    finish();
    return sentences;
}

// ---------------------------------------------------------------------------------------------
// AnatEM: which gold mentions are body structures
//
// AnatEM labels every anatomical entity: organs and body regions, but also cells, cell lines,
// cell parts, tissues, body fluids, tumours and parts of plants. medqa's lexicon is meant for
// the first kind only (the doctors' labels exclude the others too), so recall against all of
// AnatEM understates it. The rule, applied to each gold mention in this order:
//   1. its last word (lower-cased; also tried plural-folded with text::singular) is in one of
//      the word lists below, or ends in one of the list's suffixes (-cyte(s), -blast(s),
//      -oma(s)...): the list's kind;
//   2. any of its words is a cell word (cell, cellular, intracellular, extracellular...): a
//      cell ("cell surface", "cell-cell contacts", "smooth muscle cells");
//   3. its last word is an abbreviation or code (has a digit, or two capitals: "ECs", "LoVo",
//      "H4"): the kind of the long form it was defined by somewhere in the file
//      ("endothelial cells ( ECs )"), else its kind in kUndefinedCodes (abbreviations AnatEM
//      devel uses without defining them, resolved by reading their sentences), else it is left
//      out as "undefined code": in AnatEM such codes are mostly cell lines and cancers;
//   4. otherwise a body structure (animals' too: "beak", "whisker"; and places: "injection
//      site").
// The lists are about head nouns, not about what medqa's lexicon knows, so that the rule does
// not bend towards the tagger it measures. Known imperfections: "tympanic membrane" counts as a
// cell part (most AnatEM membranes are cell membranes), "apoptotic bodies" as a body structure.

enum class Kind { body, cell, subcellular, tissue, substance, plant, pathological, culture, route, code };

constexpr std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::body: return "body structure";
        case Kind::cell: return "cell or embryo";
        case Kind::subcellular: return "cell part";
        case Kind::tissue: return "tissue";
        case Kind::substance: return "fluid or substance";
        case Kind::plant: return "plant or food";
        case Kind::pathological: return "tumour or lesion";
        case Kind::culture: return "culture or sample";
        case Kind::route: return "route (orally...)";
        case Kind::code: return "undefined code";
    }
    return "?";
}
constexpr Kind kAllKinds[] = {Kind::body,  Kind::cell,         Kind::subcellular, Kind::tissue, Kind::substance,
                              Kind::plant, Kind::pathological, Kind::culture,     Kind::route,  Kind::code};

struct HeadList {
    Kind kind;
    std::set<std::string_view> words;        // singular forms, plus irregular plurals
    std::vector<std::string_view> suffixes;  // of the word, with or without a plural s
};

const std::vector<HeadList>& head_lists() {
    static const std::vector<HeadList> lists = {
        // Cells, cell types by their suffixes (lymphocyte, fibroblast, macrophage, neutrophil,
        // somatotroph), germ cells and embryos (AnatEM's "developing anatomical structure").
        {Kind::cell,
         {"cell", "neuron", "neurone", "platelet", "sperm", "spermatozoon", "spermatozoa", "egg", "ovum", "ova",
          "embryo", "zygote", "blastocyst", "blastomere", "precursor", "progenitor", "lineage", "embryonic", "fetus",
          "foetus", "fetal", "foetal"},
         {"cyte", "blast", "phage", "phil", "troph"}},
        // Parts of a cell, and their adjectives (nuclear, cytoplasmic...). "complex": in AnatEM the
        // focal, junctional or Golgi complex.
        {Kind::subcellular,
         {"nucleus", "nuclei", "nucleolus", "nucleoli", "cytoplasm", "cytosol", "mitochondrion", "mitochondria",
          "membrane", "organelle", "ribosome", "lysosome", "endosome", "peroxisome", "vesicle", "granule",
          "chromosome", "chromatin", "telomere", "centromere", "centrosome", "cytoskeleton", "microtubule",
          "filament", "axon", "dendrite", "synapse", "cilium", "cilia", "flagellum", "flagella", "microvillus",
          "microvilli", "reticulum", "golgi", "envelope", "plasmid", "nuclear", "perinuclear", "cytoplasmic",
          "cytosolic", "mitochondrial", "chromosomal", "cytoskeletal", "synaptic", "axonal", "lysosomal", "raft",
          "bleb", "fibril", "complex", "aberration"},
         {}},
        // Tissues in general (not a tissue that is an organ part with a name, such as "cartilage").
        {Kind::tissue,
         {"tissue", "epithelium", "endothelium", "mesenchyme", "mesoderm", "endoderm", "ectoderm", "matrix",
          "parenchyma", "neuropil", "epithelial", "endothelial", "stromal", "mesenchymal", "parenchymal"},
         {}},
        // Body fluids and other substances (AnatEM's "organism substance").
        {Kind::substance,
         {"blood", "serum", "sera", "plasma", "urine", "saliva", "sputum", "bile", "milk", "sweat", "tear", "fluid",
          "lymph", "mucus", "semen", "feces", "faeces", "stool", "exudate", "transudate", "effusion", "pus",
          "secretion", "ascites", "extract", "lysate", "homogenate", "csf", "antiserum", "antisera", "albumen",
          "starch", "oil", "liposome"},
         {}},
        // Parts of plants and food: AnatEM is not only about animals.
        {Kind::plant, {"bark", "leaf", "leaves", "seed", "fruit", "meat", "vegetable"}, {}},
        // Tumours, cancers and lesions (AnatEM's "pathological formation" and "cancer").
        {Kind::pathological,
         {"tumor", "tumour", "cancer", "neoplasm", "metastasis", "metastases", "metastase", "micrometastasis",
          "micrometastases", "micrometastase", "lesion", "malignancy", "edema", "oedema", "wound", "ulcer", "cyst",
          "polyp", "nodule", "plaque", "abscess", "detachment", "scar", "neoplastic", "tumoral", "antitumor",
          "antitumour", "anticancer", "intratumoral", "peritumoral", "malignant", "metastatic", "carcinoid",
          "thrombus", "thrombi", "thrombosis", "thromboses", "erosion", "deposit", "secondary", "mass", "focus",
          "foci", "adhesion", "disease", "multiforme"},
         {"oma", "plasia", "emia", "aemia"}},
        // Cell lines, cultures, grafts and samples: material, not a place in a body.
        {Kind::culture,
         {"line", "clone", "subclone", "colony", "culture", "hybrid", "spheroid", "organoid", "xenograft", "graft",
          "allograft", "autograft", "explant", "monolayer", "specimen", "sample", "section", "slice", "biopsy",
          "isolate", "subline"},
         {}},
        // Routes of administration (orally, subcutaneously, intraventricularly...), which AnatEM
        // sometimes labels and the doctors' labels exclude. Adverbs, so known by their endings;
        // "-ally", "-ously", "-arly" leave body words such as "belly" alone.
        {Kind::route, {}, {"ally", "ously", "arly"}},
    };
    return lists;
}

// Words that make a whole mention cell-level wherever they stand (rule 2).
const std::set<std::string_view> kCellWords = {"cell",          "cells",          "cellular",     "intracellular",
                                               "extracellular", "subcellular",    "multicellular", "pericellular"};

// Abbreviations AnatEM devel uses without a "long form ( ABBR )" definition, resolved by hand
// from their sentences. Without this, the 21 PCL mentions (a knee study) would be left out.
const std::map<std::string, Kind, std::less<>> kUndefinedCodes = {
    {"PCL", Kind::body},   // posterior cruciate ligament: "the femoral insertion of the PCL"
    {"NSC", Kind::cell},   // neural stem cell: "adult rat NSC culture"
    {"NSPC", Kind::cell},  // neural stem/progenitor cell
    {"WBC", Kind::cell},   // white blood cell: "the median level of WBC"
};

bool is_code(std::string_view word) {
    size_t upper = 0;
    for (char ch : word) {
        if (ch >= '0' && ch <= '9') return true;
        if (ch >= 'A' && ch <= 'Z') ++upper;
    }
    return upper >= 2;
}

// "ECs" and "EC" are one abbreviation.
std::string code_key(std::string_view word) {
    if (word.size() > 2 && word.back() == 's') word.remove_suffix(1);
    return std::string(word);
}

// A suffix that leaves a stem of two letters or more: "lymphocyte", not "cyte".
bool has_suffix(std::string_view word, std::string_view suffix) {
    return word.size() >= suffix.size() + 2 && word.ends_with(suffix);
}

std::optional<Kind> kind_of_head(std::string_view last_word) {
    const std::string raw = text::lower(last_word);
    const std::string folded = text::singular(raw);
    for (const auto& list : head_lists()) {
        if (list.words.count(raw) || list.words.count(folded)) return list.kind;
        // On the raw word, plural s or not: text::singular leaves "-as" words alone ("carcinomas").
        for (auto suffix : list.suffixes)
            if (has_suffix(raw, suffix) || (raw.ends_with('s') && has_suffix(raw.substr(0, raw.size() - 1), suffix)))
                return list.kind;
    }
    return std::nullopt;
}

using Definitions = std::map<std::string, Kind>;  // abbreviation -> kind of its long form

Kind classify(const Sentence& s, const GoldMention& g, const Definitions& defs) {
    const std::string& last = s.tokens[g.last - 1].text;
    if (auto k = kind_of_head(last)) return *k;
    for (size_t i = g.first; i < g.last; ++i)
        if (kCellWords.count(text::lower(s.tokens[i].text))) return Kind::cell;
    if (is_code(last)) {
        const std::string key = code_key(last);
        if (auto it = defs.find(key); it != defs.end()) return it->second;
        if (auto it = kUndefinedCodes.find(key); it != kUndefinedCodes.end()) return it->second;
        return Kind::code;
    }
    return Kind::body;
}

// Abbreviations defined as "long form ( ABBR )" where both are gold mentions, in file order
// (a later definition of the same abbreviation wins).
Definitions find_definitions(const std::vector<Sentence>& sentences) {
    Definitions defs;
    for (const auto& s : sentences)
        for (size_t m = 0; m + 1 < s.gold.size(); ++m) {
            const GoldMention &lng = s.gold[m], &abbr = s.gold[m + 1];
            bool parenthesised = abbr.first == lng.last + 1 && abbr.last == abbr.first + 1 &&
                                 abbr.last < s.tokens.size() && s.tokens[lng.last].text == "(" &&
                                 s.tokens[abbr.last].text == ")";
            if (parenthesised && is_code(s.tokens[abbr.first].text))
                defs[code_key(s.tokens[abbr.first].text)] = classify(s, lng, defs);
        }
    return defs;
}

// ---------------------------------------------------------------------------------------------
// AnatEM: scoring

bool overlaps(size_t b1, size_t e1, size_t b2, size_t e2) { return b1 < e2 && b2 < e1; }

struct AnatemResult {
    size_t sentences = 0;
    std::map<Kind, size_t> gold_by_kind;
    std::map<Kind, Tally> heads_by_kind;  // last words of the gold mentions of each kind
    SpanScores all, body;                 // predictions overlapping gold
    SpanScores all_exact, body_exact;     // predictions with exactly a gold mention's bytes
    size_t set_aside = 0;                 // predictions overlapping only non-body gold mentions
    Tally false_positives;                // surface -> count (predictions overlapping no gold)
    std::map<std::string, std::string> concept_of;  // false-positive surface -> concept
    Tally missed_body;                    // body-structure gold surfaces no prediction overlaps
};

void score_sentence(const Sentence& s, const std::vector<Kind>& kinds, const annotate::AnatomyLexicon& lexicon,
                    AnatemResult& r) {
    const auto preds = lexicon.mentions(s.text);
    std::vector<bool> found(s.gold.size(), false), exact(s.gold.size(), false);

    for (const auto& p : preds) {
        bool any = false, any_body = false, any_other = false, ex = false, ex_body = false;
        for (size_t g = 0; g < s.gold.size(); ++g) {
            const auto& gm = s.gold[g];
            if (!overlaps(p.begin, p.end, gm.begin, gm.end)) continue;
            bool is_body = kinds[g] == Kind::body, same = p.begin == gm.begin && p.end == gm.end;
            any = true;
            found[g] = true;
            (is_body ? any_body : any_other) = true;
            if (same) {
                exact[g] = true;
                ex = true;
                ex_body = ex_body || is_body;
            }
        }
        r.all.add_prediction(any);
        r.all_exact.add_prediction(ex);
        // Body-structure precision: a prediction that overlaps only non-body gold mentions
        // ("breast" in "breast cancer", "muscle" in "smooth muscle cells", "blood" the fluid) is
        // neither right nor wrong about body structures, so it leaves the denominator; every
        // other prediction stays in it, and those overlapping no gold mention are wrong.
        if (any_other && !any_body) {
            ++r.set_aside;
        } else {
            r.body.add_prediction(any_body);
            r.body_exact.add_prediction(ex_body);
        }
        if (!any) {
            std::string surface = text::lower(s.text.substr(p.begin, p.end - p.begin));
            ++r.false_positives[surface];
            r.concept_of.emplace(surface, p.concept_name);
        }
    }

    for (size_t g = 0; g < s.gold.size(); ++g) {
        r.all.add_gold(found[g]);
        r.all_exact.add_gold(exact[g]);
        if (kinds[g] != Kind::body) continue;
        r.body.add_gold(found[g]);
        r.body_exact.add_gold(exact[g]);
        if (!found[g]) ++r.missed_body[s.surface(s.gold[g])];
    }
}

AnatemResult evaluate_anatem(const std::vector<Sentence>& sentences, const annotate::AnatomyLexicon& lexicon) {
    AnatemResult r;
    r.sentences = sentences.size();
    const Definitions defs = find_definitions(sentences);
    for (const auto& s : sentences) {
        std::vector<Kind> kinds;
        for (const auto& g : s.gold) {
            kinds.push_back(classify(s, g, defs));
            ++r.gold_by_kind[kinds.back()];
            ++r.heads_by_kind[kinds.back()][text::lower(s.tokens[g.last - 1].text)];
        }
        score_sentence(s, kinds, lexicon, r);
    }
    return r;
}

void print_anatem(const AnatemResult& r, size_t top) {
    fmt::print("  {} sentences, {} gold mentions, {} predicted mentions\n", r.sentences, r.all.gold, r.all.pred);

    fmt::print("\n  Gold mentions by kind (rule in bench/eval_anatomy.cpp: the mention's last word decides;\n"
               "  cell words anywhere make it a cell; abbreviations take their long form's kind)\n");
    for (Kind k : kAllKinds) {
        auto n = r.gold_by_kind.count(k) ? r.gold_by_kind.at(k) : 0;
        std::string heads = r.heads_by_kind.count(k) ? inline_tally(r.heads_by_kind.at(k), 6) : "";
        fmt::print("    {:<20}{:>5}  {}\n", kind_name(k), n, heads);
    }

    fmt::print("\n  Overlap match: a prediction is right when it shares a byte with a gold mention; a gold\n"
               "  mention is found when a prediction overlaps it.\n");
    print_span_header();
    print_span_row("all", r.all);
    print_span_row("body structures", r.body);
    fmt::print("\n  Exact match: the same first and last byte.\n");
    print_span_header();
    print_span_row("all", r.all_exact);
    print_span_row("body structures", r.body_exact);
    fmt::print("\n  Body-structure precision = predictions that overlap a body-structure gold mention / all\n"
               "  predictions except the {} that overlap only non-body gold mentions (\"breast\" in \"breast\n"
               "  cancer\", \"muscle\" in \"smooth muscle cells\"): about body structures those are neither\n"
               "  right nor wrong. The \"all\" row counts them right.\n",
               r.set_aside);

    fmt::print("\n  Top {} false positives (predictions overlapping no gold mention; {} in all, {} distinct)\n", top,
               total(r.false_positives), r.false_positives.size());
    fmt::print("    {:>5}  {:<28}{}\n", "count", "surface", "concept");
    for (const auto& [surface, n] : most_frequent(r.false_positives, top))
        fmt::print("    {:>5}  {:<28}{}\n", n, surface, r.concept_of.at(surface));

    fmt::print("\n  Top {} missed body-structure gold mentions ({} in all, {} distinct)\n", top, total(r.missed_body),
               r.missed_body.size());
    fmt::print("    {:>5}  {}\n", "count", "surface");
    for (const auto& [surface, n] : most_frequent(r.missed_body, top)) fmt::print("    {:>5}  {}\n", n, surface);
}

void eval_anatem(const annotate::AnatomyLexicon& lexicon, const fs::path& file, size_t top) {
    fmt::print("\nAnatEM devel: {}\n", file.string());
    if (!fs::exists(file)) {
        fmt::print("  skipped: file not found (pass --anatem FILE)\n");
        return;
    }
    print_anatem(evaluate_anatem(read_anatem(file), lexicon), top);
}

// ---------------------------------------------------------------------------------------------
// Doctors' answers: concept sets per answer

struct DoctorResult {
    size_t answers = 0;
    size_t gold = 0, gold_outside = 0;  // gold pairs; those named "?x" (not in the lexicon)
    size_t pred = 0, right = 0;
    size_t granularity = 0;         // false positives an ancestor/descendant of a missed gold concept
    Tally false_positives, misses;  // concept -> count
    std::map<std::string, Tally> fp_surfaces;  // concept -> surface -> count
    std::vector<std::string> unknown_gold;     // gold names that are not concepts of this lexicon
};

// Whether one concept contains the other (ankle > ankle joint): a disagreement about how
// specific to be rather than about the body part.
bool related(const annotate::AnatomyLexicon& lexicon, const std::string& a, const std::string& b) {
    auto la = lexicon.lineage(a), lb = lexicon.lineage(b);
    return std::find(la.begin(), la.end(), b) != la.end() || std::find(lb.begin(), lb.end(), a) != lb.end();
}

void score_answer(const bench::LabelledAnswer& a, const annotate::AnatomyLexicon& lexicon, DoctorResult& r) {
    std::set<std::string> gold(a.anatomy.begin(), a.anatomy.end());
    std::map<std::string, Tally> surfaces;  // predicted concept -> surface strings in this answer
    for (const auto& m : lexicon.mentions(a.answer))
        ++surfaces[m.concept_name][text::lower(a.answer.substr(m.begin, m.end - m.begin))];

    std::vector<std::string> missed;
    for (const auto& g : gold) {
        ++r.gold;
        bool outside = g.starts_with('?');
        r.gold_outside += outside;
        if (!outside && lexicon.lineage(g).empty()) r.unknown_gold.push_back(a.where + ": " + g);
        if (surfaces.count(g)) {
            ++r.right;
        } else {
            ++r.misses[g];
            if (!outside) missed.push_back(g);
        }
    }
    for (const auto& [concept_name, forms] : surfaces) {
        ++r.pred;
        if (gold.count(concept_name)) continue;
        ++r.false_positives[concept_name];
        for (const auto& [form, n] : forms) r.fp_surfaces[concept_name][form] += n;
        if (std::any_of(missed.begin(), missed.end(), [&](const auto& g) { return related(lexicon, concept_name, g); }))
            ++r.granularity;
    }
}

void print_doctors(const DoctorResult& r, const std::string& split, size_t top) {
    double p = ratio(r.right, r.pred), rec = ratio(r.right, r.gold);
    fmt::print("  {} answers, split {}; micro-averaged over (answer, concept) pairs\n", r.answers, split);
    fmt::print("  {:>7}{:>7}{:>7}{:>11}{:>8}{:>8}\n", "gold", "pred", "right", "precision", "recall", "F1");
    fmt::print("  {:>7}{:>7}{:>7}{:>11.3f}{:>8.3f}{:>8.3f}\n", r.gold, r.pred, r.right, p, rec, f1(p, rec));
    fmt::print("  {} gold pairs name a structure not in the lexicon (?name) and count as misses;\n"
               "  recall on the others: {:.3f}\n",
               r.gold_outside, ratio(r.right, r.gold - r.gold_outside));
    fmt::print("  {} of {} false positives are an ancestor or descendant of a missed gold concept of the\n"
               "  same answer (too general or too specific, not a wrong body part)\n",
               r.granularity, r.pred - r.right);
    for (const auto& u : r.unknown_gold) fmt::print("  note: gold name is not a concept of this lexicon: {}\n", u);

    fmt::print("\n  Top {} false positives ({} in all)\n", top, total(r.false_positives));
    fmt::print("    {:>5}  {:<28}{}\n", "count", "concept", "surfaces");
    for (const auto& [c, n] : most_frequent(r.false_positives, top))
        fmt::print("    {:>5}  {:<28}{}\n", n, c, inline_tally(r.fp_surfaces.at(c), 4));

    fmt::print("\n  Top {} misses ({} in all)\n", top, total(r.misses));
    fmt::print("    {:>5}  {}\n", "count", "concept");
    for (const auto& [c, n] : most_frequent(r.misses, top)) fmt::print("    {:>5}  {}\n", n, c);
}

void eval_doctors(const annotate::AnatomyLexicon& lexicon, const fs::path& corpus, const fs::path& labels,
                  const std::string& split, size_t top) {
    fmt::print("\nDoctors' answers: {}\n", labels.string());
    for (const auto& needed : {corpus, labels})
        if (!fs::exists(needed)) {
            fmt::print("  skipped: {} not found\n", needed.string());
            return;
        }
    DoctorResult r;
    for (const auto& a : bench::read_labelled_answers(corpus, labels, split)) {
        ++r.answers;
        score_answer(a, lexicon, r);
    }
    print_doctors(r, split, top);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Anatomy tagging evaluation on AnatEM devel and the hand-labelled doctors' answers"};
    // The shared corpora sit beside the source tree (../shared/corpora).
    fs::path corpora = (fs::path(MEDQA_SOURCE_DIR) / ".." / "shared" / "corpora").lexically_normal();
    fs::path anatem = corpora / "anatem" / "devel.tsv";
    fs::path doctors = corpora / "doctor-qa" / "questionDoctorQAs.json";
    fs::path labels = fs::path(MEDQA_SOURCE_DIR) / "bench" / "data" / "doctor-labels.tsv";
    std::string split = "all";
    std::string lexicon_dir;
    size_t top = 15;
    app.add_option("--anatem", anatem, "AnatEM devel.tsv (token<TAB>IOB tag)")->capture_default_str();
    app.add_option("--doctors", doctors, "questionDoctorQAs.json")->capture_default_str();
    app.add_option("--labels", labels, "Hand labels of doctors' answers")->capture_default_str();
    app.add_option("--split", split, bench::split_help())
        ->check(CLI::IsMember(bench::split_choices()))
        ->capture_default_str();
    app.add_option("--lexicon-dir", lexicon_dir, "Lexicon folder (default $MEDQA_LEXICON_DIR, else data/lexicon)");
    app.add_option("--top", top, "How many false positives and misses to list")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    try {
        fs::path dir = annotate::lexicon_dir(lexicon_dir);
        annotate::Annotator annotator(dir);
        fmt::print("Anatomy lexicon: {} ({} concepts)\n", dir.string(), annotator.anatomy().size());
        eval_anatem(annotator.anatomy(), anatem, top);
        eval_doctors(annotator.anatomy(), doctors, labels, split, top);
    } catch (const std::exception& e) {
        fmt::print(stderr, "eval_anatomy: {}\n", e.what());
        return 1;
    }
    return 0;
}
