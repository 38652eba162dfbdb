// How an operator runs: its reference kernel (the oracle) and its lowerings
// to oneDNN primitives, FP32 and INT8. Declared once per operator in
// runtime/ops/<op>.cc, beside its schema in ir/ops/<op>.cc:
//
//   MINT8_REGISTER_LOWERING("Relu", OpLowering{ReferenceActivation, LowerEltwise, nullptr});
//
// The plan builder lowers each node through its OpLowering, with a
// LoweringContext that owns values, layouts and storage; constant folding
// and the reference backend run the reference function.
#ifndef MINT8_RUNTIME_LOWERING_H_
#define MINT8_RUNTIME_LOWERING_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ir/graph.h"
#include "ir/tensor_view.h"
#include "kernels/kernel.h"
#include "kernels/onednn/compiled_primitive.h"
#include "oneapi/dnnl/dnnl.hpp"
#include "runtime/kernel_choice.h"

namespace mint8::runtime {

class LoweringContext;

// Computes `node` on dense row-major tensors (omitted optional inputs have
// raw == nullptr); output shapes are known.
using ReferenceFn =
    std::function<absl::Status(const ir::Node& node, absl::Span<const ir::ConstTensorView> inputs,
                               absl::Span<const ir::MutableTensorView> outputs)>;
// Adds the plan steps that compute `node` on oneDNN, or returns
// Unimplemented (NotOnednn) when oneDNN cannot: the node then runs on its
// reference kernel. Any other error fails the compilation.
using LowerFn = std::function<absl::Status(LoweringContext& ctx, const ir::Node& node)>;

struct OpLowering {
  ReferenceFn reference;  // required
  LowerFn onednn_fp32;    // nodes on f32 tensors; null: reference kernel
  LowerFn onednn_int8;    // nodes that read or write INT8 tensors; null: reference kernel
};

// Registers `lowering` for `op_type` (once per op type; twice aborts).
bool RegisterLowering(std::string op_type, OpLowering lowering);
// The lowering of `op_type`, or null.
const OpLowering* FindLowering(absl::string_view op_type);

// "oneDNN cannot run this": Unimplemented, with the reason the plan shows.
absl::Status NotOnednn(absl::string_view why = "no oneDNN primitive for this op");
// NotOnednn when `p` is one of oneDNN's reference implementations (orders of
// magnitude slower than JIT ones; mint8's reference kernel runs instead,
// visibly). Check before adding any step for a node, so that a rejected
// lowering leaves no reorders behind.
absl::Status RejectReference(const kernels::onednn::CompiledPrimitive& p);

// One of mint8's own kernels (kernels/x86) for a node oneDNN can run too:
// it reads DNNL_ARG_SRC (input_descs[0]) and writes DNNL_ARG_DST. With
// `first`, that oneDNN primitive runs before it on the node's input, into an
// intermediate f32 value the kernel reads (its layout input_descs[0]).
struct OwnKernel {
  std::unique_ptr<kernels::BoundKernel> kernel;
  std::vector<dnnl::memory::desc> input_descs;
  dnnl::memory::desc output_desc;
  std::optional<kernels::onednn::CompiledPrimitive> first;
};

// What a lowering may do to the plan being built.
class LoweringContext {
 public:
  virtual ~LoweringContext() = default;

  virtual const ir::Graph& graph() const = 0;
  const ir::TensorInfo& Info(const std::string& tensor) const { return *graph().FindTensor(tensor); }
  const ir::TensorInfo* Constant(const std::string& tensor) const { return graph().FindConstant(tensor); }
  // The values of constant s32/s64 `tensor`; nullopt when it is not one.
  std::optional<std::vector<int64_t>> ConstantInts(const std::string& tensor) const;
  // Whether `node`'s non-constant inputs are stored exactly like its output
  // (same type and quantization): ops that move INT8 data without arithmetic.
  bool QuantizedLikeOutput(const ir::Node& node) const;

  // The layout `tensor` is produced in (zero for types oneDNN cannot
  // describe): a hint for primitives that accept any layout.
  virtual dnnl::memory::desc LayoutOf(const std::string& tensor) = 0;
  // A value holding `tensor` in layout `desc`, reordered once if needed.
  virtual absl::StatusOr<int> ValueIn(const std::string& tensor, const dnnl::memory::desc& desc) = 0;
  // A value holding `tensor` in its plain (row-major) layout.
  virtual absl::StatusOr<int> PlainValue(const std::string& tensor) = 0;
  // A new value with storage of its own, for an intermediate result.
  virtual int NewValue(const std::string& name, ir::DataType dtype, const ir::Dims& dims,
                       const dnnl::memory::desc& desc) = 0;
  // A new value for output `i` of `node`, in layout `desc` (plain if zero).
  virtual int NewOutput(const ir::Node& node, int i, const dnnl::memory::desc& desc) = 0;
  // Value `of`'s storage seen as `tensor` with `dims` and layout `desc`.
  virtual int ViewOf(int of, const std::string& tensor, const ir::Dims& dims,
                     const dnnl::memory::desc& desc) = 0;
  // Whether the node being lowered may overwrite `value`'s storage (nothing
  // reads it afterwards).
  virtual bool Overwritable(int value) = 0;
  virtual int StorageRoot(int value) const = 0;
  // Appends `kernel`, binding input_args[i] to inputs[i] and output_arg to
  // `output`; a step of `node` ("" for an inserted reorder); `choice` says
  // why this kernel when it was timed against another (PlanStep::choice).
  virtual absl::Status AddKernelStep(std::unique_ptr<kernels::BoundKernel> kernel,
                                     const std::vector<int>& input_args, int output_arg,
                                     const std::string& node, const std::vector<int>& inputs, int output,
                                     std::string choice) = 0;
  // Whether nodes mint8 has a kernel of its own for use it (KernelChoice).
  virtual KernelChoice kernel_choice() const = 0;

  // Appends primitive `p`, reading `inputs` (in p.input_args order) and
  // writing `output`.
  absl::Status AddStep(kernels::onednn::CompiledPrimitive p, const std::string& node,
                       const std::vector<int>& inputs, int output, std::string choice = "");

  // `p` reading `tensors` (each in the layout p wants), writing node's output;
  // `choice` is the step's PlanStep::choice.
  absl::Status Emit(const ir::Node& node, kernels::onednn::CompiledPrimitive p,
                    const std::vector<std::string>& tensors, std::string choice = "");
  // `p` (a conv with a sum post-op) accumulating onto `residual`: in its
  // storage when nothing reads it later, else onto a copy.
  absl::Status EmitInPlaceSum(const ir::Node& node, kernels::onednn::CompiledPrimitive p,
                              const std::string& src_tensor, const std::string& residual,
                              const dnnl::memory::desc& residual_desc, std::string choice = "");
  // Whether `alternative` (a oneDNN primitive interchangeable with `p`) runs
  // faster than `p` on this CPU, timed and cached as EmitFastest does; false
  // unless kernel_choice() is kFastest. `note` receives both times.
  absl::StatusOr<bool> AlternativeIsFaster(kernels::onednn::CompiledPrimitive& p,
                                           kernels::onednn::CompiledPrimitive& alternative,
                                           const std::string& signature, std::string* note);
  // `p` or `own` reading `tensors`, as kernel_choice() says: under kFastest
  // both are timed on this CPU (once per `signature`, thread count and
  // process; cached) and the faster one runs, the step's choice giving both
  // times.
  absl::Status EmitFastest(const ir::Node& node, kernels::onednn::CompiledPrimitive p, OwnKernel own,
                           const std::vector<std::string>& tensors, const std::string& signature);
  // As EmitFastest, with oneDNN's side a chain of primitives (EmitChain)
  // timed as their sum.
  absl::Status EmitFastestChain(const ir::Node& node, std::vector<kernels::onednn::CompiledPrimitive> chain,
                                OwnKernel own, const std::string& input, const std::string& signature);
  // `p` or `alternative` (two oneDNN primitives computing the node from the
  // same tensors, e.g. two convolution algorithms): under kFastest the faster
  // on this CPU, timed and cached as EmitFastest does; otherwise `p`.
  absl::Status EmitFasterPrimitive(const ir::Node& node, kernels::onednn::CompiledPrimitive p,
                                   kernels::onednn::CompiledPrimitive alternative,
                                   const std::vector<std::string>& tensors, const std::string& signature);
  // `own` reading `tensors`, writing the node's output; `choice` is the
  // step's PlanStep::choice.
  absl::Status EmitOwn(const ir::Node& node, OwnKernel own, const std::vector<std::string>& tensors,
                       std::string choice);
  // Primitives applied one after the other to `input`, the last writing the
  // node's output; `choice` is the first step's PlanStep::choice.
  absl::Status EmitChain(const ir::Node& node, std::vector<kernels::onednn::CompiledPrimitive> chain,
                         const std::string& input, std::string choice = "");
  // Data movement as one reorder into node output `i`: reads value `src`
  // through `read` (a layout of src's storage: its own, or a window of it)
  // and writes `write`, a layout of the output's elements in `read`'s axis
  // order (a plain output, or a permutation of axes).
  absl::Status EmitMove(const ir::Node& node, int i, int src, const dnnl::memory::desc& read,
                        const dnnl::memory::desc& write);
};

// Layouts.
dnnl::memory::data_type DnnlType(ir::DataType type);  // f32, u8, s8, s32 only
// The row-major layout of `dims`; zero for types oneDNN cannot describe.
dnnl::memory::desc PlainOf(ir::DataType dtype, const ir::Dims& dims);
// The nhwc layout of 4-D `desc` (other ranks unchanged).
dnnl::memory::desc ChannelsLast(const dnnl::memory::desc& desc);
// `desc` with another element type, same layout.
dnnl::memory::desc WithType(const dnnl::memory::desc& desc, ir::DataType type);

}  // namespace mint8::runtime

#define MINT8_LOWERING_CONCAT_INNER(a, b) a##b
#define MINT8_LOWERING_CONCAT(a, b) MINT8_LOWERING_CONCAT_INNER(a, b)
// Registers an OpLowering for an op type at start-up (runtime/ops is
// alwayslink).
#define MINT8_REGISTER_LOWERING(op_type, ...)                                           \
  [[maybe_unused]] const bool MINT8_LOWERING_CONCAT(kLoweringRegistered, __COUNTER__) = \
      ::mint8::runtime::RegisterLowering(op_type, __VA_ARGS__)

#endif  // MINT8_RUNTIME_LOWERING_H_
