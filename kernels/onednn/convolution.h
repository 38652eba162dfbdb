// oneDNN 2-D convolution (FP32 or INT8; grouped and depthwise) with fused
// post-ops. Weights are given in ONNX layout and packed once into the layout
// the primitive chooses (format_tag::any).
#ifndef MINT8_KERNELS_ONEDNN_CONVOLUTION_H_
#define MINT8_KERNELS_ONEDNN_CONVOLUTION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/post_op.h"
#include "ir/window.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct ConvolutionSpec {
  ir::ConvGeometry geometry;
  dnnl::memory::data_type src_type = dnnl::memory::data_type::f32;
  dnnl::memory::data_type weights_type = dnnl::memory::data_type::f32;
  dnnl::memory::data_type bias_type = dnnl::memory::data_type::f32;
  dnnl::memory::data_type dst_type = dnnl::memory::data_type::f32;
  const void* weights = nullptr;  // [OC, IC/group, KH, KW]
  const void* bias = nullptr;     // [OC], or null
  std::vector<ir::PostOp> post_ops;
  Epilogue epilogue;  // INT8 scales and zero points; default FP32
  // The producer's layout of the source, tried first when worth keeping.
  dnnl::memory::desc src_hint;
  // convolution_direct, or convolution_winograd (FP32 3x3 stride 1 on
  // AVX-512: fewer multiplications, results within float rounding of direct's).
  dnnl::algorithm algorithm = dnnl::algorithm::convolution_direct;
  // Which of oneDNN's implementations for this descriptor: 0 its first
  // choice, n the n-th after it that reads and writes the first choice's
  // layouts (so either can run on the same tensors). oneDNN orders them by a
  // fixed preference, not by speed on this CPU: e.g. for INT8 1x1 expansions
  // on AVX-512 VNNI its older jit_int8_1x1 kernel beats its first choice,
  // brgconv_1x1, by 5-15% on small maps. NotFound past the last one.
  int implementation_rank = 0;
};

// input_descs = {src}. With a sum post-op the destination value must already
// hold the residual (in output_desc's layout).
absl::StatusOr<CompiledPrimitive> CreateConvolution(const ConvolutionSpec& spec);

// What decides which implementation oneDNN gives `spec` and how fast it runs
// (geometry, element types, the source layout, the number of post-ops): the
// key of the plan builder's kernel-timing cache.
std::string ConvolutionSignature(const ConvolutionSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_CONVOLUTION_H_
