// A tools Dataset as the quantization pipeline's calibration images (with
// the progress line the tools print), and the description that keys the
// pipeline's statistics cache; and as its tuning images for the
// accuracy-aware search.
#ifndef MINT8_TOOLS_COMMON_CALIBRATION_SOURCE_H_
#define MINT8_TOOLS_COMMON_CALIBRATION_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "quantization/pipeline.h"
#include "tools/common/report.h"
#include "tools/data/dataset.h"

namespace mint8::tools {

// The first `count` images of `data` (which must outlive the options) for
// `options`, with a progress line on stderr unless `quiet`. Returns the line
// to Finish() after quantization (null when quiet).
std::unique_ptr<ProgressLine> SetCalibration(const Dataset& data, int64_t count, bool quiet,
                                             quantization::PipelineOptions& options);

// The first `count` images of `data` (each `image_floats` long), decoded
// once into memory: the accuracy-aware search runs them through every
// candidate model. With `labeled`, every image must have a label.
absl::StatusOr<quantization::TuningImages> LoadTuningImages(const Dataset& data, int64_t count,
                                                            int64_t image_floats, bool labeled,
                                                            int label_offset);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_CALIBRATION_SOURCE_H_
