// oneDNN 2-D deconvolution (ONNX ConvTranspose), FP32, grouped. Weights are
// given in ONNX layout [IC, OC/group, KH, KW] and packed once.
#ifndef MINT8_KERNELS_ONEDNN_DECONVOLUTION_H_
#define MINT8_KERNELS_ONEDNN_DECONVOLUTION_H_

#include "absl/status/statusor.h"
#include "ir/window.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct DeconvolutionSpec {
  ir::ConvGeometry geometry;  // as op_geometry.h's ResolveConvTransposeGeometry gives it
  const float* weights = nullptr;
  const float* bias = nullptr;  // [OC], or null
  dnnl::memory::desc src_hint;  // the producer's layout, tried first when worth keeping
};

// input_descs = {src}.
absl::StatusOr<CompiledPrimitive> CreateDeconvolution(const DeconvolutionSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_DECONVOLUTION_H_
