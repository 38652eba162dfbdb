#include "runtime/lowering.h"

#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "ir/status_macros.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/onednn/reorder.h"
#include "runtime/kernel_timing.h"

namespace mint8::runtime {
namespace {

namespace dk = kernels::onednn;

std::map<std::string, OpLowering, std::less<>>& Registry() {
  static auto* const registry = new std::map<std::string, OpLowering, std::less<>>();
  return *registry;
}

}  // namespace

bool RegisterLowering(std::string op_type, OpLowering lowering) {
  if (!Registry().emplace(op_type, std::move(lowering)).second) {
    std::fprintf(stderr, "mint8: operator %s has two lowerings\n", op_type.c_str());
    std::abort();
  }
  return true;
}

const OpLowering* FindLowering(absl::string_view op_type) {
  auto it = Registry().find(op_type);
  return it == Registry().end() ? nullptr : &it->second;
}

absl::Status NotOnednn(absl::string_view why) { return absl::UnimplementedError(why); }

absl::Status RejectReference(const dk::CompiledPrimitive& p) {
  if (!dk::IsReferenceImplementation(p.kernel->implementation())) return absl::OkStatus();
  return NotOnednn(absl::StrCat("oneDNN offers only its reference code (", p.kernel->implementation(), ")"));
}

absl::Status LoweringContext::Emit(const ir::Node& node, dk::CompiledPrimitive p,
                                   const std::vector<std::string>& tensors, std::string choice) {
  MINT8_RETURN_IF_ERROR(RejectReference(p));
  std::vector<int> inputs;
  for (size_t i = 0; i < tensors.size(); ++i) {
    MINT8_ASSIGN_OR_RETURN(int v, ValueIn(tensors[i], p.input_descs[i]));
    inputs.push_back(v);
  }
  const int out = NewOutput(node, 0, p.output_desc);
  return AddStep(std::move(p), node.name, inputs, out, std::move(choice));
}

absl::Status LoweringContext::AddStep(dk::CompiledPrimitive p, const std::string& node,
                                      const std::vector<int>& inputs, int output, std::string choice) {
  return AddKernelStep(std::move(p.kernel), p.input_args, p.output_arg, node, inputs, output,
                       std::move(choice));
}

namespace {

// Which kernel won for a signature (and thread count), and the note saying so:
// `own` (or the alternative primitive) when it is true, else oneDNN's `p`.
struct Choice {
  bool own = false;
  std::string note;
};

std::mutex& ChoicesMutex() {
  static auto* const mutex = new std::mutex();
  return *mutex;
}

std::map<std::string, Choice>& Choices() {
  static auto* const choices = new std::map<std::string, Choice>();
  return *choices;
}

absl::StatusOr<double> TimePrimitive(dk::CompiledPrimitive& p) {
  return TimeKernel(*p.kernel, p.input_args, p.input_descs, p.output_arg, p.output_desc);
}

Choice Faster(const std::string& p_name, double p_ms, const std::string& other_name, double other_ms) {
  Choice c;
  c.own = other_ms < p_ms;
  char note[200];
  std::snprintf(note, sizeof(note), "fastest here: %s %.4f ms vs %s %.4f ms",
                (c.own ? other_name : p_name).c_str(), c.own ? other_ms : p_ms,
                (c.own ? p_name : other_name).c_str(), c.own ? p_ms : other_ms);
  c.note = note;
  return c;
}

// The cached choice for `signature` on this thread count, or `race()`'s.
absl::StatusOr<Choice> CachedChoice(const std::string& signature,
                                    const std::function<absl::StatusOr<Choice>()>& race) {
  const std::string key = absl::StrCat(signature, " threads=", omp_get_max_threads());
  std::lock_guard<std::mutex> lock(ChoicesMutex());
  auto it = Choices().find(key);
  if (it == Choices().end()) {
    MINT8_ASSIGN_OR_RETURN(Choice raced, race());
    it = Choices().emplace(key, std::move(raced)).first;
  }
  return it->second;
}

// The time a reorder from `from` into `to` takes (0 when they are equal or
// `from` is unknown): what a kernel reading another layout than the
// producer's pays before it runs.
absl::StatusOr<double> ReorderMs(const dnnl::memory::desc& from, const dnnl::memory::desc& to) {
  if (from.is_zero() || from == to) return 0.0;
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive reorder, dk::CreateReorder({from, to, {}, 0, 0}));
  return TimePrimitive(reorder);
}

// The primitives of `onednn` one after the other against `own`, each side
// with the reorder it needs from `produced` (the input's layout).
absl::StatusOr<Choice> Race(absl::Span<dk::CompiledPrimitive> onednn, OwnKernel& own,
                            const dnnl::memory::desc& produced) {
  MINT8_ASSIGN_OR_RETURN(double onednn_ms, ReorderMs(produced, onednn[0].input_descs[0]));
  std::string onednn_name = onednn_ms > 0 ? "reorder" : "";
  for (dk::CompiledPrimitive& p : onednn) {
    MINT8_ASSIGN_OR_RETURN(const double ms, TimePrimitive(p));
    onednn_ms += ms;
    absl::StrAppend(&onednn_name, onednn_name.empty() ? "" : " then ", p.kernel->implementation());
  }
  dk::CompiledPrimitive* first = own.first ? &*own.first : nullptr;
  MINT8_ASSIGN_OR_RETURN(double own_ms,
                         ReorderMs(produced, first ? first->input_descs[0] : own.input_descs[0]));
  std::string own_name = own_ms > 0 ? "reorder then " : "";
  if (first) {
    MINT8_ASSIGN_OR_RETURN(const double first_ms, TimePrimitive(*first));
    own_ms += first_ms;
    absl::StrAppend(&own_name, first->kernel->implementation(), " then ");
  }
  MINT8_ASSIGN_OR_RETURN(const double kernel_ms, TimeKernel(*own.kernel, {DNNL_ARG_SRC}, own.input_descs,
                                                            DNNL_ARG_DST, own.output_desc));
  own_ms += kernel_ms;
  absl::StrAppend(&own_name, own.kernel->implementation());
  return Faster(onednn_name, onednn_ms, own_name, own_ms);
}

// Whether `own` runs rather than `onednn`, by the session's kernel choice.
absl::StatusOr<Choice> ChooseOwn(KernelChoice kernel_choice, absl::Span<dk::CompiledPrimitive> onednn,
                                 OwnKernel& own, const dnnl::memory::desc& produced,
                                 const std::string& signature) {
  Choice choice;
  switch (kernel_choice) {
    case KernelChoice::kOnednn:
      break;
    case KernelChoice::kMint8:
      choice.own = true;
      choice.note = "mint8's own kernel (forced)";
      break;
    case KernelChoice::kFastest:
      return CachedChoice(signature, [&] { return Race(onednn, own, produced); });
  }
  return choice;
}

}  // namespace

absl::Status LoweringContext::EmitFastest(const ir::Node& node, dk::CompiledPrimitive p, OwnKernel own,
                                          const std::vector<std::string>& tensors,
                                          const std::string& signature) {
  MINT8_ASSIGN_OR_RETURN(
      Choice choice, ChooseOwn(kernel_choice(), absl::MakeSpan(&p, 1), own, LayoutOf(tensors[0]), signature));
  if (!choice.own) return Emit(node, std::move(p), tensors, std::move(choice.note));
  return EmitOwn(node, std::move(own), tensors, std::move(choice.note));
}

absl::Status LoweringContext::EmitFastestChain(const ir::Node& node, std::vector<dk::CompiledPrimitive> chain,
                                               OwnKernel own, const std::string& input,
                                               const std::string& signature) {
  MINT8_ASSIGN_OR_RETURN(Choice choice,
                         ChooseOwn(kernel_choice(), absl::MakeSpan(chain), own, LayoutOf(input), signature));
  if (!choice.own) return EmitChain(node, std::move(chain), input, std::move(choice.note));
  return EmitOwn(node, std::move(own), {input}, std::move(choice.note));
}

absl::StatusOr<bool> LoweringContext::AlternativeIsFaster(dk::CompiledPrimitive& p,
                                                          dk::CompiledPrimitive& alternative,
                                                          const std::string& signature, std::string* note) {
  if (kernel_choice() != KernelChoice::kFastest) return false;
  MINT8_ASSIGN_OR_RETURN(const Choice choice, CachedChoice(signature, [&]() -> absl::StatusOr<Choice> {
                           MINT8_ASSIGN_OR_RETURN(const double p_ms, TimePrimitive(p));
                           MINT8_ASSIGN_OR_RETURN(const double alternative_ms, TimePrimitive(alternative));
                           return Faster(p.kernel->implementation(), p_ms,
                                         alternative.kernel->implementation(), alternative_ms);
                         }));
  *note = choice.note;
  return choice.own;
}

absl::Status LoweringContext::EmitFasterPrimitive(const ir::Node& node, dk::CompiledPrimitive p,
                                                  dk::CompiledPrimitive alternative,
                                                  const std::vector<std::string>& tensors,
                                                  const std::string& signature) {
  std::string note;
  MINT8_ASSIGN_OR_RETURN(const bool faster, AlternativeIsFaster(p, alternative, signature, &note));
  return Emit(node, std::move(faster ? alternative : p), tensors, note);
}

absl::Status LoweringContext::EmitOwn(const ir::Node& node, OwnKernel own,
                                      const std::vector<std::string>& tensors, std::string choice) {
  int src;
  if (own.first) {
    dk::CompiledPrimitive& first = *own.first;
    MINT8_RETURN_IF_ERROR(RejectReference(first));
    MINT8_ASSIGN_OR_RETURN(const int in, ValueIn(tensors[0], first.input_descs[0]));
    const ir::TensorInfo& out = Info(node.outputs[0]);
    src = NewValue(out.name + "@before_own_kernel", ir::DataType::kF32, out.shape.Sizes(), first.output_desc);
    MINT8_RETURN_IF_ERROR(AddStep(std::move(first), node.name, {in}, src));
  } else {
    MINT8_ASSIGN_OR_RETURN(src, ValueIn(tensors[0], own.input_descs[0]));
  }
  const int out = NewOutput(node, 0, own.output_desc);
  return AddKernelStep(std::move(own.kernel), {DNNL_ARG_SRC}, DNNL_ARG_DST, node.name, {src}, out,
                       std::move(choice));
}

absl::Status LoweringContext::EmitInPlaceSum(const ir::Node& node, dk::CompiledPrimitive p,
                                             const std::string& src_tensor, const std::string& residual,
                                             const dnnl::memory::desc& residual_desc, std::string choice) {
  MINT8_RETURN_IF_ERROR(RejectReference(p));
  MINT8_ASSIGN_OR_RETURN(int src, ValueIn(src_tensor, p.input_descs[0]));
  MINT8_ASSIGN_OR_RETURN(int r, ValueIn(residual, residual_desc));
  // Not in place when the residual is also what the op reads as its input.
  if (!Overwritable(r) || StorageRoot(r) == StorageRoot(src)) {
    const ir::TensorInfo& from = Info(residual);
    const int copy = NewValue(residual + "@copy", from.dtype, from.shape.Sizes(), residual_desc);
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive reorder,
                           dk::CreateReorder({residual_desc, residual_desc, {}, 0, 0}));
    MINT8_RETURN_IF_ERROR(AddStep(std::move(reorder), "", {r}, copy));
    r = copy;
  }
  const ir::TensorInfo& out = Info(node.outputs[0]);
  const int dst = ViewOf(r, out.name, out.shape.Sizes(), p.output_desc);
  // The destination is read too (the sum): the step lists it as an input.
  return AddStep(std::move(p), node.name, {src, dst}, dst, std::move(choice));
}

absl::Status LoweringContext::EmitChain(const ir::Node& node, std::vector<dk::CompiledPrimitive> chain,
                                        const std::string& input, std::string choice) {
  for (const dk::CompiledPrimitive& p : chain) MINT8_RETURN_IF_ERROR(RejectReference(p));
  MINT8_ASSIGN_OR_RETURN(int value, ValueIn(input, chain[0].input_descs[0]));
  const ir::TensorInfo& out = Info(node.outputs[0]);
  for (size_t i = 0; i < chain.size(); ++i) {
    const bool last = i + 1 == chain.size();
    const int next = last ? NewOutput(node, 0, chain[i].output_desc)
                          : NewValue(out.name + "@" + std::to_string(i), ir::DataType::kF32,
                                     out.shape.Sizes(), chain[i].output_desc);
    MINT8_RETURN_IF_ERROR(AddStep(std::move(chain[i]), node.name, {value}, next, i == 0 ? choice : ""));
    value = next;
  }
  return absl::OkStatus();
}

std::optional<std::vector<int64_t>> LoweringContext::ConstantInts(const std::string& tensor) const {
  const ir::TensorInfo* t = Constant(tensor);
  if (t == nullptr || (t->dtype != ir::DataType::kS64 && t->dtype != ir::DataType::kS32)) return std::nullopt;
  std::vector<int64_t> values(ir::NumElements(t->shape.Sizes()));
  for (size_t i = 0; i < values.size(); ++i) {
    values[i] = t->dtype == ir::DataType::kS64 ? t->data->data<int64_t>()[i] : t->data->data<int32_t>()[i];
  }
  return values;
}

bool LoweringContext::QuantizedLikeOutput(const ir::Node& node) const {
  const ir::TensorInfo& y = Info(node.outputs[0]);
  if (!y.quantization) return false;
  for (const std::string& in : node.inputs) {
    if (in.empty() || Constant(in) != nullptr) continue;
    const ir::TensorInfo& x = Info(in);
    if (x.dtype != y.dtype || !x.quantization || *x.quantization != *y.quantization) return false;
  }
  return true;
}

absl::Status LoweringContext::EmitMove(const ir::Node& node, int i, int src, const dnnl::memory::desc& read,
                                       const dnnl::memory::desc& write) {
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p,
                         dk::CreateReorder({read, write, {}, 0, 0, node.op_type.c_str()}));
  MINT8_RETURN_IF_ERROR(RejectReference(p));
  const ir::TensorInfo& out = Info(node.outputs[i]);
  const dnnl::memory::dims dims = read.dims();
  const ir::Dims read_dims(dims.begin(), dims.end());
  const int from = ViewOf(src, out.name + "@source", read_dims, read);
  const dnnl::memory::desc plain = PlainOf(out.dtype, out.shape.Sizes());
  int to;
  if (write == plain) {
    to = NewOutput(node, i, plain);
  } else {
    to = NewValue(out.name + "@moved", out.dtype, read_dims, write);
    ViewOf(to, out.name, out.shape.Sizes(), plain);
  }
  return AddStep(std::move(p), node.name, {from}, to);
}

dnnl::memory::data_type DnnlType(ir::DataType type) { return *dk::ToDnnl(type); }

dnnl::memory::desc PlainOf(ir::DataType dtype, const ir::Dims& dims) {
  const bool onednn_type = dtype == ir::DataType::kF32 || dtype == ir::DataType::kU8 ||
                           dtype == ir::DataType::kS8 || dtype == ir::DataType::kS32;
  if (!onednn_type || dims.size() > 6) return dnnl::memory::desc();
  return dk::PlainDesc(dims, DnnlType(dtype));
}

dnnl::memory::desc ChannelsLast(const dnnl::memory::desc& desc) {
  if (desc.dims().size() != 4) return desc;
  return dnnl::memory::desc(desc.dims(), desc.data_type(), dnnl::memory::format_tag::acdb);
}

dnnl::memory::desc WithType(const dnnl::memory::desc& desc, ir::DataType type) {
  dnnl_memory_desc_t raw = desc.data;
  raw.data_type = dnnl::memory::convert_to_c(DnnlType(type));
  return dnnl::memory::desc(raw);
}

}  // namespace mint8::runtime
