#include "index/sharded_index.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/schema.hpp"
#include "index/database.hpp"
#include "index/spelling.hpp"
#include "index/stub_file.hpp"
#include "index/synonyms.hpp"
#include "index/worker_pool.hpp"

namespace medqa {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStubComment =
    "# A medqa index of several shards (medqa index --shards N): Xapian opens this folder as one database.\n"
    "# Keep `auto local` first and on this machine. A shard served elsewhere: replace its line by\n"
    "# `remote HOST:PORT` (xapian-tcpsrv, see scripts/serve-shard.sh) or `remote :ssh HOST xapian-progsrv PATH`.\n"
    "# medqa index --rebuild writes this file again.\n";

void write_index_stub(const fs::path& index, unsigned shards) {
    std::vector<std::string> lines{"auto " + std::string(kLocalDatabaseName)};
    for (unsigned i = 0; i < shards; ++i) lines.push_back("auto " + shard_path(index, i).filename().string());
    write_stub(index / "XAPIANDB", kStubComment, lines);
}

// Moves the spelling data each shard's run changed to the local database, where searches find
// it whichever shards are remote (spelling.hpp).
void gather_spelling(Xapian::WritableDatabase& local, const fs::path& index, unsigned shards) {
    for (unsigned i = 0; i < shards; ++i) {
        auto shard = open_for_writing(shard_path(index, i));
        move_spelling(shard, local);
    }
}

// A freshly built shard is compacted as a fresh single database is (fresh_build.cpp): Xapian's
// writer leaves its B-tree blocks part full, and uncompacted shards took 1.6-1.75x the bytes
// of one database at 100k answers (bench/README.md, "Shards").
void compact_shards(const fs::path& index, unsigned shards) {
    for (unsigned i = 0; i < shards; ++i) {
        const fs::path shard = shard_path(index, i), compacted = shard.string() + ".compact";
        fs::remove_all(compacted);
        Xapian::Database(shard.string()).compact(compacted.string());
        fs::remove_all(shard);
        fs::rename(compacted, shard);
    }
}

// The shards' reports as one: every shard reads every file, so files are counted once.
IndexReport combine(const std::vector<IndexReport>& reports) {
    IndexReport all;
    for (const auto& r : reports) {
        const size_t files = std::max(all.files, r.files), files_read = std::max(all.files_read, r.files_read);
        all += r;
        all.files = files;
        all.files_read = files_read;
    }
    return all;
}

std::vector<IndexReport> run_shards(const std::vector<fs::path>& roots, const std::vector<WorkerJob>& jobs,
                                    const annotate::Annotator& annotator,
                                    const std::function<void(const ingest::Problem&)>& on_problem,
                                    const IndexOptions& options) {
    if (jobs.size() > 1 && worker_count(options) > 1)
        return build_on_workers(roots, jobs, annotator, on_problem, options);
    std::vector<IndexReport> reports;
    for (const auto& job : jobs) {
        IndexOptions one = options;
        one.route = job.route;
        auto db = open_for_writing(job.database);
        reports.push_back(update_index(db, roots, job.files, annotator, on_problem, one));
        db.close();
    }
    return reports;
}

std::vector<WorkerJob> shard_jobs(const fs::path& index, unsigned shards, const std::vector<fs::path>& files) {
    std::vector<WorkerJob> jobs;
    for (unsigned i = 0; i < shards; ++i) jobs.push_back({files, shard_path(index, i), {i, shards}});
    return jobs;
}

}  // namespace

fs::path shard_path(const fs::path& index, unsigned shard) { return index / ("shard-" + std::to_string(shard)); }

unsigned shard_count(const fs::path& index) {
    std::error_code ec;
    if (!fs::exists(index, ec) || (fs::is_directory(index, ec) && fs::is_empty(index, ec))) return 0;
    // A stub file given as --db is no index folder: open_for_writing says so.
    if (!fs::is_directory(index, ec) || !fs::exists(index / "XAPIANDB", ec)) return 1;
    std::string count;
    try {
        count = Xapian::Database((index / kLocalDatabaseName).string()).get_metadata(std::string(schema::kShardsKey));
    } catch (const Xapian::DatabaseOpeningError&) {
    }
    if (count.empty())
        throw Error(ExitCode::no_database, index.string() + ": a stub folder, but not a sharded medqa index",
                    "--db takes a folder made by medqa index, or a new or empty one");
    return static_cast<unsigned>(std::stoul(count));
}

std::optional<ShardedPart> part_of_sharded_index(const fs::path& path) {
    // By where it leads (a link to a shard is the shard), and named as given when that says it.
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (ec || !fs::is_directory(real, ec)) return std::nullopt;
    const std::string name = real.filename().string();
    fs::path given = path.lexically_normal();
    if (given.filename().empty()) given = given.parent_path();  // "index/shard-0/"
    const fs::path index = given.filename() == name ? (given.has_parent_path() ? given.parent_path() : ".")
                                                    : real.parent_path();
    unsigned count = 0;
    try {
        count = shard_count(real.parent_path());
    } catch (const Error&) {  // a stub folder that is no medqa index: nothing of it is a part
        return std::nullopt;
    } catch (const Xapian::Error&) {  // nor of one that cannot be read
        return std::nullopt;
    }
    if (count < 2) return std::nullopt;
    if (name == kLocalDatabaseName) return ShardedPart{index, "the local database", true};
    for (unsigned i = 0; i < count; ++i)
        if (shard_path(real.parent_path(), i) == real)
            return ShardedPart{index, "shard " + std::to_string(i) + " of " + std::to_string(count), false};
    return std::nullopt;
}

IndexReport build_sharded(const std::vector<fs::path>& roots, const std::vector<fs::path>& files,
                          const fs::path& target, unsigned shards, const annotate::Annotator& annotator,
                          const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options) {
    fs::create_directories(target);
    try {
        auto reports = run_shards(roots, shard_jobs(target, shards, files), annotator, on_problem, options);
        auto local = open_for_writing(target / kLocalDatabaseName);
        local.set_metadata(std::string(schema::kShardsKey), std::to_string(shards));
        update_synonyms(local, annotator);
        gather_spelling(local, target, shards);
        local.close();
        compact_shards(target, shards);  // in the folder that replaces the index once complete
        write_index_stub(target, shards);
        return combine(reports);
    } catch (...) {
        fs::remove_all(target);
        throw;
    }
}

IndexReport update_sharded(Xapian::WritableDatabase& local, const std::vector<fs::path>& roots, const std::vector<fs::path>& files,
                           const fs::path& index, const annotate::Annotator& annotator,
                           const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options) {
    const unsigned shards = shard_count(index);
    for (unsigned i = 0; i < shards; ++i)
        if (!fs::exists(shard_path(index, i)))
            throw Error(ExitCode::no_database, shard_path(index, i).string() + ": this shard is missing",
                        "a sharded index is updated where all its shards are: bring it back, or rebuild with "
                        "medqa index --rebuild");
    update_synonyms(local, annotator);
    local.commit();
    auto reports = run_shards(roots, shard_jobs(index, shards, files), annotator, on_problem, options);
    gather_spelling(local, index, shards);
    return combine(reports);
}

}  // namespace medqa
