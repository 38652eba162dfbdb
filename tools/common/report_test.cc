#include "tools/common/report.h"

#include "gtest/gtest.h"
#include "tools/common/cli.h"
#include "tools/common/json_value.h"

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

TEST(ReportTest, JsonRoundTripsThroughTheReader) {
  JsonWriter j;
  j.BeginObject().Key("s").String("q\"\\x").Key("a").BeginArray().Int(-3).Number(0.25).EndArray();
  j.Key("b").Bool(false).Key("o").BeginObject().EndObject().EndObject();
  auto v = ParseJson(j.str());
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->Find("s")->string, "q\"\\x");
  EXPECT_EQ(v->Find("a")->array[0].number, -3);
  EXPECT_EQ(v->Find("a")->array[1].number, 0.25);
  EXPECT_FALSE(v->Find("b")->boolean);
  EXPECT_EQ(v->Find("o")->type, JsonValue::Type::kObject);
  EXPECT_FALSE(ParseJson("{\"a\":}").ok());
  EXPECT_FALSE(ParseJson("[1,2").ok());
}

TEST(CliTest, ParsesShapesAndModelSpecs) {
  EXPECT_EQ(*ParseDims("1x3x48x192"), (ir::Dims{1, 3, 48, 192}));
  EXPECT_FALSE(ParseDims("1x0").ok());
  EXPECT_FALSE(ParseDims("abc").ok());
  auto shapes = ParseInputShapes("x:1x3x8x8,y:2x4", "x");
  ASSERT_TRUE(shapes.ok());
  EXPECT_EQ(shapes->at("y"), (ir::Dims{2, 4}));
  EXPECT_EQ(ParseInputShapes("1x3", "data")->at("data"), (ir::Dims{1, 3}));
  EXPECT_EQ(ExpandModelSpecs("zoo:all").size(), 17u);  // the seven seeds and ten from torchvision
  EXPECT_EQ(ModelDisplayName("zoo:vgg16"), "vgg16");
  EXPECT_EQ(ModelDisplayName("/a/b/squeezenet.onnx"), "squeezenet.onnx");
}

}  // namespace
}  // namespace mint8::tools
