#include "tools/common/preprocess_flags.h"

#include <array>

#include "gflags/gflags.h"
#include "gtest/gtest.h"

DECLARE_string(preprocess);
DECLARE_int32(resize_size);
DECLARE_string(mean);
DECLARE_string(std);
DECLARE_double(scale);
DECLARE_string(channel_order);

namespace mint8::tools {
namespace {

TEST(PreprocessFlagsTest, PresetForTheModelInputSize) {
  gflags::FlagSaver saver;
  FLAGS_preprocess = "caffe";
  const Preprocessing p = PreprocessingFromFlags({1, 3, 227, 227});
  EXPECT_EQ(p.height, 227);
  EXPECT_EQ(p.width, 227);
  EXPECT_EQ(p.resize_size, 256);
  EXPECT_TRUE(p.bgr);
  EXPECT_EQ(p.mean, (std::array<float, 3>{104.f, 117.f, 123.f}));
}

TEST(PreprocessFlagsTest, OverridesReplaceThePresetsValues) {
  gflags::FlagSaver saver;
  FLAGS_preprocess = "torch";
  FLAGS_resize_size = 240;
  FLAGS_mean = "0.5,0.25,0";
  FLAGS_std = "1,2,4";
  FLAGS_scale = 0.5;
  FLAGS_channel_order = "bgr";
  const Preprocessing p = PreprocessingFromFlags({1, 3, 224, 224});
  EXPECT_EQ(p.resize_size, 240);
  EXPECT_EQ(p.mean, (std::array<float, 3>{0.5f, 0.25f, 0.f}));
  EXPECT_EQ(p.std, (std::array<float, 3>{1.f, 2.f, 4.f}));
  EXPECT_EQ(p.scale, 0.5f);
  EXPECT_TRUE(p.bgr);
}

TEST(PreprocessFlagsTest, BadFlagsExitWithAMessage) {
  gflags::FlagSaver saver;
  FLAGS_mean = "0.5,0.25";
  EXPECT_EXIT(PreprocessingFromFlags({1, 3, 224, 224}), ::testing::ExitedWithCode(2),
              "--mean needs three comma-separated values");
  FLAGS_mean = "0.5,x,0";
  EXPECT_EXIT(PreprocessingFromFlags({1, 3, 224, 224}), ::testing::ExitedWithCode(2), "'x' is not a number");
  FLAGS_mean = "";
  FLAGS_channel_order = "rbg";
  EXPECT_EXIT(PreprocessingFromFlags({1, 3, 224, 224}), ::testing::ExitedWithCode(2), "must be rgb or bgr");
  FLAGS_channel_order = "";
  FLAGS_preprocess = "vgg";
  EXPECT_EXIT(PreprocessingFromFlags({1, 3, 224, 224}), ::testing::ExitedWithCode(2),
              "unknown preprocessing preset 'vgg'");
  FLAGS_preprocess = "torch";
  EXPECT_EXIT(PreprocessingFromFlags({1, 1, 28, 28}), ::testing::ExitedWithCode(2),
              "is not an N x 3 x H x W image");
}

}  // namespace
}  // namespace mint8::tools
