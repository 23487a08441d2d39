#include "tl_boost/layout.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

namespace fs = std::filesystem;

TEST(RunLayout, NamesEveryFileOfARunDirectory) {
  const RunLayout run = RunLayout::under("out", "transferred", 3);
  EXPECT_EQ(run.dir(), fs::path("out/transferred/seed-3"));
  EXPECT_EQ(run.config(), fs::path("out/transferred/seed-3/config.json"));
  EXPECT_EQ(run.command(), fs::path("out/transferred/seed-3/command.json"));
  EXPECT_EQ(run.metrics(), fs::path("out/transferred/seed-3/metrics.csv"));
  EXPECT_EQ(run.summary(), fs::path("out/transferred/seed-3/summary.json"));
  EXPECT_EQ(run.checkpoint(), fs::path("out/transferred/seed-3/checkpoint.json"));
  EXPECT_EQ(RunLayout::training_state_name(Stage::kTarget, 12), "checkpoint-target-12.pt");
  EXPECT_EQ(run.stage_weights(Stage::kSource), fs::path("out/transferred/seed-3/source.pt"));
  EXPECT_EQ(run.stage_record(), fs::path("out/transferred/seed-3/stage.json"));
}

TEST(RunLayout, RunFilesAreWhatARunWritesAndNothingElse) {
  for (const char* name : {"metrics.csv", "summary.json", "config.json", "command.json", "checkpoint.json", "source.pt",
                           "target.pt", "checkpoint-source-3.pt"}) {
    EXPECT_TRUE(RunLayout::is_run_file(name)) << name;
  }
  for (const char* name : {"notes.txt", "metrics.csv.bak", "my-checkpoint.pt", "report.json"}) {
    EXPECT_FALSE(RunLayout::is_run_file(name)) << name;
  }
}

TEST(SuiteLayout, NamesEveryFileOfASuiteDirectory) {
  const SuiteLayout suite("runs/suite");
  EXPECT_EQ(suite.manifest(), fs::path("runs/suite/suite.json"));
  EXPECT_EQ(suite.run("scratch", 0).summary(), fs::path("runs/suite/scratch/seed-0/summary.json"));
  EXPECT_EQ(suite.source("0123456789abcdef").stage_record(), fs::path("runs/suite/sources/0123456789abcdef/stage.json"));
  EXPECT_EQ(suite.source_partial("0123456789abcdef").dir(), fs::path("runs/suite/sources/0123456789abcdef.partial"));
  EXPECT_EQ(suite.source_lock("0123456789abcdef"), fs::path("runs/suite/sources/0123456789abcdef.lock"));
  EXPECT_EQ(suite.run("scratch", 2).lock(), fs::path("runs/suite/scratch/seed-2.lock"));
  EXPECT_EQ(suite.unit_log(7), fs::path("runs/suite/logs/unit-7.log"));
  EXPECT_EQ(suite.report_json(), fs::path("runs/suite/report.json"));
  EXPECT_EQ(suite.report_markdown(), fs::path("runs/suite/report.md"));
  EXPECT_EQ(suite.report_html(), fs::path("runs/suite/report.html"));
  EXPECT_EQ(suite.runs_csv(), fs::path("runs/suite/runs.csv"));
  EXPECT_EQ(suite.comparisons_csv(), fs::path("runs/suite/comparisons.csv"));
}

}  // namespace
}  // namespace tl_boost
