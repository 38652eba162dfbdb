#include "tools/common/calibration_source.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "quantization/calibration/parallel_for.h"

namespace mint8::tools {

std::unique_ptr<ProgressLine> SetCalibration(const Dataset& data, int64_t count, bool quiet,
                                             quantization::PipelineOptions& options) {
  quantization::CalibrationImages images;
  images.count = count;
  images.load = [&data](int64_t i, float* chw) {
    int64_t label;
    absl::Status s = data.Load(i, chw, &label);
    if (!s.ok()) return absl::Status(s.code(), absl::StrCat(data.ItemName(i), ": ", s.message()));
    return s;
  };
  images.parallel_load = true;  // Dataset::Load is thread-safe
  options.calibration = std::move(images);
  options.calibration_description = absl::StrCat(count, " images of ", data.Describe());
  if (quiet) return nullptr;
  auto progress = std::make_unique<ProgressLine>("calibrating", count);
  options.progress = [line = progress.get()](int64_t done) { line->Update(done); };
  return progress;
}

absl::StatusOr<quantization::TuningImages> LoadTuningImages(const Dataset& data, int64_t count,
                                                            int64_t image_floats, bool labeled,
                                                            int label_offset) {
  if (count > data.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(count, " tuning images asked, ", data.size(), " available"));
  }
  if (labeled && !data.labeled()) {
    return absl::InvalidArgumentError(absl::StrCat(data.Describe(), " has no labels (give a labels file)"));
  }
  auto pixels = std::make_shared<std::vector<float>>(count * image_floats);
  quantization::TuningImages tuning;
  tuning.labels.assign(count, -1);
  tuning.label_offset = label_offset;
  std::vector<absl::Status> loaded(count);
  quantization::ParallelFor(count, [&](int64_t i) {
    loaded[i] = data.Load(i, pixels->data() + i * image_floats, &tuning.labels[i]);
  });
  for (int64_t i = 0; i < count; ++i) {
    if (!loaded[i].ok())
      return absl::Status(loaded[i].code(), absl::StrCat(data.ItemName(i), ": ", loaded[i].message()));
  }
  if (!labeled) tuning.labels.clear();
  tuning.images.count = count;
  tuning.images.parallel_load = true;
  tuning.images.load = [pixels, image_floats](int64_t i, float* chw) {
    std::copy_n(pixels->data() + i * image_floats, image_floats, chw);
    return absl::OkStatus();
  };
  return tuning;
}

}  // namespace mint8::tools
