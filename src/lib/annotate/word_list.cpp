#include "annotate/word_list.hpp"

#include "annotate/tsv_file.hpp"
#include "core/text.hpp"

namespace medqa::annotate {

WordList::WordList(const std::filesystem::path& file) {
    read_tsv(file, 1, 1, [&](const TsvRow& row) { words_.insert(text::lower(row.cells[0])); });
}

}  // namespace medqa::annotate
