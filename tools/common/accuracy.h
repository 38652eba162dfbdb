// Running classifiers over a dataset in parallel (one session per model,
// shared by worker threads) and summarizing top-1/top-5 accuracy, or, for
// unlabeled data, how often a second model agrees with the first.
#ifndef MINT8_TOOLS_COMMON_ACCURACY_H_
#define MINT8_TOOLS_COMMON_ACCURACY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/session.h"
#include "tools/data/dataset.h"

namespace mint8::tools {

struct ItemResult {
  int64_t index = -1, label = -1;
  std::vector<int> top[2];       // top-5 class indices (label_offset removed), per model
  std::vector<float> logits[2];  // the raw outputs, when asked for
};

// Runs up to two sessions (same 1x3xHxW input) on `indices` of `data` with
// `threads` workers (0: all cores). Fails, naming the item, on the first
// error (an unreadable image, a label out of range). `keep_logits`: also
// keep each model's raw output per item.
absl::StatusOr<std::vector<ItemResult>> ClassifyDataset(const std::vector<const runtime::Session*>& sessions,
                                                        const Dataset& data,
                                                        const std::vector<int64_t>& indices, int label_offset,
                                                        int threads, const std::string& progress_label,
                                                        bool keep_logits = false);

// `rows` equally long float rows as a NumPy .npy file (float32, C order,
// shape [rows, columns]).
std::string NpyFloat32(const std::vector<const std::vector<float>*>& rows);

struct AccuracySummary {
  int64_t images = 0;
  double top1[2] = {0, 0}, top5[2] = {0, 0};  // percent
  int64_t changed_top1 = 0;                   // model 2's top-1 differs from model 1's
  double top5_overlap = 0;                    // percent of model 1's top-5 in model 2's
};

AccuracySummary Summarize(const std::vector<ItemResult>& items, int models);

// The seed's accuracy table (model, FP32 top-1, INT8 top-1, diff, ...).
std::string AccuracyTable(const std::string& model, const AccuracySummary& s);
// For unlabeled data: top-1 agreement and top-5 overlap of INT8 with FP32.
std::string AgreementTable(const std::string& model, const AccuracySummary& s);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_ACCURACY_H_
