#include "tl_boost/compute_settings.hpp"

#include <gtest/gtest.h>

#include "tl_boost/error.hpp"

namespace tl_boost {
namespace {

TEST(ComputeSettings, EveryNameParsesToTheSettingThatPrintsAsIt) {
  for (const DeviceKind device : {DeviceKind::kCpu, DeviceKind::kCuda, DeviceKind::kAuto}) {
    EXPECT_EQ(parse_device_kind(to_string(device)), device);
  }
  for (const Precision precision : {Precision::kFp32, Precision::kBf16}) {
    EXPECT_EQ(parse_precision(to_string(precision)), precision);
  }
  for (const MemoryFormat format : {MemoryFormat::kChannelsLast, MemoryFormat::kContiguous}) {
    EXPECT_EQ(parse_memory_format(to_string(format)), format);
  }
  EXPECT_EQ(to_string(DeviceKind::kCuda), "cuda");
  EXPECT_EQ(to_string(Precision::kBf16), "bf16");
  EXPECT_EQ(to_string(MemoryFormat::kChannelsLast), "channels_last");
}

TEST(ComputeSettings, UnknownNamesAreConfigErrorsListingTheAllowedOnes) {
  EXPECT_THROW(parse_device_kind("CPU"), ConfigError);  // names are case-sensitive, as in the config
  try {
    parse_precision("fp16");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "expected fp32 or bf16, found 'fp16'");
  }
  EXPECT_THROW(parse_memory_format("nhwc"), ConfigError);
}

}  // namespace
}  // namespace tl_boost
