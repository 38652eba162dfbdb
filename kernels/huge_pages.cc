#include "kernels/huge_pages.h"

#include <sys/mman.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace mint8::kernels {
namespace {
constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
std::atomic<bool> advise{false};
}  // namespace

void SetHugePageAdvice(bool on) { advise.store(on, std::memory_order_relaxed); }
bool HugePageAdvice() { return advise.load(std::memory_order_relaxed); }

void AdviseHugePages(void* data, size_t bytes) {
  if (!HugePageAdvice()) return;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHugePage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

HugePageBuffer::HugePageBuffer(size_t bytes) : size_(bytes) {
  // Whole huge pages for a large buffer, so all of it can be advised.
  const size_t alignment = bytes >= kHugePage ? kHugePage : 64;
  const size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  data_ = static_cast<uint8_t*>(std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded));
  if (data_ == nullptr) throw std::bad_alloc();
  AdviseHugePages(data_, rounded);
}

HugePageBuffer::~HugePageBuffer() { std::free(data_); }

}  // namespace mint8::kernels
