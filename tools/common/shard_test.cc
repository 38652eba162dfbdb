#include "tools/common/shard.h"

#include <sys/stat.h>

#include <cerrno>
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "ir/file_io.h"

namespace mint8::tools {
namespace {

// An environment holding only `vars`.
std::function<const char*(const char*)> Env(const std::map<std::string, std::string>& vars) {
  return [vars](const char* name) -> const char* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST(ShardTest, FlagsWinOverTheScheduler) {
  absl::StatusOr<Shard> s =
      ResolveShard({true, 2, true, 4}, Env({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_COUNT", "8"}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->index, 2);
  EXPECT_EQ(s->count, 4);
  EXPECT_EQ(s->source, "flags");
  EXPECT_FALSE(ResolveShard({true, 4, true, 4}, Env({})).ok());
  EXPECT_FALSE(ResolveShard({true, -1, true, 4}, Env({})).ok());
}

TEST(ShardTest, SlurmArrayTasksCountFromTheArraysFirstIndex) {
  absl::StatusOr<Shard> s = ResolveShard(
      {},
      Env({{"SLURM_ARRAY_TASK_ID", "5"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "8"}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->index, 4);
  EXPECT_EQ(s->count, 8);
  EXPECT_EQ(s->source, "Slurm array task");
  EXPECT_EQ(ShardFileStem(*s), "shard-0004-of-0008");
  EXPECT_EQ(ShardFilePath("/out", *s, ".json"), "/out/shard-0004-of-0008.json");
  // With the count given, the task id is the shard (a re-run of shard 5 of
  // 8 is an array of one task, 5).
  absl::StatusOr<Shard> rerun = ResolveShard(
      {false, 0, true, 8},
      Env({{"SLURM_ARRAY_TASK_ID", "5"}, {"SLURM_ARRAY_TASK_MIN", "5"}, {"SLURM_ARRAY_TASK_COUNT", "1"}}));
  ASSERT_TRUE(rerun.ok()) << rerun.status();
  EXPECT_EQ(rerun->index, 5);
  EXPECT_EQ(rerun->count, 8);
  EXPECT_FALSE(ResolveShard({false, 0, true, 4}, Env({{"SLURM_ARRAY_TASK_ID", "4"}})).ok());
  EXPECT_FALSE(ResolveShard({}, Env({{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_COUNT", "8"}})).ok());
  EXPECT_FALSE(ResolveShard({}, Env({{"SLURM_ARRAY_TASK_ID", "1"}})).ok());  // no count
}

TEST(ShardTest, KubernetesIndexedJobsNeedTheCountFlag) {
  absl::StatusOr<Shard> s = ResolveShard({false, 0, true, 3}, Env({{"JOB_COMPLETION_INDEX", "2"}}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->index, 2);
  EXPECT_EQ(s->count, 3);
  absl::StatusOr<Shard> missing = ResolveShard({}, Env({{"JOB_COMPLETION_INDEX", "2"}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("--num_shards"), std::string::npos);
  EXPECT_FALSE(ResolveShard({false, 0, true, 2}, Env({{"JOB_COMPLETION_INDEX", "2"}})).ok());
}

TEST(ShardTest, NothingGivenIsOneShard) {
  absl::StatusOr<Shard> s = ResolveShard({}, Env({}));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 0);
  EXPECT_EQ(s->count, 1);
  EXPECT_FALSE(ResolveShard({false, 0, true, 4}, Env({})).ok());  // a count without an index
}

void Touch(const std::string& path) { ASSERT_TRUE(ir::WriteStringToFileAtomically(path, "{}").ok()); }

TEST(ShardTest, CompleteShardFilesNeedsEveryShardOnce) {
  const std::string dir = ::testing::TempDir() + "/shards";
  ASSERT_EQ(mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST, true);
  Touch(dir + "/shard-0001-of-0003.json");
  Touch(dir + "/shard-0000-of-0003.json");
  Touch(dir + "/notes.txt");
  absl::StatusOr<std::vector<std::string>> files = CompleteShardFiles(dir, ".json");
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("missing: 2"), std::string::npos) << files.status();

  Touch(dir + "/shard-0002-of-0003.json");
  Touch(dir + "/shard-0002-of-0003.json.tmp");  // another extension: ignored
  files = CompleteShardFiles(dir, ".json");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0], dir + "/shard-0000-of-0003.json");
  EXPECT_EQ((*files)[2], dir + "/shard-0002-of-0003.json");

  Touch(dir + "/shard-0000-of-0002.json");  // a second job in the same directory
  files = CompleteShardFiles(dir, ".json");
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("2 and 3"), std::string::npos) << files.status();
  EXPECT_FALSE(CompleteShardFiles(dir + "/absent", ".json").ok());
}

}  // namespace
}  // namespace mint8::tools
