// Int8Epilogue: turns the IR's real-number meaning of a quantized Conv/Gemm
// (kernels/reference/quantization.h) into oneDNN's parameters: output
// scales, post-op parameters, a final multiplier and zero points.
//
// When every post-op commutes with scaling (relu, leaky relu, clip, sum) the
// output scale 1/y_scale is folded into the output scales and the post-op
// parameters; otherwise the post-ops run on real values and a final linear
// step applies 1/y_scale.
#ifndef MINT8_RUNTIME_INT8_EPILOGUE_H_
#define MINT8_RUNTIME_INT8_EPILOGUE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "ir/post_op.h"
#include "kernels/onednn/primitive_kernel.h"

namespace mint8::runtime {

// `post_ops` is rewritten in place into the units oneDNN will apply them in.
absl::StatusOr<kernels::onednn::Epilogue> Int8Epilogue(const ir::TensorInfo& x,
                                                       const ir::TensorInfo& w, int64_t channels,
                                                       const ir::TensorInfo* residual,
                                                       const ir::TensorInfo& y,
                                                       std::vector<ir::PostOp>& post_ops);

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_INT8_EPILOGUE_H_
