// inspect: what is in a model: inputs and outputs, an op histogram, and a
// per-node table (op, output shape, precision, quantization scales, fused
// post-ops, MACs), with total MACs and parameter bytes; --dot writes Graphviz;
// the compiled plan's layers that fall back to mint8's reference kernels.
//
//   bazel run //tools:inspect -- --model=squeezenet1.1.onnx
//   bazel run //tools:inspect -- --model=zoo:resnet50 --optimized --dot=resnet50.dot
#include <cstdio>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gflags/gflags.h"
#include "ir/file_io.h"
#include "ir/op_schema.h"
#include "ir/statistics.h"
#include "runtime/graph_optimizer.h"
#include "runtime/memory_budget.h"
#include "runtime/session.h"
#include "runtime/specialization.h"
#include "tools/common/cli.h"
#include "tools/common/report.h"

DEFINE_string(model, "", "ONNX, .mint8 or zoo:NAME");
DEFINE_string(input_shape, "", "Bind input shapes (1x3x224x224 or name:...); default: batch 1");
DEFINE_bool(optimized, false, "Show the graph after mint8's FP32 optimizations (fusion)");
DEFINE_string(dot, "", "Write the graph as Graphviz dot to this file");
DEFINE_int32(max_nodes, 2000, "Print at most this many nodes in the table");
DEFINE_bool(plan, true,
            "Compile the model (oneDNN, 1 thread) and list the layers on mint8's reference kernels, and why");

namespace mint8::tools {
namespace {

// A layer oneDNN cannot run falls back to mint8's reference kernel (slow),
// visibly: the plan step records why. Layers mint8 has a kernel of its own
// for show which one won the timing.
void PrintPlanFallbacks(const ir::Graph& model, const runtime::InputShapes& shapes) {
  runtime::SessionOptions options;
  options.num_threads = 1;
  options.input_shapes = shapes;
  options.memory_budget_bytes = MemoryBudgetBytes();
  std::unique_ptr<runtime::Session> session =
      ValueOrFail(runtime::Session::Create(model, options), "compiling");
  MarkdownTable table({"#", "op", "node", "why not oneDNN"});
  int fallbacks = 0;
  const auto& steps = session->plan().steps;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].note.empty()) continue;
    ++fallbacks;
    table.AddRow({absl::StrCat(i), std::string(steps[i].kernel->op_type()), steps[i].node, steps[i].note});
  }
  std::printf("\nplan: %zu steps, %d on mint8's reference kernels%s\n%s", steps.size(), fallbacks,
              fallbacks > 0 ? ":" : "", fallbacks > 0 ? table.ToString().c_str() : "");
  MarkdownTable timed({"#", "op", "node", "implementation", "why"});
  int timed_steps = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].choice.empty()) continue;
    ++timed_steps;
    timed.AddRow({absl::StrCat(i), std::string(steps[i].kernel->op_type()), steps[i].node,
                  steps[i].kernel->implementation(), steps[i].choice});
  }
  if (timed_steps > 0) {
    std::printf("\nlayers timed on this CPU, oneDNN against mint8's own kernel (the faster runs):\n%s",
                timed.ToString().c_str());
  }
}

std::string Precision(const ir::TensorInfo& t) {
  if (!t.quantization.has_value()) return std::string(ir::DataTypeName(t.dtype));
  const ir::Quantization& q = *t.quantization;
  std::string s = absl::StrCat(ir::DataTypeName(t.dtype), " scale ");
  if (q.per_channel()) {
    const auto [lo, hi] = std::minmax_element(q.scales.begin(), q.scales.end());
    absl::StrAppend(&s, "[", q.scales.size(), " ch: ", *lo, "..", *hi, "]");
  } else {
    absl::StrAppend(&s, q.scales[0]);
  }
  if (!q.zero_points.empty() && q.zero_points[0] != 0) absl::StrAppend(&s, " zp ", q.zero_points[0]);
  return s;
}

std::string PostOps(const ir::Node& node) {
  std::vector<ir::PostOp> post_ops;
  if (!ir::ParsePostOps(node, post_ops).ok()) return "?";
  std::vector<std::string> names;
  for (const ir::PostOp& p : post_ops) names.push_back(std::string(ir::PostOpName(p.kind)));
  return absl::StrJoin(names, "+");
}

std::string Dot(const ir::Graph& g) {
  std::string out = "digraph mint8 {\n  rankdir=TB;\n  node [shape=box, fontname=Helvetica];\n";
  for (const std::string& in : g.inputs()) absl::StrAppend(&out, "  \"", in, "\" [shape=ellipse];\n");
  for (const auto& node : g.nodes()) {
    const std::string label =
        absl::StrCat(node->op_type, node->attributes.Has("post_ops") ? "+" + PostOps(*node) : "");
    absl::StrAppend(&out, "  \"n:", node->name, "\" [label=\"", label, "\\n", node->name, "\"];\n");
    for (const std::string& in : node->inputs) {
      if (in.empty() || g.FindConstant(in) != nullptr) continue;
      const ir::Node* producer = g.Producer(in);
      const std::string from = producer != nullptr ? absl::StrCat("n:", producer->name) : in;
      const ir::TensorInfo* t = g.FindTensor(in);
      absl::StrAppend(&out, "  \"", from, "\" -> \"n:", node->name, "\" [label=\"",
                      t != nullptr ? t->shape.ToString() : "", "\"];\n");
    }
  }
  for (const std::string& o : g.outputs()) {
    const ir::Node* producer = g.Producer(o);
    if (producer != nullptr) absl::StrAppend(&out, "  \"n:", producer->name, "\" -> \"", o, "\";\n");
    absl::StrAppend(&out, "  \"", o, "\" [shape=ellipse];\n");
  }
  return out + "}\n";
}

int Main() {
  if (FLAGS_model.empty()) Fail("--model is required (see --help)");
  const std::string dot_path = ResolvePath(FLAGS_dot);
  ir::Graph g = ValueOrFail(LoadModelSpec(FLAGS_model), FLAGS_model);
  const ir::Graph model = g;
  std::printf("model: %s\n", FLAGS_model.c_str());
  for (const auto& [k, v] : g.metadata()) std::printf("  %s: %s\n", k.c_str(), v.c_str());
  std::printf("inputs (as declared): %s\n", runtime::DescribeInputs(g).c_str());
  runtime::InputShapes shapes;
  if (!FLAGS_input_shape.empty()) {
    if (g.inputs().empty()) Fail("--input_shape: the model has no inputs");
    shapes = ValueOrFail(ParseInputShapes(FLAGS_input_shape, g.inputs()[0]), "--input_shape");
  }
  FailIfError(runtime::SpecializeGraph(g, shapes, 0), "binding input shapes");
  // What a session would refuse is refused here too (sizes that overflow).
  const int64_t budget = MemoryBudgetBytes();
  FailIfError(runtime::CheckMemoryBudget(g, budget > 0 ? budget : runtime::DefaultMemoryBudgetBytes()),
              "binding input shapes");
  if (FLAGS_optimized) FailIfError(runtime::OptimizeForInference(g), "optimizing");
  std::printf("inputs (bound): %s\n", runtime::DescribeInputs(g).c_str());
  for (const std::string& o : g.outputs()) {
    const ir::TensorInfo& t = *g.FindTensor(o);
    std::printf("output: %s: %s %s\n", o.c_str(), std::string(ir::DataTypeName(t.dtype)).c_str(),
                t.shape.ToString().c_str());
  }
  std::map<std::string, int> histogram;
  for (const auto& node : g.nodes()) ++histogram[node->op_type];
  std::vector<std::string> parts;
  for (const auto& [op, count] : histogram) parts.push_back(absl::StrCat(op, " x", count));
  std::printf("\n%d nodes: %s\n\n", g.num_nodes(), absl::StrJoin(parts, ", ").c_str());

  MarkdownTable table({"#", "node", "op", "output", "precision", "fused post-ops", "MACs"});
  int index = 0;
  for (const auto& node : g.nodes()) {
    if (index >= FLAGS_max_nodes) break;
    const ir::TensorInfo& out = *g.FindTensor(node->outputs[0]);
    const int64_t macs = ir::NodeMacs(g, *node);
    table.AddRow({absl::StrCat(index++), node->name, node->op_type, out.shape.ToString(), Precision(out),
                  PostOps(*node), macs > 0 ? absl::StrCat(macs) : ""});
  }
  std::printf("%s\n", table.ToString().c_str());
  std::printf("total: %.3f GMAC per run, %.2f MB of parameters\n", ir::CountMacs(g) / 1e9,
              ir::ParameterBytes(g) / 1e6);
  if (!dot_path.empty()) {
    FailIfError(ir::WriteStringToFileAtomically(dot_path, Dot(g)), "--dot");
    std::printf("wrote %s (render with: dot -Tsvg %s -o graph.svg)\n", dot_path.c_str(), dot_path.c_str());
  }
  if (FLAGS_plan) PrintPlanFallbacks(model, shapes);
  return 0;
}

}  // namespace
}  // namespace mint8::tools

int main(int argc, char** argv) {
  mint8::tools::ParseFlags(&argc, &argv,
                           "Prints a model's structure.\n  inspect --model=M [--optimized] [--dot=g.dot]");
  return mint8::tools::Main();
}
