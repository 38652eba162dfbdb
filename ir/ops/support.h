// What the operator definitions in ir/ops share: the registration helpers
// (Op, With, trait builders) and the shape-function building blocks. An
// operator file includes this header and registers its schema:
//
//   MINT8_REGISTER_OP(With(Op("Relu", 1, 1, {}, InferFloatUnary),
//                          ActivationTraits(Activation<PostOpKind::kRelu>, AlwaysNonNegative)));
#ifndef MINT8_IR_OPS_SUPPORT_H_
#define MINT8_IR_OPS_SUPPORT_H_

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/op_definition.h"
#include "ir/op_geometry.h"
#include "ir/status_macros.h"

namespace mint8::ir::ops {

using K = AttributeKind;
inline constexpr DataType kF32 = DataType::kF32;

// An activation post-op without parameters, as OpTraits::activation.
template <PostOpKind kKind>
std::optional<PostOp> Activation(const Attributes&) {
  return PostOp{kKind};
}

// The attributes every windowed op (pooling) takes.
std::vector<AttributeSpec> WindowAttributes();

std::vector<AttributeSpec> PostOpAttributes();

std::vector<AttributeSpec> JoinAttributes(std::vector<AttributeSpec> a, std::vector<AttributeSpec> b);

// Conv's attributes (ONNX's and the post-ops), for ops that take a Conv's.
std::vector<AttributeSpec> ConvAttributes();

// Normalizes a possibly negative axis into [0, rank).
absl::Status NormalizeAxis(const InferenceContext& ctx, int64_t& axis, int64_t rank);

// Infers the output of an op that joins its inputs along `axis` (negative
// counts from the end): same type, dims adding up along the axis; an error
// when the types differ or the dims differ outside the axis. `check` (may
// be null) then vets the joined dims.
absl::Status InferJoined(InferenceContext& ctx, int64_t axis,
                         absl::Status (*check)(InferenceContext&, const Dims&));

absl::Status RequireDtype(const InferenceContext& ctx, int input, std::initializer_list<DataType> allowed);

// Output dtype of a compute op: f32 for f32 inputs; for quantized inputs the
// dtype the quantization passes recorded on the output.
absl::StatusOr<DataType> ComputeOutputDtype(const InferenceContext& ctx);

absl::StatusOr<Dims> Broadcast(const InferenceContext& ctx, const Dims& a, const Dims& b);

absl::Status CheckPostOps(InferenceContext& ctx, int regular_inputs);

absl::Status InferSameAsInput(InferenceContext& ctx);

absl::Status InferFloatUnary(InferenceContext& ctx);

absl::Status InferBroadcastBinary(InferenceContext& ctx);

// InferBroadcastBinary, and in INT8 graphs operands that are u8/s8 (each
// with its own scale) or f32, the output INT8 where quantization recorded
// it so, else f32 (Add and Mul: QuantizationRole::kScaledSum/kScaledProduct).
absl::Status InferQuantizableBinary(InferenceContext& ctx);

absl::Status InferPool(InferenceContext& ctx);

// Split's part sizes along an axis of `dim` elements into `outputs` parts:
// `sizes` when given (they must add up to dim), else equal parts of
// ceil(dim / outputs), the last one smaller (ONNX opset 18).
absl::StatusOr<std::vector<int64_t>> SplitSizes(int64_t dim, int outputs,
                                                const std::optional<std::vector<int64_t>>& sizes);

// Adds `pads` ([h_begin, w_begin, h_end, w_end]) to a 2-D window op's
// padding attributes; false where its auto_pad is SAME_*.
bool AddSpatialPads(Node& node, const std::vector<int64_t>& pads);

absl::Status InferGlobalPool(InferenceContext& ctx);

absl::StatusOr<DataType> ParseDtypeAttribute(const InferenceContext& ctx, absl::string_view attr,
                                             absl::string_view default_value);

// Quantization parameters: scalar or 1-D along `axis`; zero point matching.
absl::Status CheckQuantParams(InferenceContext& ctx, int scale_input, int zero_point_input);

// The output type of a quantize op: its zero point's (input
// `zero_point_input`, u8 or s8), u8 without one.
absl::StatusOr<DataType> QuantizedOutputType(InferenceContext& ctx, int zero_point_input);

// OpTraits::non_negative_output of ops whose output is always >= 0.
bool AlwaysNonNegative(const Node&);

// A compute op is non-negative when its last post-op is.
bool PostOpsNonNegative(const Node& node);

OpTraits ActivationTraits(std::optional<PostOp> (*activation)(const Attributes&),
                          bool (*non_negative)(const Node&) = nullptr);

OpTraits ComputeTraits(QuantizationRole role, int (*axis)(const Node&),
                       int64_t (*macs)(const Node&, const std::vector<int64_t>&),
                       std::string (*blocker)(const Graph&, const Node&) = nullptr);

// Pooling and reshapes run INT8 on their input's scale; `view`: no
// computation at all.
OpTraits ScalePreservingTraits(bool view);

OpTraits IdentityTraits();

OpTraits RoleTraits(QuantizationRole role, bool range_keeping = false);

OpSchema Op(std::string op_type, int min_in, int max_in, std::vector<AttributeSpec> attrs,
            std::function<absl::Status(InferenceContext&)> infer, int max_out = 1);

OpSchema With(OpSchema schema, OpTraits traits);

// `schema` for one of mint8's own ops, which ONNX files cannot hold.
OpSchema NotInOnnx(OpSchema schema);

// `schema` with its ONNX form hooks (OpSchema::from_onnx, to_onnx).
OpSchema WithOnnxForm(OpSchema schema, decltype(OpSchema::from_onnx) from_onnx,
                      decltype(OpSchema::to_onnx) to_onnx = nullptr);

// The hooks of ops whose opset 13 (or 18) form takes `axes` as an input
// that mint8 keeps as an attribute (Squeeze, Unsqueeze, ReduceMean).
absl::Status AxesInputFromOnnx(OnnxImportContext& ctx, Node& node);
absl::Status AxesInputToOnnx(OnnxExportContext& ctx, const Node& node, Attributes& attributes,
                             std::vector<std::string>& extra_inputs);

// The traits of an elementwise math op; `non_negative` as in ActivationTraits.
OpTraits MathTraits(MathFunction function, bool (*non_negative)(const Node&) = nullptr);

// The traits of a broadcasting binary op.
OpTraits ArithmeticTraits(BinaryArithmetic arithmetic);

// An import hook's step: constant input `input` becomes attribute `name`
// (ints) and the node keeps only its first input.
absl::Status IntsInputToAttribute(OnnxImportContext& ctx, Node& node, int input, const char* name);
// An export hook's step: ints attribute `name` becomes an appended input.
void IntsAttributeToInput(OnnxExportContext& ctx, const Node& node, Attributes& attributes, const char* name,
                          std::vector<std::string>& extra_inputs);

}  // namespace mint8::ir::ops

#endif  // MINT8_IR_OPS_SUPPORT_H_
