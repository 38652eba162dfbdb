#include "tools/common/calibration_source.h"

#include "absl/strings/str_cat.h"

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

}  // namespace mint8::tools
