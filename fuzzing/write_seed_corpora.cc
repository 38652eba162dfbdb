// write_seed_corpora DIR: writes a seed corpus for each fuzz target into
// DIR/<target>/: small FP32 and INT8 models (ONNX and .mint8) covering the
// common operators, JPEG and PNG images of every colour type the decoders
// convert, labels files and PaddlePaddle binary files. Deterministic.
#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ir/file_io.h"
#include "ir/onnx/exporter.h"
#include "ir/paddle/program_builder.h"
#include "ir/serialization.h"
#include "ir/status_macros.h"
#include "jpeglib.h"
#include "png.h"
#include "quantization/pipeline.h"
#include "tests/graph_builder.h"
#include "tools/data/dataset.h"

namespace mint8::fuzzing {
namespace {

using testing::Attrs;
using testing::GraphBuilder;
using Ints = std::vector<int64_t>;

absl::StatusOr<ir::Graph> ResidualNet() {
  GraphBuilder b;
  b.Input("x", {1, 3, 16, 16}).Random("w1", {8, 3, 3, 3}).Random("b1", {8}).Random("w2", {8, 8, 3, 3});
  b.Random("w3", {10, 8}).Random("b3", {10});
  b.Node("Conv", {"x", "w1", "b1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("Relu", {"c1"}, {"r1"});
  b.Node("Conv", {"r1", "w2"}, {"c2"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Add", {"c2", "r1"}, {"s"}).Node("Relu", {"s"}, {"r2"});
  b.Node("MaxPool", {"r2"}, {"p"}, Attrs({{"kernel_shape", Ints{2, 2}}, {"strides", Ints{2, 2}}}));
  b.Node("GlobalAveragePool", {"p"}, {"g"}).Node("Flatten", {"g"}, {"f"});
  b.Node("Gemm", {"f", "w3", "b3"}, {"l"}, Attrs({{"transB", int64_t{1}}})).Node("Softmax", {"l"}, {"y"});
  return b.Output("y").Build();
}

absl::StatusOr<ir::Graph> MobileNet() {
  GraphBuilder b(2);
  b.Input("x", {1, 3, 16, 16}).Random("w1", {8, 3, 3, 3}).Random("dw", {8, 1, 3, 3});
  b.Random("gamma", {8}, 0.5f, 1.5f).Random("beta", {8}).Random("mean", {8}).Random("var", {8}, 0.5f, 2.f);
  b.Random("w2", {4, 16, 1, 1}).Ints("shape", {1, -1});
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}, {"strides", Ints{2, 2}}}));
  b.Node("BatchNormalization", {"c1", "gamma", "beta", "mean", "var"}, {"bn"});
  b.Node("Clip", {"bn"}, {"r6"}, Attrs({{"min", 0.f}, {"max", 6.f}}));
  b.Node("Conv", {"r6", "dw"}, {"d"}, Attrs({{"pads", Ints{1, 1, 1, 1}}, {"group", int64_t{8}}}));
  b.Node("HardSwish", {"d"}, {"hs"}).Node("Sigmoid", {"hs"}, {"sg"}).Node("Mul", {"hs", "sg"}, {"se"});
  b.Node("AveragePool", {"r6"}, {"ap"}, Attrs({{"kernel_shape", Ints{3, 3}}, {"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Concat", {"se", "ap"}, {"cat"}, Attrs({{"axis", int64_t{1}}}));
  b.Node("Conv", {"cat", "w2"}, {"c2"}).Node("LeakyRelu", {"c2"}, {"lr"});
  b.Node("Transpose", {"lr"}, {"t"}, Attrs({{"perm", Ints{0, 2, 3, 1}}}))
      .Node("Reshape", {"t", "shape"}, {"y"});
  return b.Output("y").Build();
}

absl::StatusOr<ir::Graph> Quantized(const ir::Graph& fp32) {
  quantization::PipelineOptions options;
  options.calibration = quantization::CalibrationImages{4, [](int64_t i, float* chw) {
                                                          for (int k = 0; k < 3 * 16 * 16; ++k) {
                                                            chw[k] = std::sin(0.1f * k + i);
                                                          }
                                                          return absl::OkStatus();
                                                        }};
  MINT8_ASSIGN_OR_RETURN(quantization::PipelineResult result, quantization::QuantizeModel(fp32, options));
  return std::move(result.int8);
}

absl::Status WriteModels(const std::string& dir) {
  const std::string onnx_dir = dir + "/importer_fuzzer", mint8_dir = dir + "/mint8_fuzzers";
  int n = 0;
  for (auto build : {ResidualNet, MobileNet}) {
    MINT8_ASSIGN_OR_RETURN(ir::Graph fp32, build());
    MINT8_ASSIGN_OR_RETURN(ir::Graph int8, Quantized(fp32));
    for (const ir::Graph* g : std::vector<const ir::Graph*>{&fp32, &int8}) {
      ++n;
      MINT8_RETURN_IF_ERROR(ir::ExportOnnxFile(*g, absl::StrCat(onnx_dir, "/model", n, ".onnx")));
      MINT8_RETURN_IF_ERROR(ir::SaveModel(*g, absl::StrCat(mint8_dir, "/model", n, ".mint8")));
    }
  }
  return absl::OkStatus();
}

// Paddle programs with their parameters, in paddle_importer_fuzzer's input
// form: u32 program size, program, combined parameter records.
absl::Status WritePaddlePrograms(const std::string& dir) {
  using ir::paddle::ProgramBuilder;
  std::vector<ProgramBuilder> programs(3);
  for (size_t i = 0; i < programs.size(); ++i) {
    ProgramBuilder& b = programs[i];
    b.Feed("x", {-1, 2, 4, 4});
    b.Parameter("w", {2, 2, 1, 1}, {0.5f, -0.25f, 0.125f, 1.f});
    b.Parameter("scale", {1}, {2.f});
    std::string in = "x";
    if (i == 1) {
      b.Op("fake_quantize_dequantize_moving_average_abs_max", {{"X", {"x"}}, {"InScale", {"scale"}}},
           {{"Out", {"xq"}}, {"OutScale", {"scale"}}});
      in = "xq";
    }
    b.Op(i == 2 ? "depthwise_conv2d" : "conv2d", {{"Input", {in}}, {"Filter", {"w"}}}, {{"Output", {"c"}}})
        .Ints("strides", {1, 1})
        .Ints("paddings", {0, 0})
        .Ints("dilations", {1, 1})
        .Int("groups", 1);
    b.Op("hard_swish", {{"X", {"c"}}}, {{"Out", {"h"}}});
    b.Op("pool2d", {{"X", {"h"}}}, {{"Out", {"p"}}})
        .String("pooling_type", "avg")
        .Bool("global_pooling", true);
    b.Op("flatten_contiguous_range", {{"X", {"p"}}}, {{"Out", {"f"}}})
        .Int("start_axis", 1)
        .Int("stop_axis", -1);
    b.Op("softmax", {{"X", {"f"}}}, {{"Out", {"y"}}}).Int("axis", -1);
    b.Fetch("y");
    const std::string program = b.program().SerializeAsString();
    const uint32_t size = static_cast<uint32_t>(program.size());
    std::string input(reinterpret_cast<const char*>(&size), sizeof(size));
    input += program + b.CombinedParameters();
    MINT8_RETURN_IF_ERROR(
        ir::WriteStringToFileAtomically(absl::StrCat(dir, "/paddle_importer_fuzzer/program", i), input));
  }
  return absl::OkStatus();
}

// A w x h RGB gradient.
std::vector<uint8_t> Gradient(int w, int h, int channels) {
  std::vector<uint8_t> pixels(w * h * channels);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<uint8_t>(i * 37 % 251);
  return pixels;
}

absl::Status WritePng(const std::string& path, int w, int h, uint32_t format) {
  png_image png = {};
  png.version = PNG_IMAGE_VERSION;
  png.width = w;
  png.height = h;
  png.format = format;
  // PNG_IMAGE_SIZE: bytes per component (2 for the linear formats) and
  // channels (1 index for colormapped ones) as libpng reads the buffer.
  std::vector<uint8_t> pixels(PNG_IMAGE_SIZE(png));
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<uint8_t>(i * 37 % 251);
  std::vector<uint8_t> colormap(256 * 3);
  for (size_t i = 0; i < colormap.size(); ++i) colormap[i] = static_cast<uint8_t>(i);
  png.colormap_entries = format & PNG_FORMAT_FLAG_COLORMAP ? 256 : 0;
  if (!png_image_write_to_file(&png, path.c_str(), 0, pixels.data(), 0,
                               png.colormap_entries ? colormap.data() : nullptr)) {
    return absl::InternalError(absl::StrCat("cannot write ", path, ": ", png.message));
  }
  return absl::OkStatus();
}

absl::Status WriteJpeg(const std::string& path, int w, int h, J_COLOR_SPACE space, int channels,
                       bool progressive) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr error;
  cinfo.err = jpeg_std_error(&error);
  jpeg_create_compress(&cinfo);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buffer, &size);
  cinfo.image_width = w;
  cinfo.image_height = h;
  cinfo.input_components = channels;
  cinfo.in_color_space = space;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 80, TRUE);
  if (progressive) jpeg_simple_progression(&cinfo);
  jpeg_start_compress(&cinfo, TRUE);
  std::vector<uint8_t> pixels = Gradient(w, h, channels);
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = pixels.data() + cinfo.next_scanline * w * channels;
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  const std::string bytes(reinterpret_cast<const char*>(buffer), size);
  free(buffer);
  return ir::WriteStringToFileAtomically(path, bytes);
}

absl::Status WriteImages(const std::string& dir) {
  const std::string d = dir + "/image_decoder_fuzzer";
  MINT8_RETURN_IF_ERROR(WritePng(d + "/rgb.png", 7, 5, PNG_FORMAT_RGB));
  MINT8_RETURN_IF_ERROR(WritePng(d + "/gray.png", 6, 4, PNG_FORMAT_GRAY));
  MINT8_RETURN_IF_ERROR(WritePng(d + "/gray_alpha.png", 5, 5, PNG_FORMAT_GA));
  MINT8_RETURN_IF_ERROR(WritePng(d + "/rgba.png", 4, 6, PNG_FORMAT_RGBA));
  MINT8_RETURN_IF_ERROR(WritePng(d + "/palette.png", 8, 8, PNG_FORMAT_RGB_COLORMAP));
  MINT8_RETURN_IF_ERROR(WritePng(d + "/rgb16.png", 3, 3, PNG_FORMAT_LINEAR_RGB));
  MINT8_RETURN_IF_ERROR(WriteJpeg(d + "/rgb.jpg", 17, 9, JCS_RGB, 3, false));
  MINT8_RETURN_IF_ERROR(WriteJpeg(d + "/progressive.jpg", 16, 16, JCS_RGB, 3, true));
  MINT8_RETURN_IF_ERROR(WriteJpeg(d + "/gray.jpg", 9, 17, JCS_GRAYSCALE, 1, false));
  return WriteJpeg(d + "/cmyk.jpg", 8, 8, JCS_CMYK, 4, false);
}

absl::Status WriteDatasetFiles(const std::string& dir) {
  const std::string d = dir + "/dataset_files_fuzzer";
  MINT8_RETURN_IF_ERROR(
      ir::WriteStringToFileAtomically(d + "/labels.txt", "a.jpg 0\nb c.png 17\n\n d.JPEG\t999\n"));
  MINT8_RETURN_IF_ERROR(ir::WriteStringToFileAtomically(d + "/bad_labels.txt", "a.jpg zero\n"));
  std::string npy = "\x93NUMPY\x01";
  npy += '\0';
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4, 4), }";
  header.append(117 - header.size(), ' ');
  header += '\n';
  npy += static_cast<char>(header.size());
  npy += '\0';
  npy += header;
  npy.append(2 * 3 * 4 * 4 * sizeof(float), '\0');
  MINT8_RETURN_IF_ERROR(ir::WriteStringToFileAtomically(d + "/images.npy", npy));
  std::vector<std::vector<float>> images(1, std::vector<float>(3 * 224 * 224, 0.25f));
  return tools::WritePaddleBinary(d + "/one_image.bin", images, {5});
}

int Main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  for (const char* sub : {"", "/importer_fuzzer", "/paddle_importer_fuzzer", "/mint8_fuzzers",
                          "/image_decoder_fuzzer", "/dataset_files_fuzzer"}) {
    const std::string path = dir + sub;
    if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
      std::fprintf(stderr, "cannot create '%s'\n", path.c_str());
      return 1;
    }
  }
  for (auto write : {WriteModels, WritePaddlePrograms, WriteImages, WriteDatasetFiles}) {
    const absl::Status status = write(dir);
    if (!status.ok()) {
      std::fprintf(stderr, "write_seed_corpora: %s\n", status.ToString().c_str());
      return 1;
    }
  }
  std::printf("seed corpora written to %s\n", dir.c_str());
  return 0;
}

}  // namespace
}  // namespace mint8::fuzzing

int main(int argc, char** argv) { return mint8::fuzzing::Main(argc, argv); }
