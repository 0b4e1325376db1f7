// Readers of the public corpora (MedQuAD XML, flat doctor-QA JSON): small fixtures written
// here, and the real corpora from ../shared/corpora when they are present.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "index/database.hpp"
#include "index/index_run.hpp"
#include "ingest/input_files.hpp"
#include "search/catalog.hpp"
#include "search/searcher.hpp"
#include "support.hpp"

using namespace medqa;

namespace {

const std::filesystem::path kCorpora = test::kSourceDir / ".." / "shared" / "corpora";

struct Collected {
    std::vector<Thread> threads;
    std::vector<ingest::Problem> problems, skipped;
    ingest::ThreadSink sink() {
        return {[this](Thread&& t) { threads.push_back(std::move(t)); },
                [this](ingest::Problem&& p) { problems.push_back(std::move(p)); },
                [this](ingest::Problem&& p) { skipped.push_back(std::move(p)); }};
    }
};

constexpr const char* kMedQuad = R"(<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000042" source="GARD" url="https://rarediseases.example/42">
<Focus>Bell's palsy</Focus>
<Synonyms><Synonym>Idiopathic facial paralysis</Synonym></Synonyms>
<QAPairs>
  <QAPair pid="1">
    <Question qid="0000042-1" qtype="information">What is (are) Bell's palsy ?</Question>
    <Answer>Bell's palsy is a weakness of the muscles of one side of the face.</Answer>
  </QAPair>
  <QAPair pid="2">
    <Question qid="0000042-2" qtype="treatment">What are the treatments for Bell's palsy ?</Question>
    <Answer>   </Answer>
  </QAPair>
</QAPairs>
</Document>
)";

}  // namespace

TEST_CASE("MedQuAD: each pair with an answer is a thread, empty answers are skipped and counted") {
    test::TempDir dir;
    test::write_file(dir / "q/0000042.xml", kMedQuad);
    Collected c;
    ingest::read_threads(dir / "q/0000042.xml", c.sink());
    REQUIRE(c.threads.size() == 1);
    const Thread& t = c.threads[0];
    CHECK(t.id == "GARD/0000042-1");
    CHECK(t.title == "What is (are) Bell's palsy ?");
    CHECK(t.source == "GARD");
    CHECK(t.url == "https://rarediseases.example/42");
    CHECK(t.tags == std::vector<std::string>{"Bell's palsy", "Idiopathic facial paralysis", "information"});
    REQUIRE(t.answers.size() == 1);
    CHECK(t.answers[0].text == "Bell's palsy is a weakness of the muscles of one side of the face.");
    CHECK(c.skipped.size() == 1);
    CHECK(c.problems.empty());
}

TEST_CASE("MedQuAD: the corpus's older layouts (<doc> with <qaPairs><pair>, <DiseaseFile>) are read alike") {
    test::TempDir dir;
    // Invented content in the layout of 6_NINDS_QA/0000007.xml and three other NINDS files.
    test::write_file(dir / "6_NINDS_QA/0000099.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<doc docid="0000099" corpus="NINDS" url="https://neuro.example/99">
<doctitle-focus>Tonic pupil</doctitle-focus>
<umls><cui></cui><semanticType></semanticType><semanticGroup></semanticGroup></umls>
<qaPairs>
<pair pid="1">
<question qid="0000099-1" qtype="information">what is tonic pupil ?</question>
<answer>A tonic pupil is larger than the other and reacts slowly to light.</answer>
</pair>
<pair pid="2">
<question qid="0000099-2" qtype="outlook">what is the outlook for tonic pupil ?</question>
<answer></answer>
</pair>
</qaPairs>
</doc>
)");
    // And of 9_CDC_QA/0000397.xml.
    test::write_file(dir / "9_CDC_QA/0000098.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<DiseaseFile fid="0000098" source="CDC" url="https://cdc.example/98">
<Focus>Parasites - Pinworm</Focus>
<QAPairs>
<QAPair pid="1">
<Question qid="0000098-1" qtype="information">What is (are) Parasites - Pinworm ?</Question>
<Answer>Pinworm is a common intestinal worm infection.</Answer>
</QAPair>
</QAPairs>
</DiseaseFile>
)");
    Collected c;
    ingest::read_threads(dir / "6_NINDS_QA/0000099.xml", c.sink());
    ingest::read_threads(dir / "9_CDC_QA/0000098.xml", c.sink());
    CHECK(c.problems.empty());
    CHECK(c.skipped.size() == 1);
    REQUIRE(c.threads.size() == 2);
    const Thread& t = c.threads[0];
    CHECK(t.id == "NINDS/0000099-1");
    CHECK(t.source == "NINDS");
    CHECK(t.title == "what is tonic pupil ?");
    CHECK(t.url == "https://neuro.example/99");
    CHECK(t.tags == std::vector<std::string>{"Tonic pupil", "information"});
    REQUIRE(t.answers.size() == 1);
    CHECK(t.answers[0].text == "A tonic pupil is larger than the other and reacts slowly to light.");
    CHECK(c.threads[1].id == "CDC/0000098-1");
    CHECK(c.threads[1].tags == std::vector<std::string>{"Parasites - Pinworm", "information"});
    CHECK(c.threads[1].answers.at(0).text == "Pinworm is a common intestinal worm infection.");
}

TEST_CASE("MedQuAD: a text is read whole, past comments, CDATA sections and inline elements") {
    test::TempDir dir;
    test::write_file(dir / "GARD/0000077.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000077" source="GARD" url="u">
<Focus>Fabry <!-- a note --><i>disease</i></Focus>
<Synonyms><Synonym>Anderson<![CDATA[-Fabry]]> disease</Synonym></Synonyms>
<QAPairs>
<QAPair pid="1"><Question qid="1" qtype="information">What is <b>Fabry</b> disease ?</Question>
<Answer>Part one <!-- comment --> part two, <![CDATA[in <cdata>]]> and <b>bold <i>nested</i></b> <i>text</i>.</Answer></QAPair>
</QAPairs>
</Document>
)");
    Collected c;
    ingest::read_threads(dir / "GARD/0000077.xml", c.sink());
    CHECK(c.problems.empty());
    REQUIRE(c.threads.size() == 1);
    const Thread& t = c.threads[0];
    CHECK(t.title == "What is Fabry disease ?");
    CHECK(t.tags == std::vector<std::string>{"Fabry disease", "Anderson-Fabry disease", "information"});
    REQUIRE(t.answers.size() == 1);
    CHECK(t.answers[0].text == "Part one part two, in <cdata> and bold nested text.");
}

TEST_CASE("MedQuAD: malformed XML and XML of another kind are rejected with the reason") {
    test::TempDir dir;
    test::write_file(dir / "bad.xml", "<Document><QAPairs><QAPair>");
    test::write_file(dir / "other.xml", "<?xml version=\"1.0\"?><rss><channel/></rss>");
    Collected c;
    ingest::read_threads(dir / "bad.xml", c.sink());
    ingest::read_threads(dir / "other.xml", c.sink());
    REQUIRE(c.problems.size() == 2);
    CHECK(c.problems[0].reason.find("not well-formed XML") != std::string::npos);
    CHECK(c.problems[1].reason.find("not a MedQuAD document") != std::string::npos);
}

TEST_CASE("MedQuAD: malformed XML is reported as FILE:LINE, and a file cut short as its end") {
    test::TempDir dir;
    // Cut inside the answer, as a download stopped part way.
    test::write_file(dir / "cut.xml",
                     "<?xml version=\"1.0\"?>\n<Document source=\"GARD\">\n<QAPairs>\n"
                     "<QAPair pid=\"1\"><Question>What is it?</Question>\n<Answer>It is a rare");
    test::write_file(dir / "wrong.xml", "<Document>\n<QAPairs>\n  <QAPair></QAPairs>\n</Document>\n");
    Collected c;
    ingest::read_threads(dir / "cut.xml", c.sink());
    ingest::read_threads(dir / "wrong.xml", c.sink());
    REQUIRE(c.problems.size() == 2);
    CHECK(c.problems[0].where == (dir / "cut.xml").string() + ":5");
    CHECK(c.problems[0].reason == "not well-formed XML: unexpected end of file, an element is not closed");
    CHECK(c.problems[1].where == (dir / "wrong.xml").string() + ":3");
    CHECK(c.problems[1].reason == "not well-formed XML: Start-end tags mismatch at column 13");
}

TEST_CASE("doctor-QA JSON: records sharing a url are one thread, told apart from medqa JSON by content") {
    test::TempDir dir;
    test::write_file(dir / "qa.json", R"([
      {"question_text": "Can I run after knee surgery?", "question": "can i run after knee surgery?", "answer": "yes, after six weeks.", "answer_author": "Dr. A", "url": "https://q.example/1", "tags": ["knee"]},
      {"question_text": "Is my rash contagious?", "question": "is my rash contagious?", "answer": "no, it is eczema.", "answer_author": "Dr. B", "url": "https://q.example/2", "tags": "['skin', 'rash']"},
      {"question_text": "Can I run after knee surgery?", "question": "can i run after knee surgery?", "answer": "not before your physiotherapist agrees.", "answer_author": "Dr. C", "url": "https://q.example/1", "tags": ["knee"]},
      {"question": "no answer here", "url": "https://q.example/3"}
    ])");
    Collected c;
    ingest::read_threads(dir / "qa.json", c.sink());
    REQUIRE(c.threads.size() == 2);
    const Thread& knee = c.threads[0];
    CHECK(knee.title == "Can I run after knee surgery?");
    REQUIRE(knee.answers.size() == 2);
    CHECK(knee.answers[0].author == "Dr. A");
    CHECK(knee.answers[1].id == "2");
    CHECK(knee.answers[1].author == "Dr. C");
    CHECK(knee.id.size() == 16);  // a hash of the url
    CHECK(c.threads[1].tags == std::vector<std::string>{"skin", "rash"});
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].where == (dir / "qa.json").string() + ": record 4");
}

TEST_CASE("corpora: MedQuAD and doctor-QA index, and their threads are found") {
    if (!std::filesystem::exists(kCorpora / "doctor-qa" / "questionDoctorQAs.json") ||
        !std::filesystem::exists(kCorpora / "medquad" / "5_NIDDK_QA")) {
        MESSAGE("skipped: ../shared/corpora (doctor-qa, medquad) not found");
        return;
    }
    test::TempDir dir;
    std::vector<ingest::Problem> problems;
    auto report = index_paths({kCorpora / "doctor-qa" / "questionDoctorQAs.json", kCorpora / "medquad" / "5_NIDDK_QA"},
                              dir / "db", test::annotator(), [&](const ingest::Problem& p) { problems.push_back(p); });
    CHECK(problems.empty());
    // 1,890 questions with 5,679 answers in the doctor-QA file; NIDDK has its answers.
    CHECK(report.answers > 5679);
    CHECK(report.threads > 1890);
    auto db = open_for_reading(dir / "db");
    auto stats = database_stats(db);
    CHECK(stats.threads == report.threads);
    // Yes/no questions are common among the doctors' threads: every stance occurs.
    for (const auto& [stance, n] : stats.stance) {
        CAPTURE(stance);
        CHECK(n > 0);
    }
}

// The page asked for must not change which answers are ranked where: a page of 10 is the first 10
// of a page of 11, and paging 10 at a time, past the answers proximity re-ranks
// (kProximityRerankDepth), gives what one long page gives. Xapian 1.4.22 skipped answers that
// belonged on the page ("worried doctor", 8th of 10), and the re-ranked depth grew with the page.
TEST_CASE("search: every answer has one rank whatever --limit and --offset (doctor-QA)") {
    const auto corpus = kCorpora / "doctor-qa" / "questionDoctorQAs.json";
    if (!std::filesystem::exists(corpus)) {
        MESSAGE("skipped: ../shared/corpora/doctor-qa not found");
        return;
    }
    test::TempDir dir;
    index_paths({corpus}, dir / "db", test::annotator(), [](const ingest::Problem&) {});
    Searcher searcher(dir / "db", test::annotator());
    auto ids = [&](SearchRequest request) {
        request.presentation = false;
        std::vector<std::string> out;
        for (const auto& h : searcher.search(request).hits) out.push_back(h.answer.thread + "/" + h.answer.answer);
        return out;
    };
    for (bool feedback : {false, true}) {
        CAPTURE(feedback);
        auto ten = ids({.query = "worried doctor", .limit = 10, .feedback = feedback});
        auto eleven = ids({.query = "worried doctor", .limit = 11, .feedback = feedback});
        REQUIRE(eleven.size() == 11);
        CHECK(ten == std::vector<std::string>(eleven.begin(), eleven.begin() + 10));
    }
    for (bool collapse : {false, true}) {
        CAPTURE(collapse);
        const auto whole = ids({.query = "back pain", .limit = 150, .collapse = collapse});
        REQUIRE(whole.size() == 150);
        std::vector<std::string> paged;
        for (Xapian::doccount offset = 0; offset < 150; offset += 10) {
            auto page = ids({.query = "back pain", .offset = offset, .limit = 10, .collapse = collapse});
            paged.insert(paged.end(), page.begin(), page.end());
        }
        CHECK(paged == whole);
    }
}
