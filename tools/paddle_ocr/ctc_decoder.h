// CtcDecoder: turns a text recognizer's per-time-step class probabilities
// into text, the way PaddleOCR's CTCLabelDecode does: best class per step,
// repeats collapsed, the blank (class 0) dropped. The classes are the blank,
// the characters of the dictionary file (one per line) and a space.
//
//   auto decoder = CtcDecoder::FromDictionaryFile("ppocr_keys_v1.txt");
//   RecognizedText t = decoder->Decode(probabilities, steps, classes);
#ifndef MINT8_TOOLS_PADDLE_OCR_CTC_DECODER_H_
#define MINT8_TOOLS_PADDLE_OCR_CTC_DECODER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mint8::tools::ocr {

struct RecognizedText {
  std::string text;        // UTF-8
  float confidence = 0.f;  // mean probability of the kept characters (0: none)
};

class CtcDecoder {
 public:
  // `dictionary`: the file's contents, one character (UTF-8) per line.
  static absl::StatusOr<CtcDecoder> FromDictionary(absl::string_view dictionary);
  static absl::StatusOr<CtcDecoder> FromDictionaryFile(const std::string& path);

  // Blank + dictionary + space.
  int num_classes() const { return static_cast<int>(characters_.size()); }

  // `probabilities`: steps x num_classes(), row-major.
  RecognizedText Decode(const float* probabilities, int steps) const;

 private:
  explicit CtcDecoder(std::vector<std::string> characters) : characters_(std::move(characters)) {}
  std::vector<std::string> characters_;  // [0] is the blank ("")
};

}  // namespace mint8::tools::ocr

#endif  // MINT8_TOOLS_PADDLE_OCR_CTC_DECODER_H_
