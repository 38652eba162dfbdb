// How a Paddle operator becomes mint8 nodes: TranslationContext, the view of
// one OpDesc that a translator reads and the graph it writes to, and the
// table of translators, one per Paddle op type (op_translators.cc for the
// float ops, fake_quant_translators.cc for Paddle's QAT ops).
//
//   const Translator* translate = FindTranslator("conv2d");
//   MINT8_RETURN_IF_ERROR((*translate)(context));
#ifndef MINT8_IR_PADDLE_OP_TRANSLATION_H_
#define MINT8_IR_PADDLE_OP_TRANSLATION_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/graph.h"
#include "ir/paddle/framework.pb.h"

namespace mint8::ir::paddle {

class TranslationContext {
 public:
  // `declared` maps a variable name to its VarDesc in the program's block.
  TranslationContext(const proto::OpDesc& op, int index,
                     const std::map<std::string, const proto::VarDesc*>& declared, Graph& graph);

  const std::string& type() const { return op_.type(); }

  // --- inputs and outputs, by Paddle parameter name ("X", "Filter") ---
  // The one argument of `param`; an error when there is none or several.
  absl::StatusOr<std::string> Input(absl::string_view param) const;
  absl::StatusOr<std::string> Output(absl::string_view param) const;
  // The argument of `param` if it has exactly one, else nullopt.
  std::optional<std::string> OptionalInput(absl::string_view param) const;
  std::vector<std::string> Inputs(absl::string_view param) const;
  std::vector<std::string> Outputs(absl::string_view param) const;

  // --- attributes (Paddle writes int and long, float and double forms) ---
  bool HasAttr(absl::string_view name) const { return FindAttr(name) != nullptr; }
  int64_t Int(absl::string_view name, int64_t default_value) const;
  float Float(absl::string_view name, float default_value) const;
  bool Bool(absl::string_view name, bool default_value) const;
  std::string String(absl::string_view name, absl::string_view default_value) const;
  std::vector<int64_t> Ints(absl::string_view name) const;
  std::vector<float> Floats(absl::string_view name) const;

  // --- what the program and the graph know of a tensor ---
  // The dims the program declares for variable `name` (-1 unknown), if any.
  std::optional<std::vector<int64_t>> DeclaredDims(absl::string_view name) const;
  // The rank of `name`: from the graph if it is known there, else declared.
  absl::StatusOr<int64_t> Rank(absl::string_view name) const;
  const TensorInfo* Constant(absl::string_view name) const { return graph_.FindConstant(name); }
  // The values of a constant float tensor, or an error naming `what`.
  absl::StatusOr<std::vector<float>> ConstantFloats(absl::string_view name, absl::string_view what) const;

  // --- building the graph ---
  // Adds a node of mint8 operator `op_type`; returns its first output.
  std::string Emit(absl::string_view op_type, std::vector<std::string> inputs,
                   std::vector<std::string> outputs, Attributes attributes = {});
  // Emits a one-output node whose output is a new tensor.
  std::string EmitTemp(absl::string_view op_type, std::vector<std::string> inputs,
                       Attributes attributes = {});
  std::string IntsConstant(absl::string_view what, const std::vector<int64_t>& values);
  std::string FloatsConstant(absl::string_view what, const std::vector<float>& values,
                             std::vector<int64_t> dims);
  std::string ScalarConstant(absl::string_view what, float value);
  // Adds a constant with the data of constant `name` and new `dims`.
  std::string ReshapedConstant(absl::string_view name, const std::vector<int64_t>& dims);
  Graph& graph() { return graph_; }

  // "Paddle op 12 (conv2d -> 'conv2d_53.tmp_0'): <message>", as InvalidArgument.
  absl::Status Error(absl::string_view message) const;
  absl::Status Unsupported(absl::string_view message) const;

 private:
  const proto::OpDesc::Attr* FindAttr(absl::string_view name) const;
  std::string NameBase() const;

  const proto::OpDesc& op_;
  int index_;
  const std::map<std::string, const proto::VarDesc*>& declared_;
  Graph& graph_;
};

using Translator = absl::Status (*)(TranslationContext& ctx);
using TranslatorTable = std::map<std::string, Translator, std::less<>>;

void AddFloatTranslators(TranslatorTable& table);
void AddFakeQuantTranslators(TranslatorTable& table);

// The translator of Paddle op `type`, or null when mint8 cannot import it.
const Translator* FindTranslator(absl::string_view type);
// Every Paddle op type mint8 imports, sorted.
std::vector<std::string> SupportedPaddleOps();

}  // namespace mint8::ir::paddle

#endif  // MINT8_IR_PADDLE_OP_TRANSLATION_H_
