#pragma once
// Waits for changes under the folders `medqa index --watch` keeps up to date, with Linux's
// inotify: files written, moved in or out, deleted, and new subfolders (watched as they appear).

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <unordered_map>
#include <vector>

namespace medqa {

class DirectoryWatcher {
public:
    // Watches every folder among the paths, and every folder below them (a file path watches
    // its folder), except those for which `ignore` holds, and anything in them: a change to
    // such a path is no change (the index a watching indexer writes, which may sit among the
    // files it watches: without this each pass's own writes set off the next). Throws Error
    // when inotify cannot be set up.
    explicit DirectoryWatcher(const std::vector<std::filesystem::path>& paths,
                              std::function<bool(const std::filesystem::path&)> ignore = {});
    ~DirectoryWatcher();
    DirectoryWatcher(const DirectoryWatcher&) = delete;
    DirectoryWatcher& operator=(const DirectoryWatcher&) = delete;

    // Blocks until something changed and then stayed quiet for `settle` (a file being written
    // in several steps is indexed once, complete), or until `stop` is set. True when something
    // changed.
    bool wait_for_changes(const std::atomic<bool>& stop, std::chrono::milliseconds settle);

private:
    void watch_tree(const std::filesystem::path& dir);
    bool drain(int timeout_ms);  // reads pending events; true when any not ignored arrived
    bool ignored(const std::filesystem::path& path) const { return ignore_ && ignore_(path); }

    int fd_ = -1;
    std::function<bool(const std::filesystem::path&)> ignore_;
    std::unordered_map<int, std::filesystem::path> folders_;  // watch descriptor -> folder
};

}  // namespace medqa
