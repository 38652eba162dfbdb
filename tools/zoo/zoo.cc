#include "tools/zoo/zoo.h"

#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/op_schema.h"
#include "ir/shape_inference.h"
#include "ir/status_macros.h"
#include "runtime/kernel_choice.h"
#include "runtime/session.h"
#include "tools/data/synthetic_images.h"
#include "tools/zoo/architectures.h"

namespace mint8::tools {
namespace {

constexpr int64_t kInitBatch = 4;
constexpr float kLogitStd = 3.f;

struct Value {
  ir::Dims dims;
  std::vector<float> data;
};

// Runs one node of `graph` on `values` (its non-constant inputs).
absl::StatusOr<Value> RunNode(const ir::Graph& graph, const ir::Node& node,
                              const std::map<std::string, Value>& values) {
  ir::Graph single;
  runtime::SessionOptions options;
  options.optimize = false;
  // One run per session: timing kernel candidates would cost more than it
  // saves, and the weights must not depend on which candidate won here.
  options.kernel_choice = runtime::KernelChoice::kOnednn;
  std::vector<const Value*> inputs;
  for (const std::string& in : node.inputs) {
    if (in.empty() || single.FindTensor(in) != nullptr) continue;
    const ir::TensorInfo* constant = graph.FindConstant(in);
    if (constant != nullptr) {
      single.AddConstant(in, constant->dtype, constant->shape.Sizes(), constant->data);
      continue;
    }
    const Value& v = values.at(in);
    single.AddTensor(in, ir::DataType::kF32, ir::Shape::Of(v.dims));
    single.inputs().push_back(in);
    options.input_shapes[in] = v.dims;
    inputs.push_back(&v);
  }
  single.AddNode(node);
  single.outputs() = {node.outputs[0]};
  MINT8_RETURN_IF_ERROR(ir::InferShapes(single));
  MINT8_ASSIGN_OR_RETURN(auto session, runtime::Session::Create(single, options));
  Value out;
  out.dims = session->outputs()[0].dims;
  out.data.resize(ir::NumElements(out.dims));
  std::vector<ir::ConstTensorView> in_views;
  for (const Value* v : inputs) in_views.push_back({ir::DataType::kF32, v->dims, v->data.data()});
  ir::MutableTensorView out_view{ir::DataType::kF32, out.dims, out.data.data()};
  MINT8_RETURN_IF_ERROR(session->Run(in_views, {&out_view, 1}));
  return out;
}

void ReplaceConstant(ir::Graph& graph, const std::string& name, const std::vector<float>& values) {
  const ir::TensorInfo& t = *graph.FindConstant(name);
  graph.AddConstant(name, ir::DataType::kF32, t.shape.Sizes(),
                    ir::Buffer::Copy(values.data(), values.size() * sizeof(float)));
}

void SetBatchNormStatistics(ir::Graph& graph, const ir::Node& bn, const Value& x) {
  const int64_t n = x.dims[0], c = x.dims[1], spatial = ir::NumElements(x.dims) / (n * c);
  std::vector<float> mean(c), var(c);
  for (int64_t ch = 0; ch < c; ++ch) {
    double sum = 0, sq = 0;
    for (int64_t b = 0; b < n; ++b) {
      const float* p = x.data.data() + (b * c + ch) * spatial;
      for (int64_t i = 0; i < spatial; ++i) {
        sum += p[i];
        sq += static_cast<double>(p[i]) * p[i];
      }
    }
    const double count = static_cast<double>(n * spatial);
    mean[ch] = static_cast<float>(sum / count);
    var[ch] = static_cast<float>(std::max(sq / count - (sum / count) * (sum / count), 1e-6));
  }
  ReplaceConstant(graph, bn.inputs[3], mean);
  ReplaceConstant(graph, bn.inputs[4], var);
}

// Scales the weights (and bias) of `node` so `out` gets standard deviation
// `target`; `out` is rescaled in place to match.
void ScaleToStd(ir::Graph& graph, const ir::Node& node, Value& out, float target) {
  double sum = 0, sq = 0;
  for (float v : out.data) {
    sum += v;
    sq += static_cast<double>(v) * v;
  }
  const double n = static_cast<double>(out.data.size());
  const double std = std::sqrt(std::max(sq / n - (sum / n) * (sum / n), 1e-12));
  const float factor = static_cast<float>(target / std);
  for (size_t i = 1; i < node.inputs.size() && i < 3; ++i) {
    if (node.inputs[i].empty()) continue;
    auto values = graph.FindConstant(node.inputs[i])->data->span<float>();
    std::vector<float> scaled(values.begin(), values.end());
    for (float& v : scaled) v *= factor;
    ReplaceConstant(graph, node.inputs[i], scaled);
  }
  for (float& v : out.data) v *= factor;
}

absl::Status InitializeFromData(ir::Graph& graph, uint32_t seed) {
  MINT8_RETURN_IF_ERROR(graph.TopologicalSort());
  std::map<std::string, Value> values;
  for (const std::string& in : graph.inputs()) {
    const ir::Shape& shape = graph.FindTensor(in)->shape;
    ir::Dims dims = {kInitBatch};
    for (int d = 1; d < shape.rank(); ++d) dims.push_back(shape.dim(d).size);
    Value v{dims, std::vector<float>(ir::NumElements(dims))};
    const int64_t per_image = v.data.size() / kInitBatch;
    for (int64_t i = 0; i < kInitBatch; ++i) {
      SyntheticImage(seed, i, dims[2], dims[3], v.data.data() + i * per_image);
    }
    values[in] = std::move(v);
  }
  std::map<std::string, int> remaining_uses;
  for (const auto& node : graph.nodes()) {
    for (const std::string& in : node->inputs) ++remaining_uses[in];
  }
  for (const auto& node_ptr : graph.nodes()) {
    const ir::Node& node = *node_ptr;
    const ir::OpTraits& traits = ir::TraitsOf(node.op_type);
    if (traits.folds_into_producer_weights) SetBatchNormStatistics(graph, node, values.at(node.inputs[0]));
    MINT8_ASSIGN_OR_RETURN(Value out, RunNode(graph, node, values));
    if (traits.weight_output_axis != nullptr) {
      const std::vector<ir::Node*> users = graph.Consumers(node.outputs[0]);
      const bool normalized = !users.empty() && ir::TraitsOf(users[0]->op_type).folds_into_producer_weights;
      if (!normalized) ScaleToStd(graph, node, out, graph.IsGraphOutput(node.outputs[0]) ? kLogitStd : 1.f);
    }
    values[node.outputs[0]] = std::move(out);
    for (const std::string& in : node.inputs) {
      if (--remaining_uses[in] == 0) values.erase(in);
    }
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<ZooModelInfo>& ZooModels() {
  static const auto* const models = new std::vector<ZooModelInfo>{
      {"resnet50", "ResNet-50 v1.5 (torchvision layout)", 4'100'000'000},
      {"resnet101", "ResNet-101 v1.5 (torchvision layout)", 7'800'000'000},
      {"mobilenet_v1", "MobileNet-V1 1.0, 224, ReLU6", 570'000'000},
      {"mobilenet_v2", "MobileNet-V2 1.0, 224", 300'000'000},
      {"googlenet", "GoogLeNet / Inception v1 (BVLC Caffe layout, no auxiliary heads)", 1'500'000'000},
      {"vgg16", "VGG16 (configuration D)", 15'500'000'000},
      {"vgg19", "VGG19 (configuration E)", 19'600'000'000},
      {"efficientnet_b0", "EfficientNet-B0 (SiLU, squeeze-excite)", 390'000'000},
      {"mobilenet_v3_large", "MobileNetV3-Large (hard-swish, squeeze-excite)", 217'000'000},
      {"mobilenet_v3_small", "MobileNetV3-Small (hard-swish, squeeze-excite)", 56'000'000},
      {"shufflenet_v2", "ShuffleNetV2 x1.0 (channel split and shuffle)", 146'000'000},
      {"resnext50_32x4d", "ResNeXt-50 32x4d (grouped 3x3 convolutions)", 4'260'000'000},
      {"regnet_y_400mf", "RegNetY-400MF (grouped convolutions, squeeze-excite)", 400'000'000},
      {"densenet121", "DenseNet-121 (pre-activation, dense concatenation)", 2'870'000'000},
      {"inception_v3", "Inception-v3 (factorized 7x7 and 3x3 convolutions, 299x299)", 5'710'000'000, 299},
      {"convnext_tiny", "ConvNeXt-Tiny (7x7 depthwise, LayerNorm, GELU MLPs)", 4'460'000'000},
      {"vit_ti_16", "ViT-Ti/16 (12 encoder blocks, 192 wide, 3 heads)", 1'260'000'000},
  };
  return *models;
}

absl::StatusOr<ir::Graph> BuildZooArchitecture(absl::string_view name, uint32_t seed) {
  ir::Graph g;
  if (name == "resnet50")
    g = BuildResNet(50, seed);
  else if (name == "resnet101")
    g = BuildResNet(101, seed);
  else if (name == "mobilenet_v1")
    g = BuildMobileNetV1(seed);
  else if (name == "mobilenet_v2")
    g = BuildMobileNetV2(seed);
  else if (name == "googlenet")
    g = BuildGoogLeNet(seed);
  else if (name == "vgg16")
    g = BuildVgg(16, seed);
  else if (name == "vgg19")
    g = BuildVgg(19, seed);
  else if (name == "efficientnet_b0")
    g = BuildEfficientNetB0(seed);
  else if (name == "mobilenet_v3_large")
    g = BuildMobileNetV3Large(seed);
  else if (name == "mobilenet_v3_small")
    g = BuildMobileNetV3Small(seed);
  else if (name == "shufflenet_v2")
    g = BuildShuffleNetV2(seed);
  else if (name == "resnext50_32x4d")
    g = BuildResNeXt50(seed);
  else if (name == "regnet_y_400mf")
    g = BuildRegNetY400MF(seed);
  else if (name == "densenet121")
    g = BuildDenseNet121(seed);
  else if (name == "inception_v3")
    g = BuildInceptionV3(seed);
  else if (name == "convnext_tiny")
    g = BuildConvNeXtTiny(seed);
  else if (name == "vit_ti_16")
    g = BuildVitTiny(seed);
  else {
    std::vector<std::string> names;
    for (const ZooModelInfo& m : ZooModels()) names.push_back(m.name);
    return absl::NotFoundError(
        absl::StrCat("no zoo model '", name, "'; the zoo has ", absl::StrJoin(names, ", ")));
  }
  g.metadata()["zoo_seed"] = absl::StrCat(seed);
  // The batch is left symbolic ("N"); sessions bind it.
  for (const auto& [tensor, info] : g.tensors()) {
    if (info.is_constant()) continue;
    ir::TensorInfo& t = *g.FindTensor(tensor);
    if (g.IsGraphInput(tensor))
      t.shape.mutable_dim(0) = ir::Dim::Symbolic("N");
    else
      t.shape = ir::Shape();
  }
  MINT8_RETURN_IF_ERROR(g.TopologicalSort());
  MINT8_RETURN_IF_ERROR(ir::InferShapes(g));
  return g;
}

absl::StatusOr<ir::Graph> BuildZooModel(absl::string_view name, uint32_t seed) {
  MINT8_ASSIGN_OR_RETURN(ir::Graph g, BuildZooArchitecture(name, seed));
  MINT8_RETURN_IF_ERROR(InitializeFromData(g, seed));
  g.metadata()["zoo_initialization"] =
      "data-dependent: BatchNorm statistics re-estimated and "
      "unnormalized layers scaled to unit gain on synthetic images";
  return g;
}

}  // namespace mint8::tools
