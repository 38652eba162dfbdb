#include "tools/paddle_ocr/ctc_decoder.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace mint8::tools::ocr {

absl::StatusOr<CtcDecoder> CtcDecoder::FromDictionary(absl::string_view dictionary) {
  std::vector<std::string> characters = {""};
  for (absl::string_view line : absl::StrSplit(dictionary, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    characters.emplace_back(line);
  }
  if (characters.size() == 1) return absl::InvalidArgumentError("the dictionary has no characters");
  characters.push_back(" ");
  return CtcDecoder(std::move(characters));
}

absl::StatusOr<CtcDecoder> CtcDecoder::FromDictionaryFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot open the dictionary ", path));
  std::stringstream contents;
  contents << file.rdbuf();
  absl::StatusOr<CtcDecoder> decoder = FromDictionary(contents.str());
  if (!decoder.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", decoder.status().message()));
  return decoder;
}

RecognizedText CtcDecoder::Decode(const float* probabilities, int steps) const {
  RecognizedText out;
  const int classes = num_classes();
  int previous = 0, kept = 0;
  float sum = 0.f;
  for (int t = 0; t < steps; ++t) {
    const float* p = probabilities + static_cast<int64_t>(t) * classes;
    int best = 0;
    for (int c = 1; c < classes; ++c) {
      if (p[c] > p[best]) best = c;
    }
    if (best != 0 && best != previous) {
      out.text += characters_[best];
      sum += p[best];
      ++kept;
    }
    previous = best;
  }
  out.confidence = kept > 0 ? sum / kept : 0.f;
  return out;
}

}  // namespace mint8::tools::ocr
