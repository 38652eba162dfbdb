#include "runtime/plan_builder.h"

#include <climits>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/onednn/reorder.h"
#include "runtime/lowering.h"
#include "runtime/reference_kernel.h"

namespace mint8::runtime {
namespace {

namespace dk = kernels::onednn;

// Builds the plan node by node. It owns what no operator should know about:
// the values (versions of a tensor in different layouts, views, constants),
// their storage and lifetimes (for in-place sums), and the choice between
// an operator's oneDNN lowering and its reference kernel.
class PlanBuilder : public LoweringContext {
 public:
  PlanBuilder(const ir::Graph& graph, Backend backend, KernelChoice kernel_choice)
      : graph_(graph),
        backend_(backend),
        kernel_choice_(kernel_choice),
        plan_(std::make_unique<ExecutionPlan>()) {}

  absl::StatusOr<std::unique_ptr<ExecutionPlan>> Build() {
    ComputeLastUses();
    for (const std::string& in : graph_.inputs()) {
      const ir::TensorInfo& t = *graph_.FindTensor(in);
      PlanValue v = Describe(t.name, t.dtype, t.shape.Sizes(), PlainOf(t.dtype, t.shape.Sizes()));
      v.storage = Storage::kInput;
      plan_->inputs.push_back(AddValue(std::move(v), in));
    }
    for (node_index_ = 0; node_index_ < graph_.num_nodes(); ++node_index_) {
      const ir::Node& node = *graph_.nodes()[node_index_];
      absl::Status status;
      try {  // oneDNN objects built outside the wrappers' own checks may throw too
        status = CompileNode(node);
      } catch (const dnnl::error& e) {
        status = dk::OnednnError("a primitive", e);
        if (absl::IsUnimplemented(status)) status = absl::InternalError(status.message());
      }
      if (!status.ok()) {
        return absl::Status(status.code(), absl::StrCat("compiling ", node.op_type, " node '", node.name,
                                                        "': ", status.message()));
      }
    }
    node_index_ = INT_MAX;
    for (const std::string& out : graph_.outputs()) {
      MINT8_ASSIGN_OR_RETURN(int v, PlainValue(out));
      plan_->outputs.push_back(v);
    }
    PlanArena(*plan_);
    return std::move(plan_);
  }

  // LoweringContext.
  const ir::Graph& graph() const override { return graph_; }

  dnnl::memory::desc LayoutOf(const std::string& tensor) override {
    return plan_->values[Primary(tensor)].desc;
  }

  absl::StatusOr<int> ValueIn(const std::string& tensor, const dnnl::memory::desc& desc) override {
    const int primary = Primary(tensor);
    for (int v : versions_[tensor]) {
      if (plan_->values[v].desc == desc) return v;
    }
    const PlanValue& from = plan_->values[primary];
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive reorder, dk::CreateReorder({from.desc, desc, {}, 0, 0}));
    const int to = AddValue(Describe(tensor, from.dtype, from.dims, desc), tensor);
    MINT8_RETURN_IF_ERROR(AddStep(std::move(reorder), "", {primary}, to));
    return to;
  }

  absl::StatusOr<int> PlainValue(const std::string& tensor) override {
    const int primary = Primary(tensor);
    const PlanValue& p = plan_->values[primary];
    if (p.desc.is_zero()) return primary;
    return ValueIn(tensor, PlainOf(p.dtype, p.dims));
  }

  int NewValue(const std::string& name, ir::DataType dtype, const ir::Dims& dims,
               const dnnl::memory::desc& desc) override {
    return AddValue(Describe(name, dtype, dims, desc), name);
  }

  int NewOutput(const ir::Node& node, int i, const dnnl::memory::desc& desc) override {
    const ir::TensorInfo& t = Info(node.outputs[i]);
    return NewValue(t.name, t.dtype, t.shape.Sizes(),
                    desc.is_zero() ? PlainOf(t.dtype, t.shape.Sizes()) : desc);
  }

  // A view takes the element type the graph records for `tensor` (an
  // in-place INT8 sum may write u8 over s8).
  int ViewOf(int of, const std::string& tensor, const ir::Dims& dims,
             const dnnl::memory::desc& desc) override {
    const PlanValue& src = plan_->values[of];
    const ir::TensorInfo* t = graph_.FindTensor(tensor);
    PlanValue v = Describe(tensor, t != nullptr ? t->dtype : src.dtype, dims, desc);
    if (src.storage == Storage::kConstant) {
      v.storage = Storage::kConstant;
      v.constant = src.constant;
    } else {
      v.storage = Storage::kAlias;
      v.alias_of = of;
    }
    return AddValue(std::move(v), tensor);
  }

  // Arena storage that no tensor reads after the current node.
  bool Overwritable(int value) override {
    const int root = plan_->StorageRoot(value);
    if (plan_->values[root].storage != Storage::kArena) return false;
    for (const std::string& t : root_tensors_[root]) {
      if (last_use_[t] > node_index_) return false;
    }
    return true;
  }

  int StorageRoot(int value) const override { return plan_->StorageRoot(value); }

  absl::Status AddKernelStep(std::unique_ptr<kernels::BoundKernel> kernel, const std::vector<int>& input_args,
                             int output_arg, const std::string& node, const std::vector<int>& inputs,
                             int output, std::string choice) override {
    for (size_t i = 0; i < input_args.size(); ++i) kernel->BindValue(input_args[i], inputs[i]);
    kernel->BindValue(output_arg, output);
    plan_->steps.push_back(PlanStep{std::move(kernel), node, inputs, {output}, "", std::move(choice)});
    return absl::OkStatus();
  }

  KernelChoice kernel_choice() const override { return kernel_choice_; }

 private:
  void ComputeLastUses() {
    for (int i = 0; i < graph_.num_nodes(); ++i) {
      for (const std::string& in : graph_.nodes()[i]->inputs) last_use_[in] = i;
    }
    for (const std::string& out : graph_.outputs()) last_use_[out] = INT_MAX;
  }

  PlanValue Describe(const std::string& name, ir::DataType dtype, const ir::Dims& dims,
                     const dnnl::memory::desc& desc) const {
    PlanValue v;
    v.name = name;
    v.dtype = dtype;
    v.dims = dims;
    v.desc = desc;
    v.bytes = desc.is_zero() ? ir::NumElements(dims) * ir::DataTypeSize(dtype) : desc.get_size();
    return v;
  }

  int AddValue(PlanValue v, const std::string& tensor) {
    const int id = static_cast<int>(plan_->values.size());
    plan_->values.push_back(std::move(v));
    versions_[tensor].push_back(id);
    root_tensors_[plan_->StorageRoot(id)].insert(tensor);
    return id;
  }

  // The first value holding tensor `name` (constants are added on first use).
  int Primary(const std::string& name) {
    auto it = versions_.find(name);
    if (it != versions_.end()) return it->second.front();
    const ir::TensorInfo& t = Info(name);
    PlanValue v = Describe(name, t.dtype, t.shape.Sizes(), PlainOf(t.dtype, t.shape.Sizes()));
    v.storage = Storage::kConstant;
    v.constant = t.data;
    return AddValue(std::move(v), name);
  }

  bool TouchesInt8(const ir::Node& node) const {
    for (const std::string& t : node.inputs) {
      if (!t.empty() && ir::IsInt8(Info(t).dtype) && graph_.FindConstant(t) == nullptr) return true;
    }
    for (const std::string& t : node.outputs) {
      if (!t.empty() && ir::IsInt8(Info(t).dtype)) return true;
    }
    return false;
  }

  // The oneDNN lowering for `node`, or null with the reason.
  LowerFn OnednnLowering(const OpLowering& lowering, const ir::Node& node, std::string& why) const {
    if (TouchesInt8(node)) {
      if (lowering.onednn_int8 == nullptr) why = "no oneDNN INT8 lowering for this op";
      return lowering.onednn_int8;
    }
    // Constant parameters (Slice's starts, Resize's sizes) may be integers.
    for (const std::string& in : node.inputs) {
      if (!in.empty() && Info(in).dtype != ir::DataType::kF32 && graph_.FindConstant(in) == nullptr) {
        why = "inputs other than f32";
        return nullptr;
      }
    }
    for (const std::string& out : node.outputs) {
      if (!out.empty() && Info(out).dtype != ir::DataType::kF32) {
        why = "outputs other than f32";
        return nullptr;
      }
    }
    if (lowering.onednn_fp32 == nullptr) why = "no oneDNN primitive for this op";
    return lowering.onednn_fp32;
  }

  absl::Status CompileNode(const ir::Node& node) {
    if (ir::TraitsOf(node.op_type).is_view) return CompileView(node);
    const OpLowering* lowering = FindLowering(node.op_type);
    if (lowering == nullptr) return absl::UnimplementedError(absl::StrCat("no kernel for ", node.op_type));
    std::string why = "the reference backend";
    if (backend_ == Backend::kOnednn) {
      if (LowerFn lower = OnednnLowering(*lowering, node, why)) {
        absl::Status s = lower(*this, node);
        if (!absl::IsUnimplemented(s)) return s;
        why = std::string(s.message());
      }
    }
    MINT8_RETURN_IF_ERROR(CompileReference(node));
    if (backend_ == Backend::kOnednn) plan_->steps.back().note = why;
    return absl::OkStatus();
  }

  absl::Status CompileView(const ir::Node& node) {
    MINT8_ASSIGN_OR_RETURN(int src, PlainValue(node.inputs[0]));
    const ir::TensorInfo& out = Info(node.outputs[0]);
    ViewOf(src, out.name, out.shape.Sizes(), PlainOf(out.dtype, out.shape.Sizes()));
    return absl::OkStatus();
  }

  absl::Status CompileReference(const ir::Node& node) {
    std::vector<ReferenceNodeKernel::Operand> inputs, outputs;
    std::vector<int> in_values, out_values;
    for (const std::string& name : node.inputs) {
      if (name.empty()) {
        inputs.push_back({});
        continue;
      }
      MINT8_ASSIGN_OR_RETURN(int v, PlainValue(name));
      inputs.push_back({v, plan_->values[v].dtype, plan_->values[v].dims, Info(name).quantization});
      in_values.push_back(v);
    }
    for (size_t i = 0; i < node.outputs.size(); ++i) {
      const int v = NewOutput(node, static_cast<int>(i), {});
      outputs.push_back(
          {v, plan_->values[v].dtype, plan_->values[v].dims, Info(node.outputs[i]).quantization});
      out_values.push_back(v);
    }
    plan_->steps.push_back(
        PlanStep{std::make_unique<ReferenceNodeKernel>(node, std::move(inputs), std::move(outputs)),
                 node.name, in_values, out_values, "", ""});
    return absl::OkStatus();
  }

  const ir::Graph& graph_;
  Backend backend_;
  KernelChoice kernel_choice_;
  std::unique_ptr<ExecutionPlan> plan_;
  std::map<std::string, std::vector<int>> versions_;
  std::map<int, std::set<std::string>> root_tensors_;
  std::map<std::string, int> last_use_;
  int node_index_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ExecutionPlan>> BuildExecutionPlan(const ir::Graph& graph, Backend backend,
                                                                  KernelChoice kernel_choice) {
  return PlanBuilder(graph, backend, kernel_choice).Build();
}

}  // namespace mint8::runtime
