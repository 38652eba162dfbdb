// Dataset readers and preprocessing presets against hand-computed pixels.
#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "gtest/gtest.h"
#include "ir/file_io.h"
#include "jpeglib.h"
#include "png.h"
#include "tools/data/dataset.h"
#include "tools/data/image_decoder.h"
#include "tools/data/preprocessing.h"
#include "tools/data/synthetic_images.h"

namespace mint8::tools {
namespace {

void WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgb) {
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  png.width = width;
  png.height = height;
  png.format = PNG_FORMAT_RGB;
  ASSERT_TRUE(png_image_write_to_file(&png, path.c_str(), 0, rgb.data(), 0, nullptr));
}

// `pixels` holds 3 (RGB) or 4 (CMYK) components per pixel.
void WriteJpeg(const std::string& path, int width, int height, const std::vector<uint8_t>& pixels,
               J_COLOR_SPACE color_space = JCS_RGB) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  FILE* f = std::fopen(path.c_str(), "wb");
  jpeg_stdio_dest(&cinfo, f);
  cinfo.image_width = width;
  cinfo.image_height = height;
  const int components = color_space == JCS_CMYK ? 4 : 3;
  cinfo.input_components = components;
  cinfo.in_color_space = color_space;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 100, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  for (int y = 0; y < height; ++y) {
    JSAMPROW row = const_cast<uint8_t*>(pixels.data() + y * width * components);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::fclose(f);
}

std::vector<uint8_t> Solid(int w, int h, uint8_t r, uint8_t g, uint8_t b) {
  std::vector<uint8_t> px(w * h * 3);
  for (int i = 0; i < w * h; ++i) {
    px[3 * i] = r;
    px[3 * i + 1] = g;
    px[3 * i + 2] = b;
  }
  return px;
}

TEST(DataTest, DecodesPngExactlyAndJpegClosely) {
  std::vector<uint8_t> px(5 * 3 * 3);
  for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>(i * 7);
  WritePng(::testing::TempDir() + "a.png", 5, 3, px);
  auto png = DecodeImageFile(::testing::TempDir() + "a.png");
  ASSERT_TRUE(png.ok()) << png.status();
  EXPECT_EQ(png->width, 5);
  EXPECT_EQ(png->height, 3);
  EXPECT_EQ(png->pixels, px);

  WriteJpeg(::testing::TempDir() + "b.jpg", 16, 16, Solid(16, 16, 200, 40, 90));
  auto jpg = DecodeImageFile(::testing::TempDir() + "b.jpg");
  ASSERT_TRUE(jpg.ok()) << jpg.status();
  EXPECT_NEAR(jpg->pixels[0], 200, 3);
  EXPECT_NEAR(jpg->pixels[1], 40, 3);
  EXPECT_NEAR(jpg->pixels[2], 90, 3);
}

TEST(DataTest, CorruptImagesAreErrorsNamingTheFile) {
  ASSERT_TRUE(ir::WriteStringToFileAtomically(::testing::TempDir() + "bad.jpg", "\xFF\xD8\xFF garbage").ok());
  auto bad = DecodeImageFile(::testing::TempDir() + "bad.jpg");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.jpg"), absl::string_view::npos) << bad.status();
  ASSERT_TRUE(ir::WriteStringToFileAtomically(::testing::TempDir() + "text.png", "hello").ok());
  EXPECT_FALSE(DecodeImageFile(::testing::TempDir() + "text.png").ok());
}

TEST(DataTest, TruncatedJpegIsAnErrorNotGrey) {
  const std::string path = ::testing::TempDir() + "whole.jpg";
  std::vector<uint8_t> px(64 * 64 * 3);
  for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>(i * 13);
  WriteJpeg(path, 64, 64, px);
  ASSERT_TRUE(DecodeImageFile(path).ok());
  absl::StatusOr<std::string> bytes = ir::ReadFileToString(path);
  ASSERT_TRUE(bytes.ok());
  const std::string cut = ::testing::TempDir() + "cut.jpg";
  ASSERT_TRUE(ir::WriteStringToFileAtomically(cut, bytes->substr(0, bytes->size() / 3)).ok());
  auto decoded = DecodeImageFile(cut);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("truncated"), absl::string_view::npos) << decoded.status();
}

// A few hundred bytes may declare 65500x65500 pixels (12 GiB as RGB).
TEST(DataTest, ImagesOverThePixelLimitAreRejectedBeforeDecoding) {
  const std::string path = ::testing::TempDir() + "small.jpg";
  WriteJpeg(path, 8, 8, Solid(8, 8, 1, 2, 3));
  absl::StatusOr<std::string> bytes = ir::ReadFileToString(path);
  ASSERT_TRUE(bytes.ok());
  std::string bomb = *bytes;
  const size_t sof = bomb.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  for (size_t at : {sof + 5, sof + 7}) bomb[at] = '\xFF', bomb[at + 1] = '\xDC';  // height, width: 65500
  const std::string bomb_path = ::testing::TempDir() + "bomb.jpg";
  ASSERT_TRUE(ir::WriteStringToFileAtomically(bomb_path, bomb).ok());
  auto decoded = DecodeImageFile(bomb_path);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("65500x65500 pixels"), absl::string_view::npos)
      << decoded.status();
  WritePng(::testing::TempDir() + "wide.png", 20, 10, Solid(20, 10, 1, 2, 3));
  EXPECT_FALSE(DecodeImageFile(::testing::TempDir() + "wide.png", /*max_pixels=*/199).ok());
  EXPECT_TRUE(DecodeImageFile(::testing::TempDir() + "wide.png", /*max_pixels=*/200).ok());
}

// CMYK JPEGs as Adobe applications write them: inverted (255 = no ink), with
// an Adobe marker (libjpeg writes one for CMYK).
TEST(DataTest, CmykJpegDecodesToRgb) {
  std::vector<uint8_t> cmyk(16 * 16 * 4);
  for (size_t i = 0; i < cmyk.size(); i += 4) {
    cmyk[i] = 200, cmyk[i + 1] = 40, cmyk[i + 2] = 90, cmyk[i + 3] = 255;  // no black ink
  }
  WriteJpeg(::testing::TempDir() + "cmyk.jpg", 16, 16, cmyk, JCS_CMYK);
  auto jpg = DecodeImageFile(::testing::TempDir() + "cmyk.jpg");
  ASSERT_TRUE(jpg.ok()) << jpg.status();
  EXPECT_NEAR(jpg->pixels[0], 200, 3);
  EXPECT_NEAR(jpg->pixels[1], 40, 3);
  EXPECT_NEAR(jpg->pixels[2], 90, 3);
}

TEST(DataTest, PresetsNormalizeAsDocumented) {
  RgbImage img{8, 8, Solid(8, 8, 255, 0, 51)};
  std::vector<float> out(3 * 4 * 4);
  auto torch = PresetPreprocessing("torch", 4, 4);
  ASSERT_TRUE(torch.ok());
  Preprocess(img, *torch, out.data());
  EXPECT_NEAR(out[0], (1.f - 0.485f) / 0.229f, 1e-5);
  EXPECT_NEAR(out[16], (0.f - 0.456f) / 0.224f, 1e-5);
  EXPECT_NEAR(out[32], (0.2f - 0.406f) / 0.225f, 1e-5);
  auto caffe = PresetPreprocessing("caffe", 4, 4);
  Preprocess(img, *caffe, out.data());
  EXPECT_FLOAT_EQ(out[0], 51 - 104.f);  // B first
  EXPECT_FLOAT_EQ(out[16], 0 - 117.f);
  EXPECT_FLOAT_EQ(out[32], 255 - 123.f);
  auto inception = PresetPreprocessing("inception", 4, 4);
  Preprocess(img, *inception, out.data());
  EXPECT_NEAR(out[0], 1.f, 1e-6);
  EXPECT_NEAR(out[16], -1.f, 1e-6);
  EXPECT_NEAR(out[32], 51 / 127.5f - 1, 1e-6);
  EXPECT_FALSE(PresetPreprocessing("tensorflow", 4, 4).ok());
}

// R = 10 * x on a 4x4 image; G, B = 0.
RgbImage Ramp() {
  RgbImage img{4, 4, std::vector<uint8_t>(48, 0)};
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 4; ++x) img.pixels[(y * 4 + x) * 3] = static_cast<uint8_t>(10 * x);
  }
  return img;
}

Preprocessing Raw(Geometry g, int64_t size) {
  Preprocessing p;
  p.geometry = g;
  p.height = p.width = size;
  p.resize_size = 4;
  p.central_fraction = 0.5;
  return p;
}

TEST(DataTest, CenterCropsTakeTheMiddle) {
  std::vector<float> out(3 * 2 * 2);
  for (Geometry g :
       {Geometry::kShorterSideThenCrop, Geometry::kSquareThenCrop, Geometry::kCentralCropThenResize}) {
    Preprocess(Ramp(), Raw(g, 2), out.data());
    EXPECT_FLOAT_EQ(out[0], 10) << static_cast<int>(g);
    EXPECT_FLOAT_EQ(out[1], 20) << static_cast<int>(g);
    EXPECT_FLOAT_EQ(out[2], 10) << static_cast<int>(g);
    EXPECT_FLOAT_EQ(out[3], 20) << static_cast<int>(g);
  }
}

TEST(DataTest, BilinearEnlargeAndAveragingShrink) {
  RgbImage two{2, 1, {0, 0, 0, 100, 0, 0}};
  Preprocessing p = Raw(Geometry::kCentralCropThenResize, 4);
  p.central_fraction = 1.0;
  p.height = 1;
  std::vector<float> out(3 * 4);
  Preprocess(two, p, out.data());
  EXPECT_FLOAT_EQ(out[0], 0);
  EXPECT_FLOAT_EQ(out[1], 25);
  EXPECT_FLOAT_EQ(out[2], 75);
  EXPECT_FLOAT_EQ(out[3], 100);
  // Shrinking 4 -> 1 averages the ramp with a triangle filter: (0+30)/2 .. 15.
  p.width = 1;
  p.height = 1;
  std::vector<float> one(3);
  Preprocess(Ramp(), p, one.data());
  EXPECT_NEAR(one[0], 15.f, 1e-4);
}

TEST(DataTest, ImageFolderWithLabels) {
  const std::string dir = ::testing::TempDir() + "folder";
  std::remove((dir + "/labels.txt").c_str());
  mkdir(dir.c_str(), 0755);
  WritePng(dir + "/x.png", 4, 4, Solid(4, 4, 10, 20, 30));
  WritePng(dir + "/y.png", 4, 4, Solid(4, 4, 40, 50, 60));
  ASSERT_TRUE(ir::WriteStringToFileAtomically(dir + "/val.txt", "y.png 7\nx.png 3\n").ok());
  Preprocessing p = Raw(Geometry::kShorterSideThenCrop, 2);
  auto data = OpenDataset(dir, dir + "/val.txt", p);
  ASSERT_TRUE(data.ok()) << data.status();
  ASSERT_EQ((*data)->size(), 2);
  EXPECT_TRUE((*data)->labeled());
  std::vector<float> chw(12);
  int64_t label = 0;
  ASSERT_TRUE((*data)->Load(0, chw.data(), &label).ok());
  EXPECT_EQ(label, 7);
  EXPECT_FLOAT_EQ(chw[0], 40);
  EXPECT_FLOAT_EQ(chw[4], 50);
  EXPECT_EQ((*data)->ItemName(1), "x.png");

  // Without labels: every image, sorted, unlabeled.
  auto unlabeled = OpenDataset(dir, "", p);
  ASSERT_TRUE(unlabeled.ok());
  EXPECT_FALSE((*unlabeled)->labeled());
  EXPECT_EQ((*unlabeled)->ItemName(0), "x.png");

  ASSERT_TRUE(ir::WriteStringToFileAtomically(dir + "/bad.txt", "x.png seven\n").ok());
  auto bad = OpenDataset(dir, dir + "/bad.txt", p);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.txt:1"), absl::string_view::npos) << bad.status();
  ASSERT_TRUE(ir::WriteStringToFileAtomically(dir + "/missing.txt", "z.png 1\n").ok());
  EXPECT_FALSE(OpenDataset(dir, dir + "/missing.txt", p).ok());
}

TEST(DataTest, LabelsParseNamesWithSpacesAndRejectBadLines) {
  auto entries = ParseLabels("a b.jpg 3\n\n  c.png\t0  \r\n", "val.txt");
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].file, "a b.jpg");
  EXPECT_EQ((*entries)[0].label, 3);
  EXPECT_EQ((*entries)[1].file, "c.png");
  EXPECT_EQ((*entries)[1].label, 0);
  for (const char* bad : {"x.png -1", "x.png", "x.png 99999999999999999999", "\nx.png 1.5"}) {
    auto parsed = ParseLabels(bad, "val.txt");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("val.txt:"), absl::string_view::npos) << parsed.status();
  }
}

// A .npy file as numpy.save writes it: magic, version 1.0, a padded header.
std::string Npy(const std::string& shape, const std::vector<float>& values,
                const std::string& descr = "<f4") {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY\x01";
  bytes += '\0';
  bytes += static_cast<char>(header.size() & 0xFF);
  bytes += static_cast<char>(header.size() >> 8);
  bytes += header;
  bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  return bytes;
}

TEST(DataTest, NpyImagesLoadAsStoredAndBadFilesAreClearErrors) {
  std::vector<float> values(2 * 3 * 2 * 4);
  for (size_t i = 0; i < values.size(); ++i) values[i] = 0.25f * i - 3;
  const std::string path = ::testing::TempDir() + "images.npy";
  ASSERT_TRUE(ir::WriteStringToFileAtomically(path, Npy("(2, 3, 2, 4)", values)).ok());
  Preprocessing p = Raw(Geometry::kShorterSideThenCrop, 2);
  p.width = 4;
  auto data = OpenDataset(path, "", p);
  ASSERT_TRUE(data.ok()) << data.status();
  ASSERT_EQ((*data)->size(), 2);
  EXPECT_FALSE((*data)->labeled());
  std::vector<float> chw(24);
  int64_t label = 0;
  ASSERT_TRUE((*data)->Load(1, chw.data(), &label).ok());
  EXPECT_EQ(label, -1);
  EXPECT_EQ(chw, std::vector<float>(values.begin() + 24, values.end()));

  for (const auto& [bytes, fragment] : std::vector<std::pair<std::string, std::string>>{
           {Npy("(2, 3, 2, 4)", values, "<f8"), "not little-endian float32"},
           {Npy("(2, 3, 4, 2)", values), "the model takes 2x4"},
           {Npy("(3, 3, 2, 4)", values), "needs 288 bytes"},
           {Npy("(2, 3, 2, 4)", values).substr(0, 40), "truncated header"},
           {"not numpy", "no .npy magic"},
           // Found by dataset_files_fuzzer: a key at the very end of the header.
           {std::string("\x93NUMPY\x01\0\x09\0{'descr':", 19), "not little-endian float32"}}) {
    ASSERT_TRUE(ir::WriteStringToFileAtomically(path, bytes).ok());
    auto bad = OpenDataset(path, "", p);
    ASSERT_FALSE(bad.ok()) << fragment;
    EXPECT_NE(bad.status().message().find(fragment), absl::string_view::npos) << bad.status();
  }
}

TEST(DataTest, PaddleBinaryRoundTrips) {
  std::vector<std::vector<float>> images(3, std::vector<float>(3 * 224 * 224));
  for (int i = 0; i < 3; ++i) {
    for (size_t j = 0; j < images[i].size(); ++j) images[i][j] = i * 1000 + 0.5f * (j % 97);
  }
  const std::vector<int64_t> labels = {5, 0, 999};
  const std::string path = ::testing::TempDir() + "val.bin";
  ASSERT_TRUE(WritePaddleBinary(path, images, labels).ok());
  auto p = PresetPreprocessing("torch", 224, 224);
  auto data = OpenDataset(path, "", *p);
  ASSERT_TRUE(data.ok()) << data.status();
  ASSERT_EQ((*data)->size(), 3);
  std::vector<float> chw(3 * 224 * 224);
  for (int i = 0; i < 3; ++i) {
    int64_t label;
    ASSERT_TRUE((*data)->Load(i, chw.data(), &label).ok());
    EXPECT_EQ(label, labels[i]);
    EXPECT_EQ(chw, images[i]);
  }
  // Truncated: header and size disagree.
  auto bytes = ir::ReadFileToString(path);
  ASSERT_TRUE(ir::WriteStringToFileAtomically(path, bytes->substr(0, bytes->size() - 8)).ok());
  auto truncated = OpenDataset(path, "", *p);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("header says 3 images"), absl::string_view::npos);
  // A count whose byte size wraps to the file's: 2^61 * 602120 = 0 mod 2^64.
  std::string wrapped = *bytes;
  const int64_t wrapping_count = 3 + (int64_t{1} << 61);
  std::memcpy(wrapped.data(), &wrapping_count, sizeof(wrapping_count));
  ASSERT_TRUE(ir::WriteStringToFileAtomically(path, wrapped).ok());
  auto wraps = OpenDataset(path, "", *p);
  ASSERT_FALSE(wraps.ok());
  EXPECT_NE(wraps.status().message().find("header says 2305843009213693955 images"), absl::string_view::npos)
      << wraps.status();
  // Wrong model input size.
  auto small = PresetPreprocessing("torch", 128, 128);
  EXPECT_FALSE(OpenDataset(path, "", *small).ok());
}

TEST(DataTest, SyntheticIsDeterministicAndSliceable) {
  auto p = PresetPreprocessing("torch", 32, 32);
  auto data = OpenDataset("synthetic:5", "", *p);
  ASSERT_TRUE(data.ok());
  std::shared_ptr<const Dataset> shared(std::move(*data));
  std::vector<float> a(3 * 32 * 32), b(3 * 32 * 32);
  int64_t label;
  ASSERT_TRUE(shared->Load(3, a.data(), &label).ok());
  EXPECT_EQ(label, -1);
  auto slice = SliceDataset(shared, 2, 2);
  ASSERT_TRUE(slice.ok());
  EXPECT_EQ((*slice)->size(), 2);
  ASSERT_TRUE((*slice)->Load(1, b.data(), &label).ok());
  EXPECT_EQ(a, b);
  EXPECT_FALSE(SliceDataset(shared, 9, 1).ok());
  EXPECT_FALSE(OpenDataset("synthetic:zero", "", *p).ok());
  EXPECT_FALSE(OpenDataset("/no/such/place", "", *p).ok());
}

}  // namespace
}  // namespace mint8::tools
