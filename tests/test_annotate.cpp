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

// Does the question frame of a thread with this title (and body) ask yes/no?
bool polar(const std::string& title, const std::string& body = "") { return annotator().frame(title, body).polar; }

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
    // A weak hedge alone is the cautious register of a report, not an answer of maybe; with
    // nothing else to go on, an answer that speaks of the question's words says yes.
    CHECK(stance_of("Does drug A lower blood pressure in older patients?", "Drug A may help.") == Stance::yes);
    CHECK(stance_of("Does drug A lower blood pressure in older patients?", "It may.") == Stance::maybe);
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

TEST_CASE("stance: an intensifier before a negation strengthens the denial") {
    // "definitely" alone affirms, but "definitely not" denies: the adverb does not vote on its own.
    CHECK(stance_of("Is this rash caused by the new soap?", "The rash is definitely not caused by soap.") == Stance::no);
    CHECK(stance_of("Is this rash caused by the new soap?", "It is definitely caused by the soap.") == Stance::yes);
}

TEST_CASE("stance: to 'is it X?' an answer that names another cause is a maybe") {
    CHECK(annotator().frame("Is it diabetes?", "").asks_identity);
    CHECK(annotator().frame("Can this be a hernia?", "").asks_identity);
    CHECK_FALSE(annotator().frame("Is it safe to fly?", "").asks_identity);
    CHECK_FALSE(annotator().frame("Would it help my knee?", "").asks_identity);
    // "can happen" affirms the low iron, not the diabetes asked about.
    CHECK(stance_of("I feel tired after meals, is it diabetes?", "This can happen due to low iron levels.") ==
          Stance::maybe);
    // A cause that is the one asked about is no other explanation.
    CHECK(stance_of("I feel tired after meals, is it diabetes?", "It can happen due to diabetes.") == Stance::yes);
    // To a question that is not of identity "due to" says nothing.
    CHECK(stance_of("Can anemia cause fatigue?", "It can happen due to low iron levels.") == Stance::yes);
}

TEST_CASE("stance: a negation in a relative clause describes a group and does not deny") {
    const std::string q = "Does drug A reduce relapses?";
    CHECK(stance_of(q, "Relapses were fewer with drug A than in patients who did not receive it.") == Stance::yes);
    CHECK(stance_of(q, "Relapses were fewer with drug A than in patients who had no treatment.") == Stance::yes);
    CHECK(stance_of(q, "Drug A did not reduce relapses in patients who had surgery.") == Stance::no);
    // "that it is not" is a complement clause with its own subject: it denies.
    CHECK(stance_of(q, "The trial shows that it is not reducing relapses.") == Stance::no);
}

TEST_CASE("stance: a strong denial beside a near-equal affirmation is a qualified no") {
    // yes ("effective") and no ("did not improve") weigh the same: the denial is the verdict.
    CHECK(stance_of("Does drug A improve survival?", "Drug A is effective. Drug A did not improve survival.") ==
          Stance::no);
    // A clearly stronger affirmation still wins.
    CHECK(stance_of("Does drug A improve survival?", "Yes, drug A improves survival, though it did not help pain.") ==
          Stance::yes);
}

TEST_CASE("stance: 'I don't think' denies the whole clause it governs") {
    // Negation raised to the verb of thinking: "I don't think X" says "I think not X", however far
    // X's own cue ("can cause") is from the "don't".
    CHECK(stance_of("Can the pills cause my headaches?",
                    "I don't think that what your doctor gave you last week can cause them.") == Stance::no);
    CHECK(stance_of("Is there an alternative to surgery?",
                    "I do not think that anything other than an operation will be helpful for a cyst this size.") ==
          Stance::no);
}

TEST_CASE("stance: pseudo-negations do not deny") {
    const std::string q = "Can Botox cause a loss of volume?";
    CHECK(stance_of(q, "No doubt it can cause some volume loss in the treated muscle.") == Stance::yes);
    CHECK(stance_of(q, "Not only can it cause volume loss, it is common after masseter treatment.") == Stance::yes);
    // "No previous study ..." speaks of the literature, not of the finding.
    CHECK(stance_of("Are these polymorphisms associated with lipid levels?",
                    "These polymorphisms are associated with lipid levels. No previous study has examined lipid "
                    "levels in this group.") == Stance::yes);
    // "Do not hesitate" urges: it affirms.
    CHECK(stance_of("Can I start the cream again?", "Do not hesitate to start the cream again.") == Stance::yes);
    CHECK(stance_of("Can I start the cream again?", "Don't hesitate to start it again.") == Stance::yes);
    // "Not impossible" is a litotes for "possible": a hedge, not an affirmation.
    CHECK(stance_of("Is this irritable bowel syndrome?",
                    "Blood in the stool is not impossible with irritable bowel syndrome.") == Stance::maybe);
}

TEST_CASE("stance: a hedge that names both sides, or holds a negation, neither denies nor restates") {
    // Read word by word, the "not" of "may or may not" would deny.
    CHECK(stance_of("Is this lump cancer?", "It may or may not be cancer, a biopsy will tell.") == Stance::maybe);
    // A sentence with "not necessarily" says more than the proposition: it does not restate it.
    CHECK(stance_of("Does stress cause high blood pressure?",
                    "Stress may be one cause of high blood pressure, but not necessarily the main cause.") == Stance::maybe);
    // "not necessarily" with its verb, which the negation "does not" would otherwise take; and a
    // test that is "not a confirmation" of what was asked.
    CHECK(stance_of("I have HPV 16, will I get cancer?",
                    "Having HPV 16 does not necessarily mean that you will get cancer.") == Stance::maybe);
    CHECK(stance_of("Am I going to have heart problems?",
                    "Your thyroid disease is not a confirmation of getting heart problems.") == Stance::maybe);
}

TEST_CASE("stance: a hedge whose hedging word is what was asked grants it") {
    CHECK(stance_of("Is surgery possible to bring the toes together?",
                    "It is possible surgically, and the toes heal well.") == Stance::yes);
    CHECK(stance_of("Is the numbness temporary?", "The numbness is temporary.") == Stance::yes);
    // Elsewhere the same words hedge.
    CHECK(stance_of("Will the numbness go away?", "The numbness is temporary in some cases.") == Stance::maybe);
}

TEST_CASE("stance: naming other candidates beside the one asked about is a maybe") {
    CHECK(stance_of("Is it early multiple sclerosis?",
                    "It may be early multiple sclerosis. Another possibility is a polyneuropathy.") == Stance::maybe);
}

TEST_CASE("stance: a verdict that waits for tests or an examination is a maybe") {
    CHECK(stance_of("Is this lump in my breast cancer?", "It needs further investigations: an ultrasound and a biopsy.") ==
          Stance::maybe);
    CHECK(stance_of("Is it a slipped disc?", "Before going further, get an MRI of your lower back.") == Stance::maybe);
    CHECK(stance_of("Is it a slipped disc?", "You should be examined by an orthopaedic surgeon.") == Stance::maybe);
}

TEST_CASE("stance: a test advised to rule out or confirm what was asked leaves it open") {
    CHECK(stance_of("Is it Lyme disease?", "It looks like Lyme disease.") == Stance::yes);
    CHECK(stance_of("Is it Lyme disease?", "Get a blood test for antibodies to exclude Lyme disease.") == Stance::maybe);
    CHECK(stance_of("Is it a kidney stone?", "A CT scan should be done to rule out a kidney stone.") == Stance::maybe);
    // Negated, it is no test at all; about something else, it leaves the verdict standing.
    CHECK(stance_of("Do I need an HIV test?", "No, you do not need any test to rule out HIV.") == Stance::no);
    CHECK(stance_of("Is it a migraine?", "It is a migraine. Get a scan only to rule out a bleed.") == Stance::yes);
}

TEST_CASE("stance: naming only the alternative of 'X or Y?' restates nothing") {
    // The second sentence names the ulcer while it advises; it is no verdict against gastritis.
    CHECK(stance_of("Is it gastritis or a stomach ulcer?",
                    "Gastritis is likely. Avoid spicy food, a stomach ulcer can follow if you ignore it.") == Stance::yes);
    // An answer that speaks of nothing but the alternative still says no.
    CHECK(stance_of("Is it gastritis or a stomach ulcer?", "It is an ulcer.") == Stance::no);
}

TEST_CASE("stance: an imperative that names what was asked answers a question of advice yes") {
    // "go for the biopsy" is the advice; the lone "not" is about something else.
    CHECK(stance_of("After an abnormal scan, is a biopsy needed?",
                    "Do an ultrasound first and then go for the biopsy, the marker clip is not that important.") ==
          Stance::yes);
    // An imperative about something else ("take rest") is no advice on what was asked.
    CHECK(stance_of("Should I take antibiotics for my cold?", "Colds are viral. Do not take antibiotics, take rest and fluids.") ==
          Stance::no);
    // Nor does an imperative answer a question that does not ask for advice.
    const auto& a = annotator();
    auto frame = a.frame("Is this rash shingles?", "");
    auto d = a.analyse(frame, "Go for a blood test to check for shingles antibodies.").stance;
    CHECK(std::none_of(d.cues.begin(), d.cues.end(), [](const annotate::CueHit& c) { return c.phrase.starts_with("Go"); }));
    // The evidence quotes the advice up to the word that names what was asked.
    auto advice = a.analyse(a.frame("Should I have a biopsy?", ""), "Please go for the biopsy soon.").stance;
    CHECK(std::any_of(advice.cues.begin(), advice.cues.end(),
                      [](const annotate::CueHit& c) { return c.phrase == "go for the biopsy"; }));
}

TEST_CASE("stance: after a contrast the later clause carries more weight") {
    const std::string q = "Can Botox cause a loss of volume?";
    CHECK(stance_of(q, "It can cause thinning of the muscle. However, it is rare and temporary.") == Stance::maybe);
    // Unless the later clause leaves the question's topic: the verdict on it came before "but".
    CHECK(stance_of("Is skewed X-inactivation associated with recurrent spontaneous abortion?",
                    "Skewed X-inactivation is not associated with recurrent spontaneous abortion, but it is "
                    "associated with maternal age.") == Stance::no);
}

TEST_CASE("anatomy: synonyms, plurals, lay words and multi-word names resolve to canonical names") {
    const auto& lex = annotator().anatomy();
    CHECK(lex.tag("Pain in both temples and the jaw muscles") == Names{"temple", "masseter muscle"});
    CHECK(lex.tag("My TMJ clicks; the voice box hurts; my tummy aches") ==
          Names{"temporomandibular joint", "larynx", "abdomen"});
    CHECK(lex.tag("Kidneys and the LIVER") == Names{"kidney", "liver"});
    CHECK(lex.tag("both corneas and retinas, the pancreas") == Names{"cornea", "retina", "pancreas"});
    CHECK(lex.tag("renal function, hepatic enzymes") == Names{"kidney", "liver"});
    CHECK(lex.tag("headache temporarily") == Names{});  // word boundaries: no head, no temple
    CHECK(lex.resolve("Temples") == "temple");
    CHECK(lex.resolve("TMJ") == "temporomandibular joint");
    CHECK(lex.resolve("not a body part") == std::nullopt);
}

TEST_CASE("anatomy: names match whatever accents the text writes them with") {
    const auto& lex = annotator().anatomy();
    // The lexicon writes "derrière" and "décolleté"; an accent the other way, or capitals, are
    // the same words folded.
    CHECK(lex.tag("a bruise on the derriére") == Names{"buttock"});
    CHECK(lex.tag("REDNESS ON MY DÉCOLLETÉ") == Names{"decolletage"});
    CHECK(lex.tag("the décolletage and the derriere") == Names{"decolletage", "buttock"});
    CHECK(lex.resolve("Derriére") == "buttock");
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
    // Idioms of watching, replying, admitting, leading and ranking, a study's group, chewing gum.
    for (const char* idiom : {"Keep an eye on the symptoms.", "Call me back.", "Let's face it, you need rest.",
                              "The heart of the problem is stress.", "She was head of the department.",
                              "Patients in the placebo arm improved.", "Hands down the best option.",
                              "Chew gum during descent."}) {
        CAPTURE(idiom);
        CHECK(lex.tag(idiom) == Names{});
    }
    CHECK(lex.tag("Keep an eye on your left eye") == Names{"eye"});
    CHECK(lex.tag("My gums bleed when I chew gum") == Names{"gum"});
    // ... and none of them swallows a real mention next to it.
    CHECK(lex.tag("Shortness of breath caused by heart failure") == Names{"heart"});
    CHECK(lex.tag("Many patients report back pain") == Names{"back"});
    CHECK(lex.tag("It could be back strain from lifting") == Names{"back"});
    CHECK(lex.tag("Keep your hands down by your sides") == Names{"hand"});
}

TEST_CASE("anatomy: the whole body is a mention only where something is placed in it") {
    const auto& lex = annotator().anatomy();
    CHECK(lex.tag("The rash is all over his body") == Names{"body"});
    CHECK(lex.tag("It can spread elsewhere in the body.") == Names{"body"});
    CHECK(lex.tag("Clots can form in any part of your body") == Names{"body"});
    CHECK(lex.tag("The virus stays inside your own body for years") == Names{"body"});
    CHECK(lex.tag("Steroids have bad effects on your body") == Names{});
    CHECK(lex.tag("Your body will get dependent on the pills") == Names{});
    CHECK(lex.tag("It means the body is compensating. In her body") == Names{"body"});  // same sentence only
    CHECK(lex.tag("cysts of the ciliary body") == Names{"ciliary body"});  // another concept, no rule
}

TEST_CASE("lexicon errors name the file and line") {
    test::TempDir dir;
    std::filesystem::copy(test::kLexiconDir, dir.path(),
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    test::write_file(dir / "anatomy.tsv", "# comment\nbody\t\t\t\nhead\tbody\tnoggin\t\nface\tskull\t\t\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()},
                         doctest::Contains(((dir / "anatomy.tsv").string() + ":4: parent 'skull'").c_str()), Error);
    test::write_file(dir / "anatomy.tsv", "body\t\t\t\nhead\tbody\tnoggin\t\nface\thead\tnoggin\t\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()}, doctest::Contains(":3: 'noggin' already names 'head'"), Error);
    test::write_file(dir / "anatomy.tsv", "body\t\t\t\nhead\tface\t\t\nface\thead\t\t\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()}, doctest::Contains("anatomy.tsv:"), Error);
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()}, doctest::Contains("form a cycle"), Error);
    // A cycle in a user lexicon is that file's fault, not the built-in one's.
    test::write_file(dir / "anatomy.tsv", "body\t\t\t\n");
    test::write_file(dir / "user.tsv", "widget gland\tgizmo\t\t\ngizmo\twidget gland\t\t\n");
    CHECK_THROWS_WITH_AS((annotate::Annotator{dir.path(), {dir / "user.tsv"}}),
                         doctest::Contains(((dir / "user.tsv").string() + ":").c_str()), Error);
    test::write_file(dir / "anatomy.tsv", "body\t\t\t\n");
    test::write_file(dir / "anatomy-false-alarms.tsv", "come back\nbody\tafter: in\nspleen\tafter: in\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()},
                         doctest::Contains("anatomy-false-alarms.tsv:3: 'spleen' names no concept"), Error);
    test::write_file(dir / "anatomy-false-alarms.tsv", "body\tafter: all over\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()}, doctest::Contains("place words must be single words"), Error);
    test::write_file(dir / "anatomy-false-alarms.tsv", "come back\n");
    test::write_file(dir / "stance-cues.tsv", "yes\tagree\t1\n");
    CHECK_THROWS_WITH_AS(annotate::Annotator{dir.path()}, doctest::Contains("stance-cues.tsv:1: unknown cue kind"), Error);

    // A user lexicon that is empty, not UTF-8, or UTF-16 says so at its line.
    std::filesystem::copy_file(test::kLexiconDir / "stance-cues.tsv", dir / "stance-cues.tsv",
                               std::filesystem::copy_options::overwrite_existing);
    auto user_error = [&](const std::string& content) {
        test::write_file(dir / "user.tsv", content);
        return test::error_of([&] { annotate::Annotator(dir.path(), {dir / "user.tsv"}); });
    };
    auto [empty, empty_code] = user_error("# nothing but a comment\n\n");
    CHECK(empty_code == ExitCode::config);
    CHECK(empty.find("user.tsv: no rows") != std::string::npos);
    CHECK(user_error("widget gland\tbody\tgiz\xE9mo\t\n").first.find("user.tsv:1: not valid UTF-8") != std::string::npos);
    static constexpr char kUtf16[] = "w\0i\0d\0\t\0b\0o\0d\0y\0\n\0";  // "wid<TAB>body" in UTF-16LE
    CHECK(user_error(std::string(kUtf16, sizeof kUtf16 - 1)).first.find("user.tsv:1: a NUL byte") != std::string::npos);
}

TEST_CASE("the annotator fingerprint changes when a lexicon changes") {
    test::TempDir dir;
    std::filesystem::copy(test::kLexiconDir, dir.path(),
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    std::string before = annotate::Annotator(dir.path()).fingerprint();
    CHECK(before == annotate::Annotator(dir.path()).fingerprint());
    test::write_file(dir / "anatomy.tsv", test::read_file(dir / "anatomy.tsv") + "wobble\tbody\t\t\n");
    CHECK(before != annotate::Annotator(dir.path()).fingerprint());
}

TEST_CASE("question frame: where the yes/no question is, in the forms people write it") {
    const auto& a = annotator();
    CHECK(polar("Double balloon enteroscopy: is it efficacious and safe?"));       // after a colon
    CHECK(polar("After my surgery last week, can I run again?"));                  // after a comma
    CHECK(polar("I SUFFER FROM FMF CAN I DO A RHINOPLASTY?"));                     // a run-on sentence
    CHECK(polar("I want to know whether the test is conclusive."));                // embedded whether
    CHECK(polar("Hi doctor, I was wondering if this rash is contagious."));        // know/wonder if
    CHECK(polar("is my anti hiv test conclusive or need retest"));                 // no '?', opens with is
    CHECK_FALSE(polar("I have been suffering from joint pain for 2 months?"));     // advice, not yes/no
    CHECK_FALSE(polar("My knee hurts, what should I do?"));                        // wh-question
    CHECK_FALSE(polar("I fell yesterday and my knee is swollen."));                // a statement
    // Auxiliaries that state rather than ask: after a subject, an auxiliary or a conjunction,
    // or before an age.
    CHECK_FALSE(polar("EKG says there was moderate right axis deviation?"));
    CHECK_FALSE(polar("I have had lumps on my tongue and coughing up blood?"));
    CHECK_FALSE(polar("My son coughs all the time and has a hard tummy?"));
    CHECK_FALSE(polar("My son is 8 months old and coughs all the time?"));
    CHECK(polar("I had a kidney stone removed is there a stone still moving"));  // inverted, no '?'
    CHECK_FALSE(polar("I had a kidney stone removed and the pain is gone"));      // no inversion, no '?'
    CHECK(polar("Question: Can a mother with autism raise a child"));            // a label, no '?'
    CHECK_FALSE(polar("Knee: can't bend it since the fall"));                      // a topic, not a label
    CHECK(polar("Swallowed a bottle of Tylenol, need a liver transplant?"));      // elliptical "do I need"
    CHECK(polar("I had a tummy tuck, now need cholecystectomy?"));
    // Headlines: a comment after a topic asks "is it ...?".
    CHECK(polar("Statins and muscle pain: a dose-related effect?"));              // after a colon
    CHECK(polar("Knee braces after sprains--a waste of money?"));                 // after a dash
    CHECK(polar("Oat bran, a remedy for high cholesterol?"));                     // in apposition
    CHECK(polar("Is the Nd:YAG laser safe for tattoo removal?"));                 // a colon inside a word
    CHECK_FALSE(polar("Question: knee pain after running for 2 months?"));        // a label, not a topic
    CHECK_FALSE(polar("Knee pain after running: what should I do?"));             // wh-question after the topic
    CHECK(a.frame("Is X as safe as Y?", "").comparison == annotate::QuestionFrame::Comparison::sameness);
    CHECK(a.frame("Does X improve survival?", "").comparison == annotate::QuestionFrame::Comparison::difference);
    CHECK(a.frame("Is it safe to fly?", "").asks_permission);
    CHECK(a.frame("Can I take ibuprofen?", "").asks_permission);
    CHECK_FALSE(a.frame("Can Botox cause volume loss?", "").asks_permission);
    CHECK(a.frame("Do I need surgery?", "").asks_advice);
    auto alt = a.frame("Is it multiple sclerosis or ALS?", "");
    CHECK(alt.proposition == Names{"multipl", "sclerosi"});
    CHECK(alt.alternative == Names{"al"});
}

TEST_CASE("question frame: a statement with a question mark is not a yes/no question") {
    // A dropped subject before have/had/was: the clause states.
    CHECK_FALSE(polar("Had surgery for acoustic neuroma, having secondary effects?"));
    CHECK_FALSE(polar("Stabbing chest pains, had several cardiac tests, all OK?"));
    CHECK_FALSE(polar("I have insomnia. Was told I had anaemia as well?"));
    CHECK(polar("Has anyone had this after a root canal?"));  // its subject follows
    // A negated auxiliary asks only before its subject.
    CHECK_FALSE(polar("I feel worn out, can't sleep, nauseous and cold?"));
    CHECK_FALSE(polar("I am out of breath for a year, my doctors can't identify the problem?"));
    CHECK(polar("Isn't it too early for a second scan?"));
    // Inside a clause, be/have after a noun is the statement's verb ...
    CHECK_FALSE(polar("I donated plasma and my vein is now hard?"));
    CHECK_FALSE(polar("My immune system is deficient in IgG3, please advise?"));
    CHECK_FALSE(polar("I had endometriosis, doctors say my uterus is damaged?"));
    CHECK_FALSE(polar("I have a lump on my breast, the hospital refused to do a mammogram?"));  // "to do"
    // ... and asks before a subject, after a clause that has its verb, or opening a clause.
    CHECK(polar("Pain in my side is it appendicitis?"));
    CHECK(polar("HIV test is non reactive is further testing required?"));
    CHECK(polar("My mother lost her mobility \u2013 is cannabis oil ok?"));
    CHECK(polar("Diagnosed with sleep apnea can treatment cause hypertension?"));  // a modal asks
    // "need" / "any" ask yes/no unless what is asked for is help.
    CHECK_FALSE(polar("Doctor says I should remove my gallbladder, need second opinion?"));
    CHECK_FALSE(polar("Pain down my leg to the knee, any ideas?"));
    CHECK(polar("10 year old has a cyst on the ovary, any alternative to surgery?"));
    // A phrase after a statement continues it; after a topic it is an apposition.
    CHECK_FALSE(polar("I have moles on my shoulders, a few on my back?"));
    CHECK(polar("Oat bran, a remedy for high cholesterol?"));
    CHECK_FALSE(polar("Doctors are puzzled by my rash?"));  // "doctors" is not a greeting
}

TEST_CASE("question frame: elliptical questions, hypotheses put forward, and a question after a statement") {
    const auto& a = annotator();
    // A judgement opening a clause without a verb asks whether the topic is so.
    CHECK(polar("Blood pressure 180 over 110 at rest...dangerous?"));
    CHECK(polar("Twelve weeks pregnant, safe to take paracetamol?"));
    CHECK_FALSE(polar("Normal blood tests but still tired?"));                    // an attribute
    CHECK_FALSE(polar("Stabbing chest pains, had several cardiac tests, all OK?"));  // a report of results
    // A choice without a verb asks about its first option; with a verb it states.
    auto choice = a.frame("Pain low in my back, kidney stone or pulled muscle?", "");
    CHECK(choice.polar);
    CHECK(choice.proposition == Names{"kidney", "stone"});
    CHECK_FALSE(polar("My legs are cold or hot all day?"));
    CHECK(polar("My knee still hurts after physiotherapy - or do I need surgery?"));  // "or" opens a question
    // A hypothesis put forward for the reader to confirm.
    CHECK(polar("I think I caught shingles from my grandson?"));
    CHECK(polar("I am really worried that my mole is melanoma?"));
    CHECK(polar("I may have passed the infection to my wife?"));
    CHECK_FALSE(polar("I think about my illness all day, what can I do?"));       // an open question
    CHECK_FALSE(polar("I am worried about this sore on my lip?"));                 // a worry, not a claim
    // A sentence that states with a '?' lets the next one ask; an open question still decides.
    CHECK(polar("I have had a dry cough for three weeks? Could it be asthma?"));
    CHECK_FALSE(polar("What is the best filler? Is it safe?"));
    CHECK_FALSE(polar("I have had a dry cough for three weeks? What should I take?"));
}

TEST_CASE("question frame: 'it' after a stated topic brings the topic's words into the proposition") {
    const auto& a = annotator();
    auto has = [](const Names& words, const std::string& w) { return std::find(words.begin(), words.end(), w) != words.end(); };
    auto effect = a.frame("I am thinking of knee surgery, would it help?", "");
    CHECK(has(effect.proposition, "help"));
    CHECK(has(effect.proposition, "knee"));
    CHECK(has(effect.proposition, "surgeri"));
    CHECK(has(a.frame("I take aspirin every day is it safe?", "").proposition, "aspirin"));  // a run-on
    // To "is it X?" the "it" is the complaint that X would explain: only X is the proposition.
    CHECK(a.frame("I have a rash on my arm, is it eczema?", "").proposition == Names{"eczema"});
    // A headline's topic stays out (it lost on PubMedQA, bench/README.md, rules version 5).
    CHECK_FALSE(has(a.frame("Staging laparoscopy: is it useful?", "").proposition, "laparoscopi"));
}

TEST_CASE("stance: reassurance answers yes to 'is it safe' and no to 'is it serious'") {
    CHECK(stance_of("Is it safe to take ibuprofen with my antibiotic?", "No problem, you can take both.") == Stance::yes);
    CHECK(stance_of("Is this lump cancer?", "Nothing to worry about, it is a harmless cyst.") == Stance::no);
    // A denied link to the condition reassures: yes to "Can I...?", no to "Is it...?".
    CHECK(stance_of("I have FMF, can I have a rhinoplasty?",
                    "There seems to be no direct relation between FMF and rhinoplasty.") == Stance::yes);
    CHECK(stance_of("Can it be high blood pressure?", "High blood pressure is unrelated to bursitis.") == Stance::no);
    CHECK(stance_of("Is it fatty liver?", "Fatty liver has nothing to do with these complaints.") == Stance::no);
    // A reassurance that holds its own negation is a clause of its own: the "won't" before it
    // does not flip it into a yes.
    CHECK(stance_of("Is this lump cancer?", "You won't need any more tests don't worry.") == Stance::no);
}

TEST_CASE("stance: a harm answers 'is it safe' no and 'is it dangerous' yes, and calling it safe the other way") {
    const std::string harmful = "Ibuprofen is harmful to the baby late in pregnancy.";
    CHECK(stance_of("Is it safe to take ibuprofen while pregnant?", harmful) == Stance::no);
    CHECK(stance_of("Is ibuprofen dangerous during pregnancy?", harmful) == Stance::yes);
    CHECK(stance_of("Can I take ibuprofen while pregnant?", "Ibuprofen is generally avoided in the third trimester.") ==
          Stance::no);
    // A harm is no verdict on a question of benefit (it does not deny it) or of identity.
    CHECK(stance_of("Does ibuprofen help with the swelling?", "Ibuprofen is harmful to the stomach.") != Stance::no);
    CHECK(stance_of("Is this mole a melanoma?", "The colour is concerning.") == Stance::none);
    // "safe" affirms a question of safety and denies one of harm; a negated harm reassures.
    const std::string safe = "It is perfectly safe in the first trimester.";
    CHECK(stance_of("Is it safe to take paracetamol while pregnant?", safe) == Stance::yes);
    CHECK(stance_of("Is paracetamol dangerous in pregnancy?", safe) == Stance::no);
    CHECK(stance_of("Is paracetamol dangerous in pregnancy?", "Paracetamol isn't dangerous at the usual dose.") ==
          Stance::no);
    // Two opposite judgements joined by "or" ask the first; the second is no other option.
    CHECK(stance_of("Is it safe or dangerous to fly?", "Flying is dangerous after surgery.") == Stance::no);
    CHECK(stance_of("Is this lump normal or serious?", "It is serious and needs a biopsy.") == Stance::no);
    // A question of harm with a "possible" in it still asks about harm; "serious" before a noun
    // or in the second option asks nothing of the kind.
    CHECK(stance_of("Is it possible that this lump is serious?", "The lump is serious and needs a biopsy.") ==
          Stance::yes);
    CHECK(stance_of("Is it a cyst or something serious?", "This looks dangerous.") != Stance::yes);
}

TEST_CASE("stance: 'normal' is a verdict of safety, 'to be safe' a precaution and no verdict") {
    const std::string normal = "A resting rate of 90 is within the normal range.";
    CHECK(stance_of("Is a resting heart rate of 90 ok?", normal) == Stance::yes);
    CHECK(stance_of("Is a resting heart rate of 90 dangerous?", normal) == Stance::no);
    CHECK(stance_of("Is it a stomach ulcer?", "Get an endoscopy to be safe.") == Stance::none);
}

TEST_CASE("stance: advice to wait withholds a permission for now, unless waiting is what was asked") {
    CHECK(stance_of("Can I fly two weeks after knee surgery?", "It is better to wait six weeks because of clots.") ==
          Stance::no);
    CHECK(stance_of("Is it safe to swim after the surgery?", "It is better to wait until the stitches are out.") ==
          Stance::no);
    // "Is it normal?" asks for no permission: waiting is no verdict on it.
    CHECK(stance_of("Is this swelling normal after a tooth extraction?", "Wait and see for a few days.") != Stance::no);
    CHECK(stance_of("Can I wait a week before seeing a doctor?", "You can wait until Monday.") == Stance::yes);
}

TEST_CASE("stance: permission and advice count only for questions that ask for them") {
    CHECK(stance_of("Can I exercise after the injection?", "You can exercise the next day.") == Stance::yes);
    CHECK(stance_of("Do I need surgery for this tear?", "You need to have it repaired surgically.") == Stance::yes);
    // "you need to" is advice, not an answer, when the question asks about a cause.
    CHECK(stance_of("Is this rash caused by the new soap?", "You need to see a dermatologist.") == Stance::none);
}

TEST_CASE("stance: 'no difference' affirms sameness and denies change") {
    const std::string answer = "There was no significant difference between the two groups.";
    CHECK(stance_of("Is drug A as effective as drug B?", answer) == Stance::yes);
    CHECK(stance_of("Does drug A improve survival compared with drug B?", answer) == Stance::no);
    CHECK(stance_of("Is drug A used in children?", answer) == Stance::none);  // it says nothing to that
    // A question whether one thing predicts or goes with another is a question of change.
    CHECK(stance_of("Is severe pain after surgery a predictor of long-term outcomes?",
                    "Patients with and without severe pain had similar long-term outcomes.") == Stance::no);
}

TEST_CASE("stance: a finding true of some patients or measures only is a maybe") {
    CHECK(stance_of("Can implant retention be recommended for infected knee replacements?",
                    "Retention can be selectively considered in selected patients.") == Stance::maybe);
    // "partly" in a sentence that does not state what was asked hedges (a degree hedge, below).
    CHECK(stance_of("Are bone markers representative of bone histology?",
                    "Our cohort was partly drawn from two dialysis units.") == Stance::maybe);
}

TEST_CASE("stance: a hedge of degree in a sentence that states what was asked grants it") {
    // Without a "yes" to lean on: the restated proposition with its degree is the verdict.
    CHECK(stance_of("Is the wound infected?", "The wound is infected to some extent.") == Stance::yes);
    // Nor does the hedge undo an explicit "yes".
    CHECK(stance_of("Is the wound infected?", "Yes the wound is infected to some extent, keep it clean.") == Stance::yes);
    CHECK(stance_of("Do night splints reduce morning heel pain?",
                    "Night splints reduced morning heel pain partly, more so in runners.") == Stance::yes);
    // Where the sentence does not state it, the same words hedge.
    CHECK(stance_of("Is the wound infected?", "Redness may spread to some extent around any stitches.") == Stance::maybe);
}

TEST_CASE("stance: a question that doubts its proposition ('really', 'always') expects no") {
    CHECK(annotator().frame("Is stage I really an early stage?", "").challenges);
    CHECK(annotator().frame("Is dilatation always necessary?", "").challenges);
    CHECK_FALSE(annotator().frame("Is dilatation necessary?", "").challenges);
    // Without a decisive answer the doubt decides; restating the words does not affirm.
    CHECK(stance_of("Do patients really want more aggressive treatment?",
                    "Patients want treatment that spares their quality of life.") == Stance::no);
    CHECK(stance_of("Do patients want more aggressive treatment?",
                    "Patients want treatment that spares their quality of life.") == Stance::yes);
    // A clear answer outweighs the doubt.
    CHECK(stance_of("Is dilatation always necessary?", "Yes, dilatation is necessary in every case.") == Stance::yes);
}

TEST_CASE("stance: 'no need' denies a need and affirms that something can be left out") {
    CHECK(stance_of("Is STIR imaging necessary for bone metastases?", "There is no need for STIR imaging.") == Stance::no);
    CHECK(stance_of("Can STIR imaging be omitted?", "There is no need for STIR imaging.") == Stance::yes);
    CHECK(stance_of("Can CT replace bone scintigraphy?", "Bone scintigraphy is not required when CT is done.") ==
          Stance::yes);
}

TEST_CASE("stance: a difference found denies sameness and affirms change") {
    CHECK(stance_of("Are polyps of young women similar to those of old women?",
                    "The polyps of the two groups differed in their receptor markers.") == Stance::no);
    CHECK(stance_of("Is drug A equivalent to drug B?", "Levels were significantly lower with drug A.") == Stance::no);
    CHECK(stance_of("Does drug A change blood pressure?", "Blood pressure was significantly lower with drug A.") ==
          Stance::yes);
    // Negated, it is a finding of no difference.
    CHECK(stance_of("Are the two scores equivalent?", "The scores were not significantly different.") == Stance::yes);
}

TEST_CASE("stance: in 'X or Y?' an answer about Y says no to X") {
    CHECK(stance_of("Is it multiple sclerosis or ALS?", "It is ALS, I am sorry to say. Get a spinal tap to confirm.") ==
          Stance::no);
    CHECK(stance_of("Is it multiple sclerosis or ALS?", "Yes, this looks like multiple sclerosis.") == Stance::yes);
    // In a list of choices every option after the first is an alternative, not only the one after "or".
    const auto& a = annotator();
    Thread t;
    t.title = "Should I up the pain medicine, go to the ER or ride it out?";
    auto frame = a.frame(t);
    CHECK(frame.proposition == Names{"pain", "medicin"});
    auto in_alternative = [&](const std::string& s) {
        return std::find(frame.alternative.begin(), frame.alternative.end(), s) != frame.alternative.end();
    };
    CHECK(in_alternative("er"));
    CHECK(in_alternative("ride"));
    CHECK(stance_of(t.title, "I think you have to go to the ER, this needs to be checked.") == Stance::no);
}

TEST_CASE("stance: a condition weakens what it conditions") {
    const std::string q = "Can Botox cause a loss of volume?";
    // Without the "if" clause discount, "it does" would read as a yes.
    CHECK(stance_of(q, "If it does occur, it is rare and temporary.") == Stance::maybe);
}

TEST_CASE("stance: 'Yes'/'No' may follow a greeting, and lower-case answers are split into sentences") {
    const std::string q = "Is further testing required after a negative test?";
    CHECK(stance_of(q, "hi. no it is not needed. the test is accurate at 3 months.") == Stance::no);
    CHECK(stance_of(q, "Hello, yes. Repeat the test at 3 months.") == Stance::yes);
}

TEST_CASE("stance: a negation far from the question's words weighs little") {
    // "do not hesitate" says nothing against safety; "are safe" restates the question.
    CHECK(stance_of("Are PPIs safe for me?", "PPIs are safe. If you took them before, do not hesitate to start again.") ==
          Stance::yes);
}

TEST_CASE("stance: a prohibition is advice, and denies only when it names what was asked") {
    // "Do not apply ..." says what to do next, nothing about the lump.
    CHECK(stance_of("Is this lump cancer?", "Keep the area clean. Do not apply heavy weight on it.") == Stance::none);
    CHECK(stance_of("Is this lump cancer?", "Keep the area clean, and don't scratch it.") == Stance::none);
    // With the question's words in its scope it still denies.
    CHECK(stance_of("Should I take the pills?", "Do not take the pills for now.") == Stance::no);
    // A subject before the negation makes it a statement: it denies as before.
    CHECK(stance_of("Is this lump cancer?", "I do not see anything worrying here.") == Stance::no);
    // "Do not panic" is a reassurance, listed as one.
    CHECK(stance_of("Is this lump cancer?", "Do not panic, keep the area clean.") == Stance::no);
}

TEST_CASE("stance: the doctor's questions back to the asker cast no vote") {
    CHECK(stance_of("Is it diabetes?", "How old are you? Is there diabetes in your family?") == Stance::none);
    // The statements around them still answer.
    CHECK(stance_of("Is it diabetes?", "Is there diabetes in your family? It is not diabetes.") == Stance::no);
}

TEST_CASE("stance: with no deciding cue, an answer that speaks to the question says yes, one about the other option no") {
    // It shares one word with the question, too few to restate it.
    CHECK(stance_of("Does green tea lower blood pressure in older adults?",
                    "In our trial the tea group showed a drop in readings.") == Stance::yes);
    // It speaks of nothing that was asked: no stance.
    CHECK(stance_of("Does green tea lower blood pressure?", "Please book a visit with your family doctor.") == Stance::none);
    // Weak evidence still decides before the default: a denial far from the question's words.
    CHECK(stance_of("Does green tea lower blood pressure in older adults?",
                    "Readings were not much changed in the tea group.") == Stance::no);
    // "X or Y?": an answer about Y alone says no to X; words of both ("headache") tell neither apart.
    CHECK(stance_of("Is this a migraine headache or a tension headache?", "These are tension headaches from your posture.") ==
          Stance::no);
    CHECK(stance_of("Is this a migraine headache or a tension headache?", "These are migraines, typical ones.") ==
          Stance::yes);
}

TEST_CASE("stance: research conclusions, and 'no' inside a sentence negates what follows") {
    CHECK(stance_of("Is coffee associated with migraine?", "There was no independent association between coffee and migraine.") ==
          Stance::no);
    CHECK(stance_of("Does stretching reduce soreness after running?", "Stretching had little effect on soreness.") == Stance::no);
    CHECK(stance_of("Do compression socks prevent swelling on long flights?",
                    "Compression socks fail to prevent swelling on long flights.") == Stance::no);
    // The finding that decides is named in the evidence.
    const auto& a = annotator();
    auto decision = a.analyse(a.frame("Is home dialysis feasible for older adults?", ""),
                              "Home dialysis was achievable and safe in our older patients.").stance;
    CHECK(decision.stance == Stance::yes);
    CHECK(std::any_of(decision.cues.begin(), decision.cues.end(), [](const auto& c) { return c.phrase == "achievable"; }));
}

TEST_CASE("anatomy: context words of another sense, within the same sentence") {
    const auto& lex = annotator().anatomy();
    CHECK(lex.tag("We prayed at the temple on Sunday.") == Names{});
    CHECK(lex.tag("We prayed at the temple. Now my left temple hurts.") == Names{"temple"});
    CHECK(lex.tag("Palm oil from palm trees") == Names{});
    CHECK(lex.tag("An old chest of drawers") == Names{});
    CHECK(lex.tag("My chest hurts") == Names{"thorax"});
    CHECK(lex.tag("Please head over to the ER") == Names{});
}

TEST_CASE("anatomy: a word of two senses is read by the phrase it stands in") {
    const auto& lex = annotator().anatomy();
    CHECK(lex.tag("a cervical smear is due") == Names{"cervix"});
    CHECK(lex.tag("a cervical MRI for the numb fingers") == Names{"cervical spine", "finger"});
    CHECK(lex.tag("a slipped disc at L4-5, two discs bulging") == Names{"intervertebral disc"});
    CHECK(lex.tag("Tubal blockage, and nasal drops for the cold") == Names{"fallopian tube", "nose"});
    CHECK(lex.tag("lie face down for a week, then face up") == Names{});  // a position, not the face
    CHECK(lex.tag("a rash on the face") == Names{"face"});
    // "spinal" alone is the spine's; the longer names decide for the cord and the fluid
    CHECK(lex.tag("spinal stenosis, so a spinal tap is put off") == Names{"vertebral column"});
    CHECK(lex.tag("spinal cord injury and spinal fluid") == Names{"spinal cord", "cerebrospinal fluid"});
    CHECK(lex.tag("spinal muscular atrophy") == Names{"spinal cord"});
}

TEST_CASE("anatomy: an adjective that points to one structure names it, a generic word beside it does not") {
    const auto& lex = annotator().anatomy();
    CHECK(lex.tag("a coronary angiogram and striatal dopamine") == Names{"coronary artery", "striatum"});
    CHECK(lex.tag("microvascular disease and intimal thickening of the vessel wall") ==
          Names{"microvasculature", "tunica intima", "blood vessel wall"});
    CHECK(lex.tag("an anal fissure") == Names{"anus"});
    CHECK(lex.tag("the feeder vessels of the tumour") == Names{});  // "vessel" alone names nothing
    CHECK(lex.lineage("tunica intima") ==
          Names{"tunica intima", "blood vessel wall", "blood vessel", "cardiovascular system", "body"});
}

TEST_CASE("anatomy: names of molecules, devices and places are not body parts") {
    const auto& lex = annotator().anatomy();
    CHECK(lex.tag("vascular endothelial growth factor and thyroid hormone levels") == Names{});
    CHECK(lex.tag("She studies at Temple University in Palm Beach.") == Names{});
    CHECK(lex.tag("Temple pain started last week.") == Names{"temple"});  // capital at a sentence start
    CHECK(lex.tag("a foreign body in the eye") == Names{"eye"});
    CHECK(lex.tag("GI bleeding and an enlarged LV") == Names{"gastrointestinal tract", "left ventricle"});
}

TEST_CASE("stance: a comparative of a finding word ('more effective') proposes something better, it affirms nothing") {
    const auto& a = annotator();
    auto decision = a.analyse(a.frame("Is the vaccine campaign working?", ""),
                              "Uptake stayed low. More effective campaigns are needed.").stance;
    CHECK(std::none_of(decision.cues.begin(), decision.cues.end(), [](const auto& c) { return c.phrase == "effective"; }));
    CHECK(stance_of("Does the reminder letter improve attendance?",
                    "Attendance did not improve with the letter; a more useful approach would be a phone call.") ==
          Stance::no);
    // The finding word alone still affirms.
    CHECK(stance_of("Is the new inhaler effective for asthma?", "The new inhaler was effective in most of our patients.") ==
          Stance::yes);
}

TEST_CASE("stance: 'Should I ...?' asks for advice, not permission: reassurance answers it no") {
    CHECK(stance_of("My scan showed a small cyst, should I be worried?", "There is no reason to worry, such cysts are harmless.") ==
          Stance::no);
    CHECK(stance_of("Should I cancel my holiday because of the rash?", "Do not panic, it will settle in a few days.") ==
          Stance::no);
    // To a question of permission the same reassurance is a yes.
    CHECK(stance_of("Can I go swimming with this rash?", "There is no reason to worry, it is not contagious.") == Stance::yes);
    // Advice still answers "Should I ...?" yes.
    CHECK(stance_of("Should I see a dermatologist about the rash?", "I recommend you see a dermatologist this week.") ==
          Stance::yes);
}

TEST_CASE("stance: a verdict after a word of attitude, said as a belief, or both at once") {
    const std::string q = "Is my kidney stone going to come back?";
    // "Unfortunately yes": regret does not stop "yes" from opening the answer.
    CHECK(stance_of(q, "Unfortunately yes, about half of patients have a recurrence within five years.") == Stance::yes);
    CHECK(stance_of(q, "Sadly, no. Nothing will bring it back.") == Stance::no);
    CHECK(stance_of(q, "I'm afraid so. Drink more water.") == Stance::yes);
    CHECK(stance_of(q, "I don't think so. Drink more water.") == Stance::no);
    CHECK(stance_of(q, "Not at all. Stones removed completely rarely return.") == Stance::no);
    CHECK(stance_of(q, "Yes and no. It depends on your diet.") == Stance::maybe);
    // Inside a sentence "yes" still opens nothing: "she said yes to surgery" is no verdict.
    CHECK(stance_of(q, "Drink water. She said yes to surgery last year.") != Stance::yes);
}

TEST_CASE("stance: no way to know without a test is a maybe, not a denial") {
    CHECK(stance_of("Is this cancer?", "There is no way to know without a biopsy.") == Stance::maybe);
    CHECK(stance_of("Is this cancer?", "It is impossible to say from a photo; see a dermatologist.") == Stance::maybe);
    // A doctor who cannot comment without more (an image, a size) leaves the question open.
    CHECK(stance_of("Can I have the plate removed?",
                    "It is better to keep it for now. I would need to see the scan to comment on this.") ==
          Stance::maybe);
    CHECK(stance_of("Is the bone broken?", "It is hard to comment on this from a description.") == Stance::maybe);
    // "impossible" alone still denies.
    CHECK(stance_of("Can I get pregnant from this?", "That is impossible.") == Stance::no);
}

TEST_CASE("stance: a negation after the modal that asked denies what was asked") {
    // "It can never ..." negates the question's "can": the denial counts in full though the
    // question's words are not repeated, and "it can" before the negation grants nothing.
    CHECK(stance_of("Can masturbation cause infertility?", "Hello. It can never do such a thing. Take care.") ==
          Stance::no);
    CHECK(stance_of("Can I drink alcohol with metronidazole?",
                    "Hello. You can not, for three days after the last dose. Regards.") == Stance::no);
    CHECK(stance_of("Will the scar fade?", "Hello. Unfortunately it won't, as it is a keloid. Regards.") == Stance::no);
    // A modal that did not ask is still weighed by the question's words in its scope.
    Thread t;
    t.title = "Can it spread to my wife?";
    CHECK(annotator().frame(t).modal == "can");
    t.title = "Is it a hernia?";
    CHECK(annotator().frame(t).modal.empty());
}

TEST_CASE("question frame: a question in statement order that ends in a judgement asks yes/no") {
    const auto& a = annotator();
    CHECK(polar("My heart rate of 120 at rest is normal?"));
    CHECK(polar("Taking ibuprofen with paracetamol is safe?"));
    CHECK(polar("I have a rash on my arm, it is contagious?"));
    // After another clause, the same form reports results.
    CHECK_FALSE(polar("My thighs turned purple, all blood tests are ok?"));
    CHECK_FALSE(polar("I have a decreased urine output, but all tests are normal?"));
    // "is that bad?" asks whether the topic before it is so, not what it is: the topic's words
    // join the proposition, and a cause named is no other explanation.
    auto f = a.frame("My blood pressure is 150/95, is that bad?", "");
    CHECK(f.polar);
    CHECK_FALSE(f.asks_identity);
    CHECK(std::find(f.proposition.begin(), f.proposition.end(), "pressur") != f.proposition.end());
    CHECK(a.frame("I have a lump on my neck, is it cancer?", "").asks_identity);
}

TEST_CASE("question frame: a request for help is not a yes/no question") {
    CHECK_FALSE(polar("Can you help me?"));
    CHECK_FALSE(polar("Could you please advise?"));
    CHECK_FALSE(polar("Can anyone tell me what this is?"));
    CHECK_FALSE(polar("I have been admitted to hospital, no diagnosis, do you have any ideas?"));
    CHECK_FALSE(polar("I have abdominal pains and my legs are numb can you help me"));
    // What the request asks for may be a yes/no question itself, or a later sentence may ask one.
    CHECK(polar("Can you please tell me if it is cancer?"));
    CHECK(polar("I have had knee pain for two weeks. Can you help me? Is it arthritis?"));
    // "Can you ...?" about what a person can do is a yes/no question.
    CHECK(polar("Can you get HIV from kissing?"));
    CHECK(polar("Can you give herpes to your partner by kissing?"));
    CHECK(stance_of("Can you help me read my MRI?", "It looks like a small tear of the rotator cuff.") == Stance::none);
}

TEST_CASE("question frame: 'Can I do X or Y?' offers options, all of them asked") {
    const auto& a = annotator();
    auto f = a.frame("Can I take ibuprofen or paracetamol for the pain?", "");
    CHECK(f.alternative.empty());
    CHECK(std::find(f.proposition.begin(), f.proposition.end(), "paracetamol") != f.proposition.end());
    // An answer granting one option does not deny the other.
    CHECK(stance_of("Can I take ibuprofen or paracetamol for the pain?", "Paracetamol is the better choice for you.") ==
          Stance::yes);
    // "Is it X or Y?" and "Can my pain be due to X or Y?" still ask which.
    CHECK_FALSE(a.frame("Is it a kidney stone or a pulled muscle?", "").alternative.empty());
    CHECK_FALSE(a.frame("Can my dizziness be due to my spine or Parkinson's?", "").alternative.empty());
}

TEST_CASE("stance: to a question of excess, speaking against the thing itself affirms the excess") {
    const std::string q = "I am 33, am I too young to have the shingles vaccine?";
    CHECK(annotator().frame(q, "").excess == "young");
    // Against the vaccine at this age: yes, too young.
    CHECK(stance_of(q, "It is not recommended to take the vaccine at your age.") == Stance::yes);
    CHECK(stance_of(q, "You are still young, wait until 50.") == Stance::yes);
    // Granting it denies the excess; so does denying the excess in its own words.
    CHECK(stance_of(q, "You can take the vaccine now, it is recommended for adults.") == Stance::no);
    CHECK(stance_of(q, "You are not too young for it.") == Stance::no);
    // The same cue to another question speaks against what was asked.
    CHECK(stance_of("Is this knee pain arthritis?", "You are too young for arthritis.") == Stance::no);
    // "Too much alcohol" names a quantity, it asks no question of excess.
    CHECK(annotator().frame("Can too much alcohol cause hemochromatosis?", "").excess.empty());
    CHECK(stance_of("Can too much alcohol cause hemochromatosis?", "Yes. Alcohol can cause it.") == Stance::yes);
}

TEST_CASE("stance: a weak hedge alone in an answer off the question's topic takes no position") {
    // It speaks of something else, cautiously: none, not maybe.
    CHECK(stance_of("Is it a hernia?", "Get an ultrasound done. This may be from lifting at work.") == Stance::none);
    // An elliptical answer is about the question itself.
    CHECK(stance_of("Is it a hernia?", "It may.") == Stance::maybe);
    // A hedge strong enough to decide still does.
    CHECK(stance_of("Is it a hernia?", "Hard to say without an exam.") == Stance::maybe);
}

TEST_CASE("question frame: the asker's hypothesis anywhere in the clause is what is asked") {
    const auto& a = annotator();
    auto f = a.frame("I am 20 weeks pregnant and I think I have a severe kidney infection?", "");
    CHECK(f.polar);
    CHECK(f.proposition == Names{"sever", "kidney", "infect"});
    CHECK(polar("I have blood in my urine, convinced it could be cancer?"));
    CHECK(polar("My son has patches on his back. It may be ringworm?"));
    CHECK(polar("I use minoxidil and I'm now very worried that I'm going to have a heart attack?"));
    // Someone else's belief or a feeling is not the asker's hypothesis; a worry names no claim.
    CHECK_FALSE(polar("Her hemoglobin is low and iron high, doctor thinks they are fighting each other?"));
    CHECK_FALSE(polar("I have pain after exercise and I feel I pass out?"));
    CHECK_FALSE(polar("I had surgery last week and I am worried about the scar?"));
    CHECK(stance_of("I have blood in my urine, convinced it could be cancer?", "It is not cancer, it is a stone.") ==
          Stance::no);
}

TEST_CASE("question frame: a guess after a break, and a question after a condition without a verb") {
    const auto& a = annotator();
    auto guess = a.frame("I have shingles, I may have given it to my grandson?", "");
    CHECK(guess.polar);
    CHECK(guess.proposition == Names{"given", "grandson"});
    // The condition has no auxiliary or subject of its own, so "are" / "is" asks.
    auto condition = a.frame("If breastfeeding are cold tablets safe?", "");
    CHECK(condition.polar);
    CHECK(condition.proposition == Names{"cold", "tablet", "safe"});
    CHECK(polar("After surgery is swimming ok?"));
    // A condition with its own subject keeps its verb.
    CHECK_FALSE(polar("If my baby is teething?"));
    CHECK_FALSE(polar("If my scan is clear the pain is from the muscle?"));
}

TEST_CASE("question frame: a claim put forward in statement order is what is asked") {
    const auto& a = annotator();
    // A causal claim with a question mark asks whether X causes Y; its clause is the proposition.
    auto f = a.frame("The new inhaler is causing hoarseness?", "");
    CHECK(f.polar);
    CHECK(f.proposition == Names{"new", "inhal", "caus", "hoars"});
    CHECK(polar("I started a statin last month, the statin is causing cramps?"));
    // A relative clause reports the cause; "what is causing it" asks an open question.
    CHECK_FALSE(polar("I have a cyst which is causing pain?"));
    CHECK_FALSE(polar("My feet swell and nobody knows what is causing it?"));
}

TEST_CASE("question frame: an appearance or a deliberation put forward in statement order is asked") {
    const auto& a = annotator();
    // "X seems to be Y?" asks whether X is Y: the state is the proposition.
    auto f = a.frame("I have a toe nail that seems to be ingrown?", "");
    CHECK(f.polar);
    CHECK(f.proposition == Names{"ingrown"});
    // Not when nothing seems so or the asker cannot find out, nor without "to be".
    CHECK_FALSE(polar("I sprained my ankle last week and nothing seems to be working?"));
    CHECK_FALSE(polar("My ankle hurts and I can't seem to find out why?"));
    CHECK_FALSE(polar("My mother is in bed all day and nobody seems to care?"));
    // Deliberation asks whether to do what is considered, also inside a relative clause.
    auto d = a.frame("I am a 40 year old man who is considering stopping my statin?", "");
    CHECK(d.polar);
    CHECK(d.proposition == Names{"stop", "statin"});
    CHECK(polar("My knee has been bad for years, thinking about a knee replacement?"));
    // A relative clause that only describes the asker leaves the sentence as it was.
    CHECK_FALSE(polar("I am a 30 year old man who has asthma, the inhaler is causing hoarseness?"));
}

TEST_CASE("stance: advice to wait answers 'Should I ...?' no") {
    CHECK(stance_of("Should I get a tummy tuck now?", "If you plan to have children, you should wait.") == Stance::no);
    CHECK(stance_of("Do I need surgery for this cyst?", "Let us wait and see for six weeks.") == Stance::no);
    // "Is it worthwhile to ...?" asks for advice as "Should I ...?" does.
    CHECK(annotator().frame("Is it worthwhile to get a tummy tuck if I plan to have children?", "").asks_advice);
    // To a question that asks no advice, waiting says nothing.
    CHECK(stance_of("Is this cyst cancer?", "Let us wait and see for six weeks.") == Stance::none);
}

TEST_CASE("stance: what cannot be ruled out or confirmed stays open") {
    CHECK(stance_of("Is it multiple sclerosis?",
                    "Less likely to be MS, but it cannot be ruled out completely unless you get an MRI.") == Stance::maybe);
    CHECK(stance_of("Do I have multiple sclerosis?",
                    "MS can not be confirmed or denied unless you do an MRI again.") == Stance::maybe);
    CHECK(stance_of("Is it ALS?", "The history does not confirm ALS; it needs a lumbar puncture.") == Stance::maybe);
    CHECK(stance_of("Is it eye cancer?", "There is a possibility of eye cancer, or of uveitis.") == Stance::maybe);
    // A plain denial stays one.
    CHECK(stance_of("Is it multiple sclerosis?", "No, it is not multiple sclerosis.") == Stance::no);
}

TEST_CASE("stance: a negated certainty leaves the thing open") {
    CHECK(stance_of("Am I going to have heart problems?",
                    "Having Hashimoto's does not mean you will definitely have heart problems.") == Stance::maybe);
    CHECK(stance_of("Is it rheumatoid arthritis?", "It is not definitely rheumatoid arthritis; get an anti-CCP test.") ==
          Stance::maybe);
    // Certainty before the negation strengthens the denial.
    CHECK(stance_of("Is it rheumatoid arthritis?", "It is definitely not rheumatoid arthritis.") == Stance::no);
    CHECK(stance_of("Is it rheumatoid arthritis?", "It is definitely rheumatoid arthritis.") == Stance::yes);
}

TEST_CASE("stance: verdicts under two different conditions answer 'it depends'") {
    CHECK(stance_of("Do I need surgery?",
                    "If it is 1st degree, physiotherapy is enough. If it is 2nd or 3rd degree, another surgery may be "
                    "needed.") == Stance::maybe);
    CHECK(stance_of("Should I go to the ER?",
                    "If you get withdrawal symptoms you need to go to an ER. If you haven't got any such symptoms there "
                    "is no need of an ER visit.") == Stance::maybe);
    // One condition is a verdict with a proviso.
    CHECK(stance_of("Do I need a tetanus shot?",
                    "No, the wounds are not deep. If you had your last vaccination within 5 years, you do not need "
                    "one.") == Stance::no);
}

TEST_CASE("stance: a verdict given on a test's result the doctor does not have waits for it") {
    CHECK(stance_of("Can I have the operation next month?",
                    "Have an ultrasound of the leg. If the scan is clear you can have the operation.") == Stance::maybe);
    // Results known are no condition; a condition that names no result is none either.
    CHECK(stance_of("Can I have the operation next month?",
                    "The ultrasound of your leg was clear, so you can have the operation.") == Stance::yes);
    CHECK(stance_of("Is it broken?", "No, it is a sprain. If the swelling grows, get an X-ray.") == Stance::no);
}

TEST_CASE("stance: even odds, or odds given as low, are a maybe") {
    CHECK(stance_of("Will he be a carrier?", "There are 50-50 chances of him being a carrier.") == Stance::maybe);
    CHECK(stance_of("Will I suffer an adrenal crisis?",
                    "You have been fine for 5 days, so there are less chances of an adrenal crisis.") == Stance::maybe);
}

TEST_CASE("stance: a clause opened by 'although' is conceded, the other clause is asserted") {
    // The concession before the main clause, after it, and after "that".
    CHECK(stance_of("Is the second X-ray necessary?",
                    "Although the second X-ray is useful and effective for planning, it is not necessary.") ==
          Stance::no);
    CHECK(stance_of("Is the second X-ray necessary?",
                    "It is not necessary, although the second X-ray is useful and effective for planning.") ==
          Stance::no);
    CHECK(stance_of("Is the second X-ray necessary?",
                    "We found that although the second X-ray is useful and effective for planning, it was not "
                    "necessary.") == Stance::no);
    // "though" that ends a clause is an adverb, not a conjunction: the clause is not conceded.
    CHECK(stance_of("Could this be hormonal?", "It does look hormonal to me. It is nothing to worry about though as it "
                                              "goes away by itself.") == Stance::yes);
}

TEST_CASE("stance: 'little' and 'few' without an article deny, 'a little', 'a few' and 'with few' do not") {
    CHECK(stance_of("Do nurses know the price of the drugs?", "Nurses had little awareness of the price of the drugs.") ==
          Stance::no);
    CHECK(stance_of("Do nurses know the price of the drugs?", "Few nurses knew the price of the drugs.") == Stance::no);
    // Positive quantifiers, and a group described by what it has few of.
    CHECK(stance_of("Will the swelling go away?", "The swelling will go away in a few days.") == Stance::yes);
    CHECK(stance_of("Does the drug help older men?",
                    "The drug helped older men with few other illnesses, and it improved their survival.") == Stance::yes);
}

TEST_CASE("stance: 'avoid' denies only what was asked, not other advice") {
    CHECK(stance_of("Will my shoulder dislocations get worse?",
                    "Dislocations that keep coming back call for a scan. Avoid heavy lifting for now.") == Stance::yes);
    CHECK(stance_of("Is surgery possible to straighten the toe?",
                    "It is wiser to avoid surgery here.") == Stance::no);
}

TEST_CASE("stance: a limited effect or benefit is little of one: a denial") {
    CHECK(stance_of("Does the poster campaign reduce smoking?",
                    "The poster campaign had only a limited effect on reducing smoking.") == Stance::no);
    CHECK(stance_of("Does the drug reduce pain?", "The drug has a limited benefit on pain.") == Stance::no);
}

TEST_CASE("stance: 'provided' after a form of 'be' or 'have' is a verb, not a condition") {
    CHECK(stance_of("Do the clinics work?", "Although a clinic of this kind is not a new idea, the study has "
                                            "provided new data demonstrating its benefits.") == Stance::yes);
    // The conjunction still makes a condition.
    CHECK(stance_of("Can I take ibuprofen?", "You can take it, provided you eat first. It is safe.") == Stance::yes);
}

TEST_CASE("stance: advice answers 'Should I / Do I need X?' only when it advises X") {
    CHECK(stance_of("Do I need surgery for the torn ligament?",
                    "The tear does not look bad and you will need to do exercises with a therapist for strength.") ==
          Stance::no);
    CHECK(stance_of("Should I see a cardiologist?", "I recommend that you get an ECG first.") == Stance::none);
    CHECK(stance_of("Do I need surgery for the torn ligament?", "It is a complete tear. You will need surgery to repair it.") ==
          Stance::yes);
}

TEST_CASE("stance: a prohibition is advice and never answers a question of identity") {
    // (No cue is left: the answer falls to the default for one that speaks of what was asked.)
    CHECK(stance_of("Is this lump on my eyelid cancer?", "Get it checked by an eye doctor. Do not squeeze the lump.") !=
          Stance::no);
    // To a question of what to do, a prohibition that names what was asked still denies it.
    CHECK(stance_of("Can I squeeze the lump on my eyelid?", "Do not squeeze the lump, it may spread an infection.") ==
          Stance::no);
}

TEST_CASE("stance: a hedge right after 'but' qualifies the claim before it") {
    CHECK(stance_of("Is it gout in my toe?",
                    "Gout is less likely at your age but cannot be excluded without a joint fluid test.") == Stance::maybe);
    CHECK(stance_of("Is it gout in my toe?", "Gout is less likely, on the other hand it cannot be excluded.") ==
          Stance::maybe);
    CHECK(stance_of("Is it gout in my toe?", "Gout is less likely at your age but it cannot be ruled out.") ==
          Stance::maybe);
    // A clause after "but" that names something else still leaves the verdict before it.
    CHECK(stance_of("Is it gout in my toe?", "It is not associated with gout but with the shoe.") == Stance::no);
}

TEST_CASE("stance: 'not a Y, it is X' sets another thing aside and goes on to what was asked") {
    CHECK(stance_of("Is my new tattoo infected?", "It is not an allergy, it is infected. Keep it clean.") == Stance::yes);
    // The clause break ends the negation's scope: "most likely" after it is not negated.
    CHECK(stance_of("Is my new tattoo infected?", "It is not an allergy, it is most likely infected.") == Stance::yes);
    // A relative "that" after the negated indefinite opens no correction: the denial stands.
    CHECK(stance_of("Do I need antibiotics?", "It is not an infection that needs antibiotics.") == Stance::no);
    // A negated indefinite that names what was asked still denies it.
    CHECK(stance_of("Is my new tattoo infected?", "It is not an infection, it is a normal healing reaction.") ==
          Stance::no);
}

TEST_CASE("stance: 'Yes' / 'No' may follow the doctor's 'in my opinion'") {
    CHECK(stance_of("Should I keep taking the iron pills?", "In my opinion yes, for three more months.") == Stance::yes);
    CHECK(stance_of("Should I keep taking the iron pills?", "In my view, no. Your blood count is normal now.") ==
          Stance::no);
}

TEST_CASE("stance: 'of course not', 'ruled out' and 'I doubt it' deny, and 'Sure.' opens a yes") {
    CHECK(stance_of("Is it cancer?", "Of course not.") == Stance::no);
    CHECK(stance_of("Is it cancer?", "Cancer is ruled out.") == Stance::no);
    CHECK(stance_of("Is it cancer?", "We ruled out cancer with the biopsy.") == Stance::no);
    CHECK(stance_of("Is it cancer?", "I doubt it.") == Stance::no);
    CHECK(stance_of("Can I eat eggs?", "Sure.") == Stance::yes);
    // Still to be done is still open, and "make sure" is no verdict.
    CHECK(stance_of("Is it multiple sclerosis?", "It cannot be ruled out without an MRI.") == Stance::maybe);
    CHECK(stance_of("Is it cancer?", "Cancer hasn't been ruled out, so we need a biopsy.") == Stance::maybe);
    CHECK(stance_of("Is it cancer?", "Cancer has not been ruled out yet.") == Stance::maybe);
    CHECK(stance_of("Can I eat eggs?", "Make sure they are cooked.") == Stance::none);
    CHECK(stance_of("Can I eat eggs?", "Of course, eggs are fine.") == Stance::yes);
}

TEST_CASE("stance: a test still to do, in the passive, leaves what it settles open") {
    CHECK(stance_of("Is this lump cancer?", "Cancer should be ruled out with a biopsy.") == Stance::maybe);
    CHECK(stance_of("Is this lump cancer?", "Cancer must be excluded by a biopsy first.") == Stance::maybe);
    // Nothing of the question before it: another thing to settle, no verdict on this one.
    CHECK(stance_of("Can I exercise after the surgery?", "An infection should be ruled out first.") == Stance::none);
}

TEST_CASE("stance: 'but not' before something else excepts a part of what was granted") {
    CHECK(stance_of("Can I exercise after the surgery?", "You can, but not heavy lifting.") == Stance::yes);
    CHECK(stance_of("Can I exercise after the surgery?", "You can walk but not run.") == Stance::yes);
    CHECK(stance_of("Can I eat after the surgery?", "Yes you can eat, but no spicy food.") == Stance::yes);
    // "not" before a cue, or before what was asked, still negates.
    CHECK(stance_of("Can the pill cause weight gain?", "It is possible but not likely.") != Stance::yes);
    CHECK(stance_of("Can I exercise after the surgery?", "You can walk, but not exercise yet.") == Stance::no);
}

TEST_CASE("stance: 'fine' and 'ok' are verdicts of safety, also contracted ('it's', 'its', 'that's')") {
    for (const std::string answer : {"It is fine.", "It's fine.", "Its fine.", "That's normal.", "It's normal."}) {
        CAPTURE(answer);
        CHECK(stance_of("Is it dangerous?", answer) == Stance::no);
        CHECK(stance_of("Is it safe?", answer) == Stance::yes);
    }
    CHECK(stance_of("Is this serious?", "It is ok.") == Stance::no);
}

TEST_CASE("question frame: without a question mark, the first sentence that asks is the question") {
    CHECK(polar("Hello doctor. I have a lump, is it cancer"));           // a greeting, then a clause after a comma
    CHECK(polar("Hello doctor. I have a lump. is it cancer"));           // a greeting and a statement first
    CHECK(stance_of("Hello doctor. I have a lump, is it cancer", "No, it is not cancer.") == Stance::no);
    CHECK_FALSE(polar("Hello doctor. I have had a lump for a month."));  // nothing asked
    CHECK_FALSE(polar("Have terrible heart palpitations Also I sweat constantly"));
    // A run-on text of thousands of commas is read in linear time (it took a minute at 8,000).
    std::string run_on;
    for (int i = 0; i < 20000; ++i) run_on += "I have pain, ";
    CHECK_FALSE(polar(run_on));
    CHECK(polar(run_on + "is it cancer"));
}

TEST_CASE("stance: a double negation or an idiom of no objection grants what was asked") {
    const std::string fly = "Is it safe to fly with a cold?";
    for (const std::string answer : {"I don't see why not.", "There is no reason not to fly.", "It is not unsafe.",
                                     "No worries, it's fine.", "Not a problem at all."}) {
        CAPTURE(answer);
        CHECK(stance_of(fly, answer) == Stance::yes);
    }
    const std::string drink = "Can I drink alcohol while taking metronidazole?";
    CHECK(stance_of(drink, "It's not a problem.") == Stance::yes);
    // No interaction is no harm: a yes to "Can I take X with Y?", a no to "Do X and Y interact?".
    CHECK(stance_of("Can I take ibuprofen with amoxicillin?", "There's no interaction.") == Stance::yes);
    CHECK(stance_of("Does ibuprofen interact with amoxicillin?", "There is no interaction.") == Stance::no);
}

TEST_CASE("stance: an opening 'Yes' or 'No' answers the question as asked, also 'X or Y?'") {
    CHECK(stance_of("Will exercise decrease or eliminate the swelling?", "Yes, it can eliminate it.") == Stance::yes);
    CHECK(stance_of("Will exercise decrease or eliminate the swelling?", "No, it will not eliminate it.") == Stance::no);
}

TEST_CASE("stance: 'unsafe', 'benign' and 'malignant' are verdicts of harm, and of identity for a malignancy") {
    const std::string tylenol = "Is it safe to take tylenol while pregnant?";
    CHECK(stance_of(tylenol, "It is unsafe.") == Stance::no);
    CHECK(stance_of(tylenol, "Unsafe.") == Stance::no);
    CHECK(stance_of("Is this lump dangerous?", "It is unsafe.") == Stance::yes);
    // "unsafe sex" describes, it judges nothing asked.
    CHECK(stance_of("Can I take the morning after pill?", "After unsafe sex you can take it.") == Stance::yes);
    CHECK(stance_of("Is this lump dangerous?", "It is benign.") == Stance::no);
    CHECK(stance_of("Is this cancer?", "It is most likely benign.") == Stance::no);
    CHECK(stance_of("Is this lump cancer?", "It looks malignant.") == Stance::yes);
    CHECK(stance_of("Is this lump dangerous?", "It is malignant.") == Stance::yes);
    // The word asked is the restatement's: "I do not think it is malignant" denies it.
    CHECK(stance_of("Could this lump be malignant?", "I do not think it is malignant.") == Stance::no);
    // Of another identity, "benign" is no verdict: "a benign lipoma" grants the lipoma.
    CHECK(stance_of("Is this lump a lipoma?", "It is a benign lipoma.") == Stance::yes);
}

TEST_CASE("stance: advice against what was asked denies it") {
    const std::string drink = "Can I drink alcohol while taking metronidazole?";
    CHECK(stance_of(drink, "I strongly advise against it.") == Stance::no);
    CHECK(stance_of("Should I stop the pills?", "I would recommend against stopping them.") == Stance::no);
}

TEST_CASE("stance: not knowing and not being able to rule out leave the thing open") {
    CHECK(stance_of("Is botox safe during pregnancy?", "We don't know.") == Stance::maybe);
    CHECK(stance_of("Is botox safe during pregnancy?", "Nobody knows for sure.") == Stance::maybe);
    CHECK(stance_of("Is this cancer?", "I can't rule it out.") == Stance::maybe);
    CHECK(stance_of("Is this cancer?", "We cannot rule that out.") == Stance::maybe);
}

TEST_CASE("stance: waiting, when it is the other option asked, answers the first no") {
    CHECK(stance_of("My son has fever for 3 days, should I take him to the ER or wait?", "Wait and watch.") ==
          Stance::no);
}

TEST_CASE("stance: 'No.' before a number is the abbreviation of number, no verdict") {
    CHECK(stance_of("Is it safe to fly with a cold?", "Use No. 5 nasal spray before the flight.") != Stance::no);
}

TEST_CASE("stance: 'not very X', of the thing asked, grants it in a small degree") {
    CHECK(stance_of("Is it contagious?", "It is not very contagious, but you can still pass it on.") != Stance::no);
    CHECK(stance_of("Is it contagious?", "It is not contagious.") == Stance::no);
    // Of a cue it still negates: "not very likely" is a no.
    CHECK(stance_of("Is it cancer?", "It is not very likely.") == Stance::no);
}
