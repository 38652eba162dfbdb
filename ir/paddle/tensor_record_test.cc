#include "ir/paddle/tensor_record.h"

#include <cstring>

#include "gtest/gtest.h"

namespace mint8::ir::paddle {
namespace {

TEST(TensorRecordTest, RoundTripsRecordsBackToBack) {
  const float values[] = {1.5f, -2.f, 3.25f, 0.f, 7.f, -1.f};
  const int64_t longs[] = {4, -9};
  std::string bytes;
  AppendTensorRecord(PaddleDataType::kFp32, {2, 3}, std::string(reinterpret_cast<const char*>(values), 24),
                     bytes);
  AppendTensorRecord(PaddleDataType::kInt64, {2}, std::string(reinterpret_cast<const char*>(longs), 16),
                     bytes);
  TensorRecordReader reader(bytes, "params");
  auto a = reader.Next("a");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->dtype, DataType::kF32);
  EXPECT_EQ(a->dims, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(std::memcmp(a->data->data(), values, 24), 0);
  auto b = reader.Next("b");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->dtype, DataType::kS64);
  EXPECT_EQ(b->data->data<int64_t>()[1], -9);
  EXPECT_TRUE(reader.AtEnd());
}

TEST(TensorRecordTest, Fp16AndFp64BecomeFp32) {
  const uint16_t halves[] = {0x3C00, 0xC000};  // 1, -2
  const double doubles[] = {0.5, -0.125};
  std::string bytes;
  AppendTensorRecord(PaddleDataType::kFp16, {2}, std::string(reinterpret_cast<const char*>(halves), 4),
                     bytes);
  AppendTensorRecord(PaddleDataType::kFp64, {2}, std::string(reinterpret_cast<const char*>(doubles), 16),
                     bytes);
  TensorRecordReader reader(bytes, "params");
  auto h = reader.Next("h");
  auto d = reader.Next("d");
  ASSERT_TRUE(h.ok() && d.ok());
  EXPECT_EQ(h->data->data<float>()[0], 1.f);
  EXPECT_EQ(h->data->data<float>()[1], -2.f);
  EXPECT_EQ(d->data->data<float>()[1], -0.125f);
}

TEST(TensorRecordTest, LodLevelsAreSkipped) {
  std::string bytes(4, '\0');
  const uint64_t levels = 1, level_bytes = 16;
  bytes.append(reinterpret_cast<const char*>(&levels), 8);
  bytes.append(reinterpret_cast<const char*>(&level_bytes), 8);
  bytes.append(16, '\x7f');
  std::string tail;
  const float one = 1.f;
  AppendTensorRecord(PaddleDataType::kFp32, {1}, std::string(reinterpret_cast<const char*>(&one), 4), tail);
  bytes += tail.substr(12);  // the record after its version and zero LoD count
  TensorRecordReader reader(bytes, "params");
  auto t = reader.Next("t");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->data->data<float>()[0], 1.f);
}

TEST(TensorRecordTest, EveryTruncationIsAnError) {
  std::string bytes;
  AppendTensorRecord(PaddleDataType::kFp32, {3}, std::string(12, '\1'), bytes);
  for (size_t n = 0; n < bytes.size(); ++n) {
    TensorRecordReader reader(absl::string_view(bytes.data(), n), "params");
    auto t = reader.Next("w");
    ASSERT_FALSE(t.ok()) << n;
    EXPECT_EQ(t.status().code(), absl::StatusCode::kDataLoss);
  }
}

TEST(TensorRecordTest, UnsupportedTypesAndBadVersionsAreErrors) {
  std::string bytes;
  AppendTensorRecord(PaddleDataType::kInt16, {1}, std::string(2, '\0'), bytes);
  EXPECT_EQ(TensorRecordReader(bytes, "p").Next("w").status().code(), absl::StatusCode::kUnimplemented);
  bytes.clear();
  AppendTensorRecord(PaddleDataType::kFp32, {1}, std::string(4, '\0'), bytes);
  bytes[0] = 1;
  EXPECT_EQ(TensorRecordReader(bytes, "p").Next("w").status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace mint8::ir::paddle
