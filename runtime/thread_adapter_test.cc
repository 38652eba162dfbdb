// ThreadAdapter's policy on made-up run times: it measures both counts,
// keeps the faster, switches within a few runs when the preferred one slows
// down, and finds its way back at the next probe.
#include "runtime/thread_adapter.h"

#include "gtest/gtest.h"

namespace mint8::runtime {
namespace {

// Runs `n` runs where a run on `threads` threads takes time(threads);
// returns how many used one thread.
template <typename Time>
int RunMany(ThreadAdapter& adapter, int n, Time time) {
  int single = 0;
  for (int i = 0; i < n; ++i) {
    const int t = adapter.ThreadsForNextRun();
    single += t == 1;
    adapter.Record(t, time(t));
  }
  return single;
}

TEST(ThreadAdapterTest, FollowsTheLoad) {
  ThreadAdapter adapter(2, /*probe_interval=*/16);
  const auto quiet = [](int t) { return t == 1 ? 10.0 : 5.5; };
  const auto busy = [](int t) { return t == 1 ? 10.0 : 35.0; };
  // Quiet: after measuring one thread once, only probes use it.
  EXPECT_EQ(RunMany(adapter, 160, quiet), 1 + 160 / 16);
  EXPECT_EQ(adapter.preferred(), 2);
  // A neighbour takes a core: two threads slow down, and within a few runs
  // one thread is preferred.
  RunMany(adapter, 4, busy);
  EXPECT_EQ(adapter.preferred(), 1);
  EXPECT_GE(RunMany(adapter, 160, busy), 160 - 160 / 16);
  // It leaves: the next probe of two threads finds them faster again.
  RunMany(adapter, 17, quiet);
  EXPECT_EQ(adapter.preferred(), 2);
}

TEST(ThreadAdapterTest, OneThreadSessionsNeverAdapt) {
  ThreadAdapter adapter(1);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(adapter.ThreadsForNextRun(), 1);
    adapter.Record(1, 3.0);
  }
}

}  // namespace
}  // namespace mint8::runtime
