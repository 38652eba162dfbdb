// Session: a model compiled for concrete input shapes, ready to run.
//
//   SessionOptions options;
//   options.num_threads = 1;
//   auto session = Session::Create(graph, options);          // compile once
//   ir::ConstTensorView in{ir::DataType::kF32, {1, 3, 224, 224}, pixels};
//   ir::MutableTensorView out{ir::DataType::kF32, {1, 1000}, logits};
//   absl::Status s = (*session)->Run({&in, 1}, {&out, 1});
//
// Create specializes the graph (binds input shapes, folds shape arithmetic),
// runs the FP32 optimization passes, and builds an execution plan: oneDNN
// primitives with weights packed once, layouts kept between layers, and one
// arena whose layout is fixed by tensor lifetimes.
//
// Threads: Run may be called from several threads at once. Each call borrows
// a RunContext (arena, oneDNN stream, memory objects) from a pool; the pool
// grows only when more threads run at the same time than ever before, so a
// warm Run allocates nothing in mint8's own code. NewContext() + Run(context,
// ...) lets a thread own its context outright. (oneDNN 2.6 itself allocates a
// small argument map inside each primitive execution; mint8 cannot avoid it.)
#ifndef MINT8_RUNTIME_SESSION_H_
#define MINT8_RUNTIME_SESSION_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ir/graph.h"
#include "ir/tensor_view.h"
#include "runtime/execution_plan.h"
#include "runtime/kernel_choice.h"
#include "runtime/plan_builder.h"

namespace mint8::runtime {

inline constexpr int kMaxThreads = 1024;

struct SessionOptions {
  Backend backend = Backend::kOnednn;
  // OpenMP threads for each Run (oneDNN uses OpenMP); 0 = all cores
  // (UsableCores(): OMP_NUM_THREADS when set, else the affinity mask), at
  // most kMaxThreads.
  int num_threads = 0;
  // Bytes the session's tensors may take (see memory_budget.h); 0 = three
  // quarters of physical memory.
  int64_t memory_budget_bytes = 0;
  // Concrete shapes for inputs; dimensions given here override the model's.
  std::map<std::string, ir::Dims> input_shapes;
  // > 0: the first (batch) dimension of every input not in input_shapes,
  // even where the model fixes it; 0: symbolic batch dimensions become 1.
  int64_t batch_size = 0;
  // Run the FP32 optimization passes (folding, fusion).
  bool optimize = true;
  // Reject inputs holding NaN or infinity with a clear error.
  bool check_inputs = true;
  // Verify the graph after each compilation pass (tests).
  bool verify_passes = false;
  // With num_threads > 1: run on one thread instead while that has measured
  // faster (another process busy on a core; thread_adapter.h). Costs a
  // second plan made for one thread (compile time, packed weights). Off:
  // every run uses num_threads (bit-identical FP32 results run to run).
  bool adapt_threads = true;
  // Nodes both oneDNN and one of mint8's own kernels cover: the faster on
  // this CPU (timed while compiling), or one of them always.
  KernelChoice kernel_choice = KernelChoice::kFastest;
};

struct TensorSpec {
  std::string name;
  ir::DataType dtype;
  ir::Dims dims;
};

// Time spent in one plan step during RunProfiled.
struct StepProfile {
  std::string node;  // graph node, "" for inserted reorders
  std::string op_type;
  std::string implementation;  // oneDNN implementation or "mint8:reference"
  std::string output_shape;
  double milliseconds = 0;
};

// Per-thread run state: the arena, a oneDNN stream and the memory objects
// over the arena. Made by Session::NewContext; used by one thread at a time.
class RunContext {
 public:
  ~RunContext();
  RunContext(const RunContext&) = delete;
  RunContext& operator=(const RunContext&) = delete;

 private:
  friend class Session;
  class State;
  explicit RunContext(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

class Session {
 public:
  static absl::StatusOr<std::unique_ptr<Session>> Create(const ir::Graph& model,
                                                         const SessionOptions& options);
  ~Session();

  const std::vector<TensorSpec>& inputs() const { return inputs_; }
  const std::vector<TensorSpec>& outputs() const { return outputs_; }
  // The graph as compiled (specialized and optimized).
  const ir::Graph& graph() const { return graph_; }
  const ExecutionPlan& plan() const { return *plan_; }
  int num_threads() const { return num_threads_; }

  // One view per model input / output, in order, with matching types and
  // dimensions. Thread-safe.
  absl::Status Run(absl::Span<const ir::ConstTensorView> inputs,
                   absl::Span<const ir::MutableTensorView> outputs) const;

  // A context for repeated runs from one thread (no pool lock).
  std::unique_ptr<RunContext> NewContext() const;
  absl::Status Run(RunContext& context, absl::Span<const ir::ConstTensorView> inputs,
                   absl::Span<const ir::MutableTensorView> outputs) const;
  // As Run, and records the time of every step.
  absl::Status RunProfiled(RunContext& context, absl::Span<const ir::ConstTensorView> inputs,
                           absl::Span<const ir::MutableTensorView> outputs,
                           std::vector<StepProfile>& profile) const;

 private:
  Session() = default;
  absl::Status CheckArguments(absl::Span<const ir::ConstTensorView> inputs,
                              absl::Span<const ir::MutableTensorView> outputs) const;
  absl::Status Execute(RunContext& context, absl::Span<const ir::ConstTensorView> inputs,
                       absl::Span<const ir::MutableTensorView> outputs,
                       std::vector<StepProfile>* profile) const;

  ir::Graph graph_;
  std::unique_ptr<ExecutionPlan> plan_;
  std::vector<TensorSpec> inputs_;
  std::vector<TensorSpec> outputs_;
  int num_threads_ = 1;
  // The plan again with primitives made for one thread (adapt_threads).
  std::unique_ptr<ExecutionPlan> single_thread_plan_;
  bool check_inputs_ = true;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<RunContext>> idle_contexts_;
};

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_SESSION_H_
