#include "tl_boost/collect.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/suite_manifest.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kHeader = "stage,epoch,train_loss,seconds\n";

// A finished run as a suite leaves it: its record, its weights and a training state.
void finished_run(const fs::path& dir, const std::string& metrics) {
  const RunLayout run(dir);
  for (const fs::path& file : run.record()) write(file, file.filename().string());
  write(run.metrics(), kHeader + metrics);
  write(run.stage_weights(Stage::kTarget), "weights");
  write(run.training_state(RunLayout::training_state_name(Stage::kTarget, 2)), "state");
}

ClassSplit split(const std::string& name, const std::string& first_a_class) {
  return {name, {{"A", {first_a_class, "ship"}}, {"B", {"cat", "dog"}}}};
}

// A suite's suite.json: the study's name, seeds 0-1, the given protocols and splits.
SuiteManifest manifest(std::vector<std::string> protocols, std::vector<ClassSplit> splits) {
  return {"study", {0, 1}, 0.05, 0.02, std::move(protocols), std::move(splits)};
}

class Collect : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(from_.root());
    fs::create_directories(into_.root());
    write_manifest(from_.manifest(), manifest({"warm_restart", "scratch", "pca_filters", "transferred"},
                                              {split("default", "airplane"), split("random-2026-0", "bird")}));
  }
  testing::TempDir dir_;
  SuiteLayout from_{dir_ / "runs/study"}, into_{dir_ / "results/study"};
};

TEST_F(Collect, CopiesEachFinishedRunsRecordAndTheInterpolationsAndNothingElse) {
  finished_run(from_.run("default", "warm_restart", 0).dir(), "target,1,0.5,12.0\n");
  const RunLayout unfinished = from_.run("default", "warm_restart", 1);
  write(unfinished.metrics(), kHeader + "target,1,0.6,11.0\n");  // no summary.json yet
  write(from_.source("abc").stage_weights(Stage::kSource), "source");
  write(from_.unit_log(0), "log");
  write(from_.interpolation("default", "scratch", "scratch_twin", 0, 0), "alpha,train_loss\n0,0.1\n");

  const CollectedRuns c = collect_runs(from_, into_, {});
  EXPECT_EQ(c.copied, std::vector<fs::path>{fs::path("default/warm_restart/seed-0")});
  EXPECT_EQ(c.unfinished, std::vector<fs::path>{fs::path("default/warm_restart/seed-1")});
  EXPECT_TRUE(c.kept.empty());
  EXPECT_EQ(c.interpolations_copied, 1u);
  const RunLayout copied = into_.run("default", "warm_restart", 0);
  for (const fs::path& file : copied.record()) EXPECT_TRUE(fs::exists(file)) << file;
  EXPECT_EQ(read(copied.metrics()), kHeader + "target,1,0.5,12.0\n");
  EXPECT_FALSE(fs::exists(copied.stage_weights(Stage::kTarget)));
  EXPECT_FALSE(fs::exists(copied.training_state(RunLayout::training_state_name(Stage::kTarget, 2))));
  EXPECT_FALSE(fs::exists(into_.run("default", "warm_restart", 1).dir()));
  EXPECT_FALSE(fs::exists(into_.sources()));
  EXPECT_FALSE(fs::exists(into_.logs()));
  EXPECT_EQ(read(into_.interpolation("default", "scratch", "scratch_twin", 0, 0)), "alpha,train_loss\n0,0.1\n");
}

// A run retrained beside its twin (the basin test) must not replace the committed one; its curves
// are compared instead, the seconds aside.
TEST_F(Collect, ARunTheResultsHoldIsKeptAndItsCurvesComparedButForTheSeconds) {
  finished_run(from_.run("default", "scratch", 0).dir(), "target,1,0.5,12.0\n");
  finished_run(from_.run("default", "scratch", 1).dir(), "target,1,0.5,12.0\n");
  finished_run(into_.run("default", "scratch", 0).dir(), "target,1,0.5,30.5\n");
  finished_run(into_.run("default", "scratch", 1).dir(), "target,1,0.7,12.0\n");
  write(into_.run("default", "scratch", 0).summary(), "committed");

  const CollectedRuns c = collect_runs(from_, into_, {});
  EXPECT_TRUE(c.copied.empty());
  EXPECT_EQ(c.kept.size(), 2u);
  EXPECT_EQ(c.other_curves, std::vector<fs::path>{fs::path("default/scratch/seed-1")});
  EXPECT_EQ(read(into_.run("default", "scratch", 0).summary()), "committed");
  EXPECT_EQ(read(into_.run("default", "scratch", 1).metrics()), kHeader + "target,1,0.7,12.0\n");
}

TEST_F(Collect, OnlyTheListedProtocolsRunsAreCollected) {
  finished_run(from_.run("random-2026-0", "pca_filters", 2).dir(), "target,1,0.5,1\n");
  finished_run(from_.run("random-2026-0", "transferred", 2).dir(), "target,1,0.5,1\n");
  const CollectedRuns c = collect_runs(from_, into_, {"pca_filters"});
  EXPECT_EQ(c.copied, std::vector<fs::path>{fs::path("random-2026-0/pca_filters/seed-2")});
  EXPECT_FALSE(fs::exists(into_.run("random-2026-0", "transferred", 2).dir()));
}

TEST_F(Collect, AnInterpolationTheResultsHoldWithOtherValuesStopsItBeforeAnythingIsCopied) {
  finished_run(from_.run("default", "scratch", 0).dir(), "target,1,0.5,1\n");
  const fs::path curve = from_.interpolation("default", "scratch", "scratch_twin", 0, 0);
  write(curve, "alpha,train_loss\n0,0.1\n");
  write(into_.interpolation("default", "scratch", "scratch_twin", 0, 0), "alpha,train_loss\n0,0.2\n");
  try {
    collect_runs(from_, into_, {});
    FAIL() << "expected an IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(curve.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("nothing was collected"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(into_.run("default", "scratch", 0).dir()));
}

// Part by part, split by split: the results' suite.json lists a protocol (and the report judges
// it) only once every split and seed it lists holds a finished run of it.
TEST_F(Collect, AProtocolJoinsTheResultsSuiteFileOnceEveryRunItListsIsIn) {
  write_manifest(into_.manifest(), manifest({"transferred"}, {split("default", "airplane"), split("random-2026-0", "bird")}));
  write_manifest(from_.manifest(), manifest({"pca_filters"}, {split("random-2026-0", "bird")}));  // one split's suite
  finished_run(into_.run("default", "pca_filters", 0).dir(), "target,1,0.5,1\n");
  for (const std::uint64_t seed : {0, 1}) finished_run(from_.run("random-2026-0", "pca_filters", seed).dir(), "target,1,0.5,1\n");

  CollectedRuns c = collect_runs(from_, into_, {});
  EXPECT_TRUE(c.joined.empty());
  ASSERT_EQ(c.waiting.size(), 1u);
  EXPECT_EQ(c.waiting[0].protocol, "pca_filters");
  EXPECT_EQ(c.waiting[0].finished, 3u);
  EXPECT_EQ(c.waiting[0].needed, 4u);
  EXPECT_EQ(read_manifest(into_.manifest()).protocols, std::vector<std::string>{"transferred"});

  finished_run(from_.run("default", "pca_filters", 1).dir(), "target,1,0.5,1\n");
  c = collect_runs(from_, into_, {});
  EXPECT_EQ(c.joined, std::vector<std::string>{"pca_filters"});
  EXPECT_TRUE(c.waiting.empty());
  const SuiteManifest joined = read_manifest(into_.manifest());
  EXPECT_EQ(joined.protocols, (std::vector<std::string>{"transferred", "pca_filters"}));
  EXPECT_EQ(joined.splits.size(), 2u);  // its own splits, in its order
}

TEST_F(Collect, WithoutASuiteFileTheResultsGetTheSuitesWithItsCompleteProtocolsOnly) {
  for (const char* split_name : {"default", "random-2026-0"}) {
    for (const std::uint64_t seed : {0, 1}) finished_run(from_.run(split_name, "scratch", seed).dir(), "target,1,0.5,1\n");
  }
  finished_run(from_.run("default", "transferred", 0).dir(), "target,1,0.5,1\n");
  const CollectedRuns c = collect_runs(from_, into_, {});
  EXPECT_EQ(c.joined, std::vector<std::string>{"scratch"});
  SuiteManifest expected = read_manifest(from_.manifest());
  expected.protocols = {"scratch"};
  EXPECT_EQ(read_manifest(into_.manifest()), expected);
}

TEST_F(Collect, TheResultsSuiteFileGainsTheSuitesSplitsAndSeeds) {
  write_manifest(into_.manifest(), {"study", {0}, 0.05, 0.02, {"scratch"}, {split("default", "airplane")}});
  finished_run(from_.run("random-2026-0", "scratch", 1).dir(), "target,1,0.5,1\n");
  collect_runs(from_, into_, {"scratch"});
  const SuiteManifest m = read_manifest(into_.manifest());
  EXPECT_EQ(m.seeds, (std::vector<std::uint64_t>{0, 1}));
  ASSERT_EQ(m.splits.size(), 2u);
  EXPECT_EQ(m.splits[1].name, "random-2026-0");
  EXPECT_EQ(m.protocols, std::vector<std::string>{"scratch"});
}

TEST_F(Collect, AnotherSuiteOrASplitWithOtherClassesStopsItBeforeAnythingIsCopied) {
  finished_run(from_.run("default", "scratch", 0).dir(), "target,1,0.5,1\n");
  const auto refused = [&](const SuiteManifest& results, const std::string& why) {
    write_manifest(into_.manifest(), results);
    try {
      collect_runs(from_, into_, {});
      ADD_FAILURE() << "expected an IoError: " << why;
    } catch (const IoError& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(into_.run("default", "scratch", 0).dir()));
  };
  refused({"pilot", {0, 1}, 0.05, 0.02, {}, {}}, "expected suite \"pilot\"");
  refused(manifest({}, {split("default", "frog")}), "split default has other classes");
}

}  // namespace
}  // namespace tl_boost
