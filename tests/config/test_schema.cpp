#include "tl_boost/config/experiment_config.hpp"

#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "tl_boost/experiment_identity.hpp"
#include "../test_paths.hpp"

namespace tl_boost {
namespace {

using nlohmann::json;

TEST(ConfigSchema, EveryFieldHasItsOwnPointerAndIsWrittenThere) {
  const ExperimentConfig defaults;
  const json written = to_json(defaults);
  std::set<std::string> pointers;
  std::size_t leaves = 0;
  for (const auto& field : experiment_fields()) {
    EXPECT_TRUE(pointers.insert(field.pointer).second) << field.pointer << " declared twice";
    EXPECT_TRUE(written.contains(json::json_pointer(field.pointer))) << field.pointer;
  }
  for (const auto& [key, value] : written.items()) leaves += value.is_object() && key != "groups" ? value.size() : 1;
  EXPECT_EQ(leaves, pointers.size());  // to_json writes nothing the schema does not declare
}

TEST(ConfigSchema, WhatDeterminesTheSourceNetworkIsPartOfTheExperiment) {
  for (const auto& field : experiment_fields()) {
    if (field.source) EXPECT_NE(field.identity, Identity::kNone) << field.pointer;
  }
}

TEST(ConfigSchema, ARecordedConfigKeepsTheBaseWhereItIsSilentAndIsNeitherCheckedNorExpanded) {
  ExperimentConfig base;
  base.data.dir = "?";
  // Written before transfer_init existed, with one target class (no config would pass the checks).
  const json recorded = {{"target_classes", {"cat"}}, {"transfer_layers", 2}, {"data", {{"validation_fraction", 0.2}}}};
  const ExperimentConfig c = read_recorded_config(recorded, {"summary.json", "/config", JsonSource::kRecord}, base);
  EXPECT_EQ(c.target_classes, std::vector<std::string>{"cat"});
  EXPECT_EQ(c.transfer_layers, 2);
  EXPECT_EQ(c.transfer_init, TransferInit::kCopy);
  EXPECT_EQ(c.data.dir, "?");
  EXPECT_DOUBLE_EQ(c.data.validation_fraction, 0.2);
  try {
    read_recorded_config({{"transfer_init", "shuffled"}}, {"summary.json", "/config", JsonSource::kRecord});
    FAIL() << "no error for an unknown transfer_init";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("summary.json: /config/transfer_init: unknown transfer_init 'shuffled'", 0), 0u)
        << e.what();
  }
}

TEST(ConfigSchema, TheIdentityFollowsTheFieldsFlags) {
  ExperimentConfig c;
  c.target_classes = {"cat", "dog"};
  const json identity = experiment_identity(c);
  for (const auto& field : experiment_fields()) {
    const bool present = identity.contains(json::json_pointer(field.pointer));
    EXPECT_EQ(present, field.identity == Identity::kPart) << field.pointer;  // the defaults leave kPartUnlessDefault out
  }
  EXPECT_EQ(source_identity(c)["data"]["split_seed"], c.seed);  // resolved, not null
}

}  // namespace
}  // namespace tl_boost

namespace tl_boost {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A run writes to_json(config).dump(2) as its config.json, and resumes only a run whose config.json
// says the same: these are the bytes tl-boost has always written for them.
TEST(ConfigSchema, TheResolvedConfigIsWrittenByteForByteAsBefore) {
  const fs::path source(tl_boost_test::source_dir());
  EXPECT_EQ(to_json(load_config(source / "configs/transferred.json")).dump(2) + "\n",
            read_text(source / "tests/data/transferred.resolved.json"));
  const ExperimentConfig cosine =
      load_config(source / "configs/scratch.json",
                  {"train.schedule=cosine", "train.min_lr=0.001", "data.split_seed=7", "deterministic=false",
                   "precision=bf16", "landscape.sharpness=true", "probe.classes=[\"A\"]"});
  EXPECT_EQ(to_json(cosine).dump(2) + "\n", read_text(source / "tests/data/scratch_cosine.resolved.json"));
}

}  // namespace
}  // namespace tl_boost
