#include "runtime/core_count.h"

#include <sched.h>
#include <stdlib.h>

#include "gtest/gtest.h"

namespace mint8::runtime {
namespace {

TEST(CoreCountTest, OmpNumThreadsCapsTheCount) {
  ASSERT_EQ(setenv("OMP_NUM_THREADS", "3", 1), 0);
  EXPECT_EQ(UsableCores(), 3);
  cpu_set_t set;
  CPU_ZERO(&set);
  ASSERT_EQ(sched_getaffinity(0, sizeof(set), &set), 0);
  for (const char* ignored : {"0", "-2", "four", ""}) {
    ASSERT_EQ(setenv("OMP_NUM_THREADS", ignored, 1), 0);
    EXPECT_EQ(UsableCores(), CPU_COUNT(&set)) << "OMP_NUM_THREADS='" << ignored << "'";
  }
  ASSERT_EQ(unsetenv("OMP_NUM_THREADS"), 0);
  EXPECT_EQ(UsableCores(), CPU_COUNT(&set));
  const std::vector<int> cpus = AllowedCpus();
  ASSERT_EQ(static_cast<int>(cpus.size()), CPU_COUNT(&set));
  for (int cpu : cpus) EXPECT_TRUE(CPU_ISSET(cpu, &set)) << cpu;
}

}  // namespace
}  // namespace mint8::runtime
