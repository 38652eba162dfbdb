#include "runtime/reference_ops.h"

#include <cstring>
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "ir/op_geometry.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/reference/conv.h"
#include "kernels/reference/elementwise.h"
#include "kernels/reference/gemm.h"
#include "kernels/reference/normalization.h"
#include "kernels/reference/pooling.h"
#include "kernels/reference/quantization.h"
#include "kernels/reference/tensor_ops.h"

namespace mint8::runtime {
namespace {

namespace ref = kernels::reference;
using ir::ConstTensorView;
using ir::DataType;
using ir::MutableTensorView;
using Inputs = absl::Span<const ConstTensorView>;
using Outputs = absl::Span<const MutableTensorView>;

bool Present(Inputs in, size_t i) { return i < in.size() && in[i].raw != nullptr; }

std::vector<int64_t> Ints(const ConstTensorView& t) {
  std::vector<int64_t> v(t.num_elements());
  for (size_t i = 0; i < v.size(); ++i) {
    v[i] = t.dtype == DataType::kS64 ? t.data<int64_t>()[i] : t.data<int32_t>()[i];
  }
  return v;
}

absl::Status CopyData(Inputs in, Outputs out) {
  if (out[0].raw != in[0].raw) std::memcpy(out[0].raw, in[0].raw, in[0].num_bytes());
  return absl::OkStatus();
}

absl::Status Unary(const ir::Node& node, ir::PostOpKind kind, Inputs in, Outputs out) {
  ir::PostOp op{kind};
  const ir::Attributes& a = node.attributes;
  if (kind == ir::PostOpKind::kClip) {
    op.alpha = a.GetFloat("min", -INFINITY);
    op.beta = a.GetFloat("max", INFINITY);
    if (in[0].dtype != DataType::kF32) return ref::ClipInt8(in[0], op.alpha, op.beta, out[0]);
  } else if (kind == ir::PostOpKind::kLeakyRelu) {
    op.alpha = a.GetFloat("alpha", 0.01f);
  } else if (kind == ir::PostOpKind::kHardSigmoid) {
    op.alpha = a.GetFloat("alpha", 0.2f);
    op.beta = a.GetFloat("beta", 0.5f);
  }
  ref::Activation(op, in[0].data<float>(), out[0].data<float>(), in[0].num_elements());
  return absl::OkStatus();
}

absl::Status Conv(const ir::Node& node, Inputs in, Outputs out) {
  MINT8_ASSIGN_OR_RETURN(ir::ConvGeometry g, ir::ResolveConvGeometry(node, in[0].dims, in[1].dims));
  std::vector<ir::PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, post_ops));
  const int sum = ir::SumInputIndex(node);
  if (in[0].dtype != DataType::kF32) {
    return ref::QuantizedConv2d(g, in[0], in[1], Present(in, 2) ? &in[2] : nullptr, post_ops,
                                sum >= 0 ? &in[sum] : nullptr, out[0]);
  }
  ref::Conv2dF32(g, in[0].data<float>(), in[1].data<float>(),
                 Present(in, 2) ? in[2].data<float>() : nullptr, post_ops,
                 sum >= 0 ? in[sum].data<float>() : nullptr, out[0].data<float>());
  return absl::OkStatus();
}

absl::Status Gemm(const ir::Node& node, Inputs in, Outputs out) {
  std::vector<ir::PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, post_ops));
  ref::GemmParams p;
  p.trans_a = node.attributes.GetInt("transA", 0) != 0;
  p.trans_b = node.attributes.GetInt("transB", 0) != 0;
  p.alpha = node.attributes.GetFloat("alpha", 1.f);
  p.beta = node.attributes.GetFloat("beta", 1.f);
  p.m = out[0].dims[0];
  p.n = out[0].dims[1];
  p.k = p.trans_a ? in[0].dims[0] : in[0].dims[1];
  const int sum = ir::SumInputIndex(node);
  if (in[0].dtype != DataType::kF32) {
    return ref::QuantizedGemm(p, in[0], in[1], Present(in, 2) ? &in[2] : nullptr, post_ops,
                              sum >= 0 ? &in[sum] : nullptr, out[0]);
  }
  ref::GemmF32(p, in[0].data<float>(), in[1].data<float>(), Present(in, 2) ? &in[2] : nullptr,
               post_ops, sum >= 0 ? in[sum].data<float>() : nullptr, out[0].data<float>());
  return absl::OkStatus();
}

absl::Status MatMul(const ir::Node& node, Inputs in, Outputs out) {
  std::vector<ir::PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, post_ops));
  const int sum = ir::SumInputIndex(node);
  ref::MatMulF32(in[0], in[1], post_ops, sum >= 0 ? in[sum].data<float>() : nullptr, out[0]);
  return absl::OkStatus();
}

template <typename F>
absl::Status ByInt8OrFloat(DataType t, F f) {
  switch (t) {
    case DataType::kF32: f(float{}); return absl::OkStatus();
    case DataType::kU8: f(uint8_t{}); return absl::OkStatus();
    case DataType::kS8: f(int8_t{}); return absl::OkStatus();
    default: return absl::InvalidArgumentError("unsupported pooling type");
  }
}

absl::Status MaxPool(const ir::Node& node, Inputs in, Outputs out) {
  MINT8_ASSIGN_OR_RETURN(ir::PoolGeometry g, ir::ResolvePoolGeometry(node, in[0].dims));
  return ByInt8OrFloat(in[0].dtype, [&](auto zero) {
    using T = decltype(zero);
    ref::MaxPool2d<T>(g, in[0].data<T>(), out[0].data<T>());
  });
}

absl::Status AveragePool(const ir::Node& node, Inputs in, Outputs out) {
  MINT8_ASSIGN_OR_RETURN(ir::PoolGeometry g, ir::ResolvePoolGeometry(node, in[0].dims));
  if (in[0].dtype != DataType::kF32) return ref::QuantizedAveragePool(g, false, in[0], out[0]);
  ref::AvgPool2dF32(g, in[0].data<float>(), out[0].data<float>());
  return absl::OkStatus();
}

absl::Status GlobalPool(bool average, Inputs in, Outputs out) {
  const int64_t planes = in[0].dims[0] * in[0].dims[1];
  const int64_t spatial = in[0].num_elements() / std::max<int64_t>(planes, 1);
  if (average) {
    if (in[0].dtype != DataType::kF32) {
      ir::PoolGeometry g;
      g.batch = in[0].dims[0];
      g.channels = in[0].dims[1];
      g.window.in_h = in[0].rank() > 2 ? in[0].dims[2] : 1;
      g.window.in_w = in[0].rank() > 3 ? in[0].dims[3] : 1;
      return ref::QuantizedAveragePool(g, true, in[0], out[0]);
    }
    ref::GlobalAvgPoolF32(planes, spatial, in[0].data<float>(), out[0].data<float>());
    return absl::OkStatus();
  }
  return ByInt8OrFloat(in[0].dtype, [&](auto zero) {
    using T = decltype(zero);
    ref::GlobalMaxPool<T>(planes, spatial, in[0].data<T>(), out[0].data<T>());
  });
}

absl::Status Resize(const ir::Node& node, Inputs in, Outputs out) {
  const ir::Attributes& a = node.attributes;
  ref::ResizeParams p;
  p.mode = a.GetString("mode", "nearest") == "linear" ? ref::ResizeMode::kLinear
                                                       : ref::ResizeMode::kNearest;
  const std::string coord = a.GetString("coordinate_transformation_mode", "half_pixel");
  p.transform = coord == "asymmetric"           ? ref::CoordinateTransform::kAsymmetric
                : coord == "align_corners"      ? ref::CoordinateTransform::kAlignCorners
                : coord == "pytorch_half_pixel" ? ref::CoordinateTransform::kPytorchHalfPixel
                                                : ref::CoordinateTransform::kHalfPixel;
  const std::string nearest = a.GetString("nearest_mode", "round_prefer_floor");
  p.rounding = nearest == "round_prefer_ceil" ? ref::NearestRounding::kRoundPreferCeil
               : nearest == "floor"           ? ref::NearestRounding::kFloor
               : nearest == "ceil"            ? ref::NearestRounding::kCeil
                                              : ref::NearestRounding::kRoundPreferFloor;
  for (int d = 0; d < in[0].rank(); ++d) {
    // Given scales drive the coordinate transform; with sizes, out/in does.
    p.scales.push_back(Present(in, 3) ? static_cast<float>(out[0].dims[d]) / in[0].dims[d]
                                      : in[2].data<float>()[d]);
  }
  ref::ResizeF32(in[0], p, out[0]);
  return absl::OkStatus();
}

absl::Status Slice(Inputs in, Outputs out) {
  const int rank = in[0].rank();
  const std::vector<int64_t> starts = Ints(in[1]);
  std::vector<int64_t> axes, steps;
  if (Present(in, 3)) axes = Ints(in[3]);
  else for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  if (Present(in, 4)) steps = Ints(in[4]);
  else steps.assign(starts.size(), 1);
  std::vector<int64_t> begin(rank, 0), stride(rank, 1);
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    const int64_t dim = in[0].dims[axis];
    int64_t s = starts[i] < 0 ? starts[i] + dim : starts[i];
    s = steps[i] > 0 ? std::clamp<int64_t>(s, 0, dim) : std::clamp<int64_t>(s, 0, dim - 1);
    begin[axis] = s;
    stride[axis] = steps[i];
  }
  ref::StridedSlice(in[0], begin, stride, out[0]);
  return absl::OkStatus();
}

absl::Status Pad(const ir::Node& node, Inputs in, Outputs out) {
  const std::string mode = node.attributes.GetString("mode", "constant");
  const ref::PadMode m = mode == "reflect" ? ref::PadMode::kReflect
                         : mode == "edge"  ? ref::PadMode::kEdge
                                           : ref::PadMode::kConstant;
  double value = 0;
  if (Present(in, 2)) {
    MutableTensorView v{DataType::kF32, {1}, &value};
    float f = 0;
    v.raw = &f;
    MINT8_RETURN_IF_ERROR(ref::Cast(ConstTensorView{in[2].dtype, {1}, in[2].raw}, v));
    value = f;
  }
  ref::Pad(in[0], Ints(in[1]), m, value, out[0]);
  return absl::OkStatus();
}

absl::Status ShapeOp(const ir::Node& node, Inputs in, Outputs out) {
  const int64_t rank = in[0].rank();
  auto clamp = [rank](int64_t v) { return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank); };
  const int64_t start = clamp(node.attributes.GetInt("start", 0));
  for (int64_t i = 0; i < out[0].num_elements(); ++i) {
    out[0].data<int64_t>()[i] = in[0].dims[start + i];
  }
  return absl::OkStatus();
}

absl::Status ConstantOfShape(const ir::Node& node, Outputs out) {
  const float value = node.attributes.GetFloat("value", 0.f);
  const ConstTensorView scalar{DataType::kF32, {1}, &value};
  const int64_t n = out[0].num_elements();
  const size_t esize = ir::DataTypeSize(out[0].dtype);
  for (int64_t i = 0; i < n; ++i) {
    MutableTensorView one{out[0].dtype, {1}, static_cast<uint8_t*>(out[0].raw) + i * esize};
    MINT8_RETURN_IF_ERROR(ref::Cast(scalar, one));
  }
  return absl::OkStatus();
}

int64_t Axis(const ir::Node& node, absl::string_view name, int64_t fallback, int rank) {
  const int64_t axis = node.attributes.GetInt(name, fallback);
  return axis < 0 ? axis + rank : axis;
}

using OpFn = std::function<absl::Status(const ir::Node&, Inputs, Outputs)>;

OpFn UnaryFn(ir::PostOpKind kind) {
  return [kind](const ir::Node& n, Inputs in, Outputs out) { return Unary(n, kind, in, out); };
}

OpFn BinaryFn(ref::BinaryOp op) {
  return [op](const ir::Node& node, Inputs in, Outputs out) {
    if (ir::IsInt8(in[0].dtype)) {
      if (op != ref::BinaryOp::kAdd) {
        return absl::InvalidArgumentError(absl::StrCat("quantized ", node.op_type, " is not supported"));
      }
      return ref::QuantizedAdd(in[0], in[1], out[0]);
    }
    return ref::Binary(op, in[0], in[1], out[0]);
  };
}

const std::map<std::string, OpFn, std::less<>>& Ops() {
  static const auto* const ops = new std::map<std::string, OpFn, std::less<>>{
      {"Relu", UnaryFn(ir::PostOpKind::kRelu)},
      {"Clip", UnaryFn(ir::PostOpKind::kClip)},
      {"LeakyRelu", UnaryFn(ir::PostOpKind::kLeakyRelu)},
      {"Sigmoid", UnaryFn(ir::PostOpKind::kSigmoid)},
      {"HardSigmoid", UnaryFn(ir::PostOpKind::kHardSigmoid)},
      {"HardSwish", UnaryFn(ir::PostOpKind::kHardSwish)},
      {"Tanh", UnaryFn(ir::PostOpKind::kTanh)},
      {"Add", BinaryFn(ref::BinaryOp::kAdd)},
      {"Sub", BinaryFn(ref::BinaryOp::kSub)},
      {"Mul", BinaryFn(ref::BinaryOp::kMul)},
      {"Div", BinaryFn(ref::BinaryOp::kDiv)},
      {"Conv", Conv},
      {"Gemm", Gemm},
      {"MatMul", MatMul},
      {"MaxPool", MaxPool},
      {"AveragePool", AveragePool},
      {"GlobalAveragePool", [](const ir::Node&, Inputs in, Outputs out) { return GlobalPool(true, in, out); }},
      {"GlobalMaxPool", [](const ir::Node&, Inputs in, Outputs out) { return GlobalPool(false, in, out); }},
      {"LRN",
       [](const ir::Node& n, Inputs in, Outputs out) {
         ref::LrnParams p;
         p.size = n.attributes.GetInt("size", 1);
         p.alpha = n.attributes.GetFloat("alpha", 1e-4f);
         p.beta = n.attributes.GetFloat("beta", 0.75f);
         p.bias = n.attributes.GetFloat("bias", 1.f);
         ref::LrnF32(p, in[0], out[0].data<float>());
         return absl::OkStatus();
       }},
      {"BatchNormalization",
       [](const ir::Node& n, Inputs in, Outputs out) {
         ref::BatchNormF32(in[0], in[1].data<float>(), in[2].data<float>(), in[3].data<float>(),
                           in[4].data<float>(), n.attributes.GetFloat("epsilon", 1e-5f),
                           out[0].data<float>());
         return absl::OkStatus();
       }},
      {"Softmax",
       [](const ir::Node& n, Inputs in, Outputs out) {
         ref::SoftmaxF32(in[0], Axis(n, "axis", -1, in[0].rank()),
                         n.attributes.GetInt("coerce_2d", 0) != 0, out[0].data<float>());
         return absl::OkStatus();
       }},
      {"Concat",
       [](const ir::Node& n, Inputs in, Outputs out) {
         ref::Concat(in, Axis(n, "axis", 0, in[0].rank()), out[0]);
         return absl::OkStatus();
       }},
      {"Flatten", [](const ir::Node&, Inputs in, Outputs out) { return CopyData(in, out); }},
      {"Reshape", [](const ir::Node&, Inputs in, Outputs out) { return CopyData(in, out); }},
      {"Squeeze", [](const ir::Node&, Inputs in, Outputs out) { return CopyData(in, out); }},
      {"Unsqueeze", [](const ir::Node&, Inputs in, Outputs out) { return CopyData(in, out); }},
      {"Identity", [](const ir::Node&, Inputs in, Outputs out) { return CopyData(in, out); }},
      {"Dropout", [](const ir::Node&, Inputs in, Outputs out) { return CopyData(in, out); }},
      {"Transpose",
       [](const ir::Node& n, Inputs in, Outputs out) {
         std::vector<int64_t> perm = n.attributes.GetInts("perm");
         if (perm.empty()) {
           for (int i = in[0].rank() - 1; i >= 0; --i) perm.push_back(i);
         }
         ref::Transpose(in[0], perm, out[0]);
         return absl::OkStatus();
       }},
      {"Pad", Pad},
      {"Resize", Resize},
      {"ReduceMean",
       [](const ir::Node& n, Inputs in, Outputs out) {
         std::vector<bool> reduce(in[0].rank(), !n.attributes.Has("axes"));
         for (int64_t axis : n.attributes.GetInts("axes")) reduce[axis < 0 ? axis + in[0].rank() : axis] = true;
         ref::ReduceMeanF32(in[0], reduce, out[0].data<float>());
         return absl::OkStatus();
       }},
      {"Shape", ShapeOp},
      {"Gather",
       [](const ir::Node& n, Inputs in, Outputs out) {
         return ref::Gather(in[0], in[1], Axis(n, "axis", 0, in[0].rank()), out[0]);
       }},
      {"Slice", [](const ir::Node&, Inputs in, Outputs out) { return Slice(in, out); }},
      {"Cast", [](const ir::Node&, Inputs in, Outputs out) { return ref::Cast(in[0], out[0]); }},
      {"ConstantOfShape", [](const ir::Node& n, Inputs, Outputs out) { return ConstantOfShape(n, out); }},
      {"QuantizeLinear",
       [](const ir::Node& n, Inputs in, Outputs out) {
         return ref::QuantizeLinear(in[0], in[1], Present(in, 2) ? &in[2] : nullptr,
                                    Axis(n, "axis", 1, in[0].rank()), out[0]);
       }},
      {"Requantize", [](const ir::Node&, Inputs in, Outputs out) { return ref::Requantize(in[0], out[0]); }},
      {"DequantizeLinear",
       [](const ir::Node& n, Inputs in, Outputs out) {
         return ref::DequantizeLinear(in[0], in[1], Present(in, 2) ? &in[2] : nullptr,
                                      Axis(n, "axis", 1, in[0].rank()), out[0]);
       }},
  };
  return *ops;
}

}  // namespace

absl::Status RunReferenceNode(const ir::Node& node, Inputs inputs, Outputs outputs) {
  auto it = Ops().find(node.op_type);
  if (it == Ops().end()) {
    return absl::UnimplementedError(
        absl::StrCat("no reference kernel for ", node.op_type, " (node '", node.name, "')"));
  }
  absl::Status status = it->second(node, inputs, outputs);
  if (!status.ok()) {
    return absl::Status(status.code(), absl::StrCat(node.op_type, " node '", node.name, "': ",
                                                    status.message()));
  }
  return absl::OkStatus();
}

}  // namespace mint8::runtime
