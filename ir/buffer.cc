#include "ir/buffer.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace mint8::ir {

Buffer::Buffer(uint8_t* data, size_t size, bool owned, std::shared_ptr<const void> owner)
    : data_(data), size_(size), owned_(owned), owner_(std::move(owner)) {}

Buffer::~Buffer() {
  if (owned_) std::free(data_);
}

std::shared_ptr<Buffer> Buffer::Allocate(size_t size) {
  // aligned_alloc needs a size that is a multiple of the alignment (and > 0).
  const size_t padded = (size + kAlignment - 1) / kAlignment * kAlignment + kAlignment;
  void* data = std::aligned_alloc(kAlignment, padded);
  if (data == nullptr) throw std::bad_alloc();
  std::memset(data, 0, padded);
  return std::shared_ptr<Buffer>(new Buffer(static_cast<uint8_t*>(data), size, true, nullptr));
}

std::shared_ptr<Buffer> Buffer::Copy(const void* data, size_t size) {
  std::shared_ptr<Buffer> buffer = Allocate(size);
  if (size > 0) std::memcpy(buffer->data_, data, size);
  return buffer;
}

std::shared_ptr<const Buffer> Buffer::View(const void* data, size_t size,
                                           std::shared_ptr<const void> owner) {
  return std::shared_ptr<const Buffer>(new Buffer(
      const_cast<uint8_t*>(static_cast<const uint8_t*>(data)), size, false, std::move(owner)));
}

}  // namespace mint8::ir
