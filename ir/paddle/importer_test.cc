// The Paddle importer, on programs written by ProgramBuilder in each layout:
// every translated op computes what Paddle's op computes (checked against
// values worked out here), fake-quant ops become the QDQ pairs they mean,
// and bad files give one clear error.
#include "ir/paddle/importer.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ir/paddle/program_builder.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::ir::paddle {
namespace {

using ::testing::HasSubstr;
using Floats = std::vector<float>;

std::string TempDir(const std::string& name) {
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::system(("mkdir -p '" + dir + "'").c_str());
  return dir;
}

Floats Iota(size_t n, float start = 0.f, float step = 1.f) {
  Floats v(n);
  for (size_t i = 0; i < n; ++i) v[i] = start + step * static_cast<float>(i);
  return v;
}

absl::StatusOr<Graph> ImportCombined(const ProgramBuilder& b, const std::string& name) {
  const std::string prefix = TempDir(name) + "/model";
  if (absl::Status s = b.WriteCombined(prefix); !s.ok()) return s;
  return ImportPaddleModel(prefix + ".pdmodel");
}

// Imports `b` and runs it once on `inputs` (reference backend, unoptimized,
// so each translated op is what computes).
std::vector<Floats> RunProgram(const ProgramBuilder& b, const std::vector<Floats>& inputs,
                               std::map<std::string, Dims> shapes = {}) {
  static int count = 0;
  absl::StatusOr<Graph> g = ImportCombined(b, "run" + std::to_string(count++));
  EXPECT_TRUE(g.ok()) << g.status();
  if (!g.ok()) return {};
  runtime::SessionOptions options;
  options.backend = runtime::Backend::kReference;
  options.optimize = false;
  options.input_shapes = std::move(shapes);
  auto session = runtime::Session::Create(*g, options);
  EXPECT_TRUE(session.ok()) << session.status();
  if (!session.ok()) return {};
  auto out = testing::RunSession(**session, inputs);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : std::vector<Floats>{};
}

void ExpectNear(const Floats& got, const Floats& want, float tolerance = 1e-5f) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tolerance) << "element " << i;
}

const Floats kSix = {-4.f, -1.5f, 0.f, 0.5f, 2.f, 7.f};

TEST(PaddleImporterTest, ActivationsMatchPaddleDefinitions) {
  struct Case {
    std::string type;
    std::function<void(ProgramBuilder::OpRef)> attrs;
    std::function<float(float)> paddle;
  };
  const auto none = [](ProgramBuilder::OpRef) {};
  const std::vector<Case> cases = {
      {"relu", none, [](float x) { return std::max(x, 0.f); }},
      {"relu6", [](ProgramBuilder::OpRef op) { op.Float("threshold", 1.5f); },
       [](float x) { return std::min(std::max(x, 0.f), 1.5f); }},
      {"sigmoid", none, [](float x) { return 1.f / (1.f + std::exp(-x)); }},
      {"tanh", none, [](float x) { return std::tanh(x); }},
      {"leaky_relu", [](ProgramBuilder::OpRef op) { op.Float("alpha", 0.1f); },
       [](float x) { return x > 0 ? x : 0.1f * x; }},
      {"hard_sigmoid", [](ProgramBuilder::OpRef op) { op.Float("slope", 0.25f).Float("offset", 0.4f); },
       [](float x) { return std::min(std::max(0.25f * x + 0.4f, 0.f), 1.f); }},
      {"hard_swish", none, [](float x) { return x * std::min(std::max(x + 3.f, 0.f), 6.f) / 6.f; }},
      {"hard_swish",
       [](ProgramBuilder::OpRef op) { op.Float("threshold", 5.f).Float("scale", 4.f).Float("offset", 2.f); },
       [](float x) { return x * std::min(std::max(x + 2.f, 0.f), 5.f) / 4.f; }},
      {"swish", none, [](float x) { return x / (1.f + std::exp(-x)); }},
      {"swish", [](ProgramBuilder::OpRef op) { op.Float("beta", 2.f); },
       [](float x) { return x / (1.f + std::exp(-2.f * x)); }},
      {"gelu", none, [](float x) { return 0.5f * x * (1.f + std::erf(x / std::sqrt(2.f))); }},
      {"scale",
       [](ProgramBuilder::OpRef op) {
         op.Float("scale", 2.f).Float("bias", 1.f).Bool("bias_after_scale", false);
       },
       [](float x) { return 2.f * (x + 1.f); }},
      {"scale", [](ProgramBuilder::OpRef op) { op.Float("scale", 2.f).Float("bias", 1.f); },
       [](float x) { return 2.f * x + 1.f; }},
      {"dropout", [](ProgramBuilder::OpRef op) { op.Float("dropout_prob", 0.25f); },
       [](float x) { return 0.75f * x; }},
      {"dropout",
       [](ProgramBuilder::OpRef op) {
         op.Float("dropout_prob", 0.25f).String("dropout_implementation", "upscale_in_train");
       },
       [](float x) { return x; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type);
    ProgramBuilder b;
    b.Feed("x", {1, 2, 3});
    c.attrs(b.Op(c.type, {{"X", {"x"}}}, {{"Out", {"y"}}}));
    b.Fetch("y");
    Floats want;
    for (float x : kSix) want.push_back(c.paddle(x));
    const auto got = RunProgram(b, {kSix});
    ASSERT_EQ(got.size(), 1u);
    ExpectNear(got[0], want);
  }
}

TEST(PaddleImporterTest, SoftmaxOverTheGivenAxis) {
  ProgramBuilder b;
  b.Feed("x", {1, 2, 3});
  b.Op("softmax", {{"X", {"x"}}}, {{"Out", {"y"}}}).Int("axis", 1);
  b.Fetch("y");
  const auto got = RunProgram(b, {kSix});
  ASSERT_EQ(got.size(), 1u);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(got[0][j] + got[0][3 + j], 1.f, 1e-6);
}

// X [2, 3, 4] with Y lined up at axis 1: as a parameter [3], as [3, 1]
// (trailing 1 trimmed) and as a second input [3].
TEST(PaddleImporterTest, ElementwiseAxisBroadcasting) {
  const Floats x = Iota(24);
  for (const char* op_name : {"elementwise_add", "elementwise_sub", "elementwise_mul", "elementwise_div"}) {
    const std::string op = op_name;
    for (int form = 0; form < 3; ++form) {
      SCOPED_TRACE(op + " form " + std::to_string(form));
      ProgramBuilder b;
      b.Feed("x", {2, 3, 4});
      const Floats y = {1.f, 2.f, 4.f};
      if (form == 0) b.Parameter("y", {3}, y);
      if (form == 1) b.Parameter("y", {3, 1}, y);
      if (form == 2) b.Feed("y", {3});
      b.Op(op, {{"X", {"x"}}, {"Y", {"y"}}}, {{"Out", {"z"}}}).Int("axis", 1);
      b.Fetch("z");
      Floats want;
      for (int i = 0; i < 24; ++i) {
        const float a = x[i], c = y[(i / 4) % 3];
        want.push_back(op == "elementwise_add"   ? a + c
                       : op == "elementwise_sub" ? a - c
                       : op == "elementwise_mul" ? a * c
                                                 : a / c);
      }
      const auto got = RunProgram(b, form == 2 ? std::vector<Floats>{x, y} : std::vector<Floats>{x});
      ASSERT_EQ(got.size(), 1u);
      ExpectNear(got[0], want);
    }
  }
}

// mul flattens X at x_num_col_dims and keeps X's leading dims.
TEST(PaddleImporterTest, MulFlattensAndRestoresLeadingDims) {
  ProgramBuilder b;
  b.Feed("x", {2, 3, 4});
  const Floats w = Iota(8, -1.f, 0.25f);  // [4, 2]
  b.Parameter("w", {4, 2}, w);
  b.Op("mul", {{"X", {"x"}}, {"Y", {"w"}}}, {{"Out", {"y"}}})
      .Int("x_num_col_dims", 2)
      .Int("y_num_col_dims", 1);
  b.Fetch("y");
  const Floats x = Iota(24, 0.f, 0.1f);
  Floats want;
  for (int r = 0; r < 6; ++r) {
    for (int c = 0; c < 2; ++c) {
      float s = 0;
      for (int k = 0; k < 4; ++k) s += x[r * 4 + k] * w[k * 2 + c];
      want.push_back(s);
    }
  }
  absl::StatusOr<Graph> g = ImportCombined(b, "mul_dims");
  ASSERT_TRUE(g.ok()) << g.status();
  auto session = runtime::Session::Create(*g, runtime::SessionOptions());
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(DimsToString((*session)->outputs()[0].dims), "[2,3,2]");
  const auto got = RunProgram(b, {x});
  ASSERT_EQ(got.size(), 1u);
  ExpectNear(got[0], want, 1e-4f);
}

// matmul (transpose_Y, alpha), matmul_v2 (trans_x) and fc (with relu).
TEST(PaddleImporterTest, MatMulFormsAndFc) {
  const Floats x = Iota(6, -1.f, 0.5f);    // [2, 3]
  const Floats w = Iota(12, 0.5f, -0.1f);  // [3, 4] or [4, 3]
  auto Expected = [&](bool transposed_w, float alpha, bool relu, bool bias) {
    Floats out;
    for (int r = 0; r < 2; ++r) {
      for (int c = 0; c < 4; ++c) {
        float s = 0;
        for (int k = 0; k < 3; ++k) s += x[r * 3 + k] * (transposed_w ? w[c * 3 + k] : w[k * 4 + c]);
        s = alpha * s + (bias ? 0.5f * c : 0.f);
        out.push_back(relu ? std::max(s, 0.f) : s);
      }
    }
    return out;
  };
  {
    ProgramBuilder b;
    b.Feed("x", {2, 3});
    b.Parameter("w", {4, 3}, w);
    b.Op("matmul", {{"X", {"x"}}, {"Y", {"w"}}}, {{"Out", {"y"}}})
        .Bool("transpose_Y", true)
        .Float("alpha", 2.f);
    b.Fetch("y");
    ExpectNear(RunProgram(b, {x}).at(0), Expected(true, 2.f, false, false), 1e-4f);
  }
  {
    // trans_x of an input given as [3, 2].
    ProgramBuilder b;
    b.Feed("xt", {3, 2});
    b.Parameter("w", {3, 4}, w);
    b.Op("matmul_v2", {{"X", {"xt"}}, {"Y", {"w"}}}, {{"Out", {"y"}}}).Bool("trans_x", true);
    b.Fetch("y");
    Floats xt(6);
    for (int r = 0; r < 2; ++r)
      for (int k = 0; k < 3; ++k) xt[k * 2 + r] = x[r * 3 + k];
    ExpectNear(RunProgram(b, {xt}).at(0), Expected(false, 1.f, false, false), 1e-4f);
  }
  {
    ProgramBuilder b;
    b.Feed("x", {2, 3});
    b.Parameter("w", {3, 4}, w);
    b.Parameter("bias", {4}, {0.f, 0.5f, 1.f, 1.5f});
    b.Op("fc", {{"Input", {"x"}}, {"W", {"w"}}, {"Bias", {"bias"}}}, {{"Out", {"y"}}})
        .Int("in_num_col_dims", 1)
        .String("activation_type", "relu");
    b.Fetch("y");
    ExpectNear(RunProgram(b, {x}).at(0), Expected(false, 1.f, true, true), 1e-4f);
  }
}

// conv2d with Paddle's 4-element paddings [top, bottom, left, right],
// strides and groups, worked out directly.
TEST(PaddleImporterTest, Conv2dPaddingOrderAndGroups) {
  for (const char* type_name : {"conv2d", "depthwise_conv2d"}) {
    const std::string type = type_name;
    SCOPED_TRACE(type);
    ProgramBuilder b;
    b.Feed("x", {1, 2, 4, 5});
    const Floats w = Iota(2 * 1 * 2 * 3, -0.5f, 0.1f);  // [2, 1, 2, 3], groups 2
    b.Parameter("w", {2, 1, 2, 3}, w);
    b.Op(type, {{"Input", {"x"}}, {"Filter", {"w"}}}, {{"Output", {"y"}}})
        .Ints("strides", {1, 2})
        .Ints("paddings", {1, 0, 2, 0})  // top 1, bottom 0, left 2, right 0
        .Ints("dilations", {1, 1})
        .Int("groups", 2);
    b.Fetch("y");
    const Floats x = Iota(40, 1.f, 0.5f);
    const int oh = (4 + 1 + 0 - 2) / 1 + 1, ow = (5 + 2 + 0 - 3) / 2 + 1;
    Floats want;
    for (int c = 0; c < 2; ++c) {
      for (int i = 0; i < oh; ++i) {
        for (int j = 0; j < ow; ++j) {
          float s = 0;
          for (int ki = 0; ki < 2; ++ki) {
            for (int kj = 0; kj < 3; ++kj) {
              const int y = i + ki - 1, xx = j * 2 + kj - 2;
              if (y >= 0 && y < 4 && xx >= 0 && xx < 5) s += x[c * 20 + y * 5 + xx] * w[c * 6 + ki * 3 + kj];
            }
          }
          want.push_back(s);
        }
      }
    }
    ExpectNear(RunProgram(b, {x}).at(0), want, 1e-4f);
  }
}

// conv2d_transpose: one input pixel spreads the kernel (stride 2).
TEST(PaddleImporterTest, Conv2dTranspose) {
  ProgramBuilder b;
  b.Feed("x", {1, 1, 2, 2});
  b.Parameter("w", {1, 1, 2, 2}, {1.f, 2.f, 3.f, 4.f});
  b.Op("conv2d_transpose", {{"Input", {"x"}}, {"Filter", {"w"}}}, {{"Output", {"y"}}})
      .Ints("strides", {2, 2})
      .Ints("paddings", {0, 0})
      .Ints("dilations", {1, 1})
      .Int("groups", 1);
  b.Fetch("y");
  const Floats want = {1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 2, 4, 0, 0, 6, 8};
  ExpectNear(RunProgram(b, {{1.f, 0.f, 0.f, 2.f}}).at(0), want);
}

TEST(PaddleImporterTest, BatchNormUsesMovingStatistics) {
  ProgramBuilder b;
  b.Feed("x", {1, 2, 1, 2});
  b.Parameter("scale", {2}, {2.f, 0.5f});
  b.Parameter("bias", {2}, {1.f, -1.f});
  b.Parameter("mean", {2}, {0.5f, 2.f});
  b.Parameter("variance", {2}, {4.f, 0.25f});
  b.Op("batch_norm",
       {{"X", {"x"}},
        {"Scale", {"scale"}},
        {"Bias", {"bias"}},
        {"Mean", {"mean"}},
        {"Variance", {"variance"}}},
       {{"Y", {"y"}}, {"MeanOut", {"mean"}}, {"VarianceOut", {"variance"}}})
      .Float("epsilon", 0.f);
  b.Fetch("y");
  const Floats want = {2.f * (1.f - 0.5f) / 2.f + 1.f, 2.f * (3.f - 0.5f) / 2.f + 1.f,
                       0.5f * (1.f - 2.f) / 0.5f - 1.f, 0.5f * (4.f - 2.f) / 0.5f - 1.f};
  ExpectNear(RunProgram(b, {{1.f, 3.f, 1.f, 4.f}}).at(0), want);
}

// pool2d: max with 4-element paddings, avg counting the padding
// (exclusive=false) with ceil_mode, global and adaptive 1x1.
TEST(PaddleImporterTest, Pool2dForms) {
  const Floats x = Iota(16, 1.f);  // [1, 1, 4, 4]
  {
    ProgramBuilder b;
    b.Feed("x", {1, 1, 4, 4});
    b.Op("pool2d", {{"X", {"x"}}}, {{"Out", {"y"}}})
        .String("pooling_type", "max")
        .Ints("ksize", {2, 2})
        .Ints("strides", {2, 2})
        .Ints("paddings", {1, 0, 0, 0});
    b.Fetch("y");
    // rows {pad, 0}, {1, 2}; cols {0, 1}, {2, 3}; values = 1 + 4r + c.
    ExpectNear(RunProgram(b, {x}).at(0), {2.f, 4.f, 10.f, 12.f});
  }
  {
    ProgramBuilder b;
    b.Feed("x", {1, 1, 4, 4});
    b.Op("pool2d", {{"X", {"x"}}}, {{"Out", {"y"}}})
        .String("pooling_type", "avg")
        .Ints("ksize", {3, 3})
        .Ints("strides", {2, 2})
        .Ints("paddings", {1, 1})
        .Bool("exclusive", false)
        .Bool("ceil_mode", true);
    b.Fetch("y");
    const auto got = RunProgram(b, {x}).at(0);
    ASSERT_EQ(got.size(), 9u);                         // ceil((4 + 2 - 3) / 2) + 1 = 3 per side
    EXPECT_NEAR(got[0], (1 + 2 + 5 + 6) / 9.f, 1e-5);  // the padding counts
  }
  for (bool adaptive : {false, true}) {
    ProgramBuilder b;
    b.Feed("x", {1, 1, 4, 4});
    auto op =
        b.Op("pool2d", {{"X", {"x"}}}, {{"Out", {"y"}}}).String("pooling_type", "avg").Ints("ksize", {1, 1});
    if (adaptive)
      op.Bool("adaptive", true);
    else
      op.Bool("global_pooling", true);
    b.Fetch("y");
    ExpectNear(RunProgram(b, {x}).at(0), {8.5f});
  }
}

// The classifier head PaddleOCR writes: shape -> slice (decrease_axis) ->
// reshape2 through ShapeTensor; then flatten_contiguous_range, transpose2.
TEST(PaddleImporterTest, ShapeSubgraphReshapeFlattenTranspose) {
  ProgramBuilder b;
  b.Feed("x", {-1, 2, 3, 1});
  b.Op("shape", {{"Input", {"x"}}}, {{"Out", {"s"}}});
  b.Var("s", {4}, PaddleDataType::kInt32);
  for (int i = 0; i < 3; ++i) {
    const std::string part = "s" + std::to_string(i);
    b.Var(part, {1}, PaddleDataType::kInt32);  // Paddle < 2.5 keeps [1]
    b.Op("slice", {{"Input", {"s"}}}, {{"Out", {part}}})
        .Ints("axes", {0})
        .Ints("starts", {i})
        .Ints("ends", {i + 1})
        .Ints("decrease_axis", {0});
  }
  b.Op("reshape2", {{"X", {"x"}}, {"ShapeTensor", {"s0", "s1", "s2"}}}, {{"Out", {"r"}}, {"XShape", {"rx"}}})
      .Ints("shape", {-1, -1, -1});
  b.Op("transpose2", {{"X", {"x"}}}, {{"Out", {"t"}}, {"XShape", {"tx"}}}).Ints("axis", {0, 2, 1, 3});
  b.Var("t", {-1, 3, 2, 1});
  b.Op("flatten_contiguous_range", {{"X", {"t"}}}, {{"Out", {"f"}}}).Int("start_axis", 1).Int("stop_axis", 2);
  b.Fetch("f");
  b.Fetch("r");
  const Floats x = Iota(6);
  const auto got = RunProgram(b, {x});
  ASSERT_EQ(got.size(), 2u);
  ExpectNear(got[0], {0, 3, 1, 4, 2, 5});
  ExpectNear(got[1], x);
  runtime::SessionOptions options;
  absl::StatusOr<Graph> g = ImportCombined(b, "reshape_shape");
  ASSERT_TRUE(g.ok()) << g.status();
  auto session = runtime::Session::Create(*g, options);
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(DimsToString((*session)->outputs()[1].dims), "[1,2,3]");
}

TEST(PaddleImporterTest, ConcatSplitSqueezeUnsqueezeFillConstant) {
  ProgramBuilder b;
  b.Feed("x", {1, 2, 3});
  b.Var("x", {1, 2, 3});
  b.Op("fill_constant", {}, {{"Out", {"c"}}}).Ints("shape", {1, 1, 3}).Float("value", 0.5f).Int("dtype", 5);
  b.Op("concat", {{"X", {"x", "c"}}}, {{"Out", {"cat"}}}).Int("axis", 1);
  b.Var("cat", {1, 3, 3});
  b.Op("split", {{"X", {"cat"}}}, {{"Out", {"a", "rest"}}}).Int("axis", 1).Ints("sections", {1, -1});
  b.Op("squeeze2", {{"X", {"a"}}}, {{"Out", {"sq"}}, {"XShape", {"sx"}}}).Ints("axes", {1});
  b.Op("unsqueeze2", {{"X", {"sq"}}}, {{"Out", {"un"}}, {"XShape", {"ux"}}}).Ints("axes", {0});
  b.Fetch("un");
  b.Fetch("rest");
  const auto got = RunProgram(b, {Iota(6)});
  ASSERT_EQ(got.size(), 2u);
  ExpectNear(got[0], {0, 1, 2});
  ExpectNear(got[1], {3, 4, 5, 0.5f, 0.5f, 0.5f});
  absl::StatusOr<Graph> g = ImportCombined(b, "split_shapes");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->FindTensor("un")->shape.ToString(), "[1,1,3]");
  EXPECT_EQ(g->FindTensor("rest")->shape.ToString(), "[1,2,3]");
}

TEST(PaddleImporterTest, Pad2dAndLrn) {
  {
    ProgramBuilder b;
    b.Feed("x", {1, 1, 1, 2});
    b.Op("pad2d", {{"X", {"x"}}}, {{"Out", {"y"}}}).Ints("paddings", {1, 0, 0, 1}).Float("pad_value", 9.f);
    b.Fetch("y");
    ExpectNear(RunProgram(b, {{1.f, 2.f}}).at(0), {9, 9, 9, 1, 2, 9});
  }
  {
    // Paddle: x / (k + alpha * sum over n channels of x^2)^beta.
    ProgramBuilder b;
    b.Feed("x", {1, 3, 1, 1});
    b.Op("lrn", {{"X", {"x"}}}, {{"Out", {"y"}}, {"MidOut", {"m"}}})
        .Int("n", 3)
        .Float("k", 1.f)
        .Float("alpha", 0.1f)
        .Float("beta", 0.5f);
    b.Fetch("y");
    const Floats x = {1.f, 2.f, 3.f};
    const Floats want = {1.f / std::sqrt(1.f + 0.1f * 5.f), 2.f / std::sqrt(1.f + 0.1f * 14.f),
                         3.f / std::sqrt(1.f + 0.1f * 13.f)};
    ExpectNear(RunProgram(b, {x}).at(0), want);
  }
}

TEST(PaddleImporterTest, Interpolation) {
  const Floats x = {1.f, 2.f, 3.f, 4.f};  // [1, 1, 2, 2]
  {
    // bilinear, align_corners=false, align_mode=0: half-pixel centres.
    ProgramBuilder b;
    b.Feed("x", {1, 1, 2, 2});
    b.Op("bilinear_interp_v2", {{"X", {"x"}}}, {{"Out", {"y"}}})
        .String("interp_method", "bilinear")
        .Bool("align_corners", false)
        .Int("align_mode", 0)
        .Int("out_h", 4)
        .Int("out_w", 4);
    b.Fetch("y");
    const auto got = RunProgram(b, {x}).at(0);
    ASSERT_EQ(got.size(), 16u);
    EXPECT_NEAR(got[0], 1.f, 1e-6);    // clamped to the first pixel
    EXPECT_NEAR(got[1], 1.25f, 1e-6);  // src x = 0.25
    EXPECT_NEAR(got[5], 1.75f, 1e-6);  // (0.25, 0.25)
  }
  {
    ProgramBuilder b;
    b.Feed("x", {1, 1, 2, 2});
    b.Op("nearest_interp_v2", {{"X", {"x"}}}, {{"Out", {"y"}}})
        .String("interp_method", "nearest")
        .Bool("align_corners", false)
        .Floats("scale", {2.f, 2.f});
    b.Fetch("y");
    ExpectNear(RunProgram(b, {x}).at(0), {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
  }
}

TEST(PaddleImporterTest, LayerNormReshapesFlatScaleAndBias) {
  ProgramBuilder b;
  b.Feed("x", {1, 2, 2});
  b.Parameter("g", {4}, {1.f, 2.f, 1.f, 2.f});
  b.Parameter("beta", {4}, {0.f, 0.f, 1.f, 1.f});
  b.Op("layer_norm", {{"X", {"x"}}, {"Scale", {"g"}}, {"Bias", {"beta"}}}, {{"Y", {"y"}}})
      .Int("begin_norm_axis", 1)
      .Float("epsilon", 0.f);
  b.Fetch("y");
  const float sd = std::sqrt(1.25f);  // values 0..3: mean 1.5, variance 1.25
  ExpectNear(RunProgram(b, {Iota(4)}).at(0),
             {-1.5f / sd, 2.f * -0.5f / sd, 0.5f / sd + 1.f, 2.f * 1.5f / sd + 1.f});
}

// A small classifier written in each parameter layout imports to the same
// graph and outputs.
ProgramBuilder SmallClassifier() {
  ProgramBuilder b;
  b.Feed("image", {-1, 1, 4, 4});
  b.Parameter("conv_w", {2, 1, 3, 3}, Iota(18, -0.4f, 0.05f));
  b.Parameter("fc_w", {2, 3}, Iota(6, 0.3f, -0.1f));
  b.Parameter("fc_b", {3}, {0.1f, 0.2f, 0.3f});
  b.Op("conv2d", {{"Input", {"image"}}, {"Filter", {"conv_w"}}}, {{"Output", {"c"}}})
      .Ints("strides", {1, 1})
      .Ints("paddings", {1, 1})
      .Ints("dilations", {1, 1})
      .Int("groups", 1);
  b.Op("relu", {{"X", {"c"}}}, {{"Out", {"r"}}});
  b.Op("pool2d", {{"X", {"r"}}}, {{"Out", {"p"}}}).String("pooling_type", "avg").Bool("global_pooling", true);
  b.Var("p", {-1, 2, 1, 1});
  b.Op("mul", {{"X", {"p"}}, {"Y", {"fc_w"}}}, {{"Out", {"m"}}}).Int("x_num_col_dims", 1);
  b.Var("m", {-1, 3});
  b.Op("elementwise_add", {{"X", {"m"}}, {"Y", {"fc_b"}}}, {{"Out", {"a"}}}).Int("axis", 1);
  b.Op("softmax", {{"X", {"a"}}}, {{"Out", {"prob"}}});
  b.Fetch("prob");
  return b;
}

TEST(PaddleImporterTest, EveryParameterLayoutImportsTheSameModel) {
  const ProgramBuilder b = SmallClassifier();
  const Floats image = Iota(16, -1.f, 0.15f);
  const std::vector<Floats> want = RunProgram(b, {image});
  ASSERT_EQ(want.size(), 1u);
  ASSERT_EQ(want[0].size(), 3u);
  for (const char* params_name : {"", "__params__", "params"}) {
    const std::string params = params_name;
    SCOPED_TRACE("legacy layout '" + params + "'");
    const std::string dir = TempDir("legacy" + params);
    ASSERT_TRUE(b.WriteLegacy(dir, params).ok());
    for (const std::string& path : std::vector<std::string>{dir, dir + "/__model__"}) {
      absl::StatusOr<Graph> g = ImportPaddleModel(path);
      ASSERT_TRUE(g.ok()) << g.status();
      runtime::SessionOptions options;  // oneDNN, optimized
      auto session = runtime::Session::Create(*g, options);
      ASSERT_TRUE(session.ok()) << session.status();
      auto got = testing::RunSession(**session, {image});
      ASSERT_TRUE(got.ok()) << got.status();
      ExpectNear((*got)[0], want[0], 1e-5f);
    }
  }
  // A directory holding a .pdmodel, and the path form tools accept.
  const std::string dir = TempDir("combined_dir");
  ASSERT_TRUE(b.WriteCombined(dir + "/inference").ok());
  EXPECT_TRUE(IsPaddleModelPath(dir));
  EXPECT_TRUE(ImportPaddleModel(dir).ok());
  EXPECT_FALSE(IsPaddleModelPath(TempDir("empty_dir")));
}

TEST(PaddleImporterTest, DeclaredInputDimsAreHints) {
  ProgramBuilder b;
  b.Feed("x", {-1, 1, 2, 2});
  b.Op("pool2d", {{"X", {"x"}}}, {{"Out", {"y"}}}).String("pooling_type", "max").Bool("global_pooling", true);
  b.Fetch("y");
  // Declared 2x2, run at 3x3: Paddle's predictor does the same.
  ExpectNear(RunProgram(b, {Iota(9)}, {{"x", {1, 1, 3, 3}}}).at(0), {8.f});
}

// --- Paddle QAT programs ---

float FakeQuant(float x, float abs_max) {
  const float q = std::round(std::min(std::max(x, -abs_max), abs_max) / abs_max * 127.f);
  return q * abs_max / 127.f;
}

// input -> activation fake-quant (each kind) -> conv2d whose weights go
// through a weight fake-quant (per tensor or per channel) -> output.
struct QatCase {
  std::string activation_op;  // quantize-dequantize op, or "quantize+dequantize" pairs
  std::string weight_op;
  bool per_channel;
};

ProgramBuilder QatProgram(const QatCase& c, const Floats& w) {
  ProgramBuilder b;
  b.Feed("x", {1, 2, 2, 2});
  b.Parameter("w", {2, 2, 1, 1}, w);
  b.Parameter("x_scale", {1}, {1.5f});
  if (c.activation_op == "fake_quantize_dequantize_moving_average_abs_max") {
    b.Op(c.activation_op, {{"X", {"x"}}, {"InScale", {"x_scale"}}},
         {{"Out", {"xq"}}, {"OutScale", {"x_scale"}}})
        .Int("bit_length", 8);
  } else if (c.activation_op == "fake_quantize_moving_average_abs_max") {
    b.Op(c.activation_op, {{"X", {"x"}}, {"InScale", {"x_scale"}}},
         {{"Out", {"xi"}}, {"OutScale", {"x_scale"}}})
        .Int("bit_length", 8);
    b.Op("fake_dequantize_max_abs", {{"X", {"xi"}}, {"Scale", {"x_scale"}}}, {{"Out", {"xq"}}})
        .Float("max_range", 127.f);
  } else {  // quantize_linear / dequantize_linear
    b.Parameter("zp", {1}, {0.f});
    b.Op("quantize_linear", {{"X", {"x"}}, {"Scale", {"x_scale"}}, {"ZeroPoint", {"zp"}}}, {{"Y", {"xi"}}})
        .Int("bit_length", 8)
        .Int("quant_axis", -1);
    b.Op("dequantize_linear", {{"X", {"xi"}}, {"Scale", {"x_scale"}}, {"ZeroPoint", {"zp"}}}, {{"Y", {"xq"}}})
        .Int("bit_length", 8)
        .Int("quant_axis", -1);
  }
  if (c.weight_op == "fake_channel_wise_quantize_abs_max") {
    b.Op(c.weight_op, {{"X", {"w"}}}, {{"Out", {"wi"}}, {"OutScale", {"w_scale"}}})
        .Int("quant_axis", 0)
        .Int("bit_length", 8);
    b.Op("fake_channel_wise_dequantize_max_abs", {{"X", {"wi"}}, {"Scales", {"w_scale"}}}, {{"Out", {"wq"}}})
        .Ints("quant_bits", {8})
        .Int("quant_axis", 0);
  } else {
    b.Op(c.weight_op, {{"X", {"w"}}}, {{"Out", {"wq"}}, {"OutScale", {"w_scale"}}})
        .Int("quant_axis", 0)
        .Int("bit_length", 8);
  }
  b.Op("conv2d", {{"Input", {"xq"}}, {"Filter", {"wq"}}}, {{"Output", {"y"}}})
      .Ints("strides", {1, 1})
      .Ints("paddings", {0, 0})
      .Ints("dilations", {1, 1})
      .Int("groups", 1);
  b.Fetch("y");
  return b;
}

TEST(PaddleImporterTest, FakeQuantOpsBecomeQdqPairsWithPaddlesSteps) {
  const Floats w = {0.5f, -0.25f, 0.03f, 0.011f};  // channel 1 is ~17x smaller than channel 0
  // Within the activation's abs-max 1.5: beyond -1.5 ONNX's QuantizeLinear
  // gives -128 where Paddle clips to -127 (paddle2onnx's export does the same).
  const Floats x = {0.1f, -0.7f, 1.2f, 1.45f, -1.5f, 0.333f, 0.05f, -1.49f};
  const std::vector<QatCase> cases = {
      {"fake_quantize_dequantize_moving_average_abs_max", "fake_quantize_dequantize_abs_max", false},
      {"fake_quantize_dequantize_moving_average_abs_max", "fake_channel_wise_quantize_dequantize_abs_max",
       true},
      {"fake_quantize_moving_average_abs_max", "fake_channel_wise_quantize_abs_max", true},
      {"quantize_linear", "fake_channel_wise_quantize_dequantize_abs_max", true},
  };
  for (const QatCase& c : cases) {
    SCOPED_TRACE(c.activation_op + " + " + c.weight_op);
    const ProgramBuilder b = QatProgram(c, w);
    absl::StatusOr<Graph> g = ImportCombined(b, "qat");
    ASSERT_TRUE(g.ok()) << g.status();
    int quantize = 0, dequantize = 0;
    for (const auto& node : g->nodes()) {
      quantize += node->op_type == "QuantizeLinear";
      dequantize += node->op_type == "DequantizeLinear";
      if (node->op_type != "QuantizeLinear" || node->inputs[0] != "x") continue;
      const TensorInfo* step = g->FindConstant(node->inputs[1]);
      ASSERT_NE(step, nullptr);
      EXPECT_FLOAT_EQ(step->data->data<float>()[0], 1.5f / 127.f);  // abs-max / 127
    }
    EXPECT_EQ(quantize, 2);
    EXPECT_EQ(dequantize, 2);
    // The FP32 result is the conv of fake-quantized values.
    Floats wq(4);
    for (int oc = 0; oc < 2; ++oc) {
      const float abs_max = c.per_channel ? std::max(std::fabs(w[oc * 2]), std::fabs(w[oc * 2 + 1])) : 0.5f;
      for (int ic = 0; ic < 2; ++ic) wq[oc * 2 + ic] = FakeQuant(w[oc * 2 + ic], abs_max);
    }
    Floats want;
    for (int oc = 0; oc < 2; ++oc) {
      for (int p = 0; p < 4; ++p)
        want.push_back(wq[oc * 2] * FakeQuant(x[p], 1.5f) + wq[oc * 2 + 1] * FakeQuant(x[4 + p], 1.5f));
    }
    ExpectNear(RunProgram(b, {x}).at(0), want, 1e-6f);
  }
}

TEST(PaddleImporterTest, DequantizeLinearOfAStoredInt8Weight) {
  ProgramBuilder b;
  b.Feed("x", {1, 2});
  b.Parameter("wi", {2, 1}, {127.f, -64.f});  // saved already quantized
  b.Parameter("w_scale", {1}, {0.5f});
  b.Op("dequantize_linear", {{"X", {"wi"}}, {"Scale", {"w_scale"}}}, {{"Y", {"w"}}})
      .Int("bit_length", 8)
      .Int("quant_axis", -1);
  b.Op("matmul_v2", {{"X", {"x"}}, {"Y", {"w"}}}, {{"Out", {"y"}}});
  b.Fetch("y");
  ExpectNear(RunProgram(b, {{1.f, 1.f}}).at(0), {0.5f - 64.f * 0.5f / 127.f});
}

TEST(PaddleImporterTest, DynamicAbsMaxOfAnActivationIsRefused) {
  ProgramBuilder b;
  b.Feed("x", {1, 2});
  b.Op("fake_quantize_dequantize_abs_max", {{"X", {"x"}}}, {{"Out", {"y"}}, {"OutScale", {"s"}}})
      .Int("bit_length", 8);
  b.Fetch("y");
  absl::StatusOr<Graph> g = ImportCombined(b, "dynamic_abs_max");
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(g.status().message(), HasSubstr("Paddle op 1 (fake_quantize_dequantize_abs_max"));
  EXPECT_THAT(g.status().message(), HasSubstr("computed at run time"));
}

// --- bad input ---

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(PaddleImporterTest, TruncatedOrForeignParametersAreDataLoss) {
  const ProgramBuilder b = SmallClassifier();
  const std::string prefix = TempDir("bad_params") + "/model";
  ASSERT_TRUE(b.WriteCombined(prefix).ok());
  const std::string params = ReadAll(prefix + ".pdiparams");
  for (size_t cut : {size_t{0}, size_t{3}, size_t{20}, params.size() - 1}) {
    WriteAll(prefix + ".pdiparams", params.substr(0, cut));
    absl::StatusOr<Graph> g = ImportPaddleModel(prefix + ".pdmodel");
    ASSERT_FALSE(g.ok()) << "cut at " << cut;
    EXPECT_EQ(g.status().code(), absl::StatusCode::kDataLoss) << g.status();
    EXPECT_THAT(g.status().message(), HasSubstr("truncated"));
  }
  WriteAll(prefix + ".pdiparams", params + "extra");
  EXPECT_THAT(ImportPaddleModel(prefix + ".pdmodel").status().message(), HasSubstr("after the 3 parameters"));

  // A record whose TensorDesc disagrees with the program's declaration.
  ProgramBuilder other = SmallClassifier();
  other.RawParameter("fc_b", PaddleDataType::kFp32, {4}, std::string(16, '\0'));
  WriteAll(prefix + ".pdiparams", other.CombinedParameters());
  absl::StatusOr<Graph> g = ImportPaddleModel(prefix + ".pdmodel");
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(g.status().message(),
              HasSubstr("the record of 'fc_b' is f32 [4] but the program declares f32 [3]"));

  std::remove((prefix + ".pdiparams").c_str());
  EXPECT_EQ(ImportPaddleModel(prefix + ".pdmodel").status().code(), absl::StatusCode::kNotFound);
  WriteAll(prefix + ".pdmodel", "not a program");
  WriteAll(prefix + ".pdiparams", params);
  EXPECT_EQ(ImportPaddleModel(prefix + ".pdmodel").status().code(), absl::StatusCode::kDataLoss);
}

TEST(PaddleImporterTest, MissingLegacyParameterFileIsNamed) {
  const std::string dir = TempDir("legacy_missing");
  ASSERT_TRUE(SmallClassifier().WriteLegacy(dir).ok());
  std::remove((dir + "/fc_w").c_str());
  absl::StatusOr<Graph> g = ImportPaddleModel(dir);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(g.status().message(), HasSubstr(dir + "/fc_w' is missing"));
}

TEST(PaddleImporterTest, UnsupportedOpIsNamedWithItsIndex) {
  ProgramBuilder b;
  b.Feed("x", {1, 4});
  b.Op("relu", {{"X", {"x"}}}, {{"Out", {"r"}}});
  b.Op("lstm", {{"Input", {"r"}}}, {{"Hidden", {"h"}}});
  b.Fetch("h");
  absl::StatusOr<Graph> g = ImportCombined(b, "unsupported");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(g.status().message(),
              HasSubstr("Paddle op 2 (lstm -> 'h'): Paddle operator 'lstm' is not supported"));
}

}  // namespace
}  // namespace mint8::ir::paddle
