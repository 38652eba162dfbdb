#include "tests/graph_builder.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "ir/shape_inference.h"
#include "ir/status_macros.h"

namespace mint8::testing {

GraphBuilder& GraphBuilder::Input(const std::string& name, ir::Dims dims) {
  graph_.AddTensor(name, ir::DataType::kF32, ir::Shape::Of(dims));
  graph_.inputs().push_back(name);
  return *this;
}

GraphBuilder& GraphBuilder::Random(const std::string& name, ir::Dims dims, float lo, float hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> values(ir::NumElements(dims));
  for (float& v : values) v = dist(rng_);
  return Floats(name, dims, values);
}

GraphBuilder& GraphBuilder::Floats(const std::string& name, ir::Dims dims, std::vector<float> values) {
  graph_.AddConstant(name, ir::DataType::kF32, dims,
                     ir::Buffer::Copy(values.data(), values.size() * sizeof(float)));
  return *this;
}

GraphBuilder& GraphBuilder::Ints(const std::string& name, std::vector<int64_t> values) {
  graph_.AddConstant(name, ir::DataType::kS64, {static_cast<int64_t>(values.size())},
                     ir::Buffer::Copy(values.data(), values.size() * sizeof(int64_t)));
  return *this;
}

GraphBuilder& GraphBuilder::QuantizedConstant(const std::string& name, ir::DataType dtype, ir::Dims dims,
                                              const std::vector<int32_t>& values,
                                              std::optional<ir::Quantization> quantization) {
  const size_t esize = ir::DataTypeSize(dtype);
  std::shared_ptr<ir::Buffer> b = ir::Buffer::Allocate(values.size() * esize);
  for (size_t i = 0; i < values.size(); ++i) {
    switch (dtype) {
      case ir::DataType::kU8:
        b->mutable_data<uint8_t>()[i] = static_cast<uint8_t>(values[i]);
        break;
      case ir::DataType::kS8:
        b->mutable_data<int8_t>()[i] = static_cast<int8_t>(values[i]);
        break;
      default:
        b->mutable_data<int32_t>()[i] = values[i];
    }
  }
  graph_.AddConstant(name, dtype, dims, b).quantization = std::move(quantization);
  return *this;
}

GraphBuilder& GraphBuilder::QuantizedWeights(const std::string& name, ir::Dims dims, int limit,
                                             std::vector<float> scales) {
  std::uniform_int_distribution<int> dist(-limit, limit);
  std::vector<int32_t> values(ir::NumElements(dims));
  for (int32_t& v : values) v = dist(rng_);
  ir::Quantization q;
  q.scales = std::move(scales);
  q.axis = 0;
  return QuantizedConstant(name, ir::DataType::kS8, dims, values, q);
}

GraphBuilder& GraphBuilder::Tensor(const std::string& name, ir::DataType dtype,
                                   std::optional<ir::Quantization> quantization) {
  graph_.AddTensor(name, dtype, ir::Shape()).quantization = std::move(quantization);
  return *this;
}

GraphBuilder& GraphBuilder::Node(const std::string& op_type, std::vector<std::string> inputs,
                                 std::vector<std::string> outputs, ir::Attributes attributes) {
  graph_.AddNode(ir::Node{absl::StrCat(op_type, "_", nodes_++), op_type, std::move(inputs),
                          std::move(outputs), std::move(attributes)});
  return *this;
}

GraphBuilder& GraphBuilder::Output(const std::string& name) {
  graph_.outputs().push_back(name);
  return *this;
}

absl::StatusOr<ir::Graph> GraphBuilder::Build() {
  ir::Graph g = graph_;
  MINT8_RETURN_IF_ERROR(g.TopologicalSort());
  MINT8_RETURN_IF_ERROR(ir::InferShapes(g));
  return g;
}

ir::Attributes Attrs(std::initializer_list<std::pair<const char*, ir::AttributeValue>> list) {
  ir::Attributes a;
  for (const auto& [k, v] : list) a.Set(k, v);
  return a;
}

std::vector<std::vector<float>> RandomInputs(const runtime::Session& session, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<std::vector<float>> inputs;
  for (const runtime::TensorSpec& spec : session.inputs()) {
    std::vector<float> v(ir::NumElements(spec.dims));
    for (float& x : v) x = dist(rng);
    inputs.push_back(std::move(v));
  }
  return inputs;
}

absl::StatusOr<std::vector<std::vector<float>>> RunSession(const runtime::Session& session,
                                                           const std::vector<std::vector<float>>& inputs) {
  std::vector<ir::ConstTensorView> in;
  for (size_t i = 0; i < inputs.size(); ++i) {
    in.push_back({ir::DataType::kF32, session.inputs()[i].dims, inputs[i].data()});
  }
  std::vector<std::vector<float>> outputs;
  std::vector<ir::MutableTensorView> out;
  for (const runtime::TensorSpec& spec : session.outputs()) {
    outputs.emplace_back(ir::NumElements(spec.dims));
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    out.push_back({ir::DataType::kF32, session.outputs()[i].dims, outputs[i].data()});
  }
  MINT8_RETURN_IF_ERROR(session.Run(in, out));
  return outputs;
}

double MaxRelativeError(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = 0; j < a[i].size(); ++j) {
      const double e = std::fabs(a[i][j] - b[i][j]) / (1.0 + std::fabs(b[i][j]));
      if (std::isnan(e)) return INFINITY;
      worst = std::max(worst, e);
    }
  }
  return worst;
}

absl::StatusOr<double> BackendDifference(const ir::Graph& graph, uint32_t seed,
                                         std::unique_ptr<runtime::Session>* onednn,
                                         Optimization optimization) {
  runtime::SessionOptions onednn_options, reference_options;
  onednn_options.optimize = optimization != Optimization::kNeither;
  // No timing races: which kernel wins (Winograd or direct, say) would
  // change the numbers from run to run.
  onednn_options.kernel_choice = runtime::KernelChoice::kOnednn;
  reference_options.optimize = optimization == Optimization::kBoth;
  reference_options.backend = runtime::Backend::kReference;
  MINT8_ASSIGN_OR_RETURN(std::unique_ptr<runtime::Session> a,
                         runtime::Session::Create(graph, onednn_options));
  MINT8_ASSIGN_OR_RETURN(std::unique_ptr<runtime::Session> r,
                         runtime::Session::Create(graph, reference_options));
  const auto inputs = RandomInputs(*a, seed);
  MINT8_ASSIGN_OR_RETURN(auto ya, RunSession(*a, inputs));
  MINT8_ASSIGN_OR_RETURN(auto yr, RunSession(*r, inputs));
  if (onednn != nullptr) *onednn = std::move(a);
  return MaxRelativeError(ya, yr);
}

bool RunsOnOnednn(const runtime::Session& session, absl::string_view op_type) {
  for (const auto& step : session.plan().steps) {
    if (step.kernel->op_type() == op_type && step.note.empty()) return true;
  }
  return false;
}

}  // namespace mint8::testing
