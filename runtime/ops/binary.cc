#include "runtime/ops/binary.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "kernels/onednn/binary.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/reorder.h"
#include "kernels/reference/quantization.h"
#include "runtime/ops/quantization_reorder.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;
namespace ref = kernels::reference;

absl::Status Reference(ref::BinaryOp op, Inputs in, Outputs out) {
  if (ir::IsInt8(in[0].dtype) || ir::IsInt8(in[1].dtype) || ir::IsInt8(out[0].dtype)) {
    return ref::QuantizedBinary(op, in[0], in[1], out[0]);
  }
  return ref::Binary(op, in[0], in[1], out[0]);
}

// A broadcast run-time operand in the layout the primitive wants (a view
// with the padded rank when the ranks differ).
absl::StatusOr<int> BroadcastOperand(LoweringContext& ctx, const std::string& tensor, const ir::Dims& padded,
                                     const dnnl::memory::desc& want) {
  if (ctx.Info(tensor).shape.rank() == static_cast<int>(padded.size())) return ctx.ValueIn(tensor, want);
  MINT8_ASSIGN_OR_RETURN(int plain, ctx.PlainValue(tensor));
  const ir::DataType dtype = ctx.Info(tensor).dtype;
  const dnnl::memory::desc padded_plain = PlainOf(dtype, padded);
  const int view = ctx.ViewOf(plain, tensor, padded, padded_plain);
  if (padded_plain == want) return view;
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive reorder, dk::CreateReorder({padded_plain, want, {}, 0, 0}));
  const int to = ctx.NewValue(tensor, dtype, padded, want);
  MINT8_RETURN_IF_ERROR(ctx.AddStep(std::move(reorder), "", {view}, to));
  return to;
}

// INT8 operands are read with their scales; an INT8 output is written with
// its own. On CPUs without VNNI s8 tensors are stored as u8 with a zero
// point (int8_encoding.h). A product's first operand is then re-centred by a
// reorder (into f32: q - z of an s8 tensor with a zero point, stored as u8,
// can leave the s8 range, which saturated it by several units) and the
// output's zero point added by a linear post-op before rounding.
struct Int8Product {
  int32_t src0_zero_point = 0;
};

// y = (sa (a - za) + sb (b - zb)) / sy + zy, the zero points one shift:
// a sum of two INT8 operands of the output's shape needs no re-centring.
absl::Status SetSumScales(const ir::TensorInfo& a, const ir::TensorInfo& b, const ir::TensorInfo& y,
                          dk::BinarySpec& spec) {
  for (const ir::TensorInfo* t : {&a, &b, &y}) {
    if (!ir::IsInt8(t->dtype) || !t->quantization || t->quantization->per_channel())
      return NotOnednn("an INT8 sum of other than three per-tensor INT8 tensors");
  }
  if (!(a.shape == y.shape) || !(b.shape == y.shape)) return NotOnednn("a broadcasting INT8 sum");
  const ir::Quantization &qa = *a.quantization, &qb = *b.quantization, &qy = *y.quantization;
  spec.src0_scale = qa.scale() / qy.scale();
  spec.src1_scale = qb.scale() / qy.scale();
  spec.dst_shift = static_cast<float>(qy.zero_point() - spec.src0_scale * qa.zero_point() -
                                      spec.src1_scale * qb.zero_point());
  spec.dst_type = DnnlType(y.dtype);
  spec.dst_qmin = qy.qmin;
  spec.dst_qmax = qy.qmax;
  return absl::OkStatus();
}

absl::StatusOr<Int8Product> SetScales(dnnl::algorithm algorithm, const ir::TensorInfo& a,
                                      const ir::TensorInfo& b, const ir::TensorInfo& y,
                                      dk::BinarySpec& spec) {
  Int8Product product;
  if (!ir::IsInt8(a.dtype) && !ir::IsInt8(b.dtype) && !ir::IsInt8(y.dtype)) return product;
  if (algorithm == dnnl::algorithm::binary_add) {
    MINT8_RETURN_IF_ERROR(SetSumScales(a, b, y, spec));
    return product;
  }
  if (algorithm != dnnl::algorithm::binary_mul) return NotOnednn("INT8 arithmetic other than Mul and Add");
  for (const ir::TensorInfo* t : {&a, &b, &y}) {
    if (ir::IsInt8(t->dtype) && !t->quantization) return NotOnednn("INT8 operands without a scale");
  }
  if (ir::IsInt8(b.dtype) && b.quantization->zero_point() != 0)
    return NotOnednn("a second operand with a zero point");
  const float sa = ir::IsInt8(a.dtype) ? a.quantization->scale() : 1.f;
  const float sb = ir::IsInt8(b.dtype) ? b.quantization->scale() : 1.f;
  const float sy = ir::IsInt8(y.dtype) ? y.quantization->scale() : 1.f;
  spec.src0_scale = sa / sy;
  spec.src1_scale = sb;
  spec.dst_type = DnnlType(y.dtype);
  if (ir::IsInt8(y.dtype)) {
    spec.dst_shift = static_cast<float>(y.quantization->zero_point());
    spec.dst_qmin = y.quantization->qmin;
    spec.dst_qmax = y.quantization->qmax;
  }
  if (ir::IsInt8(a.dtype) && a.quantization->zero_point() != 0) {
    product.src0_zero_point = a.quantization->zero_point();
    spec.src0_desc = WithType(spec.src0_desc, ir::DataType::kF32);
  }
  return product;
}

// Squeeze-excite's gate on an INT8 layer's channels-last output: an INT8
// [1, C, H, W] tensor times a run-time f32 [1, C, 1, 1] one into an INT8
// output, both per tensor, as one requantization by channel on mint8's
// kernel (QuantizeToNhwc; oneDNN needs a re-centring reorder and a binary
// primitive: one pass against two, so not timed; --kernels=onednn keeps
// those). False (nothing emitted) for anything else.
absl::StatusOr<bool> EmitGatedRequantization(LoweringContext& ctx, const ir::Node& node,
                                             const std::string& first, const std::string& second) {
  if (ctx.kernel_choice() == KernelChoice::kOnednn) return false;
  const ir::TensorInfo& x = ctx.Info(first);
  const ir::TensorInfo& g = ctx.Info(second);
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const ir::Dims dims = x.shape.Sizes();
  if (dims.size() != 4 || dims[0] != 1 || !ir::IsInt8(x.dtype) || !ir::IsInt8(y.dtype) ||
      g.dtype != ir::DataType::kF32 || g.is_constant() || !x.quantization || !y.quantization ||
      x.quantization->per_channel() || y.quantization->per_channel()) {
    return false;
  }
  ir::Dims gate = g.shape.Sizes();
  while (gate.size() < 4) gate.insert(gate.begin(), 1);
  const dnnl::memory::desc nhwc = ChannelsLast(PlainOf(x.dtype, dims));
  if (gate != ir::Dims{1, dims[1], 1, 1} || ctx.LayoutOf(first) != nhwc) return false;
  QuantizationReorder r;
  r.scale = x.quantization->scale() / y.quantization->scale();
  r.dst_zero_point = y.quantization->zero_point();
  x86::QuantizeToNhwcParams p = NhwcQuantizationParams(r, y, dims);
  p.channels_last_source = true;
  p.scaled_by_channel = true;
  p.int8_source = true;
  p.src_signed = x.dtype == ir::DataType::kS8;
  p.src_zero_point = x.quantization->zero_point();
  MINT8_ASSIGN_OR_RETURN(std::unique_ptr<x86::QuantizeToNhwc> requantize,
                         x86::QuantizeToNhwc::Create(p, dk::OwnKernelIsa()));
  MINT8_ASSIGN_OR_RETURN(const int src, ctx.ValueIn(first, nhwc));
  MINT8_ASSIGN_OR_RETURN(const int multipliers, ctx.PlainValue(second));
  const int out = ctx.NewOutput(node, 0, ChannelsLast(PlainOf(y.dtype, dims)));
  MINT8_RETURN_IF_ERROR(ctx.AddKernelStep(std::make_unique<ScaledQuantizeStep>("Mul", std::move(requantize)),
                                          {DNNL_ARG_SRC, DNNL_ARG_SRC_1}, DNNL_ARG_DST, node.name,
                                          {src, multipliers}, out, ""));
  return true;
}

// Neighbouring dimensions that the second operand spans, or broadcasts over,
// alike merge and size-1 ones drop: the same elementwise operation on
// row-major storage in fewer dimensions. oneDNN 2.6 has JIT code for
// [64, 3, 2401] + [64, 1, 2401] but only reference code for Swin's attention
// mask, [1, 64, 3, 49, 49] + [1, 64, 1, 49, 49].
void CollapseDims(const ir::Dims& out, const ir::Dims& second, ir::Dims& out_c, ir::Dims& second_c) {
  int last = -1;  // 1: the second operand broadcasts over the previous dimension
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 1) continue;
    const int broadcast = second[i] == 1 ? 1 : 0;
    if (broadcast == last) {
      out_c.back() *= out[i];
      second_c.back() *= second[i];
    } else {
      out_c.push_back(out[i]);
      second_c.push_back(second[i]);
      last = broadcast;
    }
  }
  if (out_c.empty()) out_c = second_c = {1};
}

// `spec` on plain operands seen with collapsed dimensions (views, no copies);
// Unimplemented where that too meets reference code.
absl::Status LowerOnCollapsedDims(LoweringContext& ctx, const ir::Node& node, const std::string& first,
                                  const std::string& second, const ir::Dims& padded, dk::BinarySpec spec) {
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const ir::TensorInfo& s = ctx.Info(second);
  ir::Dims out_c, second_c;
  CollapseDims(y.shape.Sizes(), padded, out_c, second_c);
  if (out_c.size() >= padded.size()) return NotOnednn("no dimensions to merge");
  spec.src0_desc = PlainOf(ctx.Info(first).dtype, out_c);
  spec.src1_desc = PlainOf(s.dtype, second_c);
  if (s.is_constant()) spec.src1_constant_desc = spec.src1_desc;
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateBinary(spec));
  MINT8_RETURN_IF_ERROR(RejectReference(p));
  if (!dk::IsPlain(p.output_desc)) return NotOnednn("a blocked destination");
  MINT8_ASSIGN_OR_RETURN(int a, ctx.PlainValue(first));
  std::vector<int> inputs = {ctx.ViewOf(a, first + "@collapsed", out_c, p.input_descs[0])};
  if (!s.is_constant()) {
    MINT8_ASSIGN_OR_RETURN(int b, ctx.PlainValue(second));
    inputs.push_back(ctx.ViewOf(b, second + "@collapsed", second_c, p.input_descs[1]));
  }
  const int dst = ctx.NewOutput(node, 0, PlainOf(y.dtype, y.shape.Sizes()));
  const int dst_view = ctx.ViewOf(dst, y.name + "@collapsed", out_c, p.output_desc);
  return ctx.AddStep(std::move(p), node.name, inputs, dst_view);
}

absl::Status Lower(dnnl::algorithm algorithm, bool commutative, LoweringContext& ctx, const ir::Node& node) {
  const ir::Dims out = ctx.Info(node.outputs[0]).shape.Sizes();
  std::string first = node.inputs[0], second = node.inputs[1];
  if (ctx.Info(first).shape.Sizes() != out) {
    if (!commutative || ctx.Info(second).shape.Sizes() != out) return NotOnednn();
    std::swap(first, second);
  }
  if (out.empty() || out.size() > 6 || ctx.Constant(first) != nullptr) return NotOnednn();
  if (algorithm == dnnl::algorithm::binary_mul) {
    MINT8_ASSIGN_OR_RETURN(const bool emitted, EmitGatedRequantization(ctx, node, first, second));
    if (emitted) return absl::OkStatus();
  }
  dk::BinarySpec spec;
  spec.algorithm = algorithm;
  const dnnl::memory::desc first_layout = ctx.LayoutOf(first);
  spec.src0_desc = first_layout;
  const ir::TensorInfo& s = ctx.Info(second);
  ir::Dims padded = s.shape.Sizes();
  while (padded.size() < out.size()) padded.insert(padded.begin(), 1);
  const bool same_shape = padded == out;
  if (same_shape) {
    spec.src1_desc = s.is_constant() ? PlainOf(s.dtype, padded) : WithType(first_layout, s.dtype);
  } else {
    // A broadcast operand in the first one's layout keeps oneDNN on JIT code.
    spec.src1_desc =
        WithType(dk::SameLayout(first_layout, dnnl::memory::dims(padded.begin(), padded.end())), s.dtype);
  }
  MINT8_ASSIGN_OR_RETURN(Int8Product product,
                         SetScales(algorithm, ctx.Info(first), s, ctx.Info(node.outputs[0]), spec));
  if (s.is_constant()) {
    spec.src1_constant = s.data->data();
    spec.src1_constant_desc = PlainOf(s.dtype, padded);
  }
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateBinary(spec));
  if (dk::IsReferenceImplementation(p.kernel->implementation()) && !same_shape && dk::IsPlain(first_layout) &&
      product.src0_zero_point == 0) {
    return LowerOnCollapsedDims(ctx, node, first, second, padded, spec);
  }
  MINT8_RETURN_IF_ERROR(RejectReference(p));
  int src0;
  if (product.src0_zero_point != 0) {
    MINT8_ASSIGN_OR_RETURN(int shifted, ctx.ValueIn(first, first_layout));
    MINT8_ASSIGN_OR_RETURN(
        dk::CompiledPrimitive centre,
        dk::CreateReorder({first_layout, p.input_descs[0], {}, product.src0_zero_point, 0}));
    src0 =
        ctx.NewValue(first + "@centred", ir::DataType::kF32, ctx.Info(first).shape.Sizes(), p.input_descs[0]);
    MINT8_RETURN_IF_ERROR(ctx.AddStep(std::move(centre), "", {shifted}, src0));
  } else {
    MINT8_ASSIGN_OR_RETURN(src0, ctx.ValueIn(first, p.input_descs[0]));
  }
  std::vector<int> inputs = {src0};
  if (!s.is_constant()) {
    MINT8_ASSIGN_OR_RETURN(int src1, same_shape ? ctx.ValueIn(second, p.input_descs[1])
                                                : BroadcastOperand(ctx, second, padded, p.input_descs[1]));
    inputs.push_back(src1);
  }
  const int dst = ctx.NewOutput(node, 0, p.output_desc);
  return ctx.AddStep(std::move(p), node.name, inputs, dst);
}

}  // namespace

OpLowering BinaryLowering(ref::BinaryOp reference, dnnl::algorithm algorithm, bool commutative) {
  LowerFn lower = [algorithm, commutative](LoweringContext& ctx, const ir::Node& node) {
    return Lower(algorithm, commutative, ctx, node);
  };
  return OpLowering{
      [reference](const ir::Node&, Inputs in, Outputs out) { return Reference(reference, in, out); }, lower,
      lower};
}

}  // namespace mint8::runtime::ops
