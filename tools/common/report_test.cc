#include "tools/common/report.h"

#include "gtest/gtest.h"
#include "tools/common/cli.h"

namespace mint8::tools {
namespace {

TEST(ReportTest, MarkdownTableAlignsColumns) {
  MarkdownTable t({"model", "images/s"});
  t.AddRow({"resnet50", "12.5"});
  EXPECT_EQ(t.ToString(),
            "| model    | images/s |\n"
            "|----------|----------|\n"
            "| resnet50 | 12.5     |\n");
}

TEST(ReportTest, JsonWriterEscapesAndSeparates) {
  JsonWriter j;
  j.BeginObject().Key("name").String("a\"b").Key("values").BeginArray().Int(1).Number(2.5).EndArray();
  j.Key("ok").Bool(true).EndObject();
  EXPECT_EQ(j.str(), R"({"name":"a\"b","values":[1,2.5],"ok":true})");
}

TEST(CliTest, ParsesShapesAndModelSpecs) {
  EXPECT_EQ(*ParseDims("1x3x48x192"), (ir::Dims{1, 3, 48, 192}));
  EXPECT_FALSE(ParseDims("1x0").ok());
  EXPECT_FALSE(ParseDims("abc").ok());
  auto shapes = ParseInputShapes("x:1x3x8x8,y:2x4", "x");
  ASSERT_TRUE(shapes.ok());
  EXPECT_EQ(shapes->at("y"), (ir::Dims{2, 4}));
  EXPECT_EQ(ParseInputShapes("1x3", "data")->at("data"), (ir::Dims{1, 3}));
  EXPECT_EQ(ExpandModelSpecs("zoo:all").size(), 7u);
  EXPECT_EQ(ModelDisplayName("zoo:vgg16"), "vgg16");
  EXPECT_EQ(ModelDisplayName("/a/b/squeezenet.onnx"), "squeezenet.onnx");
}

}  // namespace
}  // namespace mint8::tools
