#include "tl_boost/config/data_location.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "../temp_dir.hpp"
#include "../test_paths.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/experiment_identity.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = fs::path(tl_boost_test::source_dir());
const fs::path kConfigs = kSource / "configs";

TEST(ConfigCheckout, IsTheParentOfAConfigsFolderElseTheConfigsOwnFolder) {
  EXPECT_EQ(config_checkout("/repo/configs/smoke.json"), fs::path("/repo"));
  EXPECT_EQ(config_checkout("/repo/configs/../configs/smoke.json"), fs::path("/repo"));
  EXPECT_EQ(config_checkout("/elsewhere/mine/smoke.json"), fs::path("/elsewhere/mine"));
  EXPECT_EQ(config_checkout("configs/smoke.json"), fs::current_path());
  EXPECT_TRUE(config_checkout("smoke.json").is_absolute());
}

TEST(DataLocation, ARelativeDataDirOfAConfigFileIsTakenFromItsCheckoutAndTheConfigKeepsItAsWritten) {
  const ExperimentConfig config = load_config(kConfigs / "scratch.json");
  const DataLocation where = config.data.where();
  EXPECT_EQ(where.origin, DataDirOrigin::kConfigFile);
  EXPECT_EQ(where.written, "data/cifar-10-batches-bin");
  EXPECT_EQ(where.path, (kSource / "data/cifar-10-batches-bin").lexically_normal());
  EXPECT_EQ(where.base, kSource.lexically_normal());
  EXPECT_EQ(config.data.dir, "data/cifar-10-batches-bin");  // config.json and the identity as before
  EXPECT_EQ(to_json(config)["data"]["dir"], "data/cifar-10-batches-bin");
}

TEST(DataLocation, TheFlagBeatsTheVariableWhichBeatsASetWhichBeatsTheFile) {
  const fs::path config = kConfigs / "scratch.json";
  const std::vector<std::string> set{"data.dir=\"/set/cifar\""};
  EXPECT_EQ(load_config(config, set).data.where().origin, DataDirOrigin::kSet);
  EXPECT_EQ(load_config(config, set).data.path(), fs::path("/set/cifar"));
  EXPECT_EQ(load_config(config, set).data.where().source, "--set 'data.dir=\"/set/cifar\"'");
  const DataDirChoice variable{std::nullopt, std::string("/env/cifar")};
  EXPECT_EQ(load_config(config, set, variable).data.path(), fs::path("/env/cifar"));
  EXPECT_EQ(load_config(config, set, variable).data.where().origin, DataDirOrigin::kEnvironment);
  const DataDirChoice both{std::string("/flag/cifar"), std::string("/env/cifar")};
  EXPECT_EQ(load_config(config, set, both).data.path(), fs::path("/flag/cifar"));
  EXPECT_EQ(load_config(config, set, both).data.where().origin, DataDirOrigin::kFlag);
  const DataDirChoice empty{std::string(""), std::string("")};
  EXPECT_EQ(load_config(config, {}, empty).data.where().origin, DataDirOrigin::kConfigFile);
}

// data.dir is part of the experiment's identity; where the data is found for a run is not, so a run
// started with TL_BOOST_DATA resumes with --data-dir, and config.json is the same bytes.
TEST(DataLocation, TheFlagAndTheVariableChangeNeitherTheIdentityNorTheRecordedConfig) {
  const fs::path config = kConfigs / "transferred.json";
  const ExperimentConfig plain = load_config(config);
  for (const DataDirChoice& choice : {DataDirChoice{std::string("/flag/cifar"), std::nullopt},
                                      DataDirChoice{std::nullopt, std::string("relative/cifar")}}) {
    const ExperimentConfig moved = load_config(config, {}, choice);
    EXPECT_NE(moved.data.path(), plain.data.path());
    EXPECT_EQ(experiment_identity(moved), experiment_identity(plain));
    EXPECT_EQ(to_json(moved), to_json(plain));
  }
}

TEST(DataLocation, ARelativeFlagOrSetIsTakenFromTheWorkingDirectoryAndTheDefaultFromTheCheckout) {
  const fs::path config = kConfigs / "scratch.json";
  const DataLocation flag = load_config(config, {}, {std::string("here/cifar"), std::nullopt}).data.where();
  EXPECT_EQ(flag.path, (fs::current_path() / "here/cifar").lexically_normal());
  EXPECT_EQ(flag.base, fs::current_path());
  const DataLocation set = load_config(config, {"data.dir=there"}).data.where();
  EXPECT_EQ(set.path, (fs::current_path() / "there").lexically_normal());

  const testing::TempDir tmp("tl_boost_data_location");
  std::ofstream(tmp / "mine.json") << R"({"target_classes": ["horse", "cat"]})";
  const DataLocation fallback = load_config(tmp / "mine.json").data.where();
  EXPECT_EQ(fallback.origin, DataDirOrigin::kDefault);
  EXPECT_EQ(fallback.path, (tmp.path() / "data/cifar-10-batches-bin").lexically_normal());
}

TEST(DataLocation, TheMissingDataMessageNamesThePathHowItWasFoundAndTheThreeFixes) {
  const DataLocation where = load_config(kConfigs / "scratch.json", {}, {}).data.where();
  const std::string message = missing_data_message(where);
  EXPECT_EQ(message.rfind(where.path.string() + ": no such directory (data.dir 'data/cifar-10-batches-bin' of " +
                              (kConfigs / "scratch.json").string() + ", taken from its checkout " +
                              kSource.lexically_normal().string() + ")",
                          0),
            0u)
      << message;
  for (const char* fix : {"--data-dir DIR", "TL_BOOST_DATA=DIR", "scripts/fetch-data.sh"}) {
    EXPECT_NE(message.find(fix), std::string::npos) << fix << " in " << message;
  }
  EXPECT_EQ(describe(load_config(kConfigs / "scratch.json", {}, {std::nullopt, std::string("/d")}).data.where()),
            "TL_BOOST_DATA='/d'");
  EXPECT_EQ(describe(load_config(kConfigs / "scratch.json", {}, {std::string("d"), std::nullopt}).data.where()),
            "--data-dir 'd', taken from the working directory " + fs::current_path().string());
}

TEST(DataLocation, AConfigNotLoadedFromAFileReadsItsDirFromTheWorkingDirectory) {
  ExperimentConfig config;
  config.data.dir = "some/where";
  EXPECT_EQ(config.data.path(), fs::path("some/where"));
  EXPECT_EQ(config.data.where().base, fs::current_path());
}

}  // namespace
}  // namespace tl_boost
