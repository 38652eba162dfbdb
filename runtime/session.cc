#include "runtime/session.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "ir/verifier.h"
#include "kernels/huge_pages.h"
#include "kernels/kernel.h"
#include "kernels/onednn/engine.h"
#include "runtime/core_count.h"
#include "runtime/graph_optimizer.h"
#include "runtime/int8_encoding.h"
#include "runtime/memory_budget.h"
#include "runtime/specialization.h"
#include "runtime/thread_adapter.h"

namespace mint8::runtime {

namespace {

// The storage of one plan's runs: the arena, the oneDNN memory objects over
// it, the stream.
class PlanState {
 public:
  explicit PlanState(const ExecutionPlan& plan)
      : arena_(plan.arena_bytes + plan.scratchpad_bytes + 64),
        kernel_context_(dnnl::stream(kernels::onednn::CpuEngine()), plan.values.size()) {
    const dnnl::engine& engine = kernels::onednn::CpuEngine();
    for (size_t v = 0; v < plan.values.size(); ++v) {
      const int root = plan.StorageRoot(static_cast<int>(v));
      const PlanValue& r = plan.values[root];
      void* data = nullptr;
      if (r.storage == Storage::kArena) data = arena_.data() + r.offset;
      if (r.storage == Storage::kConstant) data = const_cast<uint8_t*>(r.constant->data());
      if (r.storage == Storage::kInput) input_dependents_[root].push_back(static_cast<int>(v));
      if (plan.values[v].storage == Storage::kConstant) {
        data = const_cast<uint8_t*>(plan.values[v].constant->data());
      }
      kernel_context_.set_data(static_cast<int>(v), data);
      if (!plan.values[v].desc.is_zero()) {
        kernel_context_.set_memory(static_cast<int>(v), dnnl::memory(plan.values[v].desc, engine, data));
      }
    }
    size_t exec_args = 0;
    for (const PlanStep& step : plan.steps) exec_args = std::max(exec_args, step.kernel->num_exec_args());
    kernel_context_.reserve_exec_args(exec_args);
    if (plan.scratchpad_bytes > 0) {
      kernel_context_.set_scratchpad(
          dnnl::memory(dnnl::memory::desc({static_cast<int64_t>(plan.scratchpad_bytes)},
                                          dnnl::memory::data_type::u8, dnnl::memory::format_tag::x),
                       engine, arena_.data() + (plan.arena_bytes + 63) / 64 * 64));
    }
  }
  PlanState(const PlanState&) = delete;
  PlanState& operator=(const PlanState&) = delete;

  kernels::KernelContext& kernel_context() { return kernel_context_; }
  // Points input value `value` and every value viewing it at `data`.
  void BindInput(int value, const void* data) {
    auto it = input_dependents_.find(value);
    if (it == input_dependents_.end()) return;
    for (int v : it->second) kernel_context_.Rebind(v, const_cast<void*>(data));
  }

 private:
  kernels::HugePageBuffer arena_;
  kernels::KernelContext kernel_context_;
  std::map<int, std::vector<int>> input_dependents_;
};

}  // namespace

// A context's storage for the session's plan and, made on first use, for its
// one-thread plan; and the thread adapter choosing between them.
class RunContext::State {
 public:
  State(const ExecutionPlan& plan, int num_threads) : main_(plan), thread_adapter_(num_threads) {}

  PlanState& main() { return main_; }
  PlanState& single_thread(const ExecutionPlan& plan) {
    if (single_thread_ == nullptr) single_thread_ = std::make_unique<PlanState>(plan);
    return *single_thread_;
  }
  ThreadAdapter& thread_adapter() { return thread_adapter_; }

 private:
  PlanState main_;
  std::unique_ptr<PlanState> single_thread_;
  ThreadAdapter thread_adapter_;
};

RunContext::RunContext(std::unique_ptr<State> state) : state_(std::move(state)) {}
RunContext::~RunContext() = default;

namespace {

int ResolveThreads(int requested) { return requested > 0 ? requested : UsableCores(); }

std::vector<TensorSpec> Specs(const ExecutionPlan& plan, const std::vector<int>& values) {
  std::vector<TensorSpec> specs;
  for (int v : values) specs.push_back({plan.values[v].name, plan.values[v].dtype, plan.values[v].dims});
  return specs;
}

// Whether any of x[0, n) is NaN or infinite: |x|'s bits at least those of
// infinity. Fixed runs of 16 without an early exit, so that -O2 vectorizes
// them: a small model's input check took 4% of its INT8 run as a scalar
// search.
bool AnyNonFinite(const float* x, int64_t n) {
  constexpr int kRun = 16;
  const auto run_has_non_finite = [](const int32_t* bits) {
    int32_t found = 0;
    for (int j = 0; j < kRun; ++j) found |= static_cast<int32_t>((bits[j] & 0x7fffffff) >= 0x7f800000);
    return found;
  };
  int32_t found = 0;
  int64_t i = 0;
  for (; i + kRun <= n; i += kRun) {
    int32_t bits[kRun];
    std::memcpy(bits, x + i, sizeof(bits));
    found |= run_has_non_finite(bits);
  }
  if (i < n) {
    int32_t bits[kRun] = {};  // zeros: finite
    std::memcpy(bits, x + i, (n - i) * sizeof(float));
    found |= run_has_non_finite(bits);
  }
  return found != 0;
}

absl::Status CheckFinite(const ir::ConstTensorView& view, const std::string& name) {
  if (view.dtype != ir::DataType::kF32) return absl::OkStatus();
  const float* p = view.data<float>();
  const int64_t n = view.num_elements();
  if (!AnyNonFinite(p, n)) return absl::OkStatus();
  // Rejected input: a second, scalar pass names the first bad element.
  int64_t i = 0;
  while (std::isfinite(p[i])) ++i;
  return absl::InvalidArgumentError(
      absl::StrCat("input '", name, "' holds ", p[i], " at element ", i, " (NaN/Inf are rejected)"));
}

}  // namespace

Session::~Session() = default;

absl::StatusOr<std::unique_ptr<Session>> Session::Create(const ir::Graph& model,
                                                         const SessionOptions& options) {
  if (options.num_threads < 0 || options.num_threads > kMaxThreads) {
    return absl::InvalidArgumentError(absl::StrCat("a session runs on 0 (all cores) to ", kMaxThreads,
                                                   " threads, not ", options.num_threads));
  }
  std::unique_ptr<Session> session(new Session());
  session->num_threads_ = ResolveThreads(options.num_threads);
  session->check_inputs_ = options.check_inputs;

  // Primitives pick their blocking for the thread count they will run with.
  omp_set_num_threads(session->num_threads_);
  session->graph_ = model;
  ir::Graph& graph = session->graph_;
  MINT8_RETURN_IF_ERROR(SpecializeGraph(graph, options.input_shapes, options.batch_size,
                                        /*fold_quantization=*/true));
  MINT8_RETURN_IF_ERROR(CheckMemoryBudget(
      graph, options.memory_budget_bytes > 0 ? options.memory_budget_bytes : DefaultMemoryBudgetBytes()));
  if (options.optimize) {
    OptimizeOptions optimize;
    optimize.verify_each_pass = options.verify_passes;
    optimize.fuse_fake_quantization = true;
    optimize.fuse_scaled_quantization = true;
    optimize.fuse_concat_into_depthwise =
        options.backend == Backend::kOnednn && options.kernel_choice != KernelChoice::kOnednn;
    MINT8_RETURN_IF_ERROR(OptimizeForInference(graph, optimize));
  }
  if (options.backend == Backend::kOnednn) {
    MINT8_ASSIGN_OR_RETURN(Int8Adaptation adapted,
                           AdaptInt8ToCpu(graph, kernels::onednn::OnednnHasInt8Vnni()));
    if (adapted.narrowed_weights > 0) {
      graph.metadata()["int8_adaptation"] =
          absl::StrCat(adapted.narrowed_weights, " weight tensors narrowed to 7 bits for this CPU (no VNNI)");
    }
  }
  MINT8_RETURN_IF_ERROR(ir::Verify(graph));
  MINT8_ASSIGN_OR_RETURN(session->plan_, BuildExecutionPlan(graph, options.backend, options.kernel_choice));
  if (options.adapt_threads && session->num_threads_ > 1 && options.backend == Backend::kOnednn) {
    // oneDNN fixes a primitive's thread count when it is created: a run on
    // one thread needs primitives made for one.
    omp_set_num_threads(1);
    auto single = BuildExecutionPlan(graph, options.backend, options.kernel_choice);
    omp_set_num_threads(session->num_threads_);
    if (!single.ok()) return single.status();
    session->single_thread_plan_ = std::move(*single);
  }
  session->inputs_ = Specs(*session->plan_, session->plan_->inputs);
  session->outputs_ = Specs(*session->plan_, session->plan_->outputs);
  for (size_t i = 0; i < graph.outputs().size(); ++i) session->outputs_[i].name = graph.outputs()[i];
  return session;
}

std::unique_ptr<RunContext> Session::NewContext() const {
  return std::unique_ptr<RunContext>(
      new RunContext(std::make_unique<RunContext::State>(*plan_, num_threads_)));
}

absl::Status Session::CheckArguments(absl::Span<const ir::ConstTensorView> inputs,
                                     absl::Span<const ir::MutableTensorView> outputs) const {
  if (inputs.size() != inputs_.size() || outputs.size() != outputs_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("the model takes ", inputs_.size(), " inputs and ",
                                                   outputs_.size(), " outputs; got ", inputs.size(), " and ",
                                                   outputs.size()));
  }
  auto check = [](const TensorSpec& spec, ir::DataType dtype, const ir::Dims& dims, const void* data,
                  const char* what) -> absl::Status {
    if (dtype != spec.dtype || dims != spec.dims) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, " '", spec.name, "' must be ", ir::DataTypeName(spec.dtype), " ", ir::DimsToString(spec.dims),
          "; got ", ir::DataTypeName(dtype), " ", ir::DimsToString(dims)));
    }
    if (data == nullptr)
      return absl::InvalidArgumentError(absl::StrCat(what, " '", spec.name, "' has no data"));
    return absl::OkStatus();
  };
  for (size_t i = 0; i < inputs.size(); ++i) {
    MINT8_RETURN_IF_ERROR(check(inputs_[i], inputs[i].dtype, inputs[i].dims, inputs[i].raw, "input"));
    if (check_inputs_) MINT8_RETURN_IF_ERROR(CheckFinite(inputs[i], inputs_[i].name));
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    MINT8_RETURN_IF_ERROR(check(outputs_[i], outputs[i].dtype, outputs[i].dims, outputs[i].raw, "output"));
  }
  return absl::OkStatus();
}

absl::Status Session::Execute(RunContext& context, absl::Span<const ir::ConstTensorView> inputs,
                              absl::Span<const ir::MutableTensorView> outputs,
                              std::vector<StepProfile>* profile) const {
  MINT8_RETURN_IF_ERROR(CheckArguments(inputs, outputs));
  RunContext::State& context_state = *context.state_;
  const bool adapt = single_thread_plan_ != nullptr && profile == nullptr;
  const int threads = adapt ? context_state.thread_adapter().ThreadsForNextRun() : num_threads_;
  if (omp_get_max_threads() != threads) omp_set_num_threads(threads);
  const bool single = adapt && threads == 1;
  const ExecutionPlan& plan = single ? *single_thread_plan_ : *plan_;
  PlanState& state = single ? context_state.single_thread(plan) : context_state.main();
  const auto run_start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < inputs.size(); ++i) state.BindInput(plan.inputs[i], inputs[i].raw);
  kernels::KernelContext& ctx = state.kernel_context();
  for (const PlanStep& step : plan.steps) {
    if (profile == nullptr) {
      MINT8_RETURN_IF_ERROR(step.kernel->Execute(ctx));
      continue;
    }
    // Timed only when profiled: a clock read per step is ~1% of a small network's run.
    const auto start = std::chrono::steady_clock::now();
    MINT8_RETURN_IF_ERROR(step.kernel->Execute(ctx));
    const PlanValue& out = plan.values[step.outputs[0]];
    profile->push_back(
        {step.node, std::string(step.kernel->op_type()), step.kernel->implementation(),
         ir::DimsToString(out.dims),
         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()});
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    const int v = plan.outputs[i];
    std::memcpy(outputs[i].raw, ctx.data(v), outputs[i].num_bytes());
  }
  if (adapt) {
    context_state.thread_adapter().Record(
        threads,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - run_start).count());
  }
  return absl::OkStatus();
}

absl::Status Session::Run(RunContext& context, absl::Span<const ir::ConstTensorView> inputs,
                          absl::Span<const ir::MutableTensorView> outputs) const {
  return Execute(context, inputs, outputs, nullptr);
}

absl::Status Session::RunProfiled(RunContext& context, absl::Span<const ir::ConstTensorView> inputs,
                                  absl::Span<const ir::MutableTensorView> outputs,
                                  std::vector<StepProfile>& profile) const {
  profile.clear();
  return Execute(context, inputs, outputs, &profile);
}

absl::Status Session::Run(absl::Span<const ir::ConstTensorView> inputs,
                          absl::Span<const ir::MutableTensorView> outputs) const {
  std::unique_ptr<RunContext> context;
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!idle_contexts_.empty()) {
      context = std::move(idle_contexts_.back());
      idle_contexts_.pop_back();
    }
  }
  if (context == nullptr) context = NewContext();
  absl::Status status = Execute(*context, inputs, outputs, nullptr);
  std::lock_guard<std::mutex> lock(pool_mutex_);
  idle_contexts_.push_back(std::move(context));
  return status;
}

}  // namespace mint8::runtime
