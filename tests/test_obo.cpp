// medqa lexicon import-obo: reading OBO, choosing parents, root filtering, clashes with the
// built-in lexicon, and that what it writes loads and tags text, down to `medqa index --lexicon`.

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "annotate/obo_import.hpp"
#include "core/error.hpp"
#include "support.hpp"

using namespace medqa;
using medqa::test::error_of;
using medqa::test::lexicon_arg;
using medqa::test::sh;
using medqa::test::TempDir;
namespace fs = std::filesystem;

namespace {

using Names = std::vector<std::string>;

// A face with a fat pad, told the ways OBO files tell things: part_of and is_a (the is_a
// listed first), EXACT and RELATED synonyms, names and synonyms the built-in lexicon already
// has, an obsolete term, a cell, a name given twice, and a Typedef stanza.
const std::string kFixture = R"(format-version: 1.2
data-version: test/2024-01-01
ontology: medqa-test
! a header comment

[Term]
id: TST:0001
name: Face
synonym: "visage" RELATED []
relationship: part_of TST:0099 ! head, not in this file

[Term]
id: TST:0002
name: Temporal fat pad ! a comment after the name
def: "A fat pad of the temple! With a \"quoted\" word." []
synonym: "TFP" EXACT []
synonym: "temple \"fat\" pad" EXACT [FMA:1] {source="test"}
synonym: "fat of the temple" RELATED []
synonym: "superficial temporal fat pad" EXACT []
is_a: TST:0009 ! fat pad
relationship: part_of TST:0001 ! face

[Term]
id: TST:0003
name: deep temporal fat pad
is_a: TST:0002

[Term]
id: TST:0004
name: temporalis muscle
synonym: "temporal muscle" EXACT []
relationship: part_of TST:0001

[Term]
id: TST:0005
name: temporalis tendon sheath
synonym: "TMJ" EXACT []
synonym: "ts" EXACT []
synonym: "tendon sheath of temporalis" EXACT []
relationship: part_of TST:0004 {source="test"} ! temporalis muscle

[Term]
id: TST:0006
name: superficial temporal fat pad
relationship: part_of TST:0002

[Term]
id: TST:0007
name: old temporal structure
is_obsolete: true

[Term]
id: CL:0000001
name: temporal fat cell
namespace: cell
relationship: part_of TST:0002

[Term]
id: TST:0008
name: zygomatic fat compartment
relationship: part_of TST:0020

[Term]
id: TST:0020
name: midface fat compartment region

[Term]
id: TST:0009
name: fat pad

[Term]
id: TST:0010
name: Deep temporal fat pads
is_a: TST:0002

[Term]
id: TST:0011
name: deep temporal fat pad lobule
relationship: part_of TST:0010

[Typedef]
id: part_of
name: part of
is_transitive: true
)";

const annotate::AnatomyLexicon& builtin() { return medqa::test::annotator().anatomy(); }

annotate::OboFile parse(const std::string& text, const std::string& source = "fixture.obo") {
    std::istringstream in(text);
    return annotate::read_obo(in, source);
}

annotate::OboImport import(const std::vector<std::string>& roots = {}) {
    return annotate::import_obo(parse(kFixture), builtin(), {roots, "fixture.obo"});
}

const annotate::LexiconRow* row(const annotate::OboImport& result, const std::string& canonical) {
    for (const auto& r : result.rows)
        if (r.canonical == canonical) return &r;
    return nullptr;
}

Names canonicals(const annotate::OboImport& result) {
    Names names;
    for (const auto& r : result.rows) names.push_back(r.canonical);
    return names;
}

}  // namespace

TEST_CASE("obo: the reader keeps Term stanzas and skips the header and Typedefs") {
    auto obo = parse(kFixture);
    CHECK(obo.ontology == "medqa-test");
    CHECK(obo.data_version == "test/2024-01-01");
    REQUIRE(obo.terms.size() == 13);  // the Typedef is not a term
    const auto& pad = obo.terms[1];
    CHECK(pad.id == "TST:0002");
    CHECK(pad.name == "Temporal fat pad");  // the "! comment" is not part of it
    CHECK(pad.where == "fixture.obo:12");
    CHECK(pad.exact_synonyms ==
          Names{"TFP", "temple \"fat\" pad", "superficial temporal fat pad"});  // quotes unescaped
    CHECK(pad.other_synonyms == 1);
    CHECK(pad.is_a == Names{"TST:0009"});
    CHECK(pad.part_of == Names{"TST:0001"});
    CHECK(obo.terms[4].part_of == Names{"TST:0004"});  // {modifiers} dropped
    CHECK(obo.terms[6].obsolete);
    CHECK(obo.terms[7].name_space == "cell");
}

TEST_CASE("obo: names become canonicals, EXACT synonyms synonyms, part_of is preferred as parent") {
    auto result = import();
    CHECK(canonicals(result) == Names{"temporal fat pad", "deep temporal fat pad", "temporalis tendon sheath",
                                      "superficial temporal fat pad", "zygomatic fat compartment",
                                      "midface fat compartment region", "fat pad", "deep temporal fat pad lobule"});
    auto* pad = row(result, "temporal fat pad");
    REQUIRE(pad);
    CHECK(pad->id == "TST:0002");
    CHECK(pad->parent == "face");  // part_of the face (a built-in concept), not is_a fat pad
    CHECK(pad->synonyms == Names{"tfp", "temple \"fat\" pad"});
    CHECK(row(result, "deep temporal fat pad")->parent == "temporal fat pad");  // is_a when no part_of
    CHECK(row(result, "superficial temporal fat pad")->parent == "temporal fat pad");
    CHECK(row(result, "zygomatic fat compartment")->parent == "midface fat compartment region");
    CHECK(row(result, "midface fat compartment region")->parent == "body");  // no parent at all
    CHECK(row(result, "fat pad")->parent == "body");
}

TEST_CASE("obo: terms and synonyms that clash are dropped, and counted") {
    auto result = import();
    const auto& r = result.report;
    CHECK(r.terms_read == 13);
    CHECK(r.imported == 8);
    CHECK(r.obsolete == 1);
    CHECK(r.cells == 1);  // temporal fat cell: cells are not body structures
    CHECK(r.out_of_root == 0);
    CHECK(r.in_builtin == 2);  // face, temporalis muscle
    CHECK(r.duplicate == 1);   // "deep temporal fat pads" is "deep temporal fat pad" again
    CHECK(r.skipped() == 5);
    CHECK(r.synonyms_kept == 3);
    CHECK(r.synonyms_clash == 2);  // tmj (built-in), superficial temporal fat pad (another term's name)
    CHECK(r.synonyms_short == 1);  // ts
    CHECK(r.synonyms_not_exact == 1);

    // A term merged into a concept hands its children to that concept.
    auto* sheath = row(result, "temporalis tendon sheath");
    REQUIRE(sheath);
    CHECK(sheath->parent == "temporalis muscle");
    CHECK(sheath->synonyms == Names{"tendon sheath of temporalis"});
    CHECK(row(result, "deep temporal fat pad lobule")->parent == "deep temporal fat pad");
    CHECK_FALSE(row(result, "temporalis muscle"));
    CHECK_FALSE(row(result, "face"));
    CHECK_FALSE(row(result, "old temporal structure"));
}

TEST_CASE("obo: --root keeps the root and what is below it") {
    auto result = import({"TST:0002"});
    CHECK(canonicals(result) == Names{"temporal fat pad", "deep temporal fat pad", "superficial temporal fat pad",
                                      "deep temporal fat pad lobule"});
    // Its parent is not imported: the built-in concept an ancestor names takes its place.
    CHECK(row(result, "temporal fat pad")->parent == "face");
    CHECK(result.report.out_of_root == 6);
    CHECK(result.report.obsolete == 1);  // obsolete comes first among the reasons
    CHECK(result.report.cells == 1);
    CHECK(result.report.duplicate == 1);

    // A cell is imported when a root asks for it.
    auto cells = import({"CL:0000001"});
    CHECK(canonicals(cells) == Names{"temporal fat cell"});
    CHECK(cells.rows[0].parent == "face");

    auto two = import({"TST:0005", "TST:0020"});
    CHECK(canonicals(two) == Names{"temporalis tendon sheath", "zygomatic fat compartment", "midface fat compartment region"});
    CHECK(two.rows[0].parent == "temporalis muscle");

    auto [message, code] = error_of([] { import({"TST:9999"}); });
    CHECK(code == ExitCode::usage);
    CHECK(message.find("TST:9999") != std::string::npos);
}

TEST_CASE("obo: the output loads with the built-in lexicon and tags text") {
    TempDir dir;
    auto result = import();
    CHECK(result.text.starts_with("# medqa user anatomy lexicon, generated from fixture.obo by medqa lexicon import-obo"));
    CHECK(result.text.find("this file is derived from fixture.obo; its licence applies") != std::string::npos);
    CHECK(result.text.find("temporal fat pad\tface\ttfp;temple \"fat\" pad\t\n") != std::string::npos);
    auto file = dir / "fixture.tsv";
    medqa::test::write_file(file, result.text);

    annotate::Annotator annotator(medqa::test::kLexiconDir, {file});
    const auto& anatomy = annotator.anatomy();
    CHECK(anatomy.size() == builtin().size() + result.rows.size());
    CHECK(anatomy.tag("Filler in the temporal fat pads can migrate toward the TMJ.") ==
          Names{"temporal fat pad", "temporomandibular joint"});
    CHECK(anatomy.tag("the tendon sheath of temporalis") == Names{"temporalis tendon sheath"});
    CHECK(anatomy.lineage("deep temporal fat pad lobule") ==
          Names{"deep temporal fat pad lobule", "deep temporal fat pad", "temporal fat pad", "face", "head", "body"});
    CHECK(anatomy.resolve("TFP") == "temporal fat pad");
    CHECK(annotator.fingerprint() != medqa::test::annotator().fingerprint());
}

TEST_CASE("obo: malformed lines that matter are errors naming file and line") {
    const std::string bad = "format-version: 1.2\n\n[Term]\nid: TST:1\nname: pad\nsynonym: temple pad EXACT []\n";
    auto [message, code] = error_of([&] { parse(bad, "bad.obo"); });
    CHECK(code == ExitCode::bad_input);
    CHECK(message.starts_with("bad.obo:6: synonym without a quoted text"));

    CHECK(error_of([] { parse("[Term]\nid: X:1\nsynonym: \"open EXACT []\n", "f.obo"); }).first ==
          "f.obo:3: synonym text has no closing quote");
    CHECK(error_of([] { parse("[Term]\nid: X:1\nsynonym: \"pad\" SIMILAR []\n", "f.obo"); }).first.starts_with(
        "f.obo:3: synonym scope must be"));
    CHECK(error_of([] { parse("[Term]\nname: no id here\n", "f.obo"); }).first == "f.obo:1: [Term] without an id");
    CHECK(error_of([] { parse("[Term]\nid: X:1\nrelationship: part_of\n", "f.obo"); }).first.starts_with(
        "f.obo:3: expected 'relationship: TYPE ID'"));
    CHECK(error_of([] { parse("[Term]\nid: X:1\n\n[Term]\nid: X:1\n", "f.obo"); }).first ==
          "f.obo:4: term X:1 is defined twice (first at f.obo:1)");
    CHECK(error_of([] { parse("[Term]\nid: X:1\njust words\n", "f.obo"); }).first == "f.obo:3: expected 'tag: value'");
    CHECK(error_of([] { parse("[Term]\nid: X:2\nis_a X:1\n", "f.obo"); }).first.starts_with("f.obo:3: expected 'tag: value'"));
    // Lines in stanzas that are not terms do not matter.
    CHECK(parse("[Typedef]\nid: part_of\njust words\n").terms.empty());

    auto missing = error_of([] { annotate::read_obo(fs::path("/nonexistent/x.obo")); });
    CHECK(missing.second == ExitCode::usage);

    // A file without terms (empty, XML, binary) is no ontology to import from.
    TempDir dir;
    for (const std::string& content : {std::string(), std::string("<?xml version=\"1.0\"?><rdf/>\n"),
                                      std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10)}) {
        medqa::test::write_file(dir / "x.obo", content);
        auto [why, exit] = error_of([&] { annotate::read_obo(dir / "x.obo"); });
        CHECK(exit == ExitCode::bad_input);
        CHECK(why.find("no [Term] stanza") != std::string::npos);
    }
}

TEST_CASE("obo: UBERON's vertebrate head imports below the face and loads with the built-in lexicon") {
    const fs::path obo_path = medqa::test::kSourceDir / ".." / "shared" / "corpora" / "uberon" / "vertebrate-head.obo";
    if (!fs::exists(obo_path)) {
        MESSAGE("skipped: " << obo_path.string() << " not found");
        return;
    }
    auto obo = annotate::read_obo(obo_path);
    CHECK(obo.terms.size() > 2000);
    // UBERON:0001456 is the face; the head itself (UBERON:0000033) is not in this subset.
    auto result = annotate::import_obo(obo, builtin(), {{"UBERON:0001456"}, "vertebrate-head.obo"});
    const auto& r = result.report;
    MESSAGE("read " << r.terms_read << ", imported " << r.imported << ", skipped " << r.skipped() << " (obsolete "
                    << r.obsolete << ", out of root " << r.out_of_root << ", cell/GO " << r.cells << ", built-in "
                    << r.in_builtin << ", duplicate " << r.duplicate << "), synonyms kept " << r.synonyms_kept
                    << ", dropped " << r.synonyms_dropped());
    CHECK(r.imported > 500);
    CHECK(r.imported < r.terms_read);
    CHECK(r.in_builtin > 10);  // face, eye, maxilla... are built-in concepts already
    CHECK(r.cells > 0);
    CHECK(r.species > 0);  // "palatal shelf (mouse)" and the like are left out
    for (const auto& imported : result.rows) CHECK_FALSE(imported.canonical.ends_with("(mouse)"));
    CHECK_FALSE(row(result, "face"));

    TempDir dir;
    auto file = dir / "face.tsv";
    medqa::test::write_file(file, result.text);
    std::unique_ptr<annotate::Annotator> annotator;
    REQUIRE_NOTHROW(annotator = std::make_unique<annotate::Annotator>(medqa::test::kLexiconDir, std::vector{file}));
    const auto& anatomy = annotator->anatomy();
    CHECK(anatomy.size() == builtin().size() + result.rows.size());
    // An imported structure hangs below the built-in tree, up to the body.
    CHECK(anatomy.tag("a persistent hyaloid canal was seen") == Names{"hyaloid canal"});
    auto lineage = anatomy.lineage("hyaloid canal");
    CHECK(std::find(lineage.begin(), lineage.end(), "eye") != lineage.end());
    CHECK(lineage.back() == "body");
}

TEST_CASE("obo: cli import-obo --output, then index --lexicon tags answers with an imported concept") {
    TempDir dir;
    const auto obo = dir / "fixture.obo", lexicon = dir / "lexicon" / "face.tsv", db = dir / "db";
    medqa::test::write_file(obo, kFixture);
    fs::create_directories(lexicon.parent_path());
    medqa::test::write_file(dir / "threads" / "fat.jsonl",
                            R"({"id": "fat-pad", "title": "Can filler move?", "answers": [)"
                            R"({"id": "1", "text": "Filler placed in the deep temporal fat pad can migrate."}]})"
                            "\n");

    auto imported = medqa::test::run_medqa("lexicon import-obo " + sh(obo.string()) + " --root TST:0002 --output " +
                                           sh(lexicon.string()) + " " + lexicon_arg());
    INFO("stderr: " << imported.err);
    REQUIRE(imported.exit_code == 0);
    CHECK(imported.out.empty());
    CHECK(imported.err.find("imported 4") != std::string::npos);
    CHECK(imported.err.find("synonyms of imported terms: kept 2") != std::string::npos);
    CHECK(medqa::test::read_file(lexicon).find("deep temporal fat pad\ttemporal fat pad\t\t\n") != std::string::npos);
    CHECK_FALSE(fs::exists(lexicon.string() + ".tmp"));

    auto indexed = medqa::test::run_medqa("index --db " + sh(db.string()) + " " + lexicon_arg() + " --lexicon " +
                                          sh(lexicon.string()) + " " + sh((dir / "threads").string()));
    INFO("index stderr: " << indexed.err);
    REQUIRE(indexed.exit_code == 0);

    auto shown = medqa::test::run_medqa("show --db " + sh(db.string()) + " --format json fat-pad");
    REQUIRE(shown.exit_code == 0);
    auto j = nlohmann::json::parse(shown.out);
    auto anatomy = j.at("answers").at(0).at("anatomy").get<Names>();
    CHECK(std::find(anatomy.begin(), anatomy.end(), "deep temporal fat pad") != anatomy.end());

    // A search without the user lexicon still filters by the concept the index holds, and says
    // nothing of an unknown concept (it is not unknown to the index).
    auto searched = medqa::test::run_medqa("search --db " + sh(db.string()) + " " + lexicon_arg() +
                                           " --format json --anatomy " + sh("deep temporal fat pad") + " filler");
    REQUIRE(searched.exit_code == 0);
    CHECK(nlohmann::json::parse(searched.out).at("hits").size() == 1);
    CHECK(searched.err.find("unknown anatomy") == std::string::npos);

    // Without --output the lexicon goes to stdout.
    auto printed = medqa::test::run_medqa("lexicon import-obo " + sh(obo.string()) + " " + lexicon_arg());
    CHECK(printed.exit_code == 0);
    CHECK(printed.out.starts_with("# medqa user anatomy lexicon"));
    CHECK(printed.out.find("fat pad\tbody\t\t\n") != std::string::npos);
}

TEST_CASE("cli: index without the --lexicon the index was built with says so in a note, and in JSON") {
    TempDir dir;
    const auto user = dir / "user.tsv", threads = dir / "s", db = dir / "db";
    medqa::test::write_file(user, "alpha gland\tbody\t\t\n");
    medqa::test::write_file(threads / "g.jsonl",
                            R"({"id": "g1", "title": "Is my alpha gland ok?", "question": "Is my alpha gland swollen?", )"
                            R"("answers": [{"text": "No, the alpha gland is fine."}]})" "\n");
    const std::string index = "index --db " + sh(db.string()) + " " + lexicon_arg() + " ";
    auto built = medqa::test::run_medqa(index + "--lexicon " + sh(user.string()) + " " + sh(threads.string()));
    INFO("stderr: " << built.err);
    REQUIRE(built.exit_code == 0);
    CHECK(built.err.find("lexicons differ") == std::string::npos);

    auto without = medqa::test::run_medqa(index + "--format json " + sh(threads.string()));
    INFO("stderr: " << without.err);
    CHECK(without.exit_code == 0);  // a note, not an error
    const std::string what = "built with --lexicon " + user.string() + "; this run has none";
    CHECK(without.err.find("medqa: note: the lexicons differ from those the index was annotated with (" + what +
                           "): every thread is annotated again") != std::string::npos);
    auto j = nlohmann::json::parse(without.out);
    CHECK(j.at("reannotated") == true);
    CHECK(j.at("lexicons_changed") == what);
    CHECK(j.at("updated") == 1);

    auto again = medqa::test::run_medqa(index + "--format json " + sh(threads.string()));
    CHECK(again.err.find("lexicons differ") == std::string::npos);
    CHECK(nlohmann::json::parse(again.out).at("reannotated") == false);
}

TEST_CASE("obo: cli errors: a malformed line, an unknown root, a missing lexicon file") {
    TempDir dir;
    const auto bad = dir / "bad.obo";
    medqa::test::write_file(bad, "[Term]\nid: X:1\nname: pad\nsynonym: pad EXACT []\n");
    auto r = medqa::test::run_medqa("lexicon import-obo " + sh(bad.string()) + " --output " +
                                    sh((dir / "out.tsv").string()) + " " + lexicon_arg());
    CHECK(r.exit_code == 3);
    CHECK(r.err.find(bad.string() + ":4: synonym without a quoted text") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out.tsv"));
    CHECK_FALSE(fs::exists(dir / "out.tsv.tmp"));

    const auto good = dir / "good.obo";
    medqa::test::write_file(good, kFixture);
    r = medqa::test::run_medqa("lexicon import-obo " + sh(good.string()) + " --root NOPE:1 " + lexicon_arg());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--root NOPE:1") != std::string::npos);

    r = medqa::test::run_medqa("lexicon import-obo " + sh((dir / "missing.obo").string()) + " " + lexicon_arg());
    CHECK(r.exit_code == 2);

    r = medqa::test::run_medqa("index --db " + sh((dir / "db").string()) + " " + lexicon_arg() + " --lexicon " +
                               sh((dir / "missing.tsv").string()) + " " + sh(medqa::test::kSeed.string()));
    CHECK(r.exit_code == 7);  // a missing lexicon, as a --lexicon-dir without the lexicons is
    CHECK(r.err.find("missing.tsv: no such file") != std::string::npos);
}
