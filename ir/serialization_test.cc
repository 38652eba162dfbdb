#include "ir/serialization.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include "gtest/gtest.h"
#include "ir/file_io.h"
#include "ir/model.h"

namespace mint8::ir {
namespace {

Graph SmallConvGraph() {
  Graph g;
  g.AddTensor("x", DataType::kF32,
              Shape::FromDims({Dim::Symbolic("N"), Dim::Known(2), Dim::Known(5), Dim::Known(5)}));
  g.inputs() = {"x"};
  std::shared_ptr<Buffer> w = Buffer::Allocate(3 * 2 * 3 * 3 * sizeof(float));
  for (int i = 0; i < 54; ++i) w->mutable_data<float>()[i] = 0.5f * i - 7;
  g.AddConstant("w", DataType::kF32, {3, 2, 3, 3}, w);
  std::shared_ptr<Buffer> b = Buffer::Allocate(3 * sizeof(float));
  g.AddConstant("b", DataType::kF32, {3}, b);
  Node conv{"conv", "Conv", {"x", "w", "b"}, {"y"}, {}};
  conv.attributes.Set("pads", std::vector<int64_t>{1, 1, 1, 1});
  conv.attributes.Set("strides", std::vector<int64_t>{1, 1});
  g.AddNode(conv);
  g.AddTensor("y", DataType::kF32, Shape());
  TensorInfo& q = g.AddTensor("yq", DataType::kU8, Shape());
  q.quantization = Quantization{{0.25f}, {0}, 0};
  g.AddNode(Node{"q", "QuantizeLinear", {"y", "qs", "qz"}, {"yq"}, {}});
  std::shared_ptr<Buffer> qs = Buffer::Allocate(4);
  qs->mutable_data<float>()[0] = 0.25f;
  g.AddConstant("qs", DataType::kF32, {}, qs);
  g.AddConstant("qz", DataType::kU8, {}, Buffer::Allocate(1));
  g.outputs() = {"yq"};
  g.metadata()["producer"] = "test";
  return g;
}

void ExpectSameGraph(const Graph& a, const Graph& b) {
  EXPECT_EQ(ToText(a), ToText(b));
  ASSERT_EQ(a.num_nodes(), b.num_nodes());
  const TensorInfo* wa = a.FindTensor("w");
  const TensorInfo* wb = b.FindTensor("w");
  ASSERT_TRUE(wa && wb && wb->data);
  ASSERT_EQ(wa->data->size(), wb->data->size());
  EXPECT_EQ(std::memcmp(wa->data->data(), wb->data->data(), wa->data->size()), 0);
}

TEST(SerializationTest, BinaryRoundTripIsExact) {
  const Graph g = SmallConvGraph();
  const std::string path = ::testing::TempDir() + "roundtrip.mint8";
  ASSERT_TRUE(SaveModel(g, path).ok());
  absl::StatusOr<Graph> loaded = LoadModel(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ExpectSameGraph(g, *loaded);
  EXPECT_EQ(loaded->FindTensor("x")->shape.dim(0).symbol, "N");
  EXPECT_EQ(loaded->FindTensor("yq")->quantization->scales[0], 0.25f);
  EXPECT_EQ(loaded->metadata().at("producer"), "test");
}

TEST(SerializationTest, EncodeContainerRebuildsTheSavedFileFromItsParts) {
  const std::string path = ::testing::TempDir() + "parts.mint8";
  ASSERT_TRUE(SaveModel(SmallConvGraph(), path).ok());
  absl::StatusOr<std::string> file = ReadFileToString(path);
  ASSERT_TRUE(file.ok());
  uint64_t proto_size, data_offset;
  std::memcpy(&proto_size, file->data() + 16, sizeof(proto_size));
  std::memcpy(&data_offset, file->data() + 24, sizeof(data_offset));
  const std::string description = file->substr(64, proto_size);
  const std::string weights = file->substr(data_offset);
  EXPECT_EQ(EncodeContainer(description, weights), *file);

  auto bytes = std::make_shared<const std::string>(EncodeContainer(description, weights));
  absl::StatusOr<Graph> parsed =
      ParseModel(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size(), bytes, "in memory");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ExpectSameGraph(SmallConvGraph(), *parsed);
}

TEST(SerializationTest, LoadedWeightsAreAlignedViewsOfTheFile) {
  const std::string path = ::testing::TempDir() + "aligned.mint8";
  ASSERT_TRUE(SaveModel(SmallConvGraph(), path).ok());
  absl::StatusOr<Graph> loaded = LoadModel(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(reinterpret_cast<uintptr_t>(loaded->FindTensor("w")->data->data()) % 64, 0u);
}

TEST(SerializationTest, TextRoundTripIsExact) {
  const Graph g = SmallConvGraph();
  absl::StatusOr<Graph> parsed = FromText(ToText(g));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ExpectSameGraph(g, *parsed);
}

TEST(SerializationTest, TruncatedFileIsAClearError) {
  const std::string path = ::testing::TempDir() + "truncated.mint8";
  ASSERT_TRUE(SaveModel(SmallConvGraph(), path).ok());
  absl::StatusOr<std::string> bytes = ReadFileToString(path);
  ASSERT_TRUE(bytes.ok());
  for (size_t keep : {size_t{0}, size_t{10}, size_t{70}, bytes->size() - 1}) {
    ASSERT_TRUE(WriteStringToFileAtomically(path, bytes->substr(0, keep)).ok());
    absl::StatusOr<Graph> loaded = LoadModel(path);
    EXPECT_FALSE(loaded.ok()) << "kept " << keep << " bytes";
  }
}

// The header is outside the checksum: huge sizes must not wrap the checks.
TEST(SerializationTest, ImpossibleHeaderSizesAreAClearError) {
  const std::string path = ::testing::TempDir() + "header.mint8";
  ASSERT_TRUE(SaveModel(SmallConvGraph(), path).ok());
  absl::StatusOr<std::string> bytes = ReadFileToString(path);
  ASSERT_TRUE(bytes.ok());
  constexpr size_t kProtoSize = 16, kDataOffset = 24, kDataSize = 32;
  for (size_t field : {kProtoSize, kDataOffset, kDataSize}) {
    for (uint64_t value : {~uint64_t{0}, ~uint64_t{0} - 63, uint64_t{1} << 63, uint64_t{1} << 32}) {
      std::string damaged = *bytes;
      std::memcpy(&damaged[field], &value, sizeof(value));
      ASSERT_TRUE(WriteStringToFileAtomically(path, damaged).ok());
      absl::StatusOr<Graph> loaded = LoadModel(path);
      ASSERT_FALSE(loaded.ok()) << field << " = " << value;
      EXPECT_NE(loaded.status().message().find("the file has"), absl::string_view::npos) << loaded.status();
    }
  }
}

TEST(SerializationTest, DirectoryIsNotAModel) {
  for (const absl::Status& s :
       {LoadModel(::testing::TempDir()).status(), LoadModelFile(::testing::TempDir()).status(),
        ReadFileToString(::testing::TempDir()).status()}) {
    EXPECT_NE(s.message().find("is a directory"), absl::string_view::npos) << s;
  }
}

TEST(SerializationTest, CorruptedByteIsDetected) {
  const std::string path = ::testing::TempDir() + "corrupt.mint8";
  ASSERT_TRUE(SaveModel(SmallConvGraph(), path).ok());
  absl::StatusOr<std::string> bytes = ReadFileToString(path);
  ASSERT_TRUE(bytes.ok());
  std::string damaged = *bytes;
  damaged[damaged.size() - 70] ^= 0x10;  // inside the weights
  ASSERT_TRUE(WriteStringToFileAtomically(path, damaged).ok());
  absl::StatusOr<Graph> loaded = LoadModel(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("checksum"), absl::string_view::npos) << loaded.status();
}

TEST(SerializationTest, NotAMint8FileIsAClearError) {
  const std::string path = ::testing::TempDir() + "other.bin";
  ASSERT_TRUE(WriteStringToFileAtomically(path, std::string(200, 'x')).ok());
  absl::StatusOr<Graph> loaded = LoadModel(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("magic"), absl::string_view::npos);
  EXPECT_FALSE(LoadModel(::testing::TempDir() + "does_not_exist.mint8").ok());
}

TEST(SerializationTest, SaveIntoMissingDirectoryFailsWithoutPartialFile) {
  absl::Status s = SaveModel(SmallConvGraph(), ::testing::TempDir() + "no/such/dir/model.mint8");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("does not exist"), absl::string_view::npos) << s;
}

TEST(SerializationTest, FailedWriteLeavesNoFile) {
  const std::string path = ::testing::TempDir() + "never.txt";
  std::remove(path.c_str());
  absl::Status s = WriteFileAtomically(path, [](std::ostream& out) {
    out << "partial";
    return absl::InternalError("writer failed");
  });
  EXPECT_FALSE(s.ok());
  std::ifstream in(path);
  EXPECT_FALSE(in.good());
}

TEST(SerializationTest, InvalidGraphInTextIsRejected) {
  Graph g = SmallConvGraph();
  g.outputs().push_back("missing");
  absl::StatusOr<Graph> parsed = FromText(ToText(g));
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("missing"), absl::string_view::npos);
}

}  // namespace
}  // namespace mint8::ir
