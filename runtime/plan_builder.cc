#include "runtime/plan_builder.h"

#include <algorithm>
#include <climits>
#include <optional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "ir/op_geometry.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/onednn/binary.h"
#include "kernels/onednn/concat.h"
#include "kernels/onednn/convolution.h"
#include "kernels/onednn/eltwise.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/inner_product.h"
#include "kernels/onednn/matmul.h"
#include "kernels/onednn/normalization.h"
#include "kernels/onednn/pooling.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/onednn/reorder.h"
#include "runtime/int8_epilogue.h"
#include "runtime/reference_kernel.h"

namespace mint8::runtime {
namespace {

namespace dk = kernels::onednn;
using ir::DataType;

bool OnednnType(DataType t) {
  return t == DataType::kF32 || t == DataType::kU8 || t == DataType::kS8 || t == DataType::kS32;
}

dnnl::memory::desc PlainOf(DataType dtype, const ir::Dims& dims) {
  if (!OnednnType(dtype) || dims.size() > 6) return dnnl::memory::desc();
  return dk::PlainDesc(dims, *dk::ToDnnl(dtype));
}

// Not handled by oneDNN here: the caller falls back to the reference kernel
// and records `why` on the plan step.
absl::Status NotOnednn(absl::string_view why = "no oneDNN primitive for this op") {
  return absl::UnimplementedError(why);
}

class PlanBuilder {
 public:
  PlanBuilder(const ir::Graph& graph, Backend backend)
      : graph_(graph), backend_(backend), plan_(std::make_unique<ExecutionPlan>()) {}

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
        return absl::Status(status.code(), absl::StrCat("compiling ", node.op_type, " node '",
                                                        node.name, "': ", status.message()));
      }
    }
    node_index_ = INT_MAX;
    for (const std::string& out : graph_.outputs()) {
      MINT8_ASSIGN_OR_RETURN(int v, Plain(out));
      plan_->outputs.push_back(v);
    }
    PlanArena(*plan_);
    return std::move(plan_);
  }

 private:
  void ComputeLastUses() {
    for (int i = 0; i < graph_.num_nodes(); ++i) {
      for (const std::string& in : graph_.nodes()[i]->inputs) last_use_[in] = i;
    }
    for (const std::string& out : graph_.outputs()) last_use_[out] = INT_MAX;
  }

  PlanValue Describe(const std::string& name, DataType dtype, const ir::Dims& dims,
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

  const ir::TensorInfo& Info(const std::string& name) const { return *graph_.FindTensor(name); }

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

  // A value holding tensor `name` in layout `desc`, reordering if needed.
  absl::StatusOr<int> InLayout(const std::string& name, const dnnl::memory::desc& desc) {
    const int primary = Primary(name);
    for (int v : versions_[name]) {
      if (plan_->values[v].desc == desc) return v;
    }
    const PlanValue& from = plan_->values[primary];
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive reorder,
                           dk::CreateReorder({from.desc, desc, {}, 0, 0}));
    const int to = AddValue(Describe(name, from.dtype, from.dims, desc), name);
    Bind(reorder, {primary}, to);
    AddStep(std::move(reorder.kernel), "", {primary}, {to});
    return to;
  }

  absl::StatusOr<int> Plain(const std::string& name) {
    const int primary = Primary(name);
    const PlanValue& p = plan_->values[primary];
    if (p.desc.is_zero()) return primary;
    return InLayout(name, PlainOf(p.dtype, p.dims));
  }

  // A value for output `i` of `node` in layout `desc` (plain when zero).
  int NewOutput(const ir::Node& node, int i, dnnl::memory::desc desc = {}) {
    const ir::TensorInfo& t = Info(node.outputs[i]);
    if (desc.is_zero()) desc = PlainOf(t.dtype, t.shape.Sizes());
    return AddValue(Describe(t.name, t.dtype, t.shape.Sizes(), desc), t.name);
  }

  // A view of value `of`'s storage as tensor `tensor` (whose element type it
  // takes when the graph knows it: an in-place INT8 sum may write u8 over s8).
  int NewAlias(int of, const std::string& tensor, const ir::Dims& dims, const dnnl::memory::desc& desc) {
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

  void Bind(dk::CompiledPrimitive& p, const std::vector<int>& inputs, int output) {
    for (size_t i = 0; i < inputs.size(); ++i) p.kernel->BindValue(p.input_args[i], inputs[i]);
    p.kernel->BindValue(p.output_arg, output);
  }

  void AddStep(std::unique_ptr<kernels::Kernel> kernel, const std::string& node,
               std::vector<int> inputs, std::vector<int> outputs) {
    plan_->steps.push_back(PlanStep{std::move(kernel), node, std::move(inputs), std::move(outputs), ""});
  }

  // Binds the compiled primitive's inputs to `tensors` (reordered as needed)
  // and a new output value for `node`.
  absl::Status Emit(const ir::Node& node, dk::CompiledPrimitive p,
                    const std::vector<std::string>& tensors) {
    MINT8_RETURN_IF_ERROR(RejectReference(p));
    std::vector<int> inputs;
    for (size_t i = 0; i < tensors.size(); ++i) {
      MINT8_ASSIGN_OR_RETURN(int v, InLayout(tensors[i], p.input_descs[i]));
      inputs.push_back(v);
    }
    const int out = NewOutput(node, 0, p.output_desc);
    Bind(p, inputs, out);
    AddStep(std::move(p.kernel), node.name, inputs, {out});
    return absl::OkStatus();
  }

  // oneDNN's own reference implementations are orders of magnitude slower
  // than JIT ones; mint8's reference kernel is used instead, visibly.
  static absl::Status RejectReference(const dk::CompiledPrimitive& p) {
    if (dk::IsReferenceImplementation(p.kernel->implementation())) {
      return NotOnednn(absl::StrCat("oneDNN offers only its reference code (", p.kernel->implementation(), ")"));
    }
    return absl::OkStatus();
  }

  // Whether `value`'s storage may be overwritten by the current node: arena
  // storage that no tensor reads after this node.
  bool Overwritable(int value) {
    const int root = plan_->StorageRoot(value);
    if (plan_->values[root].storage != Storage::kArena) return false;
    for (const std::string& t : root_tensors_[root]) {
      if (last_use_[t] > node_index_) return false;
    }
    return true;
  }

  absl::Status CompileNode(const ir::Node& node) {
    if (ir::TraitsOf(node.op_type).is_view) return CompileReshape(node);
    std::string why;
    if (backend_ == Backend::kOnednn) {
      absl::Status s = CompileOnednn(node);
      if (!absl::IsUnimplemented(s)) return s;
      why = std::string(s.message());
    }
    MINT8_RETURN_IF_ERROR(CompileReference(node));
    plan_->steps.back().note = why;
    return absl::OkStatus();
  }

  absl::Status CompileReshape(const ir::Node& node) {
    MINT8_ASSIGN_OR_RETURN(int src, Plain(node.inputs[0]));
    const ir::TensorInfo& out = Info(node.outputs[0]);
    NewAlias(src, out.name, out.shape.Sizes(), PlainOf(out.dtype, out.shape.Sizes()));
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
      MINT8_ASSIGN_OR_RETURN(int v, Plain(name));
      inputs.push_back({v, plan_->values[v].dtype, plan_->values[v].dims, Info(name).quantization});
      in_values.push_back(v);
    }
    for (size_t i = 0; i < node.outputs.size(); ++i) {
      const int v = NewOutput(node, static_cast<int>(i));
      outputs.push_back({v, plan_->values[v].dtype, plan_->values[v].dims, Info(node.outputs[i]).quantization});
      out_values.push_back(v);
    }
    AddStep(std::make_unique<ReferenceNodeKernel>(node, std::move(inputs), std::move(outputs)),
            node.name, in_values, out_values);
    return absl::OkStatus();
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

  absl::Status CompileOnednn(const ir::Node& node) {
    if (TouchesInt8(node)) return CompileInt8(node);
    for (const std::string& in : node.inputs) {
      if (!in.empty() && Info(in).dtype != DataType::kF32) return NotOnednn();
    }
    const std::string& op = node.op_type;
    if (op == "Conv") return CompileConv(node);
    if (op == "Gemm") return CompileGemm(node);
    if (op == "MatMul") return CompileMatMul(node);
    if (op == "MaxPool" || op == "AveragePool" || op == "GlobalAveragePool" ||
        op == "GlobalMaxPool") {
      return CompilePool(node);
    }
    if (ir::TraitsOf(op).activation != nullptr) return CompileEltwise(node);
    if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") return CompileBinary(node);
    if (op == "Concat") return CompileConcat(node);
    if (op == "Softmax") return CompileSoftmax(node);
    if (op == "LRN") return CompileLrn(node);
    return NotOnednn();
  }

  absl::Status CompileConv(const ir::Node& node) {
    const ir::TensorInfo& x = Info(node.inputs[0]);
    const ir::TensorInfo* w = graph_.FindConstant(node.inputs[1]);
    if (w == nullptr) return NotOnednn();
    dk::ConvolutionSpec spec;
    MINT8_ASSIGN_OR_RETURN(spec.geometry,
                           ir::ResolveConvGeometry(node, x.shape.Sizes(), w->shape.Sizes()));
    MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
    spec.weights = w->data->data();
    if (node.has_input(2)) {
      const ir::TensorInfo* b = graph_.FindConstant(node.inputs[2]);
      if (b == nullptr) return NotOnednn();
      spec.bias = b->data->data();
    }
    spec.src_hint = plan_->values[Primary(node.inputs[0])].desc;
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateConvolution(spec));
    const int sum = ir::SumInputIndex(node);
    if (sum < 0) return Emit(node, std::move(p), {node.inputs[0]});
    const dnnl::memory::desc residual_desc = p.output_desc;
    return EmitInPlaceSum(node, std::move(p), node.inputs[0], node.inputs[sum], residual_desc);
  }

  // The destination starts as the residual: reuse its storage when nothing
  // reads it later, otherwise copy it first.
  absl::Status EmitInPlaceSum(const ir::Node& node, dk::CompiledPrimitive p,
                              const std::string& src_tensor, const std::string& residual,
                              const dnnl::memory::desc& residual_desc) {
    MINT8_RETURN_IF_ERROR(RejectReference(p));
    MINT8_ASSIGN_OR_RETURN(int src, InLayout(src_tensor, p.input_descs[0]));
    MINT8_ASSIGN_OR_RETURN(int r, InLayout(residual, residual_desc));
    // Not in place when the residual is also what the op reads as its input.
    if (!Overwritable(r) || plan_->StorageRoot(r) == plan_->StorageRoot(src)) {
      const PlanValue& from = plan_->values[r];
      const int copy = AddValue(Describe(residual + "@copy", from.dtype, from.dims, residual_desc),
                                residual + "@copy");
      MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive reorder,
                             dk::CreateReorder({residual_desc, residual_desc, {}, 0, 0}));
      Bind(reorder, {r}, copy);
      AddStep(std::move(reorder.kernel), "", {r}, {copy});
      r = copy;
    }
    const ir::TensorInfo& out = Info(node.outputs[0]);
    const int dst = NewAlias(r, out.name, out.shape.Sizes(), p.output_desc);
    Bind(p, {src}, dst);
    AddStep(std::move(p.kernel), node.name, {src, dst}, {dst});
    return absl::OkStatus();
  }

  absl::Status CompileGemm(const ir::Node& node) {
    const ir::TensorInfo& a = Info(node.inputs[0]);
    const ir::TensorInfo* b = graph_.FindConstant(node.inputs[1]);
    const ir::Attributes& attrs = node.attributes;
    if (b == nullptr || a.shape.rank() != 2 || attrs.GetInt("transA", 0) != 0 ||
        attrs.GetFloat("alpha", 1.f) != 1.f || ir::SumInputIndex(node) >= 0) {
      return NotOnednn();
    }
    dk::InnerProductSpec spec;
    spec.src_dims = {a.shape.dim(0).size, a.shape.dim(1).size};
    const bool trans_b = attrs.GetInt("transB", 0) != 0;
    spec.out_features = b->shape.dim(trans_b ? 0 : 1).size;
    spec.weights = b->data->data();
    spec.weights_transposed = trans_b;
    if (node.has_input(2)) {
      const ir::TensorInfo* c = graph_.FindConstant(node.inputs[2]);
      if (c == nullptr || attrs.GetFloat("beta", 1.f) != 1.f ||
          c->shape.NumElements() != spec.out_features) {
        return NotOnednn();
      }
      spec.bias = c->data->data();
    }
    MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
    spec.src_hint = plan_->values[Primary(node.inputs[0])].desc;
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateInnerProduct(spec));
    return Emit(node, std::move(p), {node.inputs[0]});
  }

  absl::Status CompileMatMul(const ir::Node& node) {
    const ir::TensorInfo& a = Info(node.inputs[0]);
    const ir::TensorInfo& b = Info(node.inputs[1]);
    const ir::TensorInfo& y = Info(node.outputs[0]);
    if (a.shape.rank() < 2 || a.shape.rank() != b.shape.rank() || a.shape.rank() > 6 ||
        ir::SumInputIndex(node) >= 0) {
      return NotOnednn();
    }
    dk::MatMulSpec spec;
    const ir::Dims ad = a.shape.Sizes(), bd = b.shape.Sizes(), yd = y.shape.Sizes();
    spec.a_dims.assign(ad.begin(), ad.end());
    spec.b_dims.assign(bd.begin(), bd.end());
    spec.dst_dims.assign(yd.begin(), yd.end());
    MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateMatMul(spec));
    return Emit(node, std::move(p), {node.inputs[0], node.inputs[1]});
  }

  absl::Status CompilePool(const ir::Node& node) {
    const ir::TensorInfo& x = Info(node.inputs[0]);
    if (x.shape.rank() != 4) return NotOnednn();
    dk::PoolingSpec spec;
    const ir::Dims d = x.shape.Sizes();
    if (node.op_type == "GlobalAveragePool" || node.op_type == "GlobalMaxPool") {
      spec.geometry.batch = d[0];
      spec.geometry.channels = d[1];
      spec.geometry.window = {d[2], d[3], 1, 1, 1, 1, 0, 0, 0, 0, d[2], d[3], 1, 1};
      spec.kind = node.op_type == "GlobalMaxPool" ? dk::PoolKind::kMax
                                                  : dk::PoolKind::kAverageExcludePadding;
    } else {
      MINT8_ASSIGN_OR_RETURN(spec.geometry, ir::ResolvePoolGeometry(node, d));
      const ir::Window2d& w = spec.geometry.window;
      if (node.op_type == "MaxPool") {
        spec.kind = dk::PoolKind::kMax;
      } else if (!spec.geometry.count_include_pad) {
        spec.kind = dk::PoolKind::kAverageExcludePadding;
      } else {
        // oneDNN would also count ceil_mode's implied extra padding.
        const bool extended = (w.out_h - 1) * w.stride_h + w.kernel_h > w.in_h + w.pad_top + w.pad_bottom ||
                              (w.out_w - 1) * w.stride_w + w.kernel_w > w.in_w + w.pad_left + w.pad_right;
        if (extended) return NotOnednn();
        spec.kind = dk::PoolKind::kAverageIncludePadding;
      }
    }
    spec.src_desc = plan_->values[Primary(node.inputs[0])].desc;
    spec.dst_type = Dnnl(Info(node.inputs[0]).dtype);
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreatePooling(spec));
    if (dk::IsReferenceImplementation(p.kernel->implementation())) {
      // oneDNN's INT8 pooling has JIT code for channels-last layouts only.
      spec.src_desc = ChannelsLast(spec.src_desc);
      MINT8_ASSIGN_OR_RETURN(p, dk::CreatePooling(spec));
    }
    return Emit(node, std::move(p), {node.inputs[0]});
  }

  absl::Status CompileEltwise(const ir::Node& node) {
    dk::EltwiseSpec spec;
    spec.activation = *ir::TraitsOf(node.op_type).activation(node.attributes);
    if (spec.activation.kind == ir::PostOpKind::kHardSigmoid) return CompileHardSigmoid(node);
    spec.src_desc = plan_->values[Primary(node.inputs[0])].desc;
    if (spec.src_desc.is_zero()) return NotOnednn();
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateEltwise(spec));
    return Emit(node, std::move(p), {node.inputs[0]});
  }

  // ---- INT8 ----

  absl::Status CompileInt8(const ir::Node& node) {
    const std::string& op = node.op_type;
    if (op == "Conv") return CompileInt8Conv(node);
    if (op == "Gemm") return CompileInt8Gemm(node);
    if (op == "MaxPool" || op == "AveragePool" || op == "GlobalAveragePool" || op == "GlobalMaxPool") {
      if (!SameQuantization(node.inputs[0], node.outputs[0])) {
        return NotOnednn("INT8 pooling needs equal input and output quantization");
      }
      return CompilePool(node);
    }
    if (op == "Concat") {
      for (const std::string& in : node.inputs) {
        if (!SameQuantization(in, node.outputs[0])) {
          return NotOnednn("INT8 concat needs all inputs quantized like the output");
        }
      }
      return CompileConcat(node);
    }
    if (op == "QuantizeLinear" || op == "DequantizeLinear" || op == "Requantize") {
      return CompileQuantizationReorder(node);
    }
    return NotOnednn();
  }

  bool SameQuantization(const std::string& a, const std::string& b) const {
    const ir::TensorInfo& ta = Info(a);
    const ir::TensorInfo& tb = Info(b);
    return ta.dtype == tb.dtype && ta.quantization.has_value() && tb.quantization.has_value() &&
           *ta.quantization == *tb.quantization;
  }

  static dnnl::memory::data_type Dnnl(DataType t) { return *dk::ToDnnl(t); }

  // The nhwc layout of 4-D `desc` (other ranks unchanged).
  static dnnl::memory::desc ChannelsLast(const dnnl::memory::desc& desc) {
    if (desc.dims().size() != 4) return desc;
    return dnnl::memory::desc(desc.dims(), desc.data_type(), dnnl::memory::format_tag::acdb);
  }

  // `desc` with another element type, same layout.
  static dnnl::memory::desc WithType(const dnnl::memory::desc& desc, DataType type) {
    dnnl_memory_desc_t raw = desc.data;
    raw.data_type = dnnl::memory::convert_to_c(Dnnl(type));
    return dnnl::memory::desc(raw);
  }

  absl::Status CompileInt8Conv(const ir::Node& node) {
    const ir::TensorInfo& x = Info(node.inputs[0]);
    const ir::TensorInfo* w = graph_.FindConstant(node.inputs[1]);
    const ir::TensorInfo& y = Info(node.outputs[0]);
    const int sum = ir::SumInputIndex(node);
    if (w == nullptr || w->dtype != DataType::kS8 || !ir::IsInt8(x.dtype) ||
        (sum >= 0 && !ir::IsInt8(y.dtype))) {
      return NotOnednn();
    }
    dk::ConvolutionSpec spec;
    MINT8_ASSIGN_OR_RETURN(spec.geometry, ir::ResolveConvGeometry(node, x.shape.Sizes(), w->shape.Sizes()));
    MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
    MINT8_ASSIGN_OR_RETURN(spec.epilogue,
                           Int8Epilogue(x, *w, spec.geometry.out_channels,
                                        sum >= 0 ? &Info(node.inputs[sum]) : nullptr, y, spec.post_ops));
    spec.src_type = Dnnl(x.dtype);
    spec.weights_type = dnnl::memory::data_type::s8;
    spec.dst_type = Dnnl(y.dtype);
    spec.weights = w->data->data();
    if (node.has_input(2)) {
      const ir::TensorInfo* b = graph_.FindConstant(node.inputs[2]);
      if (b == nullptr || b->dtype != DataType::kS32) return NotOnednn();
      spec.bias = b->data->data();
      spec.bias_type = dnnl::memory::data_type::s32;
    }
    spec.src_hint = plan_->values[Primary(node.inputs[0])].desc;
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateConvolution(spec));
    if (sum < 0) return Emit(node, std::move(p), {node.inputs[0]});
    return EmitInPlaceSum(node, std::move(p), node.inputs[0], node.inputs[sum],
                          WithType(p.output_desc, Info(node.inputs[sum]).dtype));
  }

  absl::Status CompileInt8Gemm(const ir::Node& node) {
    const ir::TensorInfo& a = Info(node.inputs[0]);
    const ir::TensorInfo* b = graph_.FindConstant(node.inputs[1]);
    const ir::TensorInfo& y = Info(node.outputs[0]);
    const ir::Attributes& attrs = node.attributes;
    if (b == nullptr || b->dtype != DataType::kS8 || a.shape.rank() != 2 || !ir::IsInt8(a.dtype) ||
        attrs.GetInt("transA", 0) != 0 || attrs.GetFloat("alpha", 1.f) != 1.f || ir::SumInputIndex(node) >= 0) {
      return NotOnednn();
    }
    dk::InnerProductSpec spec;
    spec.src_dims = {a.shape.dim(0).size, a.shape.dim(1).size};
    const bool trans_b = attrs.GetInt("transB", 0) != 0;
    spec.out_features = b->shape.dim(trans_b ? 0 : 1).size;
    spec.weights = b->data->data();
    spec.weights_transposed = trans_b;
    spec.src_type = Dnnl(a.dtype);
    spec.weights_type = dnnl::memory::data_type::s8;
    spec.dst_type = Dnnl(y.dtype);
    if (node.has_input(2)) {
      const ir::TensorInfo* c = graph_.FindConstant(node.inputs[2]);
      if (c == nullptr || c->dtype != DataType::kS32 || c->shape.NumElements() != spec.out_features) {
        return NotOnednn();
      }
      spec.bias = c->data->data();
      spec.bias_type = dnnl::memory::data_type::s32;
    }
    MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
    MINT8_ASSIGN_OR_RETURN(spec.epilogue, Int8Epilogue(a, *b, spec.out_features, nullptr, y, spec.post_ops));
    // oneDNN's inner product takes no source zero point; it is exact to fold
    // it into the bias: sum (x - zp) w = sum x w - zp * sum w.
    std::vector<int32_t> bias;
    if (spec.epilogue.src_zero_point != 0) {
      const int64_t k = spec.src_dims[1], n = spec.out_features;
      bias.assign(n, 0);
      if (spec.bias != nullptr) std::copy_n(static_cast<const int32_t*>(spec.bias), n, bias.begin());
      const int8_t* w = b->data->data<int8_t>();
      for (int64_t j = 0; j < n; ++j) {
        int32_t column = 0;
        for (int64_t l = 0; l < k; ++l) column += trans_b ? w[j * k + l] : w[l * n + j];
        bias[j] -= spec.epilogue.src_zero_point * column;
      }
      spec.bias = bias.data();
      spec.bias_type = dnnl::memory::data_type::s32;
      spec.epilogue.src_zero_point = 0;
    }
    spec.src_hint = plan_->values[Primary(node.inputs[0])].desc;
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateInnerProduct(spec));
    return Emit(node, std::move(p), {node.inputs[0]});
  }

  // QuantizeLinear, DequantizeLinear and Requantize (per tensor) as one
  // oneDNN reorder that keeps the source's layout.
  absl::Status CompileQuantizationReorder(const ir::Node& node) {
    const ir::TensorInfo& x = Info(node.inputs[0]);
    const ir::TensorInfo& y = Info(node.outputs[0]);
    auto quantization = [&](const ir::TensorInfo& t, int scale_input, int zp_input) -> std::optional<ir::Quantization> {
      if (t.quantization.has_value()) return t.quantization;
      const ir::TensorInfo* s = graph_.FindConstant(node.inputs[scale_input]);
      if (s == nullptr || s->shape.NumElements() != 1) return std::nullopt;
      ir::Quantization q;
      q.scales = {s->data->data<float>()[0]};
      if (node.has_input(zp_input)) {
        const ir::TensorInfo* z = graph_.FindConstant(node.inputs[zp_input]);
        if (z == nullptr) return std::nullopt;
        q.zero_points = {z->dtype == DataType::kU8 ? z->data->data<uint8_t>()[0] : z->data->data<int8_t>()[0]};
      }
      return q;
    };
    float scale = 1.f;
    int32_t src_zp = 0, dst_zp = 0;
    const std::string& op = node.op_type;
    std::optional<ir::PostOp> clip;  // keeps a narrowed INT8 range
    if (op == "QuantizeLinear") {
      auto q = quantization(y, 1, 2);
      if (!q || q->per_channel()) return NotOnednn("per-channel QuantizeLinear");
      scale = 1.f / q->scale();
      dst_zp = q->zero_point();
      if (y.quantization && y.quantization->narrowed()) {
        const float s = y.quantization->scale();
        clip = ir::PostOp{ir::PostOpKind::kClip, (y.quantization->qmin - dst_zp) * s,
                          (y.quantization->qmax - dst_zp) * s};
      }
    } else if (op == "DequantizeLinear") {
      auto q = quantization(x, 1, 2);
      if (!q || q->per_channel() || x.dtype == DataType::kS32) return NotOnednn();
      scale = q->scale();
      src_zp = q->zero_point();
    } else {
      auto qx = quantization(x, 1, 2);
      auto qy = quantization(y, 3, 4);
      if (!qx || !qy || qx->per_channel() || qy->per_channel() || x.dtype == DataType::kS32) return NotOnednn();
      if (y.quantization && y.quantization->narrowed()) return NotOnednn("Requantize into a narrowed range");
      scale = qx->scale() / qy->scale();
      src_zp = qx->zero_point();
      dst_zp = qy->zero_point();
    }
    const dnnl::memory::desc src = plan_->values[Primary(node.inputs[0])].desc;
    if (src.is_zero()) return NotOnednn();
    // INT8 consumers run channels-last (or blocked) layouts; plain 4-D INT8
    // would only meet reference code.
    dnnl::memory::desc dst = WithType(src, y.dtype);
    if (ir::IsInt8(y.dtype) && dk::IsPlain(src) && src.dims().size() == 4) dst = ChannelsLast(dst);
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateReorder({src, dst, {scale}, src_zp, dst_zp}));
    MINT8_RETURN_IF_ERROR(RejectReference(p));
    if (!clip.has_value()) return Emit(node, std::move(p), {node.inputs[0]});
    // Clip the real values first, so the reorder cannot leave the range.
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive c, dk::CreateEltwise({*clip, src}));
    MINT8_ASSIGN_OR_RETURN(int in, InLayout(node.inputs[0], c.input_descs[0]));
    const ir::TensorInfo& out = Info(node.outputs[0]);
    const int clipped = AddValue(Describe(out.name + "@clipped", DataType::kF32, x.shape.Sizes(), c.output_desc),
                                 out.name + "@clipped");
    Bind(c, {in}, clipped);
    AddStep(std::move(c.kernel), node.name, {in}, {clipped});
    const int q = NewOutput(node, 0, p.output_desc);
    Bind(p, {clipped}, q);
    AddStep(std::move(p.kernel), node.name, {clipped}, {q});
    return absl::OkStatus();
  }

  // max(0, min(1, alpha * x + beta)) as two primitives: oneDNN 2.6 has no
  // hard-sigmoid, and an eltwise with a post-op runs on its reference code.
  absl::Status CompileHardSigmoid(const ir::Node& node) {
    const ir::Attributes& a = node.attributes;
    dk::EltwiseSpec linear;
    linear.activation = {ir::PostOpKind::kHardSigmoid, a.GetFloat("alpha", 0.2f), a.GetFloat("beta", 0.5f)};
    linear.src_desc = plan_->values[Primary(node.inputs[0])].desc;
    if (linear.src_desc.is_zero()) return NotOnednn();
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive first, dk::CreateEltwise(linear));
    dk::EltwiseSpec clip;
    clip.activation = {ir::PostOpKind::kClip, 0.f, 1.f};
    clip.src_desc = first.output_desc;
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive second, dk::CreateEltwise(clip));
    MINT8_RETURN_IF_ERROR(RejectReference(first));
    MINT8_RETURN_IF_ERROR(RejectReference(second));
    MINT8_ASSIGN_OR_RETURN(int src, InLayout(node.inputs[0], first.input_descs[0]));
    const ir::TensorInfo& out = Info(node.outputs[0]);
    const int mid = AddValue(Describe(out.name + "@linear", out.dtype, out.shape.Sizes(), first.output_desc),
                             out.name + "@linear");
    Bind(first, {src}, mid);
    AddStep(std::move(first.kernel), node.name, {src}, {mid});
    const int dst = NewOutput(node, 0, second.output_desc);
    Bind(second, {mid}, dst);
    AddStep(std::move(second.kernel), node.name, {mid}, {dst});
    return absl::OkStatus();
  }

  absl::Status CompileBinary(const ir::Node& node) {
    const ir::Dims out = Info(node.outputs[0]).shape.Sizes();
    std::string first = node.inputs[0], second = node.inputs[1];
    const bool commutative = node.op_type == "Add" || node.op_type == "Mul";
    if (Info(first).shape.Sizes() != out) {
      if (!commutative || Info(second).shape.Sizes() != out) return NotOnednn();
      std::swap(first, second);
    }
    if (out.empty() || out.size() > 6 || graph_.FindConstant(first) != nullptr) return NotOnednn();
    dk::BinarySpec spec;
    spec.algorithm = node.op_type == "Add"   ? dnnl::algorithm::binary_add
                     : node.op_type == "Sub" ? dnnl::algorithm::binary_sub
                     : node.op_type == "Mul" ? dnnl::algorithm::binary_mul
                                             : dnnl::algorithm::binary_div;
    spec.src0_desc = plan_->values[Primary(first)].desc;
    const ir::TensorInfo& s = Info(second);
    ir::Dims padded = s.shape.Sizes();
    while (padded.size() < out.size()) padded.insert(padded.begin(), 1);
    const bool same_shape = padded == out;
    if (same_shape) {
      spec.src1_desc = s.is_constant() ? PlainOf(DataType::kF32, padded) : spec.src0_desc;
    } else {
      // A broadcast operand in the first one's layout keeps oneDNN on JIT code.
      spec.src1_desc = dk::SameLayout(spec.src0_desc, dnnl::memory::dims(padded.begin(), padded.end()));
    }
    if (s.is_constant()) {
      spec.src1_constant = s.data->data();
      spec.src1_constant_desc = PlainOf(DataType::kF32, padded);
    }
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateBinary(spec));
    MINT8_RETURN_IF_ERROR(RejectReference(p));
    if (s.is_constant() || same_shape) {
      std::vector<std::string> tensors = {first};
      if (!s.is_constant()) tensors.push_back(second);
      return Emit(node, std::move(p), tensors);
    }
    // A broadcast run-time operand, in the layout the primitive wants (a view
    // with the padded rank when the ranks differ).
    MINT8_ASSIGN_OR_RETURN(int src0, InLayout(first, p.input_descs[0]));
    int src1;
    if (s.shape.rank() == static_cast<int>(out.size())) {
      MINT8_ASSIGN_OR_RETURN(src1, InLayout(second, p.input_descs[1]));
    } else {
      MINT8_ASSIGN_OR_RETURN(int plain1, Plain(second));
      src1 = NewAlias(plain1, second, padded, PlainOf(DataType::kF32, padded));
      if (plan_->values[src1].desc != p.input_descs[1]) {
        MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive reorder,
                               dk::CreateReorder({plan_->values[src1].desc, p.input_descs[1], {}, 0, 0}));
        const int to = AddValue(Describe(second, DataType::kF32, padded, p.input_descs[1]), second);
        Bind(reorder, {src1}, to);
        AddStep(std::move(reorder.kernel), "", {src1}, {to});
        src1 = to;
      }
    }
    const int dst = NewOutput(node, 0, p.output_desc);
    Bind(p, {src0, src1}, dst);
    AddStep(std::move(p.kernel), node.name, {src0, src1}, {dst});
    return absl::OkStatus();
  }

  absl::Status CompileConcat(const ir::Node& node) {
    const int rank = Info(node.inputs[0]).shape.rank();
    int64_t axis = node.attributes.GetInt("axis", 0);
    if (axis < 0) axis += rank;
    dk::ConcatSpec spec;
    spec.axis = static_cast<int>(axis);
    for (const std::string& in : node.inputs) {
      if (graph_.FindConstant(in) != nullptr) return NotOnednn();
      spec.src_descs.push_back(plan_->values[Primary(in)].desc);
    }
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateConcat(spec));
    if (dk::IsReferenceImplementation(p.kernel->implementation())) {
      // Mixed or unaligned layouts: concatenate plain copies instead.
      for (size_t i = 0; i < node.inputs.size(); ++i) {
        const ir::TensorInfo& t = Info(node.inputs[i]);
        spec.src_descs[i] = PlainOf(t.dtype, t.shape.Sizes());
      }
      MINT8_ASSIGN_OR_RETURN(p, dk::CreateConcat(spec));
    }
    return Emit(node, std::move(p), node.inputs);
  }

  absl::Status CompileSoftmax(const ir::Node& node) {
    const int rank = Info(node.inputs[0]).shape.rank();
    int64_t axis = node.attributes.GetInt("axis", -1);
    if (axis < 0) axis += rank;
    if (node.attributes.GetInt("coerce_2d", 0) != 0 && axis != rank - 1) return NotOnednn();
    dk::SoftmaxSpec spec;
    spec.axis = static_cast<int>(axis);
    spec.src_desc = plan_->values[Primary(node.inputs[0])].desc;
    if (spec.src_desc.is_zero()) return NotOnednn();
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateSoftmax(spec));
    return Emit(node, std::move(p), {node.inputs[0]});
  }

  absl::Status CompileLrn(const ir::Node& node) {
    dk::LrnSpec spec;
    spec.size = node.attributes.GetInt("size", 1);
    spec.alpha = node.attributes.GetFloat("alpha", 1e-4f);
    spec.beta = node.attributes.GetFloat("beta", 0.75f);
    spec.bias = node.attributes.GetFloat("bias", 1.f);
    spec.src_desc = plan_->values[Primary(node.inputs[0])].desc;
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateLrn(spec));
    return Emit(node, std::move(p), {node.inputs[0]});
  }

  const ir::Graph& graph_;
  Backend backend_;
  std::unique_ptr<ExecutionPlan> plan_;
  std::map<std::string, std::vector<int>> versions_;
  std::map<int, std::set<std::string>> root_tensors_;
  std::map<std::string, int> last_use_;
  int node_index_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ExecutionPlan>> BuildExecutionPlan(const ir::Graph& graph,
                                                                  Backend backend) {
  return PlanBuilder(graph, backend).Build();
}

}  // namespace mint8::runtime
