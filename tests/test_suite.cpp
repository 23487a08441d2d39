#include "tl_boost/suite/suite.hpp"

#include <algorithm>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "log_capture.hpp"
#include "suite_fixture.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/source_cache.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A suite as a model: its units, their completeness, each unit run and its cached source.
class SuiteTest : public testing::SuiteFixture {};

TEST_F(SuiteTest, SourceNetworkSharedByTwoProtocolsIsTrainedOnceAndCopiedIntoBoth) {
  const Suite suite = smoke_suite();
  run_suite(suite, {1, 1}, invocation(), session_);
  std::set<std::string> keys;
  for (const auto& unit : suite.units()) {
    if (unit.kind == UnitKind::kSource) keys.insert(unit.source_key);
  }
  std::set<std::string> cached;
  for (const auto& entry : fs::directory_iterator(suite.layout().sources())) {
    if (entry.is_directory()) cached.insert(entry.path().filename().string());
  }
  EXPECT_EQ(cached, keys);  // no .partial left behind
  // transferred and non_transferred both start from a network trained on their source classes;
  // every target run's source rows equal those of its cached source stage.
  for (const auto& unit : suite.units()) {
    if (unit.kind != UnitKind::kTarget || unit.source_key.empty()) continue;
    const json stage = read_json_file(suite.layout().source(unit.source_key).stage_record());
    const json summary = read_json_file(suite.layout().run(unit.protocol, unit.seed).summary());
    EXPECT_EQ(summary["stages"]["source"]["test_acc"], stage["completed"][0]["test"]["accuracy"]) << unit.protocol;
  }
}

TEST_F(SuiteTest, TargetUnitRunAloneTrainsItsMissingSourceFirst) {
  const Suite suite = smoke_suite();
  const SuiteUnit* target = nullptr;
  for (const auto& unit : suite.units()) {
    if (unit.kind == UnitKind::kTarget && unit.protocol == "transferred") target = &unit;
  }
  ASSERT_NE(target, nullptr);
  EXPECT_FALSE(source_cached(suite.layout(), target->source_key));
  suite.run_unit(*target, testing::synthetic_session(), "");
  EXPECT_TRUE(source_cached(suite.layout(), target->source_key));
  const std::vector<bool> complete = suite.completion();
  EXPECT_TRUE(complete[target->index]);
  EXPECT_TRUE(complete[*target->source_unit]);
}

std::set<std::size_t> incomplete_units(const Suite& suite) {
  std::set<std::size_t> incomplete;
  for (const auto& line : suite.plan()) {
    if (!line["complete"].get<bool>()) incomplete.insert(line["unit"].get<std::size_t>());
  }
  return incomplete;
}

// A committed suite has no source cache: its sources are work only for its incomplete targets.
TEST_F(SuiteTest, PlanMarksIncompleteARunThatOwesItsProbeAndARemovedSourceOnlyOnceOneOfItsTargetsIs) {
  const Suite suite = smoke_suite();
  run_suite(suite, {1, 1}, invocation(), session_);
  const SuiteUnit& source = suite.units().front();
  ASSERT_EQ(source.kind, UnitKind::kSource);
  fs::remove_all(suite.layout().source(source.source_key).dir());
  const SuiteUnit& scratch = suite.units().back();
  ASSERT_EQ(scratch.protocol, "scratch");
  const RunLayout run = suite.layout().run(scratch.protocol, scratch.seed);
  json summary = read_json_file(run.summary());
  summary.erase("probe");
  write_file_atomic(run.summary(), summary.dump(2));
  EXPECT_EQ(incomplete_units(suite), (std::set<std::size_t>{scratch.index}));

  const auto target = std::find_if(suite.units().begin(), suite.units().end(),
                                   [&](const SuiteUnit& u) { return u.source_unit == source.index; });
  ASSERT_NE(target, suite.units().end());
  fs::remove(suite.layout().run(target->protocol, target->seed).summary());
  EXPECT_EQ(incomplete_units(suite), (std::set<std::size_t>{source.index, target->index, scratch.index}));
  run_suite(suite, {1, 1}, invocation(), session_);
  for (const auto& line : suite.plan()) EXPECT_TRUE(line["complete"].get<bool>()) << line;
  EXPECT_TRUE(read_json_file(run.summary()).contains("probe"));
}

TEST_F(SuiteTest, TruncatedCachedSourceIsNamedAndTrainedAgainAndItsTargetCompletes) {
  const Suite suite = smoke_suite();
  run_suite(suite, {1, 1}, invocation(), session_);
  const SuiteUnit* target = nullptr;
  for (const auto& unit : suite.units()) {
    if (unit.kind == UnitKind::kTarget && unit.protocol == "transferred") target = &unit;
  }
  ASSERT_NE(target, nullptr);
  const RunLayout cached = suite.layout().source(target->source_key);
  const auto size = fs::file_size(cached.stage_weights(Stage::kSource));
  fs::resize_file(cached.stage_weights(Stage::kSource), size / 2);
  fs::remove(suite.layout().run(target->protocol, target->seed).summary());

  const testing::LogCapture log;
  run_suite(suite, {1, 1}, invocation(), session_);
  EXPECT_NE(log.text().find("cache entry " + cached.dir().string() + ": source.pt is unreadable ("), std::string::npos)
      << log.text();
  EXPECT_NE(log.text().find("rebuilding the entry"), std::string::npos) << log.text();
  EXPECT_EQ(fs::file_size(cached.stage_weights(Stage::kSource)), size);
  EXPECT_TRUE(suite.completion()[target->index]);
  EXPECT_EQ(read_json_file(suite.layout().run(target->protocol, target->seed).summary())["status"], "completed");
}

// The transferred target unit of the smoke suite, after the whole suite ran once.
const SuiteUnit& transferred_target(const Suite& suite) {
  for (const auto& unit : suite.units()) {
    if (unit.kind == UnitKind::kTarget && unit.protocol == "transferred") return unit;
  }
  throw std::logic_error("the smoke suite has a transferred target");
}

TEST_F(SuiteTest, CorruptStageRecordOfACachedSourceIsNamedAndTheEntryRebuiltExactly) {
  const Suite suite = smoke_suite();
  run_suite(suite, {1, 1}, invocation(), session_);
  const SuiteUnit& target = transferred_target(suite);
  const RunLayout cached = suite.layout().source(target.source_key);
  const std::string stage = read_json_file(cached.stage_record()).dump();
  // Each damage a broken disk or an editor leaves: cut short, emptied, or valid JSON that records
  // no finished stage.
  for (const std::string& damaged : {stage.substr(0, stage.size() / 2), std::string(),
                                     std::string(R"({"stage_index": 0, "history": [], "stage_seconds": 0,
                                                     "state_file": "", "completed": []})")}) {
    std::ofstream(cached.stage_record()) << damaged;
    fs::remove(suite.layout().run(target.protocol, target.seed).summary());
    const testing::LogCapture log;
    run_suite(suite, {1, 1}, invocation(), session_);
    EXPECT_NE(log.text().find("cache entry " + cached.dir().string() + ": stage.json is unreadable ("),
              std::string::npos)
        << damaged << "\n" << log.text();
    EXPECT_NE(log.text().find("rebuilding the entry"), std::string::npos) << log.text();
    // Trained again from the same seed: the same source stage, bar its wall seconds.
    json rebuilt = read_json_file(cached.stage_record()), original = json::parse(stage);
    for (json* record : {&rebuilt, &original}) {
      for (auto& completed : (*record)["completed"]) {
        completed.erase("seconds");
        for (auto& epoch : completed["epochs"]) epoch.erase("seconds");
      }
      record->erase("stage_seconds");
    }
    EXPECT_EQ(rebuilt, original);
    EXPECT_EQ(read_json_file(suite.layout().run(target.protocol, target.seed).summary())["status"], "completed");
  }
}

TEST_F(SuiteTest, CorruptCheckpointOfAnInterruptedSourceIsNamedAndTheSourceTrainedFromItsFirstEpoch) {
  const Suite suite = smoke_suite();
  const SuiteUnit& source = suite.units().front();
  ASSERT_EQ(source.kind, UnitKind::kSource);
  const RunLayout partial = suite.layout().source_partial(source.source_key);
  fs::create_directories(partial.dir());
  std::ofstream(partial.checkpoint()) << R"({"stage_index": 0, "hist)";
  const testing::LogCapture log;
  suite.run_unit(source, testing::synthetic_session(), "");
  EXPECT_NE(log.text().find("cache entry " + partial.dir().string() + ": checkpoint.json is unreadable ("),
            std::string::npos)
      << log.text();
  EXPECT_NE(log.text().find("trained again from its first epoch"), std::string::npos) << log.text();
  EXPECT_TRUE(source_cached(suite.layout(), source.source_key));
  EXPECT_FALSE(fs::exists(partial.dir()));
}

}  // namespace
}  // namespace tl_boost
