#include "annotate/tsv_file.hpp"

#include <fstream>

#include "core/error.hpp"
#include "core/text.hpp"

namespace medqa::annotate {

void lexicon_error(const std::string& where, const std::string& message) {
    throw Error(ExitCode::config, where + ": " + message,
                "fix the lexicon file, or point --lexicon-dir / MEDQA_LEXICON_DIR at a good one");
}

void read_tsv(const std::filesystem::path& path, size_t min_cells, size_t max_cells,
              const std::function<void(const TsvRow&)>& on_row) {
    std::ifstream in(path);
    if (!in)
        throw Error(ExitCode::config, path.string() + ": cannot open lexicon file",
                    "point --lexicon-dir or MEDQA_LEXICON_DIR at the folder holding medqa's lexicons (data/lexicon)");
    std::string line;
    size_t line_no = 0, rows = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string where = path.string() + ":" + std::to_string(line_no);
        // UTF-16 (a spreadsheet's "Unicode text") is mostly NUL bytes to a UTF-8 reader.
        if (line.find('\0') != std::string::npos)
            lexicon_error(where, "a NUL byte: a binary file or UTF-16 text, not UTF-8 (convert it, e.g. with iconv)");
        if (!text::valid_utf8(line)) lexicon_error(where, text::kNotUtf8);
        std::string trimmed = text::squeeze_space(line);  // Unicode spaces too: a line of them is blank
        if (trimmed.empty() || trimmed.front() == '#') continue;
        ++rows;
        TsvRow row;
        row.where = where;
        size_t pos = 0;
        while (true) {
            size_t tab = line.find('\t', pos);
            row.cells.push_back(text::squeeze_space(std::string_view(line).substr(pos, tab - pos)));
            if (tab == std::string::npos) break;
            pos = tab + 1;
        }
        if (row.cells.size() < min_cells || row.cells.size() > max_cells)
            lexicon_error(row.where, "expected " + std::to_string(min_cells) +
                                         (min_cells == max_cells ? "" : " to " + std::to_string(max_cells)) +
                                         " tab-separated columns, found " + std::to_string(row.cells.size()));
        row.cells.resize(max_cells);
        on_row(row);
    }
    if (rows == 0) lexicon_error(path.string(), "no rows (an empty lexicon, or comments only)");
}

std::vector<std::string> split_list(std::string_view cell, char separator) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= cell.size()) {
        size_t end = cell.find(separator, pos);
        if (end == std::string_view::npos) end = cell.size();
        std::string item = text::squeeze_space(cell.substr(pos, end - pos));
        if (!item.empty()) out.push_back(std::move(item));
        pos = end + 1;
    }
    return out;
}

}  // namespace medqa::annotate
