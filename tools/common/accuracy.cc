#include "tools/common/accuracy.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <thread>

#include "absl/strings/str_cat.h"
#include "runtime/core_count.h"
#include "tools/common/report.h"

namespace mint8::tools {
namespace {

constexpr int kTopK = 5;

std::vector<int> TopK(const std::vector<float>& scores) {
  std::vector<int> idx(scores.size());
  std::iota(idx.begin(), idx.end(), 0);
  const size_t k = std::min<size_t>(kTopK, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(),
                    [&](int a, int b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
  idx.resize(k);
  return idx;
}

}  // namespace

absl::StatusOr<std::vector<ItemResult>> ClassifyDataset(const std::vector<const runtime::Session*>& sessions,
                                                        const Dataset& data,
                                                        const std::vector<int64_t>& indices, int label_offset,
                                                        int threads, const std::string& progress_label,
                                                        bool keep_logits) {
  const ir::Dims input = sessions[0]->inputs()[0].dims;
  const int64_t classes = ir::NumElements(sessions[0]->outputs()[0].dims);
  std::vector<ItemResult> items(indices.size());
  std::atomic<size_t> next{0}, done{0};
  std::mutex error_mutex;
  absl::Status error;
  auto work = [&] {
    std::vector<float> image(ir::NumElements(input)), scores(classes);
    for (size_t k; (k = next++) < indices.size();) {
      ItemResult& r = items[k];
      r.index = indices[k];
      absl::Status s = data.Load(r.index, image.data(), &r.label);
      if (s.ok() && r.label >= 0 && (r.label + label_offset < 0 || r.label + label_offset >= classes)) {
        s = absl::InvalidArgumentError(absl::StrCat("label ", r.label, " is out of range for a model with ",
                                                    classes, " outputs (label offset ", label_offset, ")"));
      }
      for (size_t m = 0; s.ok() && m < sessions.size(); ++m) {
        ir::ConstTensorView in{ir::DataType::kF32, input, image.data()};
        ir::MutableTensorView out{ir::DataType::kF32, sessions[m]->outputs()[0].dims, scores.data()};
        s = sessions[m]->Run({&in, 1}, {&out, 1});
        for (int& c : r.top[m] = TopK(scores)) c -= label_offset;
        if (keep_logits) r.logits[m] = scores;
      }
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (error.ok())
          error = absl::Status(s.code(), absl::StrCat(data.ItemName(r.index), ": ", s.message()));
        next = indices.size();
        return;
      }
      ++done;
    }
  };
  ProgressLine progress(progress_label, static_cast<int64_t>(indices.size()));
  const int workers = threads > 0 ? threads : runtime::UsableCores();
  std::vector<std::thread> pool;
  for (int t = 0; t < workers; ++t) pool.emplace_back(work);
  while (done < indices.size()) {
    {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error.ok()) break;
    }
    progress.Update(static_cast<int64_t>(done));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (auto& t : pool) t.join();
  if (!error.ok()) return error;
  progress.Finish();
  return items;
}

AccuracySummary Summarize(const std::vector<ItemResult>& items, int models) {
  AccuracySummary s;
  s.images = static_cast<int64_t>(items.size());
  double overlap = 0;
  for (const ItemResult& r : items) {
    for (int m = 0; m < models; ++m) {
      s.top1[m] += !r.top[m].empty() && r.top[m][0] == r.label;
      s.top5[m] += std::find(r.top[m].begin(), r.top[m].end(), r.label) != r.top[m].end();
    }
    if (models == 2) {
      s.changed_top1 += r.top[0][0] != r.top[1][0];
      for (int c : r.top[0]) overlap += std::find(r.top[1].begin(), r.top[1].end(), c) != r.top[1].end();
    }
  }
  const double n = std::max<double>(1, static_cast<double>(items.size()));
  for (int m = 0; m < 2; ++m) {
    s.top1[m] *= 100 / n;
    s.top5[m] *= 100 / n;
  }
  s.top5_overlap = 100 * overlap / (n * kTopK);
  return s;
}

std::string AccuracyTable(const std::string& model, const AccuracySummary& s) {
  MarkdownTable t({"model", "FP32 top-1", "INT8 top-1", "diff", "FP32 top-5", "INT8 top-5", "diff",
                   "changed top-1", "images"});
  t.AddRow({model, Fixed(s.top1[0], 2), Fixed(s.top1[1], 2), Fixed(s.top1[1] - s.top1[0], 2),
            Fixed(s.top5[0], 2), Fixed(s.top5[1], 2), Fixed(s.top5[1] - s.top5[0], 2),
            absl::StrCat(s.changed_top1, " (",
                         Fixed(100.0 * s.changed_top1 / std::max<int64_t>(1, s.images), 2), "%)"),
            absl::StrCat(s.images)});
  return t.ToString();
}

std::string AgreementTable(const std::string& model, const AccuracySummary& s) {
  MarkdownTable t({"model", "INT8 top-1 = FP32 top-1", "FP32 top-5 also in INT8 top-5", "images"});
  t.AddRow({model,
            absl::StrCat(Fixed(100.0 - 100.0 * s.changed_top1 / std::max<int64_t>(1, s.images), 2), "%"),
            absl::StrCat(Fixed(s.top5_overlap, 2), "%"), absl::StrCat(s.images)});
  return t.ToString();
}

std::string NpyFloat32(const std::vector<const std::vector<float>*>& rows) {
  const size_t columns = rows.empty() ? 0 : rows[0]->size();
  std::string header =
      absl::StrCat("{'descr': '<f4', 'fortran_order': False, 'shape': (", rows.size(), ", ", columns, "), }");
  // Magic, version 1.0, a 2-byte header length, the header padded with spaces
  // and a newline so that the data starts at a multiple of 64 bytes.
  const size_t prefix = 10;
  header.append(63 - (prefix + header.size()) % 64, ' ');
  header.push_back('\n');
  std::string out("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>(header.size() >> 8));
  out += header;
  for (const std::vector<float>* row : rows) {
    out.append(reinterpret_cast<const char*>(row->data()), row->size() * sizeof(float));
  }
  return out;
}

}  // namespace mint8::tools
