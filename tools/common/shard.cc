#include "tools/common/shard.h"

#include <dirent.h>

#include <cstdio>
#include <map>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace mint8::tools {
namespace {

absl::StatusOr<int> EnvInt(const std::function<const char*(const char*)>& getenv, const char* name) {
  const char* text = getenv(name);
  int value = 0;
  if (text == nullptr || !absl::SimpleAtoi(text, &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, "='", text == nullptr ? "" : text, "' is not a number"));
  }
  return value;
}

absl::StatusOr<Shard> Checked(Shard shard) {
  if (shard.count < 1 || shard.index < 0 || shard.index >= shard.count) {
    return absl::InvalidArgumentError(absl::StrCat("shard ", shard.index, " of ", shard.count, " (from ",
                                                   shard.source, "): the index must be in [0, count)"));
  }
  return shard;
}

}  // namespace

absl::StatusOr<Shard> ResolveShard(const ShardFlags& flags,
                                   const std::function<const char*(const char*)>& getenv) {
  if (flags.index_given) {
    return Checked({flags.index, flags.count, "flags"});
  }
  if (getenv("SLURM_ARRAY_TASK_ID") != nullptr) {
    absl::StatusOr<int> id = EnvInt(getenv, "SLURM_ARRAY_TASK_ID");
    if (!id.ok()) return id.status();
    // With the count given, the task id is the shard: a re-run of some
    // shards (--array=3,5) keeps their numbers.
    if (flags.count_given) return Checked({*id, flags.count, "Slurm array task"});
    absl::StatusOr<int> count = EnvInt(getenv, "SLURM_ARRAY_TASK_COUNT");
    absl::StatusOr<int> first = getenv("SLURM_ARRAY_TASK_MIN") == nullptr
                                    ? absl::StatusOr<int>(0)
                                    : EnvInt(getenv, "SLURM_ARRAY_TASK_MIN");
    if (!count.ok()) return count.status();
    if (!first.ok()) return first.status();
    return Checked({*id - *first, *count, "Slurm array task"});
  }
  if (getenv("JOB_COMPLETION_INDEX") != nullptr) {
    absl::StatusOr<int> index = EnvInt(getenv, "JOB_COMPLETION_INDEX");
    if (!index.ok()) return index.status();
    if (!flags.count_given) {
      return absl::InvalidArgumentError(
          "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): give --num_shards=<the job's "
          "completions>");
    }
    return Checked({*index, flags.count, "Kubernetes indexed job"});
  }
  if (flags.count_given && flags.count != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--num_shards=", flags.count, " without --shard_index (and no Slurm array or Indexed Job around)"));
  }
  return Shard{0, 1, "single"};
}

std::string ShardFileStem(const Shard& shard) {
  return absl::StrFormat("shard-%04d-of-%04d", shard.index, shard.count);
}

std::string ShardFilePath(const std::string& dir, const Shard& shard, const std::string& extension) {
  return absl::StrCat(dir, "/", ShardFileStem(shard), extension);
}

absl::StatusOr<std::vector<std::string>> CompleteShardFiles(const std::string& dir,
                                                            const std::string& extension) {
  std::unique_ptr<DIR, int (*)(DIR*)> d(opendir(dir.c_str()), closedir);
  if (d == nullptr) return absl::NotFoundError(absl::StrCat("cannot read directory '", dir, "'"));
  std::map<int, std::map<int, std::string>> by_count;  // count -> index -> file
  for (dirent* e = readdir(d.get()); e != nullptr; e = readdir(d.get())) {
    const std::string name = e->d_name;
    int index = 0, count = 0, used = 0;
    if (!absl::EndsWith(name, extension) ||
        std::sscanf(name.c_str(), "shard-%d-of-%d%n", &index, &count, &used) != 2 ||
        name.substr(used) != extension) {
      continue;
    }
    by_count[count][index] = dir + "/" + name;
  }
  if (by_count.empty()) {
    return absl::NotFoundError(absl::StrCat("no shard-*-of-*", extension, " files in '", dir, "'"));
  }
  if (by_count.size() > 1) {
    std::vector<std::string> counts;
    for (const auto& [count, files] : by_count) counts.push_back(absl::StrCat(count));
    return absl::FailedPreconditionError(absl::StrCat("'", dir, "' holds shards of jobs split ",
                                                      absl::StrJoin(counts, " and "),
                                                      " ways; use one directory per job"));
  }
  const auto& [count, files] = *by_count.begin();
  std::vector<std::string> missing, paths;
  for (int i = 0; i < count; ++i) {
    const auto it = files.find(i);
    if (it == files.end()) {
      missing.push_back(absl::StrCat(i));
    } else {
      paths.push_back(it->second);
    }
  }
  if (!missing.empty() || static_cast<int>(files.size()) != count) {
    return absl::FailedPreconditionError(absl::StrCat(
        "'", dir, "' holds ", files.size(), " of ", count, " shards; missing: ", absl::StrJoin(missing, ", "),
        missing.empty() ? "none, but some index is out of range" : " (re-run those tasks)"));
  }
  return paths;
}

}  // namespace mint8::tools
