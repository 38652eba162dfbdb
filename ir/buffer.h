// Buffer: the bytes of a constant tensor (a weight), shared between graphs.
//
// Graph copies share buffers; passes that change a weight make a new buffer.
// A buffer either owns 64-byte aligned memory or views memory kept alive by an
// owner (a memory-mapped .mint8 file, a parsed ONNX initializer), so loading a
// model does not copy its weights.
//
//   std::shared_ptr<Buffer> b = Buffer::Allocate(n * sizeof(float));
//   float* w = b->mutable_data<float>();
#ifndef MINT8_IR_BUFFER_H_
#define MINT8_IR_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/types/span.h"

namespace mint8::ir {

class Buffer {
 public:
  static constexpr size_t kAlignment = 64;

  // Zero-initialized, aligned, owned memory.
  static std::shared_ptr<Buffer> Allocate(size_t size);
  // An owned, aligned copy of `size` bytes at `data`.
  static std::shared_ptr<Buffer> Copy(const void* data, size_t size);
  // A view of `size` bytes at `data`, valid while `owner` lives.
  static std::shared_ptr<const Buffer> View(const void* data, size_t size,
                                            std::shared_ptr<const void> owner);

  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(data_);
  }
  template <typename T>
  absl::Span<const T> span() const {
    return absl::Span<const T>(data<T>(), size_ / sizeof(T));
  }
  // Writable access, for the code that just made the buffer.
  template <typename T>
  T* mutable_data() {
    return reinterpret_cast<T*>(data_);
  }

 private:
  Buffer(uint8_t* data, size_t size, bool owned, std::shared_ptr<const void> owner);

  uint8_t* data_;
  size_t size_;
  bool owned_;
  std::shared_ptr<const void> owner_;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_BUFFER_H_
