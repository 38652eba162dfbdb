// Fuzz target: bytes as the dataset files the tools read besides images: a
// labels file ("FILENAME LABEL" lines), a PaddlePaddle binary validation file
// and a NumPy .npy file of preprocessed images (opened, then every image
// loaded).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ir/file_io.h"
#include "tools/data/dataset.h"
#include "tools/data/preprocessing.h"

namespace {

void CheckLabels(absl::string_view text) {
  absl::StatusOr<std::vector<mint8::tools::LabeledFile>> entries = mint8::tools::ParseLabels(text, "labels");
  if (!entries.ok()) return;
  for (const mint8::tools::LabeledFile& e : *entries) {
    if (e.label < 0 || e.file.empty()) {
      std::fprintf(stderr, "parsed an entry with label %lld, file '%s'\n", static_cast<long long>(e.label),
                   e.file.c_str());
      std::abort();
    }
  }
}

// Opens `bytes` as the file type `extension` names (images side x side), and
// loads every image it holds.
void CheckImageFile(absl::string_view bytes, const char* extension, int64_t side) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = absl::StrCat(tmp ? tmp : "/tmp", "/mint8-fuzz-", getpid(), extension);
  if (!mint8::ir::WriteStringToFileAtomically(path, bytes).ok()) std::abort();
  const mint8::tools::Preprocessing preprocessing = *mint8::tools::PresetPreprocessing("torch", side, side);
  absl::StatusOr<std::unique_ptr<mint8::tools::Dataset>> data = mint8::tools::OpenDataset(path, "", preprocessing);
  if (data.ok()) {
    std::vector<float> chw(3 * side * side);
    int64_t label;
    for (int64_t i = 0; i < (*data)->size(); ++i) {
      if (!(*data)->Load(i, chw.data(), &label).ok()) std::abort();
    }
  }
  std::remove(path.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  CheckLabels(bytes);
  CheckImageFile(bytes, ".bin", 224);  // PaddlePaddle's 3x224x224 binary
  CheckImageFile(bytes, ".npy", 4);    // NumPy [N, 3, 4, 4]
  return 0;
}
