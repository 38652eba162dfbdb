#include "runtime/int8_arithmetic.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace mint8::runtime {

absl::StatusOr<kernels::onednn::Epilogue> Int8Epilogue(const ir::TensorInfo& x, const ir::TensorInfo& w,
                                                       int64_t channels, const ir::TensorInfo* residual,
                                                       const ir::TensorInfo& y,
                                                       std::vector<ir::PostOp>& post_ops) {
  if (!x.quantization || x.quantization->per_channel() || !w.quantization ||
      (residual != nullptr && !residual->quantization) ||
      (y.dtype != ir::DataType::kF32 && !y.quantization)) {
    return absl::InvalidArgumentError("a quantized operand lacks quantization parameters");
  }
  if (w.quantization->zero_point() != 0) {
    return absl::InvalidArgumentError(absl::StrCat("weights '", w.name, "' are not symmetric"));
  }
  kernels::onednn::Epilogue e;
  const float sx = x.quantization->scale();
  e.output_scales.resize(channels);
  for (int64_t c = 0; c < channels; ++c) e.output_scales[c] = sx * w.quantization->scale(c);
  e.src_zero_point = x.quantization->zero_point();
  if (residual != nullptr) {
    e.sum_scale = residual->quantization->scale();
    e.sum_zero_point = residual->quantization->zero_point();
    e.sum_type =
        residual->dtype == ir::DataType::kU8 ? dnnl::memory::data_type::u8 : dnnl::memory::data_type::s8;
  }
  if (y.dtype == ir::DataType::kF32) return e;

  const float sy = y.quantization->scale();
  e.dst_zero_point = y.quantization->zero_point();
  if (y.quantization->narrowed()) {
    e.clamp = true;
    e.clamp_low = static_cast<float>(y.quantization->qmin - e.dst_zero_point);
    e.clamp_high = static_cast<float>(y.quantization->qmax - e.dst_zero_point);
  }
  bool homogeneous = true;
  for (const ir::PostOp& p : post_ops) {
    homogeneous = homogeneous && (p.kind == ir::PostOpKind::kRelu || p.kind == ir::PostOpKind::kLeakyRelu ||
                                  p.kind == ir::PostOpKind::kClip || p.kind == ir::PostOpKind::kSum);
  }
  if (!homogeneous) {
    e.post_scale = 1.f / sy;
    return e;
  }
  for (float& s : e.output_scales) s /= sy;
  e.sum_scale /= sy;
  for (ir::PostOp& p : post_ops) {
    if (p.kind == ir::PostOpKind::kClip) {
      p.alpha /= sy;
      p.beta /= sy;
    }
  }
  return e;
}

std::vector<int32_t> FoldSourceZeroPoint(const int8_t* w, int64_t k, int64_t n, bool transposed,
                                         const int32_t* bias, int32_t zero_point) {
  std::vector<int32_t> folded(n, 0);
  if (bias != nullptr) std::copy_n(bias, n, folded.begin());
  for (int64_t j = 0; j < n; ++j) {
    int32_t column = 0;
    for (int64_t l = 0; l < k; ++l) column += transposed ? w[j * k + l] : w[l * n + j];
    folded[j] -= zero_point * column;
  }
  return folded;
}

absl::StatusOr<QuantizationReorder> QuantizeReorder(const ir::Quantization& y) {
  if (y.per_channel()) return absl::UnimplementedError("per-channel QuantizeLinear");
  QuantizationReorder r;
  r.scale = 1.f / y.scale();
  r.dst_zero_point = y.zero_point();
  if (y.narrowed()) {
    const float s = y.scale();
    r.clip =
        ir::PostOp{ir::PostOpKind::kClip, (y.qmin - r.dst_zero_point) * s, (y.qmax - r.dst_zero_point) * s};
  }
  return r;
}

absl::StatusOr<QuantizationReorder> DequantizeReorder(const ir::Quantization& x) {
  if (x.per_channel()) return absl::UnimplementedError("per-channel DequantizeLinear");
  QuantizationReorder r;
  r.scale = x.scale();
  r.src_zero_point = x.zero_point();
  return r;
}

absl::StatusOr<QuantizationReorder> RequantizeReorder(const ir::Quantization& x, const ir::Quantization& y) {
  if (x.per_channel() || y.per_channel()) return absl::UnimplementedError("per-channel Requantize");
  if (y.narrowed()) return absl::UnimplementedError("Requantize into a narrowed range");
  QuantizationReorder r;
  r.scale = x.scale() / y.scale();
  r.src_zero_point = x.zero_point();
  r.dst_zero_point = y.zero_point();
  return r;
}

}  // namespace mint8::runtime
