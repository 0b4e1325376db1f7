#pragma once
// Annotation at index time: each answer's stance toward its thread's question and the anatomy
// it mentions, from the lexicons of one folder (data/lexicon by default).

#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "annotate/anatomy.hpp"
#include "annotate/question.hpp"
#include "annotate/stance.hpp"
#include "annotate/word_list.hpp"
#include "core/schema.hpp"
#include "core/thread.hpp"

namespace medqa::annotate {

// --lexicon-dir, else $MEDQA_LEXICON_DIR, else the data/lexicon folder medqa was built from.
std::filesystem::path lexicon_dir(const std::string& from_command_line = {});

// Everything annotation decided about one answer, with the evidence: what `medqa classify`
// and `medqa search --explain` print.
struct AnswerAnalysis {
    StanceDecision stance;
    std::vector<std::string> anatomy;
};

// Bump when the annotation code changes what it outputs, so that indexes re-annotate.
inline constexpr std::string_view kRulesVersion = "15";

// What an annotator's fingerprint is made of. The index records it beside the fingerprint
// (index/lexicon_record.hpp), so that a run with other lexicons can say what differs.
struct LexiconSources {
    std::string rules;     // kRulesVersion
    std::string dir;       // the built-in lexicons' folder (--lexicon-dir), absolute
    std::string built_in;  // hash of the content of its files
    struct File {
        std::string name;  // a --lexicon file, as given
        std::string hash;  // of its content
    };
    std::vector<File> user;
};

class Annotator {
public:
    // extra_anatomy: further concept files (same columns as anatomy.tsv) read after it.
    explicit Annotator(const std::filesystem::path& dir, const std::vector<std::filesystem::path>& extra_anatomy = {});

    QuestionFrame frame(const Thread& thread) const;
    QuestionFrame frame(std::string_view title, std::string_view question) const;
    AnswerAnalysis analyse(const QuestionFrame& question, std::string_view answer) const;
    std::vector<AnswerLabels> annotate(const Thread& thread) const;

    const AnatomyLexicon& anatomy() const { return anatomy_; }
    const StanceClassifier& stance() const { return stance_; }
    const WordList& stopwords() const { return stopwords_; }

    // Query synonym groups: query-synonyms.tsv and the anatomy lexicon's names.
    std::vector<std::vector<std::string>> synonym_groups() const;

    // Hash of every lexicon file's content and of kRulesVersion: when a lexicon or the rules
    // change, every thread's stored hash changes with it and the next `medqa index`
    // re-annotates.
    const std::string& fingerprint() const { return fingerprint_; }
    const LexiconSources& sources() const { return sources_; }

private:
    WordList stopwords_;
    AnatomyLexicon anatomy_;
    StanceClassifier stance_;
    std::vector<std::vector<std::string>> query_synonyms_;
    Xapian::Stem stem_{schema::kStemLanguage};
    std::string fingerprint_;
    LexiconSources sources_;
};

}  // namespace medqa::annotate
