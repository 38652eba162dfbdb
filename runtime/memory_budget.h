// Memory budget: the most a session may allocate, checked when it compiles,
// so that a huge batch or input shape is a clear error instead of bad_alloc
// (or an overflowed size handed to oneDNN).
//
//   MINT8_RETURN_IF_ERROR(CheckMemoryBudget(specialized_graph, DefaultMemoryBudgetBytes()));
#ifndef MINT8_RUNTIME_MEMORY_BUDGET_H_
#define MINT8_RUNTIME_MEMORY_BUDGET_H_

#include <cstdint>

#include "absl/status/status.h"
#include "ir/graph.h"

namespace mint8::runtime {

// Three quarters of this machine's physical memory.
int64_t DefaultMemoryBudgetBytes();

// Every tensor of `graph` (shapes known) at once: an upper bound on what a
// session holds, since its buffer plan reuses storage. ResourceExhausted when
// that exceeds `budget_bytes` or a tensor's size does not fit 64 bits.
absl::Status CheckMemoryBudget(const ir::Graph& graph, int64_t budget_bytes);

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_MEMORY_BUDGET_H_
