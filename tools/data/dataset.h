// Datasets the tools read images from, each yielding preprocessed 3 x H x W
// float images and (when known) labels:
//   - an image folder plus a labels file of "FILENAME LABEL" lines (ImageNet's
//     val.txt format); without a labels file, every JPEG/PNG in the folder,
//     unlabeled (enough for calibration)
//   - PaddlePaddle's preprocessed binary validation file (int8_full_val.bin):
//     an int64 image count N, N float32 3x224x224 images already preprocessed
//     (RGB, torch normalization), then N int64 labels
//   - a NumPy .npy file of N images already preprocessed: float32, C order,
//     [N, 3, H, W] (H x W the model's input), unlabeled
//   - "synthetic[:N]": N synthetic images (see synthetic_images.h), unlabeled
//
//   auto data = OpenDataset("images/", "labels.txt", preprocessing);
//   (*data)->Load(i, chw, &label);
#ifndef MINT8_TOOLS_DATA_DATASET_H_
#define MINT8_TOOLS_DATA_DATASET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/data/preprocessing.h"

namespace mint8::tools {

class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual int64_t size() const = 0;
  virtual bool labeled() const = 0;
  // Fills `chw` with image i; `label` gets its label (-1 when unlabeled).
  // Thread-safe.
  virtual absl::Status Load(int64_t i, float* chw, int64_t* label) const = 0;
  // What item i is, for messages ("ILSVRC2012_val_00000001.JPEG").
  virtual std::string ItemName(int64_t i) const = 0;
  virtual std::string Describe() const = 0;
};

struct LabeledFile {
  std::string file;
  int64_t label = 0;
};

// The entries of a labels file's text: "FILENAME LABEL" lines (the label a
// non-negative integer, the name may hold spaces), blank lines skipped. `name`
// is the file's, for messages.
absl::StatusOr<std::vector<LabeledFile>> ParseLabels(absl::string_view text, const std::string& name);

// The JPEG and PNG files in `dir` (names, sorted).
absl::StatusOr<std::vector<std::string>> ListImageFiles(const std::string& dir);

// `spec` is a directory, a Paddle .bin file, or "synthetic[:N]"; `labels` is a
// labels file for a directory (empty: "<dir>/labels.txt" if present, else
// unlabeled). Images are prepared with `preprocessing` (its output size must
// be 224x224 for the Paddle file, which is already preprocessed).
absl::StatusOr<std::unique_ptr<Dataset>> OpenDataset(const std::string& spec, const std::string& labels,
                                                     const Preprocessing& preprocessing);

// Items [offset, offset + count) of `base` (count < 0: to the end).
absl::StatusOr<std::unique_ptr<Dataset>> SliceDataset(std::shared_ptr<const Dataset> base, int64_t offset,
                                                      int64_t count);

// Writes images (already preprocessed, 3x224x224) and labels in the Paddle
// binary format, atomically.
absl::Status WritePaddleBinary(const std::string& path, const std::vector<std::vector<float>>& images,
                               const std::vector<int64_t>& labels);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_DATA_DATASET_H_
