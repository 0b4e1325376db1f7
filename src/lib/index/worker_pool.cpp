#include "index/worker_pool.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/error.hpp"
#include "index/database.hpp"

namespace medqa {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// How often a child tells the parent how far it got (the parent's progress line).
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

// ---- What a child tells its parent: one JSON object per line on a pipe -----------------------

void send(int fd, const json& message) {
    // A problem may quote bytes of a file that are not UTF-8: replaced, not thrown about.
    std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    for (size_t done = 0; done < line.size();) {
        ssize_t n = write(fd, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the parent is gone; nothing to tell
        done += static_cast<size_t>(n);
    }
}

json report_json(const IndexReport& r) {
    json kept = json::array();
    for (const auto& k : r.kept)
        kept.push_back({{"file", k.file}, {"threads", k.threads}, {"where", k.where}, {"reason", k.reason},
                        {"problems", k.problems}});
    return {{"files", r.files},     {"files_read", r.files_read}, {"threads", r.threads},
            {"answers", r.answers}, {"added", r.added},           {"updated", r.updated},
            {"removed", r.removed}, {"unchanged", r.unchanged},   {"rejected", r.rejected},
            {"skipped", r.skipped}, {"interrupted", r.interrupted}, {"kept", kept}};
}

IndexReport report_from_json(const json& j) {
    IndexReport r;
    r.files = j.at("files").get<size_t>();
    r.files_read = j.at("files_read").get<size_t>();
    r.threads = j.at("threads").get<size_t>();
    r.answers = j.at("answers").get<size_t>();
    r.added = j.at("added").get<size_t>();
    r.updated = j.at("updated").get<size_t>();
    r.removed = j.at("removed").get<size_t>();
    r.unchanged = j.at("unchanged").get<size_t>();
    r.rejected = j.at("rejected").get<size_t>();
    r.skipped = j.at("skipped").get<size_t>();
    r.interrupted = j.at("interrupted").get<bool>();
    for (const auto& k : j.at("kept"))
        r.kept.push_back({k.at("file").get<std::string>(), k.at("threads").get<size_t>(),
                          k.at("where").get<std::string>(), k.at("reason").get<std::string>(),
                          k.at("problems").get<size_t>()});
    return r;
}

json progress_json(const IndexProgress& p) {
    return {{"files_done", p.files_done}, {"files_total", p.files_total}, {"bytes_done", p.bytes_done},
            {"bytes_total", p.bytes_total}, {"threads", p.threads},       {"elapsed", p.elapsed.count()}};
}

// A child reports its problems through the parent (a "problem" message), which prints them
// between its progress line's updates: written by the child itself, a problem landed at the
// end of the parent's progress line.
[[noreturn]] void run_child(int fd, const std::vector<fs::path>& roots, const WorkerJob& job,
                            const annotate::Annotator& annotator, const IndexOptions& options) {
    int code = 0;
    const std::function<void(const ingest::Problem&)> on_problem = [fd](const ingest::Problem& p) {
        send(fd, {{"problem", {{"where", p.where}, {"reason", p.reason}}}});
    };
    try {
        IndexOptions child = options;
        child.workers = 1;
        child.route = job.route;
        auto last = std::chrono::steady_clock::time_point{};
        child.on_progress = [&](const IndexProgress& p) {
            auto now = std::chrono::steady_clock::now();
            if (now - last < kProgressInterval) return;
            last = now;
            send(fd, {{"progress", progress_json(p)}});
        };
        auto report = naming_write_errors(job.database, [&] {
            auto db = open_for_writing(job.database);
            auto r = update_index(db, roots, job.files, annotator, on_problem, child);
            db.close();
            return r;
        });
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
    bool reported_progress = false;
    std::optional<json> report, error;
};

// How the children's progress adds up to the run's. Each child counts the files of its job
// and the threads it reads; jobs that share files (the shards, each reading every file) count
// them once each. The run's progress counts each input file once, from the start (not only the
// files of the children that have reported so far): the children's counts are scaled by
// distinct files / files of all jobs (1 for a fresh build's disjoint groups).
struct ProgressSum {
    size_t distinct_files = 0, job_files = 0;

    explicit ProgressSum(const std::vector<WorkerJob>& jobs) {
        std::set<fs::path> all;
        for (const auto& job : jobs) {
            all.insert(job.files.begin(), job.files.end());
            job_files += job.files.size();
        }
        distinct_files = all.size();
    }

    IndexProgress operator()(const std::vector<Child>& children) const {
        IndexProgress sum;
        bool all_reported = true;
        for (const auto& k : children) {
            all_reported = all_reported && k.reported_progress;
            sum.files_done += k.progress.files_done;
            sum.bytes_done += k.progress.bytes_done;
            sum.bytes_total += k.progress.bytes_total;
            sum.threads += k.progress.threads;
            sum.elapsed = std::max(sum.elapsed, k.progress.elapsed);
        }
        auto scale = [this](size_t n) { return job_files ? n * distinct_files / job_files : n; };
        sum.files_done = scale(sum.files_done);
        sum.threads = scale(sum.threads);
        sum.files_total = distinct_files;
        // Bytes still to read are known only once every child has looked at its files: no ETA before.
        if (!all_reported) sum.bytes_done = sum.bytes_total = 0;
        return sum;
    }
};

// Reads what the children say until every pipe is closed, passing progress and problems on.
void listen(std::vector<Child>& children, const ProgressSum& progress_sum,
            const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options) {
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
                    c.reported_progress = true;
                } else if (message.contains("problem")) {
                    on_problem({message["problem"]["where"].get<std::string>(),
                                message["problem"]["reason"].get<std::string>()});
                } else if (message.contains("report")) {
                    c.report = message["report"];
                } else {
                    c.error = message;
                }
            }
            if (options.on_progress) options.on_progress(progress_sum(children));
        }
    }
}

}  // namespace

unsigned worker_count(const IndexOptions& options) {
    return options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency());
}

IndexReport& operator+=(IndexReport& sum, const IndexReport& r) {
    sum.files += r.files;
    sum.files_read += r.files_read;
    sum.threads += r.threads;
    sum.answers += r.answers;
    sum.added += r.added;
    sum.updated += r.updated;
    sum.removed += r.removed;
    sum.unchanged += r.unchanged;
    sum.rejected += r.rejected;
    sum.skipped += r.skipped;
    sum.interrupted = sum.interrupted || r.interrupted;
    // Shards read the same files: the threads a file keeps in each are added up.
    for (const auto& k : r.kept) {
        auto same = std::find_if(sum.kept.begin(), sum.kept.end(), [&](const KeptThreads& s) { return s.file == k.file; });
        if (same == sum.kept.end()) sum.kept.push_back(k);
        else same->threads += k.threads;
    }
    return sum;
}

std::vector<IndexReport> build_on_workers(const std::vector<fs::path>& roots, const std::vector<WorkerJob>& jobs,
                                          const annotate::Annotator& annotator,
                                          const std::function<void(const ingest::Problem&)>& on_problem,
                                          const IndexOptions& options) {
    std::fflush(stdout);  // a child must not print what the parent had buffered
    std::fflush(stderr);
    std::vector<Child> children(jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) {
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
            run_child(fds[1], roots, jobs[i], annotator, options);
        }
        close(fds[1]);
        children[i].pid = pid;
        children[i].fd = fds[0];
    }
    listen(children, ProgressSum(jobs), on_problem, options);

    std::vector<IndexReport> reports(children.size());
    std::optional<Error> failure;
    for (size_t i = 0; i < children.size(); ++i) {
        auto& c = children[i];
        int status = 0;
        while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (c.report) {
            reports[i] = report_from_json(*c.report);
        } else if (c.error && !failure) {
            failure.emplace(static_cast<ExitCode>((*c.error)["code"].get<int>()), (*c.error)["error"].get<std::string>(),
                            (*c.error)["hint"].get<std::string>());
        } else if (!failure) {
            // Stopped by the Ctrl-C we passed on before it could say so: what it committed stays.
            if (options.stop && options.stop->load() && WIFSIGNALED(status)) {
                reports[i].interrupted = true;
                continue;
            }
            failure.emplace(ExitCode::failure,
                            "a worker process of medqa index died" +
                                (WIFSIGNALED(status) ? " (signal " + std::to_string(WTERMSIG(status)) + ")" : std::string()),
                            "run again; with --jobs 1 it all runs in one process");
        }
    }
    if (failure) throw *failure;
    return reports;
}

}  // namespace medqa
