// ExecutionPlan: a compiled graph: the values (tensors in a concrete layout
// and storage) and the steps (kernels) that compute them, in order, plus the
// arena layout that lets a run execute without allocating.
#ifndef MINT8_RUNTIME_EXECUTION_PLAN_H_
#define MINT8_RUNTIME_EXECUTION_PLAN_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ir/buffer.h"
#include "ir/data_type.h"
#include "ir/shape.h"
#include "kernels/kernel.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace mint8::runtime {

enum class Storage {
  kArena,     // a slice of the run context's arena
  kConstant,  // session-owned bytes (weights and folded constants)
  kInput,     // the caller's input buffer, bound at each run
  kAlias,     // the storage of another value (reshapes, in-place sums)
};

struct PlanValue {
  std::string name;  // the graph tensor (reorders add "<tensor>@<layout>")
  ir::DataType dtype = ir::DataType::kUnknown;
  ir::Dims dims;
  // The oneDNN layout; zero for types oneDNN cannot describe (s64, bool).
  dnnl::memory::desc desc;
  size_t bytes = 0;
  Storage storage = Storage::kArena;
  int alias_of = -1;  // kAlias: the value whose storage this one shares
  size_t offset = 0;  // kArena
  std::shared_ptr<const ir::Buffer> constant;  // kConstant
};

struct PlanStep {
  std::unique_ptr<kernels::Kernel> kernel;
  std::string node;  // the graph node it comes from ("" for inserted reorders)
  std::vector<int> inputs;
  std::vector<int> outputs;
  // Why a node runs on a reference kernel in the oneDNN backend ("" otherwise).
  std::string note;
  // Why this implementation, where oneDNN's and mint8's own kernel were
  // timed against each other ("" otherwise).
  std::string choice;
};

struct ExecutionPlan {
  std::vector<PlanValue> values;
  std::vector<PlanStep> steps;
  std::vector<int> inputs;   // one value per graph input, in order
  std::vector<int> outputs;  // one plain-layout value per graph output
  size_t arena_bytes = 0;
  size_t scratchpad_bytes = 0;

  // The value whose storage `value` ultimately uses.
  int StorageRoot(int value) const;
};

// Gives every arena value an offset so that values alive at the same time do
// not overlap (lifetimes from the steps; graph outputs live to the end), and
// sets arena_bytes and scratchpad_bytes.
void PlanArena(ExecutionPlan& plan);

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_EXECUTION_PLAN_H_
