// oneDNN 2-D deconvolution (ONNX ConvTranspose): FP32 (grouped), or INT8
// with per-channel weight scales and a fused epilogue. Weights are given in
// ONNX layout [IC, OC/group, KH, KW] and packed once.
#ifndef MINT8_KERNELS_ONEDNN_DECONVOLUTION_H_
#define MINT8_KERNELS_ONEDNN_DECONVOLUTION_H_

#include <vector>

#include "absl/status/statusor.h"
#include "ir/post_op.h"
#include "ir/window.h"
#include "kernels/onednn/compiled_primitive.h"
#include "kernels/onednn/primitive_kernel.h"

namespace mint8::kernels::onednn {

struct DeconvolutionSpec {
  ir::ConvGeometry geometry;  // as op_geometry.h's ResolveConvTransposeGeometry gives it
  const void* weights = nullptr;
  const void* bias = nullptr;  // [OC], or null
  dnnl::memory::data_type src_type = dnnl::memory::data_type::f32;
  dnnl::memory::data_type weights_type = dnnl::memory::data_type::f32;
  dnnl::memory::data_type bias_type = dnnl::memory::data_type::f32;
  dnnl::memory::data_type dst_type = dnnl::memory::data_type::f32;
  // INT8: scales, zero points and the post-ops (activations only).
  Epilogue epilogue;
  std::vector<ir::PostOp> post_ops;
  dnnl::memory::desc src_hint;  // the producer's layout, tried first when worth keeping
};

// input_descs = {src}.
absl::StatusOr<CompiledPrimitive> CreateDeconvolution(const DeconvolutionSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_DECONVOLUTION_H_
