#include "ir/verifier.h"

#include <climits>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"

namespace mint8::ir {
namespace {

absl::Status Invalid(const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat("invalid graph: ", message));
}

absl::Status VerifyTensor(const TensorInfo& t) {
  if (t.dtype == DataType::kUnknown) {
    return Invalid(absl::StrCat("tensor '", t.name, "' has no data type"));
  }
  if (t.shape.IsFullyKnown() && t.shape.NumElements() > kMaxTensorElements) {
    return Invalid(absl::StrCat("tensor '", t.name, "' ", t.shape.ToString(), " has more than 2^48 elements"));
  }
  if (t.is_constant()) {
    if (!t.shape.IsFullyKnown()) {
      return Invalid(absl::StrCat("constant '", t.name, "' has an unknown shape"));
    }
    const size_t want = t.shape.NumElements() * DataTypeSize(t.dtype);
    if (t.data->size() != want) {
      return Invalid(absl::StrCat("constant '", t.name, "' ", t.shape.ToString(), " ",
                                  DataTypeName(t.dtype), " holds ", t.data->size(),
                                  " bytes; expected ", want));
    }
  }
  if (t.quantization.has_value()) {
    const Quantization& q = *t.quantization;
    if (q.scales.empty()) return Invalid(absl::StrCat("tensor '", t.name, "' has no scales"));
    for (float s : q.scales) {
      if (!std::isfinite(s) || s <= 0) {
        return Invalid(absl::StrCat("tensor '", t.name, "' has scale ", s));
      }
    }
    if (q.narrowed()) {
      const int32_t lo = t.dtype == DataType::kU8 ? 0 : t.dtype == DataType::kS8 ? -128 : INT32_MIN;
      const int32_t hi = t.dtype == DataType::kU8 ? 255 : t.dtype == DataType::kS8 ? 127 : INT32_MAX;
      if (q.qmin >= q.qmax || q.qmin < lo || q.qmax > hi) {
        return Invalid(absl::StrCat("tensor '", t.name, "': range [", q.qmin, ", ", q.qmax,
                                    "] does not fit ", DataTypeName(t.dtype)));
      }
    }
    if (q.zero_points.size() > 1 && q.zero_points.size() != q.scales.size()) {
      return Invalid(absl::StrCat("tensor '", t.name, "': zero points and scales differ in count"));
    }
    if (q.per_channel() && t.shape.rank_known()) {
      if (q.axis < 0 || q.axis >= t.shape.rank() ||
          (t.shape.dim(q.axis).known() &&
           t.shape.dim(q.axis).size != static_cast<int64_t>(q.scales.size()))) {
        return Invalid(absl::StrCat("tensor '", t.name, "': ", q.scales.size(),
                                    " scales do not match axis ", q.axis, " of ",
                                    t.shape.ToString()));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Verify(const Graph& graph) {
  std::set<std::string> defined;
  for (const std::string& in : graph.inputs()) {
    const TensorInfo* t = graph.FindTensor(in);
    if (t == nullptr) return Invalid(absl::StrCat("graph input '", in, "' is not described"));
    if (t->is_constant()) return Invalid(absl::StrCat("graph input '", in, "' is a constant"));
    if (!defined.insert(in).second) return Invalid(absl::StrCat("graph input '", in, "' is listed twice"));
  }
  for (const auto& [name, t] : graph.tensors()) {
    MINT8_RETURN_IF_ERROR(VerifyTensor(t));
    if (t.is_constant()) defined.insert(name);
  }
  for (const auto& node : graph.nodes()) {
    MINT8_RETURN_IF_ERROR(CheckNodeAgainstSchema(*node));
    for (const std::string& in : node->inputs) {
      if (!in.empty() && defined.count(in) == 0) {
        return Invalid(absl::StrCat("node '", node->name, "' reads '", in,
                                    "' before anything defines it (or it is never defined)"));
      }
    }
    for (const std::string& out : node->outputs) {
      if (out.empty()) continue;
      if (graph.FindTensor(out) == nullptr) {
        return Invalid(absl::StrCat("output '", out, "' of node '", node->name, "' is not described"));
      }
      if (!defined.insert(out).second) {
        return Invalid(absl::StrCat("tensor '", out, "' is defined twice (again by node '",
                                    node->name, "')"));
      }
    }
  }
  for (const std::string& out : graph.outputs()) {
    if (defined.count(out) == 0) {
      return Invalid(absl::StrCat("graph output '", out, "' is never defined"));
    }
  }
  // Recorded types and shapes must be what inference derives.
  for (const auto& node : graph.nodes()) {
    InferenceContext ctx(graph, *node);
    MINT8_RETURN_IF_ERROR(FindOpSchema(node->op_type)->infer(ctx));
    for (size_t i = 0; i < node->outputs.size(); ++i) {
      if (node->outputs[i].empty()) continue;
      const TensorInfo& t = *graph.FindTensor(node->outputs[i]);
      const InferenceContext::Output& want = ctx.outputs()[i];
      if (t.dtype != want.dtype) {
        return Invalid(absl::StrCat("tensor '", t.name, "' is recorded as ", DataTypeName(t.dtype),
                                    " but node '", node->name, "' produces ",
                                    DataTypeName(want.dtype)));
      }
      if (want.shape.IsFullyKnown() && t.shape != want.shape) {
        return Invalid(absl::StrCat("tensor '", t.name, "' is recorded as ", t.shape.ToString(),
                                    " but node '", node->name, "' produces ",
                                    want.shape.ToString()));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace mint8::ir
