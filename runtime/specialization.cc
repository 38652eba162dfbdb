#include "runtime/specialization.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/shape_inference.h"
#include "ir/status_macros.h"
#include "runtime/constant_folding.h"

namespace mint8::runtime {
namespace {

// `dims_are_hints`: a given shape may differ from the declared known dims
// (ir::kInputDimsAreHints).
absl::Status BindInput(ir::TensorInfo& t, const ir::Dims* given, int64_t batch_size,
                       bool dims_are_hints) {
  if (given != nullptr) {
    if (t.shape.rank_known() && t.shape.rank() != static_cast<int>(given->size())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input '", t.name, "' has rank ", t.shape.rank(), " (", t.shape.ToString(),
          "); the given shape ", ir::DimsToString(*given), " has rank ", given->size()));
    }
    for (size_t i = 0; t.shape.rank_known() && i < given->size(); ++i) {
      const ir::Dim& d = t.shape.dim(static_cast<int>(i));
      if (d.known() && d.size != (*given)[i] && !dims_are_hints) {
        return absl::InvalidArgumentError(absl::StrCat(
            "input '", t.name, "' has shape ", t.shape.ToString(), "; the given shape ",
            ir::DimsToString(*given), " differs in dimension ", i));
      }
    }
    for (int64_t d : *given) {
      if (d <= 0) {
        return absl::InvalidArgumentError(absl::StrCat("input '", t.name, "': shape ",
                                                       ir::DimsToString(*given), " is not positive"));
      }
    }
    t.shape = ir::Shape::Of(*given);
    return absl::OkStatus();
  }
  if (!t.shape.rank_known()) {
    return absl::InvalidArgumentError(
        absl::StrCat("input '", t.name, "' has an unknown rank; give its shape"));
  }
  for (int i = 0; i < t.shape.rank(); ++i) {
    ir::Dim& d = t.shape.mutable_dim(i);
    if (i == 0 && (batch_size > 0 || !d.known())) {
      d = ir::Dim::Known(batch_size > 0 ? batch_size : 1);
      continue;
    }
    if (d.known()) continue;
    return absl::InvalidArgumentError(absl::StrCat(
        "input '", t.name, "' has shape ", t.shape.ToString(), ": dimension ", i, " ('",
        d.symbol, "') has no size; the input's shape must be given"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string DescribeInputs(const ir::Graph& graph) {
  std::vector<std::string> parts;
  for (const std::string& in : graph.inputs()) {
    parts.push_back(absl::StrCat(in, ": ", graph.FindTensor(in)->shape.ToString()));
  }
  return absl::StrJoin(parts, ", ");
}

absl::Status SpecializeGraph(ir::Graph& graph, const InputShapes& shapes, int64_t batch_size,
                             bool fold_quantization) {
  for (const auto& [name, dims] : shapes) {
    if (!graph.IsGraphInput(name)) {
      return absl::InvalidArgumentError(absl::StrCat("the model has no input '", name,
                                                     "'; its inputs are ", DescribeInputs(graph)));
    }
  }
  auto hints = graph.metadata().find(ir::kInputDimsAreHints);
  const bool dims_are_hints = hints != graph.metadata().end() && hints->second == "1";
  for (const std::string& in : graph.inputs()) {
    auto it = shapes.find(in);
    MINT8_RETURN_IF_ERROR(BindInput(*graph.FindTensor(in), it == shapes.end() ? nullptr : &it->second,
                                    batch_size, dims_are_hints));
  }
  ConstantFoldingPass folding(fold_quantization);
  do {
    MINT8_RETURN_IF_ERROR(ir::InferShapes(graph));
    MINT8_RETURN_IF_ERROR(folding.Run(graph));
  } while (folding.folded() > 0);
  for (const auto& node : graph.nodes()) {
    for (const std::string& out : node->outputs) {
      const ir::TensorInfo* t = graph.FindTensor(out);
      if (t != nullptr && !t->shape.IsFullyKnown()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the shape of '", out, "' (", node->op_type, " node '", node->name,
            "') cannot be determined: it depends on values only known at run time"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace mint8::runtime
