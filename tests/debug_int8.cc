#include <cmath>
#include <cstdio>
#include <algorithm>
#include "quantization/quantizer.h"
#include "quantization/mode_selection.h"
#include "quantization/calibration/calibrator.h"
#include "runtime/session.h"
#include "ir/model.h"
#include "tests/text_lines.h"
using namespace mint8;
int main(int, char** argv) {
  auto model = *ir::LoadModelFile(argv[1]);
  auto prepared = *quantization::PrepareForQuantization(model, {{model.inputs()[0], {1, 3, 48, 192}}});
  quantization::CalibrationImages images{100, [](int64_t i, float* chw) { testing::TextLineImage(100000 + i, chw); return absl::OkStatus(); }};
  quantization::CalibrationImages few{30, images.load};
  auto stats = *quantization::Calibrate(prepared, images, 1, nullptr);
  quantization::QuantizerOptions o; o.algorithm = quantization::CalibrationAlgorithm::kPercentile; o.weight_bits = 7; o.activation_bits = 8;
  auto base = *quantization::CompareInt8Modes(prepared, stats, o, few, {{7, 8}});
  printf("all int8: err %.4f agree %.1f\n", base[0].relative_error, base[0].top1_agreement);
  std::vector<std::pair<double, std::string>> sens;
  for (auto& n : prepared.nodes()) {
    if (n->op_type != "Conv" && n->op_type != "Gemm") continue;
    auto oo = o; oo.exclude_nodes = {n->name};
    auto r = *quantization::CompareInt8Modes(prepared, stats, oo, few, {{7, 8}});
    std::string pops; for (auto& p : n->attributes.GetStrings("post_ops")) pops += p + ","; sens.push_back({r[0].relative_error, n->name + " [" + pops + "]"});
  }
  std::sort(sens.begin(), sens.end());
  for (int i = 0; i < 8; ++i) printf("excluding %s -> err %.4f\n", sens[i].second.c_str(), sens[i].first);
}
