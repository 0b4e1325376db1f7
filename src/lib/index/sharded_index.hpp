#pragma once
// A sharded index (medqa index --shards N) is a folder holding
//   shard-0 ... shard-N-1  one Xapian database each, with the threads whose id hashes to it
//                          (ShardRoute) and its own ledger of the input files (every shard
//                          reads every file and keeps its share of the threads);
//   local                  a database without documents, for what Xapian 1.4's remote backend
//                          does not serve: the schema version and shard count (metadata is
//                          read from a stub's first database), the synonym table, and the
//                          spelling data of all shards (moved out of them after each run);
//   XAPIANDB               the stub file listing `auto local` first, then the shards.
// Xapian opens the folder as one database: its BM25 statistics are global, so the ranking is
// the single database's, and synonyms and spelling come from `local` wherever the shards live
// (each line may be pointed at a remote server: stub_file.hpp).

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "annotate/annotator.hpp"
#include "index/index_run.hpp"
#include "ingest/problem.hpp"

namespace medqa {

inline constexpr std::string_view kLocalDatabaseName = "local";

std::filesystem::path shard_path(const std::filesystem::path& index, unsigned shard);

// How many shards the index at this path has: 0 when there is none, 1 for a plain database.
unsigned shard_count(const std::filesystem::path& index);

// A part of a sharded index, found by its place: `local` or `shard-N` (N below the shard
// count) in a folder that is a sharded medqa index. Each part is a Xapian database of its own,
// so Xapian would open one alone without a word.
struct ShardedPart {
    std::filesystem::path index;  // the sharded index, as the path given names it when it can
    std::string what;             // "shard 0 of 2", "the local database"
    bool local = false;           // `local`, which holds no threads
};
std::optional<ShardedPart> part_of_sharded_index(const std::filesystem::path& path);

// Builds the files into a new sharded index at `target` (which must not exist), its shards on
// as many processes at once unless IndexOptions::workers is 1, then compacts each shard.
// Removes what it built on error.
IndexReport build_sharded(const std::vector<std::filesystem::path>& roots,
                          const std::vector<std::filesystem::path>& files, const std::filesystem::path& target,
                          unsigned shards, const annotate::Annotator& annotator,
                          const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options);

// Brings each shard of the sharded index at `index` up to date with the files (as
// update_index does for one database); `local` is its local database, open (its write lock is
// the index's). The shards must be here, in the index folder, even those its stub has
// searched elsewhere.
IndexReport update_sharded(Xapian::WritableDatabase& local, const std::vector<std::filesystem::path>& roots,
                           const std::vector<std::filesystem::path>& files, const std::filesystem::path& index,
                           const annotate::Annotator& annotator,
                           const std::function<void(const ingest::Problem&)>& on_problem, const IndexOptions& options);

}  // namespace medqa
