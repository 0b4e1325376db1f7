// Fuzzes one input reader (FUZZ_FORMAT, FUZZ_PATH: see CMakeLists.txt) through the entry point
// `medqa index` uses for a file's content. Beyond the sanitizers, it checks what the readers
// promise about every thread they hand on, and runs the checks `medqa index` runs before
// indexing; a thread that passes them must be storable, i.e. every string must be one that
// strict JSON serialisation (the stored answers are JSON) accepts. Any exception escaping is a
// finding: readers report bad records as problems.

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "ingest/input_files.hpp"
#include "ingest/validate.hpp"

namespace {

using namespace medqa;

void require(bool condition) {
    if (!condition) std::abort();
}

void check_thread(const Thread& t) {
    require(!t.title.empty());
    require(!t.origin.empty());
    require(!t.answers.empty());
    std::set<std::string> ids;
    for (const auto& a : t.answers) {
        require(!text::squeeze_space(a.text).empty());
        require(ids.insert(a.id).second);  // answers are stored as thread/answer: ids must differ
    }
    try {
        ingest::validate(t);
    } catch (const ingest::RecordError&) {
        return;  // a rejected thread: reported like any bad record
    }
    nlohmann::json strings{t.id, t.title, t.question, t.url, t.source, t.disclaimer, t.tags};
    for (const auto& a : t.answers) strings.push_back({a.id, a.author, a.text});
    strings.dump();  // throws on invalid UTF-8
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ingest::ThreadSink sink{
        [](Thread&& t) { check_thread(t); },
        [](ingest::Problem&& p) { require(!p.where.empty() && !p.reason.empty()); },
        [](ingest::Problem&& p) { require(!p.where.empty() && !p.reason.empty()); },
    };
    ingest::read_threads_from(std::string_view(reinterpret_cast<const char*>(data), size), FUZZ_PATH, sink,
                              ingest::InputFormat::FUZZ_FORMAT);
    return 0;
}
