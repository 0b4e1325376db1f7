#include "index/watch.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "core/error.hpp"

namespace medqa {
namespace fs = std::filesystem;

namespace {

constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_DELETE_SELF;
// How often a blocked wait looks at the stop flag, when no signal interrupts poll().
constexpr int kStopCheckMs = 200;

}  // namespace

DirectoryWatcher::DirectoryWatcher(const std::vector<fs::path>& paths, std::function<bool(const fs::path&)> ignore)
    : fd_(inotify_init1(IN_CLOEXEC | IN_NONBLOCK)), ignore_(std::move(ignore)) {
    if (fd_ < 0)
        throw Error(ExitCode::failure, std::string("cannot watch for changes: inotify: ") + std::strerror(errno));
    for (const auto& path : paths) watch_tree(fs::is_directory(path) ? path : path.parent_path());
}

DirectoryWatcher::~DirectoryWatcher() { close(fd_); }

void DirectoryWatcher::watch_tree(const fs::path& dir) {
    const fs::path root = dir.empty() ? fs::path(".") : dir;
    auto add = [&](const fs::path& d) {
        if (ignored(d)) return;
        int wd = inotify_add_watch(fd_, d.c_str(), kEvents);
        if (wd < 0 && errno == ENOENT) return;  // a folder that came and went before it was watched
        // A folder this user may not read: each pass reports it ("cannot be read", exit 3) and
        // keeps its threads; the watch goes on over the rest.
        if (wd < 0 && errno == EACCES) return;
        if (wd < 0)
            throw Error(ExitCode::failure, d.string() + ": cannot watch for changes: " + std::strerror(errno),
                        errno == ENOSPC ? "raise fs.inotify.max_user_watches (sysctl)" : "");
        folders_[wd] = d;
    };
    add(root);
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (!it->is_directory() || it->is_symlink()) continue;
        if (ignored(it->path())) it.disable_recursion_pending();  // nor what is in it
        else add(it->path());
    }
}

bool DirectoryWatcher::drain(int timeout_ms) {
    pollfd pfd{fd_, POLLIN, 0};
    if (poll(&pfd, 1, timeout_ms) <= 0) return false;  // timeout, or a signal (the caller checks stop)
    bool any = false;
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        ssize_t n = read(fd_, buffer, sizeof buffer);
        if (n <= 0) break;
        for (char* p = buffer; p < buffer + n;) {
            auto* event = reinterpret_cast<inotify_event*>(p);
            p += sizeof(inotify_event) + event->len;
            const auto folder = folders_.find(event->wd);
            if (folder != folders_.end() && event->len > 0 && ignored(folder->second / event->name)) continue;
            any = true;
            // A new folder: watch it, and what was put in it before the watch began, too.
            if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO)) && event->len > 0 &&
                folder != folders_.end())
                watch_tree(folder->second / event->name);
        }
    }
    return any;
}

bool DirectoryWatcher::wait_for_changes(const std::atomic<bool>& stop, std::chrono::milliseconds settle) {
    while (!stop.load())
        if (drain(kStopCheckMs)) {
            while (!stop.load() && drain(static_cast<int>(settle.count()))) {
            }
            return true;
        }
    return false;
}

}  // namespace medqa
