// GraphBuilder: terse construction of small test graphs (inputs, random or
// given constants, nodes), and helpers to run a graph on both backends.
#ifndef MINT8_TESTS_GRAPH_BUILDER_H_
#define MINT8_TESTS_GRAPH_BUILDER_H_

#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/graph.h"
#include "runtime/session.h"

namespace mint8::testing {

class GraphBuilder {
 public:
  explicit GraphBuilder(uint32_t seed = 1) : rng_(seed) {}

  GraphBuilder& Input(const std::string& name, ir::Dims dims);
  // Constant with values uniform in [lo, hi].
  GraphBuilder& Random(const std::string& name, ir::Dims dims, float lo = -1.f, float hi = 1.f);
  GraphBuilder& Floats(const std::string& name, ir::Dims dims, std::vector<float> values);
  GraphBuilder& Ints(const std::string& name, std::vector<int64_t> values);
  // A quantized constant (weights s8, bias s32, zero points u8/s8), values
  // given as integers.
  GraphBuilder& QuantizedConstant(const std::string& name, ir::DataType dtype, ir::Dims dims,
                                  const std::vector<int32_t>& values,
                                  std::optional<ir::Quantization> quantization = std::nullopt);
  // Random s8 weights in [-limit, limit] with per-channel (axis 0) scales.
  GraphBuilder& QuantizedWeights(const std::string& name, ir::Dims dims, int limit,
                                 std::vector<float> scales);
  // Declares an intermediate tensor's type and quantization (outputs of
  // quantized ops need it before shape inference).
  GraphBuilder& Tensor(const std::string& name, ir::DataType dtype,
                       std::optional<ir::Quantization> quantization = std::nullopt);
  GraphBuilder& Node(const std::string& op_type, std::vector<std::string> inputs,
                     std::vector<std::string> outputs, ir::Attributes attributes = {});
  GraphBuilder& Output(const std::string& name);

  // Sorted, shape-inferred graph.
  absl::StatusOr<ir::Graph> Build();

 private:
  ir::Graph graph_;
  std::mt19937 rng_;
  int nodes_ = 0;
};

ir::Attributes Attrs(std::initializer_list<std::pair<const char*, ir::AttributeValue>> list);

// Random inputs (uniform in [-1, 1], seeded) for every input of `session`.
std::vector<std::vector<float>> RandomInputs(const runtime::Session& session, uint32_t seed);

// Runs `session` on `inputs`; returns its outputs.
absl::StatusOr<std::vector<std::vector<float>>> RunSession(const runtime::Session& session,
                                                           const std::vector<std::vector<float>>& inputs);

// Largest |a - b| / (1 + |b|) over all outputs.
double MaxRelativeError(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b);

// How the two sessions BackendDifference compares are compiled.
enum class Optimization {
  kBoth,        // both with mint8's graph optimizations (fusion)
  kNeither,     // both as written
  kOnednnOnly,  // the reference runs the ops as written: a fusion keeps the numbers
};

// Compiles `graph` on the oneDNN (its kernels only, no races against
// mint8's) and the reference backend, runs both on the
// same random inputs (`seed`) and returns the largest relative difference
// of their outputs; `onednn` (if given) receives the oneDNN session.
absl::StatusOr<double> BackendDifference(const ir::Graph& graph, uint32_t seed,
                                         std::unique_ptr<runtime::Session>* onednn = nullptr,
                                         Optimization optimization = Optimization::kBoth);

// Whether some step of `session` runs `op_type` on oneDNN rather than on a
// reference kernel.
bool RunsOnOnednn(const runtime::Session& session, absl::string_view op_type);

}  // namespace mint8::testing

#endif  // MINT8_TESTS_GRAPH_BUILDER_H_
