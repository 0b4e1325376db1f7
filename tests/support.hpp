#pragma once
// Shared test helpers: a scratch folder that cleans up after itself, paths into the source
// tree, and running the medqa binary like a user would.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/wait.h>

#include <doctest/doctest.h>

#include "annotate/annotator.hpp"
#include "core/error.hpp"

namespace medqa::test {

inline const std::filesystem::path kSourceDir = MEDQA_SOURCE_DIR;
inline const std::filesystem::path kLexiconDir = kSourceDir / "data" / "lexicon";
inline const std::filesystem::path kSeed = kSourceDir / "data" / "threads" / "botox-volume-loss.txt";

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "medqa-test-XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One annotator for the whole test run: loading the lexicons takes a few milliseconds.
inline const annotate::Annotator& annotator() {
    static const annotate::Annotator instance(kLexiconDir);
    return instance;
}

// The message and exit code of the medqa::Error that f throws; "(no error)" when none is.
template <typename F>
std::pair<std::string, ExitCode> error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return {e.what(), e.code()};
    }
    return {"(no error)", ExitCode::ok};
}

// Single-quotes a word for the shell run_medqa goes through.
inline std::string sh(const std::string& word) {
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The lexicons of this source tree, whatever medqa was built with.
inline std::string lexicon_arg() { return "--lexicon-dir " + sh(kLexiconDir.string()); }

struct RunResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs `medqa ARGS` through the shell, in a clean environment as far as medqa's variables go,
// in the folder `cwd` when one is given, with `input` (else nothing) on its stdin.
inline RunResult run_medqa(const std::string& args, const std::string& env = "", const std::filesystem::path& cwd = {},
                           const std::filesystem::path& input = "/dev/null") {
    TempDir scratch;
    auto out = scratch / "out", err = scratch / "err";
    std::string cmd = (cwd.empty() ? "" : "cd " + sh(cwd.string()) + " && ") +
                      "env -u MEDQA_DB -u MEDQA_LEXICON_DIR -u NO_COLOR " + env + " '" + std::string(MEDQA_BINARY) +
                      "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "' <" + sh(input.string());
    int status = std::system(cmd.c_str());
    RunResult result{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
    // In the sanitizer build (build-asan/) medqa stops at its first error with a report that
    // names the sanitizer (AddressSanitizer, LeakSanitizer, UndefinedBehaviorSanitizer); that fails
    // the test whatever exit code it expected.
    CHECK_MESSAGE(result.err.find("Sanitizer") == std::string::npos, "medqa " << args << "\n" << result.err);
    return result;
}

}  // namespace medqa::test
