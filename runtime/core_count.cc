#include "runtime/core_count.h"

#include <sched.h>

#include <cstdlib>
#include <thread>

#include "absl/strings/numbers.h"

namespace mint8::runtime {

int UsableCores() {
  int requested = 0;
  const char* env = std::getenv("OMP_NUM_THREADS");
  if (env != nullptr && absl::SimpleAtoi(env, &requested) && requested > 0) return requested;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace mint8::runtime
