// Which part of a job this process does: from the tools' --shard_index /
// --num_shards flags, else from the scheduler that started it. Slurm array
// tasks set SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and
// SLURM_ARRAY_TASK_COUNT (an array 1-8 is shards 0..7); with --num_shards
// given, the task id is the shard itself, so re-running some shards
// (sbatch --array=3,5) keeps their numbers. A Kubernetes Indexed Job sets
// JOB_COMPLETION_INDEX and leaves the count to --num_shards.
//
//   ShardFlags flags{FlagGiven("shard_index"), FLAGS_shard_index,
//                    FlagGiven("num_shards"), FLAGS_num_shards};
//   Shard shard = ValueOrFail(ResolveShard(flags, getenv), "--shard_index");
//   for (int64_t i = shard.index; i < n; i += shard.count) ...
#ifndef MINT8_TOOLS_COMMON_SHARD_H_
#define MINT8_TOOLS_COMMON_SHARD_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace mint8::tools {

struct ShardFlags {
  bool index_given = false;
  int index = 0;
  bool count_given = false;
  int count = 1;
};

struct Shard {
  int index = 0;
  int count = 1;
  std::string source;  // "flags", "Slurm array task", "Kubernetes indexed job", or "single"
};

// `getenv` reads the environment (std::getenv; tests pass their own).
// Errors: an index outside [0, count), a scheduler variable that is not a
// number, JOB_COMPLETION_INDEX without --num_shards, --num_shards without an
// index from the flags or a scheduler.
absl::StatusOr<Shard> ResolveShard(const ShardFlags& flags,
                                   const std::function<const char*(const char*)>& getenv);

// "shard-0003-of-0008": the name of a shard's result file (plus an
// extension). Tasks write it atomically, so a re-run task replaces its file.
std::string ShardFileStem(const Shard& shard);
// DIR/shard-KKKK-of-NNNN<extension>.
std::string ShardFilePath(const std::string& dir, const Shard& shard, const std::string& extension);

// The shard files `dir` holds with this extension (".json"), in shard order,
// once it holds every shard of one job: an error names the missing shards, or
// files of jobs with other shard counts.
absl::StatusOr<std::vector<std::string>> CompleteShardFiles(const std::string& dir,
                                                            const std::string& extension);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_SHARD_H_
