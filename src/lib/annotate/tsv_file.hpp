#pragma once
// Reading the lexicons in data/lexicon/: tab-separated rows, '#' comments and blank lines
// ignored. Errors name the file and line, because people edit these files by hand.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace medqa::annotate {

struct TsvRow {
    std::vector<std::string> cells;  // trimmed
    std::string where;               // "path:line", for messages
};

// Calls on_row for each data row with at least min_cells cells (missing trailing cells are
// empty strings up to max_cells). Throws Error(bad_input) naming file:line otherwise.
void read_tsv(const std::filesystem::path& path, size_t min_cells, size_t max_cells,
              const std::function<void(const TsvRow&)>& on_row);

// Splits "a; b;c" into {"a", "b", "c"}, dropping empty items.
std::vector<std::string> split_list(std::string_view cell, char separator = ';');

// Throws Error(bad_input) with "where: message".
[[noreturn]] void lexicon_error(const std::string& where, const std::string& message);

}  // namespace medqa::annotate
