// Large buffers that may live in transparent huge pages (madvise, the mode
// Debian's kernels default to). The advice is a process-wide switch, off by
// default (SetHugePageAdvice; the tools' --huge_pages): memory streamed on
// every run - a plan's arena, packed weights - costs a TLB miss per 4 KiB
// page, which huge pages save, but on the development machines' virtual
// CPUs (AMD EPYC Zen 5, 2026-12-02) advised memory stalled whole runs:
// ResNet-101 FP32 ran 69-73 ms a run in 4 KiB pages and 69-72 ms with a
// 134-221 ms run every few runs in 2 MiB ones (the kernel's access monitor,
// kdamond, clearing the huge pages' accessed bits), so mean throughput fell
// 20-35% on every seed model. docs/speed.md "Huge pages" has the figures.
//
//   HugePageBuffer arena(bytes);           // owned, 64-byte aligned
//   AdviseHugePages(fresh_memory, bytes);  // memory someone else allocated
#ifndef MINT8_KERNELS_HUGE_PAGES_H_
#define MINT8_KERNELS_HUGE_PAGES_H_

#include <cstddef>
#include <cstdint>

namespace mint8::kernels {

// Whether AdviseHugePages advises, for buffers allocated from now on.
void SetHugePageAdvice(bool on);
bool HugePageAdvice();

// When HugePageAdvice() holds, asks for huge pages over the 2 MiB-aligned
// part of [data, data + bytes). Only pages not yet touched can get them;
// advice only, so a kernel without transparent huge pages keeps ordinary
// pages.
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
