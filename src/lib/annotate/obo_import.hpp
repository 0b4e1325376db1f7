#pragma once
// `medqa lexicon import-obo`: turning an OBO ontology (UBERON, FMA...) into a user anatomy
// lexicon, a file in the columns of data/lexicon/anatomy.tsv that `medqa index --lexicon`
// reads after the built-in one.
//
// From each [Term]: the name becomes the canonical name (lower-cased), the EXACT synonyms the
// synonyms (BROAD, NARROW and RELATED ones are too loose for tagging text), and one parent is
// chosen: the first `relationship: part_of` if any, else the first `is_a`, because the
// lexicon's tree is containment (temporalis muscle < temple < face). The output has to load
// together with the built-in lexicon, which rejects a name or synonym that already names
// another concept, so clashing terms and synonyms are dropped and counted.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "annotate/anatomy.hpp"

namespace medqa::annotate {

// What import_obo needs from one [Term] stanza.
struct OboTerm {
    std::string id;
    std::string name;
    std::string name_space;                   // the `namespace:` tag
    std::vector<std::string> exact_synonyms;  // text of the EXACT ones, in file order
    size_t other_synonyms = 0;                // BROAD, NARROW, RELATED: counted, not used
    std::vector<std::string> is_a;            // parent ids, in file order
    std::vector<std::string> part_of;
    bool obsolete = false;
    std::string where;  // "file:line" of the [Term] line
};

struct OboFile {
    std::string ontology;      // the header's `ontology:` tag, if any
    std::string data_version;  // the header's `data-version:` tag, if any
    std::vector<OboTerm> terms;
};

// Reads OBO 1.2/1.4: the header and [Typedef]/[Instance] stanzas are skipped, `!` comments
// and trailing {modifiers} ignored. Malformed lines that matter (a synonym without a quoted
// text, a term without an id...) throw Error(bad_input) naming source:line.
OboFile read_obo(std::istream& in, const std::string& source);
OboFile read_obo(const std::filesystem::path& path);  // Error(usage) when it cannot be opened

struct OboImportOptions {
    // Import only these terms and the terms below them (through the chosen parents); empty
    // means every term. Cell and GO terms (namespace `cell`, ids CL:/GO:) are only imported
    // below a root that is itself such a term: AnatEM-style cells are not body structures.
    std::vector<std::string> roots;
    std::string source_name;  // the OBO file's name, for the output's header
};

struct OboImportReport {
    size_t terms_read = 0;
    size_t imported = 0;
    // Skipped terms, by the first reason that applies.
    size_t obsolete = 0;
    size_t out_of_root = 0;
    size_t cells = 0;       // namespace cell, CL: or GO: ids, not asked for by --root
    size_t species = 0;     // "palatal shelf (mouse)": a structure of another species
    size_t unnamed = 0;     // no name, or one that cannot be a lexicon entry
    size_t in_builtin = 0;  // the name already names a built-in concept: merged into it
    size_t duplicate = 0;   // the name is already an imported term's: merged into it
    // Synonyms of imported terms.
    size_t synonyms_kept = 0;
    size_t synonyms_clash = 0;     // already a name of another concept
    size_t synonyms_short = 0;     // shorter than 3 characters
    size_t synonyms_unusable = 0;  // no words, or characters the lexicon format cannot hold
    size_t synonyms_not_exact = 0;

    size_t skipped() const { return obsolete + out_of_root + cells + species + unnamed + in_builtin + duplicate; }
    size_t synonyms_dropped() const { return synonyms_clash + synonyms_short + synonyms_unusable; }
};

struct LexiconRow {
    std::string canonical;
    std::string parent;
    std::vector<std::string> synonyms;
    std::string id;  // the OBO id it came from
};

struct OboImport {
    std::vector<LexiconRow> rows;  // in the OBO file's order
    std::string text;              // the lexicon file: a '#' header, then one row per concept
    OboImportReport report;
};

// builtin: the lexicon the output will be loaded with (clashes are checked against it, and
// parents that are not imported map to its concepts, else to its root "body"). Throws
// Error(usage) for a root that is not a term of the file.
OboImport import_obo(const OboFile& obo, const AnatomyLexicon& builtin, const OboImportOptions& options);

}  // namespace medqa::annotate
