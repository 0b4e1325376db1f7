#pragma once
// NIH MedQuAD XML: one <Document> per file (url, source, <Focus>, <Synonyms>) holding
// <QAPairs>; each <QAPair> becomes a thread with one answer. Five files of the published corpus
// use older names for the same layout (<doc corpus=...> with <qaPairs><pair>, and
// <DiseaseFile>): read alike. Title and question are the
// question text; tags are the focus, its synonyms and the
// question type. Pairs whose answer is empty (three MedQuAD folders had theirs removed) are
// skipped and counted, not rejected.
// The thread id is "SOURCE/FILE-PID" (GARD/0001102-1): MedQuAD's qids repeat across folders
// and a few files repeat another file's document id.

#include <string>
#include <string_view>

#include "ingest/problem.hpp"

namespace medqa::ingest {

void read_medquad(std::string_view content, const std::string& path, const ThreadSink& sink);

}  // namespace medqa::ingest
