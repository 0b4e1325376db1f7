#include "index/fresh_build.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <thread>

#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/error.hpp"
#include "core/schema.hpp"
#include "index/database.hpp"
#include "index/file_ledger.hpp"
#include "index/indexer.hpp"
#include "index/stored_answer.hpp"

namespace medqa {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// How often a child tells the parent how far it got (the parent's progress line).
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

unsigned worker_count(const IndexOptions& options) {
    return options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency());
}

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

// ---- What a child tells its parent: one JSON object per line on a pipe -----------------------

void send(int fd, const json& message) {
    std::string line = message.dump() + "\n";
    for (size_t done = 0; done < line.size();) {
        ssize_t n = write(fd, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the parent is gone; nothing to tell
        done += static_cast<size_t>(n);
    }
}

json report_json(const IndexReport& r) {
    return {{"files", r.files},     {"files_read", r.files_read}, {"threads", r.threads},
            {"answers", r.answers}, {"added", r.added},           {"updated", r.updated},
            {"removed", r.removed}, {"unchanged", r.unchanged},   {"rejected", r.rejected},
            {"skipped", r.skipped}, {"interrupted", r.interrupted}};
}

void add_report(IndexReport& sum, const json& j) {
    sum.files += j.at("files").get<size_t>();
    sum.files_read += j.at("files_read").get<size_t>();
    sum.threads += j.at("threads").get<size_t>();
    sum.answers += j.at("answers").get<size_t>();
    sum.added += j.at("added").get<size_t>();
    sum.updated += j.at("updated").get<size_t>();
    sum.removed += j.at("removed").get<size_t>();
    sum.unchanged += j.at("unchanged").get<size_t>();
    sum.rejected += j.at("rejected").get<size_t>();
    sum.skipped += j.at("skipped").get<size_t>();
    sum.interrupted = sum.interrupted || j.at("interrupted").get<bool>();
}

json progress_json(const IndexProgress& p) {
    return {{"files_done", p.files_done}, {"files_total", p.files_total}, {"bytes_done", p.bytes_done},
            {"bytes_total", p.bytes_total}, {"threads", p.threads},       {"elapsed", p.elapsed.count()}};
}

[[noreturn]] void run_child(int fd, const std::vector<fs::path>& roots, const std::vector<fs::path>& group,
                            const fs::path& part, const annotate::Annotator& annotator,
                            const std::function<void(const ingest::Problem&)>& on_problem,
                            const IndexOptions& options) {
    int code = 0;
    try {
        IndexOptions child = options;
        child.workers = 1;
        auto last = std::chrono::steady_clock::time_point{};
        child.on_progress = [&](const IndexProgress& p) {
            auto now = std::chrono::steady_clock::now();
            if (now - last < kProgressInterval) return;
            last = now;
            send(fd, {{"progress", progress_json(p)}});
        };
        auto db = open_for_writing(part);
        auto report = update_index(db, roots, group, annotator, on_problem, child);
        db.close();
        send(fd, {{"report", report_json(report)}});
    } catch (const Error& e) {
        send(fd, {{"error", e.what()}, {"hint", e.hint()}, {"code", static_cast<int>(e.code())}});
        code = 1;
    } catch (const Xapian::Error& e) {
        send(fd, {{"error", e.get_description()}, {"hint", ""}, {"code", static_cast<int>(ExitCode::failure)}});
        code = 1;
    } catch (const std::exception& e) {
        send(fd, {{"error", e.what()}, {"hint", ""}, {"code", static_cast<int>(ExitCode::failure)}});
        code = 1;
    }
    _exit(code);  // not exit(): the parent's atexit handlers and stdio buffers are not the child's
}

struct Child {
    pid_t pid = -1;
    int fd = -1;
    std::string pending;  // a line not yet complete
    IndexProgress progress;
    std::optional<json> report, error;
};

// Reads what the children say until every pipe is closed, passing progress on.
void listen(std::vector<Child>& children, const IndexOptions& options) {
    bool forwarded_stop = false;
    for (;;) {
        std::vector<pollfd> fds;
        for (auto& c : children)
            if (c.fd >= 0) fds.push_back({c.fd, POLLIN, 0});
        if (fds.empty()) return;
        if (options.stop && options.stop->load() && !forwarded_stop) {
            // Ctrl-C at a terminal reaches the children too; a SIGTERM to the parent does not.
            for (auto& c : children) kill(c.pid, SIGINT);
            forwarded_stop = true;
        }
        if (poll(fds.data(), fds.size(), 200) <= 0) continue;  // timeout or a signal: look at stop
        for (auto& c : children) {
            if (c.fd < 0) continue;
            char buffer[4096];
            ssize_t n = read(c.fd, buffer, sizeof buffer);
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0) {
                close(c.fd);
                c.fd = -1;
                continue;
            }
            c.pending.append(buffer, static_cast<size_t>(n));
            for (size_t end; (end = c.pending.find('\n')) != std::string::npos; c.pending.erase(0, end + 1)) {
                auto message = json::parse(c.pending.substr(0, end));
                if (message.contains("progress")) {
                    const auto& p = message["progress"];
                    c.progress = {p["files_done"], p["files_total"], p["bytes_done"], p["bytes_total"], p["threads"],
                                  std::chrono::duration<double>(p["elapsed"].get<double>())};
                } else if (message.contains("report")) {
                    c.report = message["report"];
                } else {
                    c.error = message;
                }
            }
            if (options.on_progress) {
                IndexProgress sum;
                for (const auto& k : children) {
                    sum.files_done += k.progress.files_done;
                    sum.files_total += k.progress.files_total;
                    sum.bytes_done += k.progress.bytes_done;
                    sum.bytes_total += k.progress.bytes_total;
                    sum.threads += k.progress.threads;
                    sum.elapsed = std::max(sum.elapsed, k.progress.elapsed);
                }
                options.on_progress(sum);
            }
        }
    }
}

// The file a part's document was read from, by path (for choosing which copy of a duplicate
// stays: the one whose file sorts first, as a one-process run would keep it).
std::string file_of(const Xapian::Database& part, const Xapian::Document& doc) {
    auto record = find_file_record(part, doc.get_value(schema::kFileSlot));
    return record ? record->path : std::string();
}

// A thread id held by two parts: keep the copy whose file sorts first, as a one-process run
// would, and make the loser's file be read again (and the duplicate reported again) next time.
void resolve_duplicates(std::vector<Xapian::WritableDatabase>& parts, IndexReport& report,
                        const std::function<void(const ingest::Problem&)>& on_problem) {
    const std::string prefix(schema::kThreadPrefix);
    for (size_t j = 1; j < parts.size(); ++j) {
        std::vector<std::string> ids;
        for (auto t = parts[j].allterms_begin(prefix); t != parts[j].allterms_end(prefix); ++t) ids.push_back(*t);
        for (const auto& id_term : ids)
            for (size_t i = 0; i < j; ++i) {
                if (!parts[i].term_exists(id_term)) continue;
                auto doc_i = parts[i].get_document(*parts[i].postlist_begin(id_term));
                auto doc_j = parts[j].get_document(*parts[j].postlist_begin(id_term));
                const bool j_loses = file_of(parts[i], doc_i) < file_of(parts[j], doc_j);
                auto& loser = parts[j_loses ? j : i];
                const auto& loser_doc = j_loses ? doc_j : doc_i;
                const auto& winner_doc = j_loses ? doc_i : doc_j;
                const auto thread = decode_stored_answer(loser_doc.get_data());
                const std::string here = thread.origin, there = decode_stored_answer(winner_doc.get_data()).origin;
                erase_file_record(loser, loser_doc.get_value(schema::kFileSlot));
                const auto answers = loser.get_termfreq(id_term);
                loser.delete_document(id_term);
                --report.added;
                --report.threads;
                report.answers -= answers;
                ++report.rejected;
                on_problem({here, duplicate_id_message(thread.thread, here, there)});
                break;
            }
    }
}

// Indexes each group into its part on a child process of its own; throws the first child's error.
IndexReport build_on_workers(const std::vector<fs::path>& roots, const std::vector<std::vector<fs::path>>& groups,
                             const std::vector<fs::path>& part_paths, const annotate::Annotator& annotator,
                             const std::function<void(const ingest::Problem&)>& on_problem,
                             const IndexOptions& options) {
    std::fflush(stdout);  // a child must not print what the parent had buffered
    std::fflush(stderr);
    std::vector<Child> children(groups.size());
    for (size_t i = 0; i < groups.size(); ++i) {
        int fds[2];
        if (pipe(fds) != 0) throw Error(ExitCode::failure, std::string("cannot start a worker: ") + std::strerror(errno));
        const pid_t parent = getpid();
        pid_t pid = fork();
        if (pid < 0) throw Error(ExitCode::failure, std::string("cannot start a worker: ") + std::strerror(errno));
        if (pid == 0) {
            // A parent killed outright takes its workers with it: nobody would merge their work.
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) _exit(1);
            close(fds[0]);
            for (size_t k = 0; k < i; ++k) close(children[k].fd);
            run_child(fds[1], roots, groups[i], part_paths[i], annotator, on_problem, options);
        }
        close(fds[1]);
        children[i].pid = pid;
        children[i].fd = fds[0];
    }
    listen(children, options);

    IndexReport report;
    std::optional<Error> failure;
    for (auto& c : children) {
        int status = 0;
        while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (c.report) {
            add_report(report, *c.report);
        } else if (c.error && !failure) {
            failure.emplace(static_cast<ExitCode>((*c.error)["code"].get<int>()), (*c.error)["error"].get<std::string>(),
                            (*c.error)["hint"].get<std::string>());
        } else if (!failure) {
            // Stopped by the Ctrl-C we passed on before it could say so: what it committed stays.
            if (options.stop && options.stop->load() && WIFSIGNALED(status)) {
                report.interrupted = true;
                continue;
            }
            failure.emplace(ExitCode::failure,
                            "a worker process of medqa index died" +
                                (WIFSIGNALED(status) ? " (signal " + std::to_string(WTERMSIG(status)) + ")" : std::string()),
                            "run again; with --jobs 1 it all runs in one process");
        }
    }
    if (failure) throw *failure;
    return report;
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
            report = build_on_workers(roots, groups, part_paths, annotator, on_problem, options);
            std::vector<Xapian::WritableDatabase> parts;
            for (const auto& p : part_paths) parts.push_back(open_for_writing(p));
            resolve_duplicates(parts, report, on_problem);
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
