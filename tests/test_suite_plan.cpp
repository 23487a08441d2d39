#include "tl_boost/suite_plan.hpp"

#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

#include "tl_boost/error.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
const fs::path kConfigs = fs::path(TL_BOOST_SOURCE_DIR) / "configs";

std::vector<std::vector<ExperimentConfig>> suite_configs(const SuiteConfig& suite, std::vector<std::uint64_t> seeds) {
  return expand_suite(suite, seeds);
}

TEST(SuitePlan, LoadsTheShippedSuite) {
  const SuiteConfig suite = load_suite_config(kConfigs / "suite.json");
  EXPECT_EQ(suite.name, "suite");
  ASSERT_EQ(suite.protocols.size(), 5u);
  EXPECT_EQ(suite.protocols[0].config, kConfigs / "transferred.json");
  EXPECT_EQ(suite.protocols[0].name, "");
  EXPECT_DOUBLE_EQ(suite.alpha, 0.05);
}

TEST(SuitePlan, UnitsInDependencyOrderWithSharedSources) {
  const SuiteConfig suite = load_suite_config(kConfigs / "suite.json");
  const auto units = plan_suite(suite_configs(suite, {0, 1}));
  // Per seed: four distinct sources (A, B, C+2, A∪C), five targets.
  ASSERT_EQ(units.size(), 2u * 4 + 2u * 5);
  for (std::size_t i = 0; i < units.size(); ++i) {
    EXPECT_EQ(units[i].index, i);
    if (i < 8) EXPECT_EQ(units[i].kind, UnitKind::kSource);
    if (i >= 8) EXPECT_EQ(units[i].kind, UnitKind::kTarget);
  }
  EXPECT_EQ(units[0].seed, 0u);
  EXPECT_EQ(units[4].seed, 1u);
  const SuiteUnit& scratch = units[8 + 4];
  EXPECT_EQ(scratch.protocol, "scratch");
  EXPECT_FALSE(scratch.source_unit.has_value());
  const SuiteUnit& transferred_seed1 = units[8 + 5];
  EXPECT_EQ(transferred_seed1.protocol, "transferred");
  ASSERT_TRUE(transferred_seed1.source_unit.has_value());
  EXPECT_EQ(units[*transferred_seed1.source_unit].seed, 1u);
  EXPECT_EQ(units[*transferred_seed1.source_unit].source_key, transferred_seed1.source_key);
  EXPECT_EQ(to_json(units[0])["kind"], "source");
  // Stable: the same suite plans the same units.
  const auto again = plan_suite(suite_configs(suite, {0, 1}));
  for (std::size_t i = 0; i < units.size(); ++i) EXPECT_EQ(to_json(units[i]), to_json(again[i]));
}

TEST(SuitePlan, ProtocolsSharingASourceTrainItOnce) {
  // The same source classes under two protocol names (frozen and fine-tuned, Yosinski's AnB / AnB+).
  std::vector<std::vector<ExperimentConfig>> configs{
      {load_config(kConfigs / "transferred.json")},
      {load_config(kConfigs / "transferred.json", {"name=\"transferred_frozen\"", "freeze_transferred=true"})}};
  const auto units = plan_suite(configs);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[1].source_unit, units[2].source_unit);
}

TEST(SuitePlan, BadSuiteFilesNameTheKey) {
  const testing::TempDir tmp("tl_boost_suite");
  const fs::path& dir = tmp.path();
  std::ofstream(dir / "s.json") << R"({"protocols": ["missing.json"]})";
  try {
    load_suite_config(dir / "s.json");
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/protocols/0"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "s.json") << R"({"protocol": []})";
  EXPECT_THROW(load_suite_config(dir / "s.json"), ConfigError);
}

TEST(SuitePlan, SuiteNameThatWouldLeaveTheOutputRootIsRefusedWithItsKey) {
  const testing::TempDir tmp("tl_boost_suite");
  const fs::path& dir = tmp.path();
  for (const char* name : {"../escaped", "a/b", "..", "/abs"}) {
    std::ofstream(dir / "s.json") << nlohmann::json{{"name", name}, {"protocols", {(kConfigs / "transferred.json").string()}}}.dump();
    try {
      load_suite_config(dir / "s.json");
      ADD_FAILURE() << name;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("/name: '" + std::string(name) + "'"), std::string::npos) << e.what();
    }
  }
  std::ofstream(dir / "s.json") << nlohmann::json{{"name", "grid_v2+frozen"}, {"protocols", {(kConfigs / "transferred.json").string()}}}.dump();
  EXPECT_EQ(load_suite_config(dir / "s.json").name, "grid_v2+frozen");
}

}  // namespace
}  // namespace tl_boost

namespace tl_boost {
namespace {

TEST(SuitePlan, YosinskiGridExpandsIntoNineConditionsOverTwoSources) {
  const SuiteConfig grid = load_suite_config(kConfigs / "yosinski_grid.json");
  ASSERT_EQ(grid.protocols.size(), 9u);
  const auto configs = expand_suite(grid, {0, 1});
  std::map<std::string, const ExperimentConfig*> by_name;
  for (const auto& protocol : configs) {
    ASSERT_EQ(protocol.size(), 2u);
    EXPECT_EQ(protocol[1].seed, 1u);
    by_name[protocol[0].name] = &protocol[0];
  }
  ASSERT_EQ(by_name.size(), 9u);
  const auto& anb2 = *by_name.at("AnB_2");
  EXPECT_EQ(anb2.transfer_layers, 2);
  EXPECT_TRUE(anb2.freeze_transferred);
  EXPECT_EQ(anb2.source_classes, (std::vector<std::string>{"airplane", "truck", "ship", "deer"}));
  const auto& bnb_plus1 = *by_name.at("BnB+_1");
  EXPECT_EQ(bnb_plus1.transfer_layers, 1);
  EXPECT_FALSE(bnb_plus1.freeze_transferred);
  EXPECT_EQ(bnb_plus1.source_classes, bnb_plus1.target_classes);
  EXPECT_FALSE(by_name.at("baseB")->has_source_stage());
  // Per seed: one source network on A and one on B serve all eight transfer conditions.
  const auto units = plan_suite(configs);
  std::size_t sources = 0;
  for (const auto& unit : units) sources += unit.kind == UnitKind::kSource;
  EXPECT_EQ(sources, 2u * 2);
  EXPECT_EQ(units.size(), 2u * 2 + 2u * 9);
}

TEST(SuitePlan, ProtocolEntriesAreChecked) {
  testing::TempDir tmp("tl_boost_suite");
  const auto write = [&](const std::string& text) {
    const auto path = tmp.path() / "s.json";
    std::ofstream(path) << text;
    // The entries name the shipped configs by absolute path.
    return path;
  };
  const std::string t = (kConfigs / "transferred.json").string();
  const auto error_of = [&](const std::string& text) {
    try {
      expand_suite(load_suite_config(write(text)), {0});
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of(R"({"protocols": [{"config": ")" + t + R"(", "colour": 1}]})").find("/protocols/0/colour"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"protocols": [{"config": ")" + t + R"(", "set": "lr"}]})").find("/protocols/0/set"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"protocols": [{"name": "x"}]})").find("/protocols/0"), std::string::npos);
  EXPECT_NE(error_of(R"({"protocols": [")" + t + R"(", ")" + t + R"("]})").find("two protocols are named 'transferred'"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"protocols": [{"config": ")" + t + R"(", "set": ["train.lr=0"]}]})").find("/train/lr"),
            std::string::npos);
}

}  // namespace
}  // namespace tl_boost
