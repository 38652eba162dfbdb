#include "runtime/huge_page_buffer.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace mint8::runtime {

namespace {
constexpr size_t kHugePage = size_t{2} << 20;
}  // namespace

HugePageBuffer::HugePageBuffer(size_t bytes) : size_(bytes) {
  const size_t alignment = bytes >= kHugePage ? kHugePage : 64;
  const size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  data_ = static_cast<uint8_t*>(std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded));
  if (data_ == nullptr) throw std::bad_alloc();
  // Advice only: where the kernel has no transparent huge pages this fails
  // and the buffer keeps ordinary pages.
  if (alignment == kHugePage) madvise(data_, rounded, MADV_HUGEPAGE);
}

HugePageBuffer::~HugePageBuffer() { std::free(data_); }

}  // namespace mint8::runtime
