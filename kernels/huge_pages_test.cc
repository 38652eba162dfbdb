#include "kernels/huge_pages.h"

#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"

namespace mint8::kernels {
namespace {

TEST(HugePageBufferTest, LargeAndSmallBuffersAreAlignedAndWritable) {
  for (size_t bytes : {size_t{0}, size_t{1}, size_t{4096}, size_t{3} << 20, (size_t{5} << 20) + 7}) {
    HugePageBuffer buffer(bytes);
    ASSERT_NE(buffer.data(), nullptr);
    EXPECT_EQ(buffer.size(), bytes);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.data()) % 64, 0u) << bytes;
    if (bytes >= (size_t{2} << 20)) {
      EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.data()) % (size_t{2} << 20), 0u);
    }
    std::memset(buffer.data(), 0xab, bytes);
    if (bytes > 0) {
      EXPECT_EQ(buffer.data()[bytes - 1], 0xab);
    }
  }
}

}  // namespace
}  // namespace mint8::kernels
