#include "tl_boost/experiment_identity.hpp"
#include "test_paths.hpp"
#include "tl_boost/error.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
const fs::path kConfigs = fs::path(tl_boost_test::source_dir()) / "configs";

TEST(ExperimentIdentity, SourceKeyNamesWhatDeterminesTheSourceNetwork) {
  const auto transferred = load_config(kConfigs / "transferred.json");
  EXPECT_EQ(source_key(transferred), source_key(load_config(kConfigs / "transferred.json")));
  EXPECT_EQ(source_key(transferred).size(), 16u);
  // The target stage's settings do not change the source network...
  EXPECT_EQ(source_key(transferred), source_key(load_config(kConfigs / "transferred.json",
                                                            {"train.target_epochs=3", "freeze_transferred=true",
                                                             "transfer_layers=2", "threads=1", "device=auto"})));
  // ...but classes, hyperparameters, seed and data subset do.
  for (const char* change : {"seed=1", "train.lr=0.02", "train.source_epochs=3", "data.max_per_class=10",
                             "data.split_seed=5", "model.conv1_channels=16", "source_classes=[\"C\",\"deer\"]"}) {
    EXPECT_NE(source_key(transferred), source_key(load_config(kConfigs / "transferred.json", {change}))) << change;
  }
}

TEST(ExperimentIdentity, DescriptionDeviceThreadsProbeAndLandscapeAreNotPartOfTheExperiment) {
  const auto config = load_config(kConfigs / "transferred.json");
  EXPECT_EQ(experiment_identity(config),
            experiment_identity(load_config(kConfigs / "transferred.json",
                                            {"device=auto", "threads=3", "probe.epochs=2", "probe.classes=[]", "description=\"reworded\""})));
  const auto measured = load_config(kConfigs / "transferred.json",
                                    {"landscape.distance=true", "landscape.sharpness=true", "landscape.sharpness_subset=64"});
  EXPECT_EQ(experiment_identity(config), experiment_identity(measured));
  EXPECT_EQ(source_key(config), source_key(measured));
  for (const char* change : {"train.target_epochs=3", "name=\"other\"", "data.dir=\"elsewhere\"", "seed=2",
                             "freeze_transferred=true"}) {
    EXPECT_NE(experiment_identity(config), experiment_identity(load_config(kConfigs / "transferred.json", {change})))
        << change;
  }
}

TEST(ExperimentIdentity, DifferencesNameEachDifferingPointerWithBothValues) {
  const auto config = load_config(kConfigs / "transferred.json");
  EXPECT_TRUE(identity_differences(config, load_config(kConfigs / "transferred.json", {"threads=3"})).empty());
  const auto changed =
      load_config(kConfigs / "transferred.json", {"train.lr=0.05", "seed=2", "transfer_init=permuted_taps"});
  EXPECT_EQ(identity_differences(config, changed),
            (std::vector<std::string>{"/seed: 0 -> 2", "/train/lr: 0.01 -> 0.05",
                                      "/transfer_init: none -> \"permuted_taps\""}));
}

// The keys name cache directories of suites already run: a change of the identity's JSON would
// silently retrain every cached source. These are the keys tl-boost has always given.
TEST(ExperimentIdentity, SourceKeysOfTheShippedConfigsAreStable) {
  EXPECT_EQ(source_key(load_config(kConfigs / "transferred.json")), "69b931f10db9f060");
  EXPECT_EQ(source_key(load_config(kConfigs / "transferred_diverse.json", {"seed=3"})), "2fb639b28f457280");
}

// `deterministic` came after runs, suites and their source caches were recorded: at its default
// it must leave every identity and key as it was, and a config.json saved before it resumes.
TEST(ExperimentIdentity, DeterministicJoinsTheIdentityOnlyWhenFalse) {
  const auto config = load_config(kConfigs / "transferred.json");
  const auto explicit_true = load_config(kConfigs / "transferred.json", {"deterministic=true"});
  EXPECT_EQ(experiment_identity(explicit_true), experiment_identity(config));
  EXPECT_EQ(source_key(explicit_true), source_key(config));
  EXPECT_FALSE(experiment_identity(config).contains("deterministic"));
  EXPECT_FALSE(source_identity(config).contains("deterministic"));

  nlohmann::json saved_before = to_json(config);
  saved_before.erase("deterministic");
  const auto resumed = parse_config(saved_before, "config.json", "transferred");
  EXPECT_EQ(experiment_identity(resumed), experiment_identity(config));

  const auto fast = load_config(kConfigs / "transferred.json", {"deterministic=false"});
  EXPECT_NE(experiment_identity(fast), experiment_identity(config));
  EXPECT_NE(source_key(fast), source_key(config));
}

// The controls' keys came after runs were recorded too: at their defaults every identity, key and
// saved config.json stays as it was; set, they make another experiment. transfer_init only
// changes what the target stage makes of the source network, so the source cache is shared.
TEST(ExperimentIdentity, ControlKeysJoinTheIdentityOnlyAwayFromTheirDefaults) {
  const auto config = load_config(kConfigs / "transferred.json");
  const auto defaults = load_config(kConfigs / "transferred.json", {"transfer_init=copy", "train.train_eval_subset=0"});
  EXPECT_EQ(experiment_identity(defaults), experiment_identity(config));
  EXPECT_EQ(source_key(defaults), source_key(config));
  for (const char* key : {"transfer_init", "compute_matched"}) EXPECT_FALSE(experiment_identity(config).contains(key));
  EXPECT_FALSE(experiment_identity(config)["train"].contains("train_eval_subset"));

  nlohmann::json saved_before = to_json(config);
  saved_before.erase("transfer_init");
  saved_before.erase("compute_matched");
  saved_before["train"].erase("train_eval_subset");
  saved_before["probe"].erase("standardize");
  EXPECT_EQ(experiment_identity(parse_config(saved_before, "config.json", "transferred")), experiment_identity(config));

  for (const char* init : {"transfer_init=matched_statistics", "transfer_init=permuted_taps"}) {
    const auto control = load_config(kConfigs / "transferred.json", {init});
    EXPECT_NE(experiment_identity(control), experiment_identity(config)) << init;
    EXPECT_EQ(source_key(control), source_key(config)) << init;
  }
  const auto subset = load_config(kConfigs / "transferred.json", {"train.train_eval_subset=4000"});
  EXPECT_NE(experiment_identity(subset), experiment_identity(config));
  const auto scratch = load_config(kConfigs / "scratch.json");
  const auto matched = load_config(kConfigs / "scratch_compute_matched.json", {"name=scratch"});
  EXPECT_NE(experiment_identity(matched), experiment_identity(scratch));
  EXPECT_EQ(experiment_identity(matched)["compute_matched"], true);
  EXPECT_EQ(experiment_identity(load_config(kConfigs / "scratch.json", {"probe.standardize=false"})),
            experiment_identity(scratch));
}

// A twin (target_seed_offset) came after runs were recorded: at 0 every identity, key and saved
// config.json stays as it was; set, it is another experiment that trains the same source network
// (the suite's cache shares it) on the same data split.
TEST(ExperimentIdentity, ATargetSeedOffsetMakesAnotherExperimentWithTheSameSourceNetwork) {
  const auto config = load_config(kConfigs / "transferred.json");
  const auto zero = load_config(kConfigs / "transferred.json", {"target_seed_offset=0"});
  EXPECT_EQ(experiment_identity(zero), experiment_identity(config));
  EXPECT_FALSE(experiment_identity(config).contains("target_seed_offset"));
  nlohmann::json saved_before = to_json(config);
  saved_before.erase("target_seed_offset");
  const auto resumed = parse_config(saved_before, "config.json", "transferred");
  EXPECT_EQ(experiment_identity(resumed), experiment_identity(config));

  const auto twin = load_config(kConfigs / "transferred.json", {"target_seed_offset=1"});
  EXPECT_EQ(identity_differences(config, twin), (std::vector<std::string>{"/target_seed_offset: none -> 1"}));
  EXPECT_EQ(source_key(twin), source_key(config));
  EXPECT_EQ(source_key(twin), "69b931f10db9f060");
  EXPECT_FALSE(source_identity(twin).contains("target_seed_offset"));
  EXPECT_EQ(twin.split_seed(), config.split_seed());
  EXPECT_THROW(load_config(kConfigs / "transferred.json", {"target_seed_offset=-1"}), ConfigError);
}

// The mechanism protocols' keys came after runs and cached sources were recorded too: at their
// defaults every identity and key stays; set, they make another experiment. Shuffled source labels
// make another source network; the target stage's cap and conv1_init leave the source key alone,
// so a titrated target starts from the full protocol's cached source.
TEST(ExperimentIdentity, MechanismKeysJoinTheIdentityOnlyWhenSet) {
  const auto config = load_config(kConfigs / "transferred.json");
  const auto defaults =
      load_config(kConfigs / "transferred.json", {"source_labels=\"true\"", "data.target_max_per_class=0"});
  EXPECT_EQ(experiment_identity(defaults), experiment_identity(config));
  EXPECT_EQ(source_key(defaults), "69b931f10db9f060");
  for (const char* key : {"source_labels", "conv1_init"}) {
    EXPECT_FALSE(experiment_identity(config).contains(key)) << key;
    EXPECT_FALSE(source_identity(config).contains(key)) << key;
  }
  EXPECT_FALSE(experiment_identity(config)["data"].contains("target_max_per_class"));

  nlohmann::json saved_before = to_json(config);
  saved_before.erase("source_labels");
  saved_before.erase("conv1_init");
  saved_before["data"].erase("target_max_per_class");
  EXPECT_EQ(experiment_identity(parse_config(saved_before, "config.json", "transferred")), experiment_identity(config));

  const auto shuffled = load_config(kConfigs / "transferred_shuffled_labels.json", {"name=\"transferred\""});
  EXPECT_EQ(experiment_identity(shuffled)["source_labels"], "shuffled");
  EXPECT_EQ(source_identity(shuffled)["source_labels"], "shuffled");
  EXPECT_NE(source_key(shuffled), source_key(config));
  const auto titrated = load_config(kConfigs / "transferred_1000.json", {"name=\"transferred\""});
  EXPECT_EQ(experiment_identity(titrated)["data"]["target_max_per_class"], 1000);
  EXPECT_EQ(source_key(titrated), source_key(config));
  EXPECT_EQ(source_key(load_config(kConfigs / "non_transferred_1000.json")),
            source_key(load_config(kConfigs / "non_transferred.json")));
  EXPECT_NE(source_key(load_config(kConfigs / "transferred.json", {"train.source_epochs=1"})), source_key(config));
  const auto pca = load_config(kConfigs / "pca_filters.json", {"name=\"scratch\""});
  EXPECT_EQ(identity_differences(load_config(kConfigs / "scratch.json"), pca),
            (std::vector<std::string>{"/conv1_init: none -> \"pca_patches\""}));
}

}  // namespace
}  // namespace tl_boost
