// ChannelShuffle: mint8's one-pass kernel (kernels/x86/channel_shuffle.h) on
// channels-last inputs and output, FP32 and INT8 (inputs quantized like the
// output); the reference kernel for other ranks, types or input counts.
// oneDNN has no such primitive, so --kernels=onednn runs this kernel too.
#include "kernels/x86/channel_shuffle.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "kernels/kernel.h"
#include "kernels/onednn/engine.h"
#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

constexpr size_t kMaxOwnInputs = 16;  // Execute gathers input pointers on the stack

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  kernels::reference::ChannelShuffle(in, node.attributes.GetInt("groups", 1), out[0]);
  return absl::OkStatus();
}

// The kernel as a plan step: DNNL_ARG_MULTIPLE_SRC + k reads input k.
class ShuffleStep : public kernels::BoundKernel {
 public:
  explicit ShuffleStep(std::unique_ptr<x86::ChannelShuffleNhwc> impl)
      : implementation_(absl::StrCat("mint8_shuffle:", IsaName(impl->isa()))), impl_(std::move(impl)) {}

  absl::string_view op_type() const override { return "ChannelShuffle"; }
  std::string implementation() const override { return implementation_; }
  absl::Status Execute(kernels::KernelContext& ctx) const override {
    const void* inputs[kMaxOwnInputs];
    const size_t n = impl_->params().input_channels.size();
    for (size_t k = 0; k < n; ++k) {
      const int value = ValueOf(DNNL_ARG_MULTIPLE_SRC + static_cast<int>(k));
      if (value < 0) return absl::InternalError(absl::StrCat(implementation_, " run before binding"));
      inputs[k] = ctx.data(value);
    }
    const int dst = ValueOf(DNNL_ARG_DST);
    if (dst < 0) return absl::InternalError(absl::StrCat(implementation_, " run before binding"));
    impl_->Run(inputs, ctx.data(dst));
    return absl::OkStatus();
  }

 private:
  std::string implementation_;
  std::unique_ptr<x86::ChannelShuffleNhwc> impl_;
};

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const ir::Dims dims = y.shape.Sizes();
  if (dims.size() != 4 || node.inputs.size() > kMaxOwnInputs)
    return NotOnednn("not a 4-D shuffle of few inputs");
  if (y.dtype != ir::DataType::kF32 && !ir::IsInt8(y.dtype)) return NotOnednn("types other than f32, u8, s8");
  x86::ChannelShuffleParams p;
  p.pixels = dims[0] * dims[2] * dims[3];
  p.groups = node.attributes.GetInt("groups", 1);
  p.element_bytes = y.dtype == ir::DataType::kF32 ? 4 : 1;
  std::vector<int> inputs, args;
  for (const std::string& in : node.inputs) {
    if (ctx.Constant(in) != nullptr) return NotOnednn("constant inputs");
    const ir::TensorInfo& x = ctx.Info(in);
    p.input_channels.push_back(x.shape.Sizes()[1]);
    MINT8_ASSIGN_OR_RETURN(int value, ctx.ValueIn(in, ChannelsLast(PlainOf(x.dtype, x.shape.Sizes()))));
    args.push_back(DNNL_ARG_MULTIPLE_SRC + static_cast<int>(inputs.size()));
    inputs.push_back(value);
  }
  MINT8_ASSIGN_OR_RETURN(std::unique_ptr<x86::ChannelShuffleNhwc> shuffle,
                         x86::ChannelShuffleNhwc::Create(p, dk::OwnKernelIsa()));
  const int out = ctx.NewOutput(node, 0, ChannelsLast(PlainOf(y.dtype, dims)));
  return ctx.AddKernelStep(std::make_unique<ShuffleStep>(std::move(shuffle)), args, DNNL_ARG_DST, node.name,
                           inputs, out, "");
}

absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  if (!ctx.QuantizedLikeOutput(node))
    return NotOnednn("INT8 channel shuffle needs its inputs quantized like its output");
  return LowerFp32(ctx, node);
}

MINT8_REGISTER_LOWERING("ChannelShuffle", OpLowering{Reference, LowerFp32, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
