#include "kernels/huge_pages.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

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

// The "THPeligible" line of the mapping holding `address` in
// /proc/self/smaps: whether the kernel may back it with huge pages; -1 when
// the kernel does not report it.
int HugePageEligible(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<uintptr_t>(address);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    uintptr_t begin = 0, end = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &begin, &end) == 2 && line.find(':') > line.find(' ')) {
      inside = begin <= at && at < end;
    } else if (inside && line.rfind("THPeligible:", 0) == 0) {
      return std::stoi(line.substr(12));
    }
  }
  return -1;
}

std::string TransparentHugePageMode() {
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(HugePageAdviceTest, OffByDefaultAndSwitchable) {
  if (TransparentHugePageMode().find("[madvise]") == std::string::npos) {
    GTEST_SKIP() << "transparent huge pages are not in madvise mode here: " << TransparentHugePageMode();
  }
  EXPECT_FALSE(HugePageAdvice());
  HugePageBuffer plain(size_t{8} << 20);
  const int plain_eligible = HugePageEligible(plain.data());
  if (plain_eligible < 0) GTEST_SKIP() << "this kernel's smaps has no THPeligible line";
  EXPECT_EQ(plain_eligible, 0);

  SetHugePageAdvice(true);
  HugePageBuffer advised(size_t{8} << 20);
  SetHugePageAdvice(false);
  EXPECT_EQ(HugePageEligible(advised.data()), 1);
}

}  // namespace
}  // namespace mint8::kernels
