#include "runtime/execution_plan.h"

#include <algorithm>
#include <numeric>

namespace mint8::runtime {
namespace {

constexpr size_t kAlign = 64;

size_t AlignUp(size_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

}  // namespace

int ExecutionPlan::StorageRoot(int value) const {
  while (values[value].storage == Storage::kAlias) value = values[value].alias_of;
  return value;
}

void PlanArena(ExecutionPlan& plan) {
  const int n = static_cast<int>(plan.values.size());
  const int end = static_cast<int>(plan.steps.size());
  // Lifetime of each storage root: first step writing it to last step reading
  // any value that aliases it.
  std::vector<int> first(n, end), last(n, -1);
  for (int s = 0; s < end; ++s) {
    for (int v : plan.steps[s].outputs) {
      const int r = plan.StorageRoot(v);
      first[r] = std::min(first[r], s);
      last[r] = std::max(last[r], s);
    }
    for (int v : plan.steps[s].inputs) {
      const int r = plan.StorageRoot(v);
      first[r] = std::min(first[r], s);
      last[r] = std::max(last[r], s);
    }
  }
  for (int v : plan.outputs) last[plan.StorageRoot(v)] = end;

  std::vector<int> order;
  for (int v = 0; v < n; ++v) {
    if (plan.values[v].storage == Storage::kArena && last[v] >= 0) order.push_back(v);
  }
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return plan.values[a].bytes != plan.values[b].bytes ? plan.values[a].bytes > plan.values[b].bytes
                                                        : a < b;
  });
  struct Placed {
    size_t begin, end;
    int first, last;
  };
  std::vector<Placed> placed;
  size_t arena = 0;
  for (int v : order) {
    const size_t size = AlignUp(std::max<size_t>(plan.values[v].bytes, 1));
    // Lowest offset that does not collide with a value alive at the same time.
    std::vector<std::pair<size_t, size_t>> busy;
    for (const Placed& p : placed) {
      if (p.first <= last[v] && first[v] <= p.last) busy.push_back({p.begin, p.end});
    }
    std::sort(busy.begin(), busy.end());
    size_t offset = 0;
    for (const auto& [b, e] : busy) {
      if (offset + size <= b) break;
      offset = std::max(offset, e);
    }
    plan.values[v].offset = offset;
    placed.push_back({offset, offset + size, first[v], last[v]});
    arena = std::max(arena, offset + size);
  }
  plan.arena_bytes = arena;
  plan.scratchpad_bytes = 0;
  for (const PlanStep& s : plan.steps) {
    plan.scratchpad_bytes = std::max(plan.scratchpad_bytes, s.kernel->scratchpad_bytes());
  }
}

}  // namespace mint8::runtime
