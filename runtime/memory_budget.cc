#include "runtime/memory_budget.h"

#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "ir/data_type.h"

namespace mint8::runtime {
namespace {

constexpr int64_t kMiB = int64_t{1} << 20;

// Bytes of `t`, or -1 when they do not fit in 64 bits.
int64_t TensorBytes(const ir::TensorInfo& t) {
  int64_t bytes = static_cast<int64_t>(ir::DataTypeSize(t.dtype));
  for (int64_t d : t.shape.Sizes()) {
    if (d < 0 || __builtin_mul_overflow(bytes, d, &bytes)) return -1;
  }
  return bytes;
}

std::string MiB(int64_t bytes) { return absl::StrCat((bytes + kMiB - 1) / kMiB, " MiB"); }

}  // namespace

int64_t DefaultMemoryBudgetBytes() {
  const int64_t pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return int64_t{1} << 34;  // 16 GiB when the OS does not say
  return pages / 4 * 3 * page_size;
}

absl::Status CheckMemoryBudget(const ir::Graph& graph, int64_t budget_bytes) {
  int64_t total = 0;
  for (const auto& [name, t] : graph.tensors()) {
    const int64_t bytes = TensorBytes(t);
    if (bytes < 0 || __builtin_add_overflow(total, bytes, &total)) {
      return absl::ResourceExhaustedError(absl::StrCat("tensor '", name, "' of shape ", t.shape.ToString(),
                                                       " is too large to address"));
    }
  }
  if (total > budget_bytes) {
    std::string inputs;
    for (const std::string& in : graph.inputs()) {
      absl::StrAppend(&inputs, inputs.empty() ? "" : ", ", in, " ", graph.FindTensor(in)->shape.ToString());
    }
    return absl::ResourceExhaustedError(absl::StrCat("the model's tensors take ", MiB(total), " with input ", inputs,
                                                     "; the memory budget is ", MiB(budget_bytes)));
  }
  return absl::OkStatus();
}

}  // namespace mint8::runtime
