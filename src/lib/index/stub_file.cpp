#include "index/stub_file.hpp"

#include <fstream>

#include "core/error.hpp"

namespace medqa {
namespace fs = std::filesystem;

fs::path stub_file_of(const fs::path& index) {
    std::error_code ec;
    if (fs::is_regular_file(index, ec)) return index;
    if (fs::is_regular_file(index / "XAPIANDB", ec)) return index / "XAPIANDB";  // Xapian's name
    return {};
}

std::vector<StubEntry> read_stub(const fs::path& stub_file) {
    std::ifstream in(stub_file);
    if (!in) throw Error(ExitCode::no_database, stub_file.string() + ": cannot read the stub file");
    std::vector<StubEntry> entries;
    std::string line;
    for (unsigned line_no = 1; std::getline(in, line); ++line_no) {
        if (line.empty() || line.front() == '#') continue;
        const auto space = line.find(' ');
        const std::string type = line.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
        const bool remote = type == "remote";
        const auto colon = rest.rfind(':');
        const bool tcp_port_ok = colon != std::string::npos && colon + 1 < rest.size() &&
                                 rest.find_first_not_of("0123456789", colon + 1) == std::string::npos;
        if ((type != "auto" && type != "glass" && !remote) || rest.empty() ||
            (remote && rest.front() != ':' && !tcp_port_ok))
            throw Error(ExitCode::no_database,
                        stub_file.string() + ":" + std::to_string(line_no) + ": not a database line: " + line,
                        "a stub lists one database a line: auto PATH, remote HOST:PORT or remote :PROGRAM ARGS");
        entries.push_back({line, line_no, remote});
    }
    return entries;
}

Xapian::Database open_stub_entry(const StubEntry& entry, const fs::path& stub_file,
                                 std::chrono::milliseconds timeout) {
    const std::string rest = entry.line.substr(entry.line.find(' ') + 1);
    if (!entry.remote) {
        const fs::path path = fs::path(rest).is_absolute() ? fs::path(rest) : stub_file.parent_path() / rest;
        return Xapian::Database(path.string());
    }
    const auto ms = static_cast<useconds_t>(timeout.count());
    if (rest.front() == ':') {  // a program and its arguments, e.g. ssh HOST xapian-progsrv PATH
        const auto space = rest.find(' ');
        const std::string program = rest.substr(1, space == std::string::npos ? std::string::npos : space - 1);
        return Xapian::Remote::open(program, space == std::string::npos ? "" : rest.substr(space + 1), ms);
    }
    const auto colon = rest.rfind(':');
    return Xapian::Remote::open(rest.substr(0, colon), static_cast<unsigned>(std::stoul(rest.substr(colon + 1))), ms, ms);
}

void write_stub(const fs::path& stub_file, const std::string& comment, const std::vector<std::string>& lines) {
    const fs::path temporary = stub_file.string() + ".tmp";
    {
        std::ofstream out(temporary);
        out << comment;
        for (const auto& line : lines) out << line << '\n';
        if (!out.flush())
            throw Error(ExitCode::failure, temporary.string() + ": cannot write the stub file",
                        "check that the index folder is writable and the disk not full");
    }
    fs::rename(temporary, stub_file);
}

}  // namespace medqa
