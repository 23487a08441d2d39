#include "tl_boost/run_progress.hpp"

#include <gtest/gtest.h>

#include "epoch_metrics.hpp"

#include "tl_boost/error.hpp"

namespace tl_boost {
namespace {

using nlohmann::json;

const auto metrics = &testing::epoch_metrics;

TEST(RunProgress, RoundTripsExactly) {
  const std::vector<StagePlan> plans{{Stage::kSource, {"cat", "dog"}, 2, 0, false, 1, 2},
                                     {Stage::kTarget, {"horse", "bird"}, 3, 1, false, 3, 4}};
  RunProgress p;
  p.stage_index = 1;
  StageResult source;
  source.plan = plans[0];
  source.epochs = {metrics(1, 0.1 + 1e-13), metrics(2, 1.0 / 3.0)};
  source.test = {0.123456789012345, 0.75, 2000};
  source.train_size = 9000;
  source.validation_size = 1000;
  source.seconds = 3.5;
  p.completed = {source};
  p.history = {metrics(1, 2.0 / 3.0)};
  p.stage_seconds = 1.5;
  p.state_file = "checkpoint-target-1.pt";
  EXPECT_EQ(p.metrics_rows(), 3u);

  const RunProgress back = progress_from_json(json::parse(progress_to_json(p).dump()), plans, "checkpoint.json");
  EXPECT_EQ(back.stage_index, 1u);
  ASSERT_EQ(back.completed.size(), 1u);
  EXPECT_EQ(back.completed[0].plan.stage, Stage::kSource);
  EXPECT_EQ(back.completed[0].epochs[1].val_acc, 1.0 / 3.0);  // bit for bit
  EXPECT_EQ(back.completed[0].epochs[0].val_acc, 0.1 + 1e-13);
  EXPECT_EQ(back.completed[0].test.loss, 0.123456789012345);
  EXPECT_EQ(back.completed[0].train_size, 9000);
  EXPECT_EQ(back.history[0].val_acc, 2.0 / 3.0);
  EXPECT_EQ(back.state_file, "checkpoint-target-1.pt");

  // A checkpoint of another config's stages is refused.
  try {
    progress_from_json(progress_to_json(p), {plans[1]}, "checkpoint.json");
    FAIL() << "a source stage read as a target stage";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()), "checkpoint.json: stage 0 is 'source', expected 'target'");
  }
  EXPECT_THROW(progress_from_json(json::parse(R"({"stage_index": 0})"), plans, "checkpoint.json"), IoError);
}

TEST(RunProgress, StartedOnceAnEpochOrAStageIsDone) {
  RunProgress p;
  EXPECT_FALSE(p.started());
  p.history = {metrics(1, 0.5)};
  EXPECT_TRUE(p.started());
  p.history.clear();
  p.completed.emplace_back();
  EXPECT_TRUE(p.started());
}

}  // namespace
}  // namespace tl_boost
