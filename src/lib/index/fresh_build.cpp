#include "index/fresh_build.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "core/schema.hpp"
#include "index/database.hpp"
#include "index/file_ledger.hpp"
#include "index/indexer.hpp"
#include "index/spelling.hpp"
#include "index/stored_answer.hpp"
#include "index/worker_pool.hpp"
#include "ingest/input_files.hpp"

namespace medqa {
namespace fs = std::filesystem;

namespace {

uint64_t size_of(const fs::path& file) {
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    return ec ? 0 : size;
}

// Largest file first into the lightest group: groups of about equal bytes. Each group keeps
// the sorted order, so a build is reproducible.
std::vector<std::vector<fs::path>> deal(const std::vector<fs::path>& files, unsigned groups) {
    std::vector<size_t> order(files.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<uint64_t> sizes;
    for (const auto& f : files) sizes.push_back(size_of(f));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return sizes[a] > sizes[b]; });
    std::vector<std::vector<fs::path>> dealt(groups);
    std::vector<uint64_t> load(groups, 0);
    for (size_t i : order) {
        auto lightest = std::min_element(load.begin(), load.end()) - load.begin();
        dealt[lightest].push_back(files[i]);
        load[lightest] += sizes[i];
    }
    for (auto& group : dealt) std::sort(group.begin(), group.end());
    std::erase_if(dealt, [](const auto& group) { return group.empty(); });
    return dealt;
}

// A thread id held by two parts: keep the copy a one-process run keeps, the one read first
// (the files in the order of `files`, then by line: one file is in one part), and record the
// loser's file as read with a bad record: it is read again (and the duplicate reported again)
// next time, and its other threads go when it goes. By the files' order, not by comparing their
// paths as strings: a path sorts by its components ("a/x" before "a.b/x").
void resolve_duplicates(std::vector<Xapian::WritableDatabase>& parts, const std::vector<fs::path>& files,
                        IndexReport& report, const std::function<void(const ingest::Problem&)>& on_problem,
                        ingest::InputFormat format) {
    std::unordered_map<std::string, size_t> order;  // file key -> position in the read order
    for (size_t n = 0; n < files.size(); ++n) order.emplace(file_key(ledger_path(files[n])), n);
    auto position = [&](const std::string& key) {
        auto it = order.find(key);
        return it == order.end() ? files.size() : it->second;
    };
    const std::string prefix(schema::kThreadPrefix);
    for (size_t j = 1; j < parts.size(); ++j) {
        std::vector<std::string> ids;
        for (auto t = parts[j].allterms_begin(prefix); t != parts[j].allterms_end(prefix); ++t) ids.push_back(*t);
        for (const auto& id_term : ids)
            for (size_t i = 0; i < j; ++i) {
                if (!parts[i].term_exists(id_term)) continue;
                auto doc_i = parts[i].get_document(*parts[i].postlist_begin(id_term));
                auto doc_j = parts[j].get_document(*parts[j].postlist_begin(id_term));
                const size_t at_i = position(doc_i.get_value(schema::kFileSlot)),
                             at_j = position(doc_j.get_value(schema::kFileSlot));
                const bool j_loses = at_i < at_j;
                const fs::path loser_file = (j_loses ? at_j : at_i) < files.size() ? files[j_loses ? at_j : at_i] : fs::path();
                auto& loser = parts[j_loses ? j : i];
                const auto& loser_doc = j_loses ? doc_j : doc_i;
                const auto& winner_doc = j_loses ? doc_i : doc_j;
                const auto thread = decode_stored_answer(loser_doc.get_data());
                const std::string here = thread.origin, there = decode_stored_answer(winner_doc.get_data()).origin;
                const auto answers = loser.get_termfreq(id_term);
                // Recorded as a one-process run records it: with a bad record, read again next time.
                if (auto record = find_file_record(loser, loser_doc.get_value(schema::kFileSlot))) {
                    ++record->rejected;
                    record->threads -= std::min<size_t>(record->threads, 1);
                    record->answers -= std::min<size_t>(record->answers, answers);
                    put_file_record(loser, *record);
                }
                delete_thread_documents(loser, thread.thread, false);
                --report.added;
                --report.threads;
                report.answers -= answers;
                ++report.rejected;
                on_problem({here, duplicate_id_message(thread.thread, here, there,
                                                       ingest::names_threads_by_file(loser_file, format))});
                break;
            }
    }
}

}  // namespace

bool worth_parallel(const std::vector<fs::path>& files, const IndexOptions& options) {
    const unsigned workers = worker_count(options);
    if (workers < 2 || files.size() < 2 || options.strict) return false;
    if (options.workers >= 2) return true;  // asked for
    uint64_t bytes = 0;
    for (const auto& f : files) bytes += size_of(f);
    return bytes >= kParallelMinBytes;
}

IndexReport build_fresh(const std::vector<fs::path>& roots, const std::vector<fs::path>& files,
                        const fs::path& target, const annotate::Annotator& annotator,
                        const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options) {
    auto groups = deal(files, worth_parallel(files, options) ? worker_count(options) : 1);
    if (groups.empty()) groups.emplace_back();  // no input: an empty index
    std::vector<fs::path> part_paths;
    for (size_t i = 0; i < groups.size(); ++i) {
        part_paths.push_back(target.string() + ".part-" + std::to_string(i));
        fs::remove_all(part_paths.back());
    }
    IndexReport report;
    try {
        if (groups.size() == 1) {
            auto db = open_for_writing(part_paths[0]);
            report = update_index(db, roots, groups[0], annotator, on_problem, options);
            db.close();
        } else {
            std::vector<WorkerJob> jobs;
            for (size_t i = 0; i < groups.size(); ++i) jobs.push_back({groups[i], part_paths[i], {}});
            for (const auto& part : build_on_workers(roots, jobs, annotator, on_problem, options)) report += part;
            std::vector<Xapian::WritableDatabase> parts;
            for (const auto& p : part_paths) parts.push_back(open_for_writing(p));
            resolve_duplicates(parts, files, report, on_problem, options.format);
            for (auto& part : parts) part.close();  // commits
        }
        Xapian::Database all;
        for (const auto& p : part_paths) all.add_database(Xapian::Database(p.string()));
        all.compact(target.string());
    } catch (...) {
        for (const auto& p : part_paths) fs::remove_all(p);
        throw;
    }
    for (const auto& p : part_paths) fs::remove_all(p);
    return report;
}

}  // namespace medqa
