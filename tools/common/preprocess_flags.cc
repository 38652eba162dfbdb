#include "tools/common/preprocess_flags.h"

#include <array>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gflags/gflags.h"
#include "tools/common/cli.h"

DEFINE_string(preprocess, "torch", "Preprocessing preset: torch, caffe or inception");
DEFINE_int32(resize_size, 0, "Override the preset's resize size (0: preset)");
DEFINE_double(central_fraction, 0, "Override the inception preset's central crop fraction");
DEFINE_string(mean, "", "Override the per-channel mean: three comma-separated values");
DEFINE_string(std, "", "Override the per-channel std: three comma-separated values");
DEFINE_double(scale, 0, "Override the pixel scale (e.g. 0.00392157 for /255)");
DEFINE_string(channel_order, "", "Override the channel order: rgb or bgr");

namespace mint8::tools {
namespace {

std::array<float, 3> ParseTriple(const std::string& text, const char* flag) {
  std::vector<std::string> parts = absl::StrSplit(text, ',');
  std::array<float, 3> v{};
  if (parts.size() != 3) Fail(absl::StrCat("--", flag, " needs three comma-separated values"));
  for (int i = 0; i < 3; ++i) {
    if (!absl::SimpleAtof(parts[i], &v[i])) Fail(absl::StrCat("--", flag, ": '", parts[i], "' is not a number"));
  }
  return v;
}

}  // namespace

Preprocessing PreprocessingFromFlags(const ir::Dims& input) {
  if (input.size() != 4 || input[1] != 3) {
    Fail(absl::StrCat("the model input ", ir::DimsToString(input), " is not an N x 3 x H x W image"));
  }
  Preprocessing p = ValueOrFail(PresetPreprocessing(FLAGS_preprocess, input[2], input[3]), "--preprocess");
  if (FLAGS_resize_size > 0) p.resize_size = FLAGS_resize_size;
  if (FLAGS_central_fraction > 0) p.central_fraction = FLAGS_central_fraction;
  if (!FLAGS_mean.empty()) p.mean = ParseTriple(FLAGS_mean, "mean");
  if (!FLAGS_std.empty()) p.std = ParseTriple(FLAGS_std, "std");
  if (FLAGS_scale > 0) p.scale = static_cast<float>(FLAGS_scale);
  if (FLAGS_channel_order == "bgr") p.bgr = true;
  else if (FLAGS_channel_order == "rgb") p.bgr = false;
  else if (!FLAGS_channel_order.empty()) Fail("--channel_order must be rgb or bgr");
  return p;
}

}  // namespace mint8::tools
