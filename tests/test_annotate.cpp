#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "ingest/text_thread_reader.hpp"
#include "support.hpp"

using namespace medqa;
using medqa::test::annotator;

namespace {

Stance stance_of(const std::string& question, const std::string& answer) {
    Thread t;
    t.title = question;
    t.question = question;
    t.answers.push_back({"1", "", answer});
    return annotator().annotate(t).at(0).stance;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("the seed's answers get the stances and anatomy the core issue gives") {
    Thread t = ingest::parse_text_thread(test::read_file(test::kSeed), test::kSeed.string());
    auto labels = annotator().annotate(t);
    REQUIRE(labels.size() == 6);
    CHECK(labels[0].stance == Stance::maybe);  // concedes slight, temporary atrophy
    CHECK(labels[1].stance == Stance::no);
    CHECK(labels[2].stance == Stance::maybe);
    CHECK(labels[3].stance == Stance::yes);
    CHECK(labels[4].stance == Stance::no);
    CHECK(labels[5].stance == Stance::no);

    CHECK(labels[0].anatomy.empty());  // "the muscle" names no structure
    CHECK(labels[2].anatomy == Names{"temporalis muscle", "temporomandibular joint"});
    CHECK(labels[3].anatomy == Names{"masseter muscle", "forehead", "temple", "periorbital region"});
    CHECK(labels[5].anatomy == Names{"temple"});  // "the temporal region"
}

TEST_CASE("question frame: yes/no questions have a proposition, other questions none") {
    const auto& a = annotator();
    Thread t;
    t.title = "Can Botox Cause a Loss of Volume?";
    auto frame = a.frame(t);
    CHECK(frame.polar);
    CHECK(frame.proposition == Names{"botox", "caus", "loss", "volum"});

    t.title = "Botox and volume";
    t.question = "Hi doctor, what is the best filler? Is it safe?";
    CHECK_FALSE(a.frame(t).polar);  // the first question decides
    t.question = "I had botox last week. Doctor, is this permanent?";
    CHECK(a.frame(t).polar);
    t.question = "No question mark at all.";
    CHECK_FALSE(a.frame(t).polar);
}

TEST_CASE("stance: questions that are not yes/no give none to every answer") {
    CHECK(stance_of("What is the best treatment for TMJ?", "Yes, botox definitely works.") == Stance::none);
    CHECK(stance_of("How do I treat a sprain?", "No, rest is not needed.") == Stance::none);
}

TEST_CASE("stance: opening words, cue phrases and no evidence") {
    const std::string q = "Is it normal to have a headache after Botox?";
    CHECK(stance_of(q, "Yes. A mild headache after injections is normal.") == Stance::yes);
    CHECK(stance_of(q, "No, that is not related to the injection.") == Stance::no);
    CHECK(stance_of(q, "Please see your injector for a follow-up visit.") == Stance::none);
    CHECK(stance_of(q, "It depends on the dose; it is hard to say without an exam.") == Stance::maybe);
}

TEST_CASE("stance: negation scope flips affirmations, and ends at a contrast") {
    const std::string q = "Can Botox cause a loss of volume?";
    // "not" flips "can cause" within its window.
    CHECK(stance_of(q, "Botox does not cause volume loss.") == Stance::no);
    // The negation ends at "but": the affirmation after it stands.
    CHECK(stance_of(q, "Botox is not a filler, but it can cause volume loss in the temple.") == Stance::yes);
    // A double negative affirms.
    CHECK(stance_of(q, "Volume loss is not unrelated to Botox; it can cause it.") == Stance::yes);
}

TEST_CASE("stance: pseudo-negations do not deny") {
    const std::string q = "Can Botox cause a loss of volume?";
    CHECK(stance_of(q, "No doubt it can cause some volume loss in the treated muscle.") == Stance::yes);
    CHECK(stance_of(q, "Not only can it cause volume loss, it is common after masseter treatment.") == Stance::yes);
}

TEST_CASE("stance: after a contrast the later clause carries more weight") {
    const std::string q = "Can Botox cause a loss of volume?";
    CHECK(stance_of(q, "It can cause thinning of the muscle. However, it is rare and temporary.") == Stance::maybe);
}

TEST_CASE("anatomy: synonyms, plurals, lay words and multi-word names resolve to canonical names") {
    const auto& lex = annotator().anatomy();
    CHECK(lex.tag("Pain in both temples and the jaw muscles") == Names{"temple", "masseter muscle"});
    CHECK(lex.tag("My TMJ clicks; the voice box hurts; my tummy aches") ==
          Names{"temporomandibular joint", "larynx", "abdomen"});
    CHECK(lex.tag("Kidneys and the LIVER") == Names{"kidney", "liver"});
    CHECK(lex.tag("renal function, hepatic enzymes") == Names{"kidney", "liver"});
    CHECK(lex.tag("headache temporarily") == Names{});  // word boundaries: no head, no temple
    CHECK(lex.resolve("Temples") == "temple");
    CHECK(lex.resolve("TMJ") == "temporomandibular joint");
    CHECK(lex.resolve("not a body part") == std::nullopt);
}

TEST_CASE("anatomy: parents give every concept a lineage up to the body") {
    const auto& lex = annotator().anatomy();
    CHECK(lex.lineage("temporalis muscle") == Names{"temporalis muscle", "temple", "face", "head", "body"});
    auto masseter = lex.lineage("masseter muscle");
    CHECK(std::find(masseter.begin(), masseter.end(), "cheek") != masseter.end());
    auto kidney = lex.lineage("kidney");
    CHECK(std::find(kidney.begin(), kidney.end(), "abdomen") != kidney.end());
    CHECK(lex.lineage("no such concept").empty());
    CHECK(lex.size() >= 500);
}

TEST_CASE("anatomy: everyday uses of ambiguous body words are not mentions") {
    const auto& lex = annotator().anatomy();
    CHECK(lex.tag("The pain came back after a week") == Names{});
    CHECK(lex.tag("Keep it at arm's length") == Names{});
    CHECK(lex.tag("On the other hand, you could head over to a clinic") == Names{});
    CHECK(lex.tag("My lower back hurts and my hand is numb") == Names{"lower back", "hand"});
    CHECK(lex.tag("a sore back, even when I come back home") == Names{"back"});
}

TEST_CASE("lexicon errors name the file and line") {
    test::TempDir dir;
    for (const char* f : {"stopwords.tsv", "anatomy-false-alarms.tsv", "stance-cues.tsv"})
        test::write_file(dir / f, test::read_file(test::kLexiconDir / f));
    test::write_file(dir / "anatomy.tsv", "# comment\nbody\t\t\t\nhead\tbody\tnoggin\t\nface\tskull\t\t\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()},
                         doctest::Contains(((dir / "anatomy.tsv").string() + ":4: parent 'skull'").c_str()), Error);
    test::write_file(dir / "anatomy.tsv", "body\t\t\t\nhead\tbody\tnoggin\t\nface\thead\tnoggin\t\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()}, doctest::Contains(":3: 'noggin' already names 'head'"), Error);
    test::write_file(dir / "anatomy.tsv", "body\t\t\t\nhead\tface\t\t\nface\thead\t\t\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()}, doctest::Contains("cycle"), Error);
    test::write_file(dir / "anatomy.tsv", "body\t\t\t\n");
    test::write_file(dir / "stance-cues.tsv", "yes\tagree\t1\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()}, doctest::Contains("stance-cues.tsv:1: unknown cue kind"), Error);
}

TEST_CASE("the annotator fingerprint changes when a lexicon changes") {
    test::TempDir dir;
    for (const char* f : {"stopwords.tsv", "anatomy-false-alarms.tsv", "stance-cues.tsv", "anatomy.tsv"})
        test::write_file(dir / f, test::read_file(test::kLexiconDir / f));
    std::string before = annotate::Annotator(dir.path()).fingerprint();
    CHECK(before == annotate::Annotator(dir.path()).fingerprint());
    test::write_file(dir / "anatomy.tsv", test::read_file(dir / "anatomy.tsv") + "wobble\tbody\t\t\n");
    CHECK(before != annotate::Annotator(dir.path()).fingerprint());
}
