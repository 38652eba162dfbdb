// model_zoo: lists the zoo's models, or writes one to a .mint8 file.
//
//   bazel run //tools:model_zoo                              # the list
//   bazel run //tools:model_zoo -- --model=resnet50 --output=resnet50.mint8
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "gflags/gflags.h"
#include "ir/model.h"
#include "ir/statistics.h"
#include "runtime/specialization.h"
#include "tools/common/cli.h"
#include "tools/common/report.h"
#include "tools/zoo/zoo.h"

DEFINE_string(model, "", "Zoo model name (see the list)");
DEFINE_string(output, "", "Write the model here (.mint8, or the text form for .txt)");
DEFINE_int32(seed, 1, "Weight seed");

namespace mint8::tools {
namespace {

int Main() {
  if (FLAGS_model.empty()) {
    MarkdownTable t({"name", "architecture", "GMAC (224x224)", "parameters (MB)"});
    for (const ZooModelInfo& m : ZooModels()) {
      ir::Graph g = ValueOrFail(BuildZooArchitecture(m.name), m.name);
      FailIfError(runtime::SpecializeGraph(g, {}, 1), m.name);
      t.AddRow({m.name, m.description, Fixed(ir::CountMacs(g) / 1e9, 3), Fixed(ir::ParameterBytes(g) / 1e6, 1)});
    }
    std::printf("%s\nUse zoo:NAME as a model anywhere; --model=NAME --output=FILE exports one.\n",
                t.ToString().c_str());
    return 0;
  }
  if (FLAGS_output.empty()) Fail("--output is required with --model");
  const std::string output = ResolvePath(FLAGS_output);
  const ir::Graph g = ValueOrFail(BuildZooModel(FLAGS_model, FLAGS_seed), "--model");
  FailIfError(ir::SaveModelFile(g, output), "--output");
  std::printf("wrote %s\n", output.c_str());
  return 0;
}

}  // namespace
}  // namespace mint8::tools

int main(int argc, char** argv) {
  mint8::tools::ParseFlags(&argc, &argv, "Lists or exports the zoo's models.");
  return mint8::tools::Main();
}
