#include "tools/common/cli.h"

#include <string>
#include <vector>

#include "gflags/gflags.h"
#include "gtest/gtest.h"

DEFINE_string(cli_test_name, "", "a string flag");
DEFINE_int32(cli_test_count, 0, "an integer flag");
DEFINE_bool(cli_test_switch, false, "a boolean flag");

namespace mint8::tools {
namespace {

// Runs ParseFlags on `args` (after a program name).
void Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "tool");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  char** p = argv.data();
  ParseFlags(&argc, &p, "usage: tool --cli_test_name=NAME");
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FLAGS_cli_test_name = "";
    FLAGS_cli_test_count = 0;
    FLAGS_cli_test_switch = false;
  }
};

TEST_F(CliTest, AcceptsNameEqualsValue) {
  Parse({"--cli_test_name=model.onnx", "--cli_test_count=3", "--cli_test_switch"});
  EXPECT_EQ(FLAGS_cli_test_name, "model.onnx");
  EXPECT_EQ(FLAGS_cli_test_count, 3);
  EXPECT_TRUE(FLAGS_cli_test_switch);
}

TEST_F(CliTest, AcceptsNameSpaceValue) {
  Parse({"--cli_test_name", "model.onnx", "-cli_test_count", "-1", "--cli_test_switch"});
  EXPECT_EQ(FLAGS_cli_test_name, "model.onnx");
  EXPECT_EQ(FLAGS_cli_test_count, -1);
  EXPECT_TRUE(FLAGS_cli_test_switch);
}

TEST_F(CliTest, BooleanFlagsDoNotTakeTheNextArgument) {
  FLAGS_cli_test_switch = true;
  EXPECT_EXIT(Parse({"--nocli_test_switch", "stray"}), ::testing::ExitedWithCode(2),
              "unexpected argument 'stray'");
}

TEST_F(CliTest, RejectsUnknownFlagsStrayArgumentsAndMissingValues) {
  EXPECT_EXIT(Parse({"--cli_test_nmae=x"}), ::testing::ExitedWithCode(2), "unknown flag --cli_test_nmae");
  EXPECT_EXIT(Parse({"--cli_test_name"}), ::testing::ExitedWithCode(2), "--cli_test_name needs a value");
  EXPECT_EXIT(Parse({"model.onnx"}), ::testing::ExitedWithCode(2), "unexpected argument 'model.onnx'");
  EXPECT_EXIT(Parse({"--cli_test_count", "many"}), ::testing::ExitedWithCode(2),
              "--cli_test_count: 'many' is not a valid int32");
  EXPECT_EXIT(Parse({"--cli_test_switch=maybe"}), ::testing::ExitedWithCode(2), "not a valid bool");
}

TEST_F(CliTest, HelpShowsUsageThenTheToolsFlagsThenHelpfull) {
  const std::string help = HelpText("usage: tool --cli_test_name=NAME");
  EXPECT_EQ(help.rfind("usage: tool", 0), 0u) << help;
  EXPECT_NE(help.find("--cli_test_name (string, default \"\")\n      a string flag"), std::string::npos) << help;
  EXPECT_NE(help.find("--cli_test_count (int32, default 0)"), std::string::npos) << help;
  EXPECT_EQ(help.find("--flagfile"), std::string::npos) << help;  // gflags' own
  EXPECT_NE(help.find("--helpfull"), std::string::npos) << help;
  EXPECT_EXIT(Parse({"--help"}), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace mint8::tools
