// Runs the ONNX project's own backend node tests (Debian's libonnx-testdata)
// for every operator mint8 supports, on both backends, against the expected
// outputs shipped with each test.
//
// A test is in scope when all of its operators are ones mint8 supports. Tests
// in scope that mint8 does not pass are listed in kSkipped below with the
// reason; the test fails if any other in-scope test fails, and if a listed
// test starts passing (so the list stays true).
#include <dirent.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "ir/onnx/importer.h"
#include "ir/onnx/tensor_proto.h"
#include "ir/op_schema.h"
#include "runtime/session.h"

namespace mint8 {
namespace {

constexpr char kNodeTestDir[] = "/usr/include/onnx/backend/test/data/node";

// In-scope node tests mint8 does not run, and why.
const std::map<std::string, std::string>& Skipped() {
  static const auto* const skipped = new std::map<std::string, std::string>{
#include "tests/onnx_conformance_skips.inc"
  };
  return *skipped;
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') names.push_back(e->d_name);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool ReadProto(const std::string& path, google::protobuf::MessageLite& message) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return in.good() || in.eof() ? message.ParseFromString(bytes.str()) : false;
}

struct Tensor {
  ir::DataType dtype;
  ir::Dims dims;
  std::shared_ptr<const ir::Buffer> data;
};

absl::StatusOr<std::vector<Tensor>> ReadTensors(const std::string& dir, const std::string& prefix) {
  std::vector<Tensor> tensors;
  for (int i = 0;; ++i) {
    const std::string path = absl::StrCat(dir, "/", prefix, "_", i, ".pb");
    std::ifstream probe(path);
    if (!probe.good()) break;
    ::onnx::TensorProto proto;
    if (!ReadProto(path, proto)) return absl::DataLossError(absl::StrCat("cannot parse ", path));
    auto t = ir::onnx_io::TensorFromProto(proto, dir);
    if (!t.ok()) return t.status();
    tensors.push_back({t->dtype, t->dims, t->data});
  }
  return tensors;
}

// Whether every operator in the model is one mint8 supports.
bool InScope(const ::onnx::ModelProto& model) {
  for (const auto& node : model.graph().node()) {
    if (node.op_type() == "Constant") continue;
    if (!node.domain().empty() && node.domain() != "ai.onnx") return false;
    if (ir::FindOpSchema(node.op_type()) == nullptr || node.op_type() == "Requantize") return false;
  }
  return true;
}

// Compares like numpy.testing.assert_allclose(rtol=1e-3, atol=1e-5), the
// ONNX backend test defaults for float outputs; integers exactly.
absl::Status Compare(const Tensor& want, const void* got, const std::string& name) {
  const int64_t n = ir::NumElements(want.dims);
  for (int64_t i = 0; i < n; ++i) {
    double w = 0, g = 0;
    switch (want.dtype) {
      case ir::DataType::kF32:
        w = want.data->data<float>()[i];
        g = static_cast<const float*>(got)[i];
        break;
      case ir::DataType::kS64:
        w = static_cast<double>(want.data->data<int64_t>()[i]);
        g = static_cast<double>(static_cast<const int64_t*>(got)[i]);
        break;
      case ir::DataType::kS32:
        w = want.data->data<int32_t>()[i];
        g = static_cast<const int32_t*>(got)[i];
        break;
      case ir::DataType::kU8:
      case ir::DataType::kBool:
        w = want.data->data<uint8_t>()[i];
        g = static_cast<const uint8_t*>(got)[i];
        break;
      case ir::DataType::kS8:
        w = want.data->data<int8_t>()[i];
        g = static_cast<const int8_t*>(got)[i];
        break;
      default: return absl::UnimplementedError("unknown output type");
    }
    if (std::isnan(w) && std::isnan(g)) continue;
    if (!(std::fabs(w - g) <= 1e-5 + 1e-3 * std::fabs(w))) {
      return absl::InternalError(absl::StrCat("output '", name, "' element ", i, ": got ", g,
                                              ", expected ", w));
    }
  }
  return absl::OkStatus();
}

absl::Status RunDataSet(const ir::Graph& graph, const ::onnx::ModelProto& original,
                        runtime::Backend backend, const std::string& dir) {
  auto all_inputs = ReadTensors(dir, "input");
  if (!all_inputs.ok()) return all_inputs.status();
  // Only the inputs the (frozen) graph still has, by their original position.
  absl::StatusOr<std::vector<Tensor>> inputs = std::vector<Tensor>();
  for (int i = 0; i < original.graph().input_size() && i < static_cast<int>(all_inputs->size()); ++i) {
    if (graph.IsGraphInput(original.graph().input(i).name())) inputs->push_back((*all_inputs)[i]);
  }
  auto outputs = ReadTensors(dir, "output");
  if (!outputs.ok()) return outputs.status();
  if (inputs->size() != graph.inputs().size()) {
    return absl::UnimplementedError("optional graph inputs are not supported");
  }
  runtime::SessionOptions options;
  options.backend = backend;
  options.num_threads = 1;
  options.check_inputs = false;  // some tests feed NaN/Inf on purpose
  options.verify_passes = true;
  for (size_t i = 0; i < inputs->size(); ++i) options.input_shapes[graph.inputs()[i]] = (*inputs)[i].dims;
  auto session = runtime::Session::Create(graph, options);
  if (!session.ok()) return session.status();
  std::vector<ir::ConstTensorView> in;
  for (const Tensor& t : *inputs) in.push_back({t.dtype, t.dims, t.data->data()});
  std::vector<std::vector<uint8_t>> out_data;
  std::vector<ir::MutableTensorView> out;
  const auto& specs = (*session)->outputs();
  if (specs.size() != outputs->size()) return absl::InternalError("output count differs");
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].dims != (*outputs)[i].dims || specs[i].dtype != (*outputs)[i].dtype) {
      return absl::InternalError(absl::StrCat("output ", i, " is ", ir::DataTypeName(specs[i].dtype),
                                              ir::DimsToString(specs[i].dims), ", expected ",
                                              ir::DataTypeName((*outputs)[i].dtype),
                                              ir::DimsToString((*outputs)[i].dims)));
    }
    out_data.emplace_back(ir::NumElements(specs[i].dims) * ir::DataTypeSize(specs[i].dtype) + 1);
  }
  for (size_t i = 0; i < specs.size(); ++i) out.push_back({specs[i].dtype, specs[i].dims, out_data[i].data()});
  absl::Status run = (*session)->Run(in, out);
  if (!run.ok()) return run;
  for (size_t i = 0; i < specs.size(); ++i) {
    absl::Status s = Compare((*outputs)[i], out_data[i].data(), specs[i].name);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// Operator inputs that parameterize an op (shapes, pads, axes, bounds) rather
// than carry data. Node tests often feed them as graph inputs; mint8 compiles
// static graphs, so the harness freezes such inputs into initializers with the
// test's values (as a model exporter would have).
bool IsParameterInput(const std::string& op, int index) {
  static const std::map<std::string, int> kFirstParameter = {
      {"Reshape", 1}, {"Slice", 1}, {"Pad", 1}, {"Squeeze", 1}, {"Unsqueeze", 1}, {"Clip", 1},
      {"Resize", 1},  {"Dropout", 1}, {"ConstantOfShape", 0}, {"ReduceMean", 1}};
  auto it = kFirstParameter.find(op);
  return it != kFirstParameter.end() && index >= it->second;
}

void FreezeParameterInputs(::onnx::ModelProto& model, const std::string& data_set) {
  ::onnx::GraphProto& g = *model.mutable_graph();
  std::set<std::string> parameters;
  for (const auto& node : g.node()) {
    for (int i = 0; i < node.input_size(); ++i) {
      if (IsParameterInput(node.op_type(), i)) parameters.insert(node.input(i));
    }
  }
  ::google::protobuf::RepeatedPtrField<::onnx::ValueInfoProto> kept;
  for (int i = 0; i < g.input_size(); ++i) {
    if (parameters.count(g.input(i).name()) == 0) {
      *kept.Add() = g.input(i);
      continue;
    }
    ::onnx::TensorProto value;
    if (!ReadProto(absl::StrCat(data_set, "/input_", i, ".pb"), value)) continue;
    value.set_name(g.input(i).name());
    *g.add_initializer() = value;
  }
  g.mutable_input()->Swap(&kept);
}

// Runs one node test on both backends; OK when every data set matches.
absl::Status RunNodeTest(const std::string& dir, const ::onnx::ModelProto& proto) {
  ::onnx::ModelProto model = proto;
  FreezeParameterInputs(model, dir + "/test_data_set_0");
  auto graph = ir::ImportOnnxModel(model, dir);
  if (!graph.ok()) return graph.status();
  for (runtime::Backend backend : {runtime::Backend::kReference, runtime::Backend::kOnednn}) {
    for (const std::string& set : ListDir(dir)) {
      if (set.rfind("test_data_set_", 0) != 0) continue;
      absl::Status s = RunDataSet(*graph, proto, backend, dir + "/" + set);
      if (!s.ok()) {
        return absl::Status(s.code(), absl::StrCat(backend == runtime::Backend::kOnednn ? "onednn" : "reference",
                                                   " backend, ", set, ": ", s.message()));
      }
    }
  }
  return absl::OkStatus();
}

TEST(OnnxConformanceTest, NodeTestsOfSupportedOperatorsPass) {
  const std::vector<std::string> tests = ListDir(kNodeTestDir);
  ASSERT_GT(tests.size(), 100u) << "ONNX node tests not found in " << kNodeTestDir
                                << " (Debian package libonnx-testdata; ./bazelw installs it)";
  int passed = 0, out_of_scope = 0, skipped = 0;
  std::vector<std::string> failures, stale_skips;
  for (const std::string& name : tests) {
    const std::string dir = absl::StrCat(kNodeTestDir, "/", name);
    ::onnx::ModelProto model;
    if (!ReadProto(dir + "/model.onnx", model)) continue;
    if (!InScope(model)) {
      ++out_of_scope;
      continue;
    }
    const absl::Status status = RunNodeTest(dir, model);
    const bool expected_skip = Skipped().count(name) > 0;
    if (status.ok()) {
      ++passed;
      if (expected_skip) stale_skips.push_back(name);
    } else if (expected_skip) {
      ++skipped;
    } else {
      failures.push_back(absl::StrCat(name, ": ", status.message()));
    }
  }
  std::printf("ONNX node tests: %d passed on both backends, %d skipped (listed), %d use operators "
              "mint8 does not support\n", passed, skipped, out_of_scope);
  EXPECT_TRUE(failures.empty()) << absl::StrJoin(failures, "\n");
  EXPECT_TRUE(stale_skips.empty()) << "listed as skipped but pass: " << absl::StrJoin(stale_skips, ", ");
  EXPECT_GT(passed, 150);
}

}  // namespace
}  // namespace mint8
