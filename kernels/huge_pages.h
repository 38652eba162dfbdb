// Large buffers in transparent huge pages (madvise, the mode Debian's kernels
// default to). Memory streamed on every run - a plan's arena, packed weights
// - costs a TLB miss per 4 KiB page, and in a virtual machine a TLB miss is a
// two-level page walk: measured, VGG16's 411 MB of packed classifier weights
// took 185-295 ms per run in 4 KiB pages and 15-16 ms in 2 MiB ones, and
// SqueezeNet's first calibration batch 461 -> 345 ms.
//
//   HugePageBuffer arena(bytes);           // owned, 64-byte aligned
//   AdviseHugePages(fresh_memory, bytes);  // memory someone else allocated
#ifndef MINT8_KERNELS_HUGE_PAGES_H_
#define MINT8_KERNELS_HUGE_PAGES_H_

#include <cstddef>
#include <cstdint>

namespace mint8::kernels {

// Asks for huge pages over the 2 MiB-aligned part of [data, data + bytes).
// Only pages not yet touched can get them; advice only, so a kernel without
// transparent huge pages keeps ordinary pages.
void AdviseHugePages(void* data, size_t bytes);

class HugePageBuffer {
 public:
  explicit HugePageBuffer(size_t bytes);
  ~HugePageBuffer();
  HugePageBuffer(const HugePageBuffer&) = delete;
  HugePageBuffer& operator=(const HugePageBuffer&) = delete;

  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace mint8::kernels

#endif  // MINT8_KERNELS_HUGE_PAGES_H_
