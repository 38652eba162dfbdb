// oneDNN inner product: Gemm with constant B (and optional bias row C), FP32
// or INT8, with fused post-ops. The source may be 2-D (N x K) or 4-D
// (N x C x H x W with K = C*H*W, e.g. a Flatten folded away).
#ifndef MINT8_KERNELS_ONEDNN_INNER_PRODUCT_H_
#define MINT8_KERNELS_ONEDNN_INNER_PRODUCT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/post_op.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct InnerProductSpec {
  dnnl::memory::dims src_dims;  // {N, K} or {N, C, H, W}
  int64_t out_features = 0;
  dnnl::memory::data_type src_type = dnnl::memory::data_type::f32;
  dnnl::memory::data_type weights_type = dnnl::memory::data_type::f32;
  dnnl::memory::data_type bias_type = dnnl::memory::data_type::f32;
  dnnl::memory::data_type dst_type = dnnl::memory::data_type::f32;
  // Weights as [out_features, K] ("transposed" = false: as [K, out_features]).
  const void* weights = nullptr;
  bool weights_transposed = true;
  const void* bias = nullptr;  // [out_features] or null
  std::vector<ir::PostOp> post_ops;
  Epilogue epilogue;  // INT8 scales and zero points; default FP32
  dnnl::memory::desc src_hint;
};

absl::StatusOr<CompiledPrimitive> CreateInnerProduct(const InnerProductSpec& spec);

// What decides which implementation oneDNN gives `spec` and how fast it runs:
// the key of the plan builder's kernel-timing cache (ConvolutionSignature's
// twin).
std::string InnerProductSignature(const InnerProductSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_INNER_PRODUCT_H_
