#include "tl_boost/config/suite_file.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "../temp_dir.hpp"
#include "tl_boost/suite_plan.hpp"
#include "../test_paths.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
const fs::path kConfigs = fs::path(tl_boost_test::source_dir()) / "configs";

std::string error_of(const fs::path& dir, const std::string& text) {
  std::ofstream(dir / "s.json") << text;
  try {
    read_suite_file(dir / "s.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SuiteFile, ReadsTheShippedSuite) {
  const SuiteConfig suite = read_suite_file(kConfigs / "suite.json");
  EXPECT_EQ(suite.name, "suite");
  EXPECT_EQ(suite.protocols.size(), 5u);
  EXPECT_TRUE(fs::exists(suite.protocols.front().config));
}

TEST(SuiteFile, AMistypedKeyIsAnsweredWithTheNearestOneAndAFarOneWithTheKeys) {
  const testing::TempDir tmp("tl_boost_suite_file");
  const std::string path = (tmp.path() / "s.json").string();
  EXPECT_EQ(error_of(tmp.path(), R"({"protocol": []})"),
            path + ": /protocol: unknown key 'protocol' (did you mean 'protocols'?)");
  EXPECT_EQ(error_of(tmp.path(), R"({"colour": 1})"),
            path + ": /colour: unknown key 'colour' (expected name, description, protocols, alpha, loss_margin, "
                   "overrides, splits, interpolation)");
  EXPECT_EQ(error_of(tmp.path(), R"({"alpha": 0.7})"), path + ": /alpha: expected a number in (0, 0.5), found 0.7");
  EXPECT_EQ(error_of(tmp.path(), R"({"overrides": ["a=1", 2]})"), path + ": /overrides/1: expected a string, found an integer");
  EXPECT_EQ(error_of(tmp.path(), R"({"name": "x"})"), path + ": /protocols: missing");
}

}  // namespace
}  // namespace tl_boost
