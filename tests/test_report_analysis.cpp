#include "tl_boost/report/analysis.hpp"
#include "tl_boost/report/report_json.hpp"
#include "tl_boost/report/words.hpp"

#include <cmath>
#include <tuple>

#include <gtest/gtest.h>

#include "report_fixture_classes.hpp"

namespace tl_boost {
namespace {

using nlohmann::json;

// A completed run as the reader leaves it, with three target epochs.
SuiteRun run(const std::string& protocol, std::uint64_t seed, double test_acc, double train_loss, double gap) {
  SuiteRun r;
  r.protocol = protocol;
  r.seed = seed;
  r.transfer = testing::shipped_transfer(protocol);
  r.target = {test_acc, 0.8 - gap, 0.8 - gap, 0.8, gap, train_loss};
  for (int epoch = 1; epoch <= 3; ++epoch) r.metrics.push_back({Stage::kTarget, epoch, train_loss, 0.8, 0.8 - gap});
  return r;
}

SuiteResults suite(std::vector<SuiteRun> runs, std::vector<std::string> protocols) {
  SuiteResults results;
  results.manifest = {"typed", {1, 2, 3}, 0.05, 0.02, std::move(protocols)};
  results.runs = std::move(runs);
  return results;
}

TEST(ReportAnalysis, PairedDifferenceIsTheMeanOfTheSeedsDifferences) {
  // Differences per seed 0.02, 0.03, 0.01: mean 0.02, sd 0.01, standard error 0.01 / sqrt(3).
  const Comparison c = compare_by_seed({{1, 0.80}, {2, 0.82}, {3, 0.81}}, {{1, 0.78}, {2, 0.79}, {3, 0.80}}, "a", "b");
  EXPECT_EQ(c.a, "a");
  EXPECT_EQ(c.b, "b");
  ASSERT_TRUE(c.test.has_value());
  EXPECT_EQ(c.test->name, "paired t-test");
  EXPECT_NEAR(c.test->difference, 0.02, 1e-12);
  EXPECT_NEAR(c.test->standard_error, 0.01 / std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(c.test->t, 2 * std::sqrt(3.0), 1e-9);
  EXPECT_DOUBLE_EQ(c.test->df, 2.0);
  EXPECT_NEAR(c.test->cohens_d, 2.0, 1e-9);
  EXPECT_FALSE(c.equivalence.has_value());
}

TEST(ReportAnalysis, DifferentSeedsAreComparedByWelchAndFewerThanTwoNotAtAll) {
  const Comparison welch = compare_by_seed({{1, 0.80}, {2, 0.82}}, {{2, 0.70}, {3, 0.74}}, "a", "b");
  ASSERT_TRUE(welch.test.has_value());
  EXPECT_EQ(welch.test->name, "Welch's t-test");
  EXPECT_NEAR(welch.test->difference, 0.81 - 0.72, 1e-12);
  const Comparison none = compare_by_seed({{1, 0.80}}, {{1, 0.70}, {2, 0.74}}, "a", "b");
  EXPECT_FALSE(none.test.has_value());
  EXPECT_EQ(none.test_name(), "none (fewer than 2 seeds)");
}

TEST(ReportAnalysis, ExpectationsHoldTheirTestsTyped) {
  std::vector<SuiteRun> runs;
  const double noise[] = {0.001, -0.002, 0.001};
  for (std::uint64_t s = 1; s <= 3; ++s) {
    const double n = noise[s - 1];
    runs.push_back(run("transferred", s, 0.80 + n, 0.100 + n / 10, 0.05 + n));
    runs.push_back(run("non_transferred", s, 0.78 + n / 2, 0.100 - n / 10, 0.10 - n));
  }
  const Report report = analyse(suite(runs, {"transferred", "non_transferred"}));
  ASSERT_EQ(report.expectations.size(), 2u);
  const Expectation& e1 = report.expectations[0];
  EXPECT_EQ(expectation_label(e1), "E1");
  EXPECT_EQ(e1.verdict, Verdict::kSupported);
  ASSERT_EQ(e1.comparisons.size(), 1u);
  const Comparison& losses = e1.comparisons[0];
  ASSERT_TRUE(losses.test.has_value() && losses.equivalence.has_value());
  EXPECT_DOUBLE_EQ(losses.equivalence->margin, 0.02);
  // The loss differences per seed are n / 5: 0.0002, -0.0004, 0.0002; their mean is zero.
  EXPECT_NEAR(losses.test->difference, 0.0, 1e-12);
  const Expectation& e2 = report.expectations[1];
  EXPECT_EQ(expectation_label(e2), "E2");
  EXPECT_EQ(e2.verdict, Verdict::kSupported);
  EXPECT_EQ(e2.comparisons[0].a, "non_transferred");
  EXPECT_NEAR(e2.comparisons[0].test->difference, 0.05, 1e-12);  // gaps 0.10 - n against 0.05 + n, n summing to 0
  ASSERT_EQ(report.headline.size(), 1u);                         // no scratch: only AnB+ − BnB+
  EXPECT_EQ(report.headline[0].id, HeadlineId::kVersusSelf);
  EXPECT_EQ(headline_label(report.headline[0].id), "AnB+ − BnB+");
  EXPECT_NEAR(report.headline[0].comparison.test->difference, 0.02, 1e-12);
}

// The controls share the roles of what they control for: a weight-statistics control transfers
// from the same disjoint source as the plain transfer, and a compute-matched scratch has no source
// either. Listed first, they must still not stand in for transferred or scratch.
TEST(ReportAnalysis, ControlsNeverStandInForThePlainTransferOrTheBaseline) {
  const std::vector<std::string> a = {"airplane", "truck"}, b = {"horse", "cat"};
  const auto placed = [&](SuiteRun r, std::vector<std::string> source, TransferInit init, bool matched) {
    r.transfer.groups = {{"A", a}, {"B", b}};
    r.transfer.source_classes = std::move(source);
    r.transfer.target_classes = b;
    r.transfer.transfer_init = init;
    r.transfer.compute_matched = matched;
    return r;
  };
  std::vector<SuiteRun> runs;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    const double n = 0.001 * static_cast<double>(s);
    runs.push_back(placed(run("statistics", s, 0.70 + n, 0.3, 0.1), a, TransferInit::kMatchedStatistics, false));
    runs.push_back(placed(run("taps", s, 0.71 + n, 0.3, 0.1), a, TransferInit::kPermutedTaps, false));
    runs.push_back(placed(run("long_scratch", s, 0.72 + n, 0.3, 0.1), {}, TransferInit::kCopy, true));
    // The mechanism controls: shuffled source labels, PCA filters, a titrated target set.
    SuiteRun shuffled = placed(run("shuffled", s, 0.73 + n, 0.3, 0.1), a, TransferInit::kCopy, false);
    shuffled.transfer.source_labels = SourceLabels::kShuffled;
    runs.push_back(shuffled);
    SuiteRun pca = placed(run("pca", s, 0.74 + n, 0.3, 0.1), {}, TransferInit::kCopy, false);
    pca.transfer.conv1_init = Conv1Init::kPcaPatches;
    runs.push_back(pca);
    for (auto [name, source] : {std::pair<const char*, std::vector<std::string>>{"transferred_1000", a},
                                {"non_transferred_1000", b}, {"scratch_1000", {}}}) {
      SuiteRun titrated = placed(run(name, s, 0.6 + n, 0.3, 0.1), source, TransferInit::kCopy, false);
      titrated.transfer.target_max_per_class = 1000;
      runs.push_back(titrated);
    }
    runs.push_back(placed(run("transferred", s, 0.80 + n, 0.1, 0.05), a, TransferInit::kCopy, false));
    runs.push_back(placed(run("non_transferred", s, 0.78 - n, 0.1, 0.1), b, TransferInit::kCopy, false));
    runs.push_back(placed(run("scratch", s, 0.75 + n, 0.2, 0.1), {}, TransferInit::kCopy, false));
  }
  const Report report = analyse(
      suite(runs, {"statistics", "taps", "long_scratch", "shuffled", "pca", "transferred_1000", "non_transferred_1000",
                   "scratch_1000", "transferred", "non_transferred", "scratch"}));
  ASSERT_FALSE(report.expectations.empty());
  for (const auto& e : report.expectations) {
    for (const auto& c : e.comparisons) {
      for (const auto* name : {&c.a, &c.b}) {
        EXPECT_TRUE(*name == "transferred" || *name == "non_transferred" || *name == "scratch") << expectation_label(e) << ": " << *name;
      }
    }
  }
  ASSERT_EQ(report.headline.size(), 2u);
  EXPECT_EQ(report.headline[1].id, HeadlineId::kVersusBaseline);
  EXPECT_EQ(report.headline[1].comparison.a, "transferred");
  EXPECT_EQ(report.headline[1].comparison.b, "scratch");
}

// A twin (target_seed_offset) is another target stage of its protocol's experiment and carries its
// role; listed before the originals it must still leave the roles to them, and only a suite without
// the originals gives the roles to the twins.
TEST(ReportAnalysis, TwinsTakeARoleOnlyWhereTheirOriginalIsAbsent) {
  const auto twin = [](SuiteRun r) {
    r.protocol += "_twin";
    r.transfer.target_seed_offset = 1;
    return r;
  };
  std::vector<SuiteRun> originals, twins;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    const double n = 0.001 * static_cast<double>(s);
    originals.push_back(run("transferred", s, 0.80 + n, 0.1, 0.05));
    originals.push_back(run("scratch", s, 0.75 + n, 0.2, 0.1));
    twins.push_back(twin(run("transferred", s, 0.79 + n, 0.1, 0.05)));
    twins.push_back(twin(run("scratch", s, 0.76 - n, 0.2, 0.1)));
  }
  std::vector<SuiteRun> both = twins;
  both.insert(both.end(), originals.begin(), originals.end());
  const Report report = analyse(suite(both, {"transferred_twin", "scratch_twin", "transferred", "scratch"}));
  ASSERT_EQ(report.headline.size(), 1u);
  EXPECT_EQ(report.headline[0].comparison.a, "transferred");
  EXPECT_EQ(report.headline[0].comparison.b, "scratch");
  const Report alone = analyse(suite(twins, {"transferred_twin", "scratch_twin"}));
  ASSERT_EQ(alone.headline.size(), 1u);
  EXPECT_EQ(alone.headline[0].comparison.a, "transferred_twin");
  EXPECT_EQ(alone.headline[0].comparison.b, "scratch_twin");
}


// The study's mechanism protocols: self-transfers kept to depth 2 and 3 (the warm restart) span
// depths, so Yosinski's grid shows the self-transfer by depth; a larger or more diverse source, a
// twin and a shrink-and-perturb control hold no cell, and with an AnB+ at one depth only the
// expectations carry no depth.
TEST(ReportAnalysis, TheGridHoldsOneProtocolPerCellAndNoVersionTwinOrControl) {
  const auto self_at = [](SuiteRun r, int layers, TransferInit init) {
    r.transfer.source_classes = r.transfer.target_classes;
    r.transfer.transfer_layers = layers;
    r.transfer.transfer_init = init;
    return r;
  };
  std::vector<SuiteRun> runs;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    const double n = 0.001 * static_cast<double>(s);
    for (const char* name : {"transferred", "non_transferred", "transferred_diverse", "transferred_more_data", "scratch"})
      runs.push_back(run(name, s, 0.80 + n, 0.1, 0.05));
    SuiteRun twin = run("transferred", s, 0.79 + n, 0.1, 0.05);
    twin.protocol = "transferred_twin";
    twin.transfer.target_seed_offset = 1;
    runs.push_back(twin);
    runs.push_back(self_at(run("warm_restart", s, 0.78 + n, 0.1, 0.05), 3, TransferInit::kCopy));
    runs.push_back(self_at(run("self_transfer_depth2", s, 0.79 + n, 0.1, 0.05), 2, TransferInit::kCopy));
    runs.push_back(self_at(run("shrink_perturb", s, 0.785 + n, 0.1, 0.05), 3, TransferInit::kShrinkPerturb));
  }
  const Report report = analyse(suite(
      runs, {"transferred_twin", "transferred_more_data", "transferred", "non_transferred", "transferred_diverse",
             "warm_restart", "self_transfer_depth2", "shrink_perturb", "scratch"}));
  ASSERT_TRUE(report.grid.has_value());
  std::vector<std::tuple<GridCondition, int, std::string>> cells;
  for (const GridPoint& p : report.grid->points) cells.emplace_back(p.condition, p.n, p.accuracy.protocol);
  EXPECT_EQ(cells, (std::vector<std::tuple<GridCondition, int, std::string>>{
                       {GridCondition::kAnBPlus, 1, "transferred"},
                       {GridCondition::kBnBPlus, 1, "non_transferred"},
                       {GridCondition::kBnBPlus, 2, "self_transfer_depth2"},
                       {GridCondition::kBnBPlus, 3, "warm_restart"}}));
  ASSERT_TRUE(report.grid->baseline.has_value());
  EXPECT_EQ(report.grid->baseline->protocol, "scratch");
  ASSERT_FALSE(report.expectations.empty());
  for (const Expectation& e : report.expectations) EXPECT_FALSE(e.depth.has_value()) << expectation_label(e);
}
// Seeds that differ by 5 points in every protocol widen each mean's own interval; the grid's
// difference from baseB pairs them away, so its interval is the one that can show a cell apart.
TEST(ReportAnalysis, EachGridCellCarriesItsPairedDifferenceFromTheBaseline) {
  std::vector<SuiteRun> runs;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    const double base = 0.70 + 0.05 * static_cast<double>(s);
    runs.push_back(run("scratch", s, base, 0.1, 0.05));
    runs.push_back(run("transferred", s, base + 0.010 + 0.001 * static_cast<double>(s), 0.1, 0.05));
    SuiteRun kept = run("self_transfer_depth2", s, base - 0.020 + 0.002 * static_cast<double>(s % 2), 0.1, 0.05);
    kept.transfer.source_classes = kept.transfer.target_classes;
    kept.transfer.transfer_layers = 2;
    runs.push_back(kept);
  }
  const Report report = analyse(suite(runs, {"transferred", "self_transfer_depth2", "scratch"}));
  ASSERT_TRUE(report.grid.has_value());
  ASSERT_EQ(report.grid->points.size(), 2u);
  const GridAccuracy& transferred = report.grid->points[0].accuracy;
  ASSERT_EQ(transferred.protocol, "transferred");
  ASSERT_TRUE(transferred.vs_baseline.has_value());
  EXPECT_NEAR(transferred.vs_baseline->difference, 0.012, 1e-9);
  EXPECT_GT(transferred.vs_baseline->ci_low, 0.0);  // apart from baseB, paired ...
  EXPECT_LT(transferred.ci_low, report.grid->baseline->mean);  // ... though its own interval holds baseB's mean
  const GridAccuracy& kept = report.grid->points[1].accuracy;
  ASSERT_EQ(kept.protocol, "self_transfer_depth2");
  ASSERT_TRUE(kept.vs_baseline.has_value());
  EXPECT_LT(kept.vs_baseline->ci_high, 0.0);
  EXPECT_FALSE(report.grid->baseline->vs_baseline.has_value());
}

// E4 asks whether the larger source beats every other protocol; a twin (the same protocol with
// another target seed, for the basin test) is not another protocol, and one trained on fewer target
// images (the titration) tests lower whatever its source. Listed first, the titrated scratch still
// leaves the baseline's role to scratch.
TEST(ReportAnalysis, E4ComparesTheLargerSourceWithEveryProtocolButTheTwinsAndTheTitrated) {
  std::vector<SuiteRun> runs;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    const double n = 0.001 * static_cast<double>(s);
    for (const char* name : {"transferred", "non_transferred", "transferred_more_data", "scratch"})
      runs.push_back(run(name, s, 0.80 + n, 0.1, 0.05));
    for (const char* original : {"transferred", "scratch"}) {
      SuiteRun twin = run(original, s, 0.79 + n, 0.1, 0.05);
      twin.protocol = std::string(original) + "_twin";
      twin.transfer.target_seed_offset = 1;
      runs.push_back(twin);
      SuiteRun titrated = run(original, s, 0.70 + n, 0.1, 0.05);
      titrated.protocol = std::string(original) + "_1000";
      titrated.transfer.target_max_per_class = 1000;
      runs.push_back(titrated);
    }
  }
  const Report report = analyse(suite(runs, {"scratch_1000", "transferred", "non_transferred", "transferred_more_data",
                                             "scratch", "transferred_twin", "scratch_twin", "transferred_1000"}));
  const auto e4 = std::find_if(report.expectations.begin(), report.expectations.end(),
                               [](const Expectation& e) { return e.id == ExpectationId::kE4; });
  ASSERT_NE(e4, report.expectations.end());
  std::vector<std::string> others;
  for (const Comparison& c : e4->comparisons) others.push_back(c.b);
  EXPECT_EQ(others, (std::vector<std::string>{"transferred", "non_transferred", "scratch"}));
  ASSERT_EQ(report.headline.size(), 2u);
  EXPECT_EQ(report.headline[1].comparison.b, "scratch");
}

TEST(ReportAnalysis, ProtocolsAreSummarisedWithTheirCurves) {
  const Report report =
      analyse(suite({run("scratch", 1, 0.70, 0.3, 0.1), run("scratch", 2, 0.72, 0.5, 0.1)}, {"scratch", "never_ran"}));
  ASSERT_EQ(report.protocols.size(), 1u);  // a protocol without runs has no summary
  const ProtocolSummary& p = report.protocols.at("scratch");
  EXPECT_EQ(p.seeds, 2u);
  EXPECT_NEAR(p.test_acc.mean, 0.71, 1e-12);
  EXPECT_EQ(p.curves.epochs, (std::vector<int>{1, 2, 3}));
  EXPECT_NEAR(p.curves.train_loss.mean[0], 0.4, 1e-12);
  EXPECT_DOUBLE_EQ(p.curves.train_loss.min[0], 0.3);
  EXPECT_DOUBLE_EQ(p.curves.train_loss.max[0], 0.5);
  EXPECT_FALSE(p.probe.has_value());
  EXPECT_FALSE(report.grid.has_value());
  EXPECT_EQ(report.seeds, (std::set<std::uint64_t>{1, 2}));
}

TEST(ReportAnalysis, ProbeReferencesAreSummarisedOverTheRunsThatProbedThem) {
  std::vector<SuiteRun> runs;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    SuiteRun t = run("transferred", s, 0.80, 0.1, 0.05);
    t.probe = ProbeFigures{0.60 + 0.01 * static_cast<double>(s), 0.70, 0.40 + 0.02 * static_cast<double>(s), 0.50};
    if (s == 3) t.probe->conv1_only.reset();  // a run that did not probe conv1 alone
    runs.push_back(t);
    SuiteRun b = run("scratch", s, 0.75, 0.2, 0.1);
    b.probe = ProbeFigures{0.55, std::nullopt, std::nullopt, std::nullopt};  // a run from before the references
    runs.push_back(b);
  }
  const Report report = analyse(suite(runs, {"transferred", "scratch"}));
  const ProbeSummary& t = *report.protocols.at("transferred").probe;
  EXPECT_NEAR(t.final_network.mean, 0.62, 1e-12);
  ASSERT_TRUE(t.source_network && t.random_network && t.conv1_only);
  EXPECT_NEAR(t.source_network->mean, 0.70, 1e-12);
  EXPECT_NEAR(t.random_network->mean, 0.44, 1e-12);
  EXPECT_NEAR(t.random_network->sd, 0.02, 1e-12);
  EXPECT_EQ(t.conv1_only->n, 2u);
  const ProbeSummary& b = *report.protocols.at("scratch").probe;
  EXPECT_NEAR(b.final_network.mean, 0.55, 1e-12);
  EXPECT_FALSE(b.source_network || b.random_network || b.conv1_only);
  const json j = to_json(report);
  EXPECT_NEAR(j["protocols"]["transferred"]["probe_references_test_acc"]["random_network"]["mean"].get<double>(), 0.44,
              1e-12);
  EXPECT_NEAR(j["protocols"]["scratch"]["probe_test_acc"]["mean"].get<double>(), 0.55, 1e-12);
  EXPECT_FALSE(j["protocols"]["scratch"].contains("probe_references_test_acc"));
}

TEST(ReportAnalysis, JsonHoldsTheTypedFigures) {
  std::vector<SuiteRun> runs;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    runs.push_back(run("transferred", s, 0.80 + 0.01 * s, 0.1, 0.05));
    runs.push_back(run("non_transferred", s, 0.78 - 0.01 * s, 0.1 + 0.001 * s, 0.10));
  }
  const Report report = analyse(suite(runs, {"transferred", "non_transferred"}));
  const json j = to_json(report);
  const Comparison& losses = report.expectations[0].comparisons[0];
  const json& c = j["expectations"][0]["comparisons"][0];
  EXPECT_EQ(c["test"], losses.test->name);
  EXPECT_EQ(c["difference"].get<double>(), losses.test->difference);
  EXPECT_EQ(c["d_z"].get<double>(), losses.test->cohens_d);
  EXPECT_EQ(c["effect_size"], "d_z");
  EXPECT_FALSE(c.contains("cohens_d"));
  EXPECT_EQ(c["equivalence"]["p"].get<double>(), losses.equivalence->p);
  EXPECT_EQ(j["expectations"][0]["verdict"], to_string(report.expectations[0].verdict));
  EXPECT_EQ(j["protocols"]["transferred"]["curves"]["epoch"], json({1, 2, 3}));
  EXPECT_FALSE(j.contains("grid"));
}

// Paired differences give d_z (mean over their sd), a scale of its own; only Welch's test, when
// fewer than 2 seeds pair, gives a between-groups Cohen's d. The key says which.
TEST(ReportAnalysis, JsonKeysTheEffectSizeByWhatItIs) {
  std::vector<SuiteRun> runs;
  for (std::uint64_t s = 1; s <= 2; ++s) {
    runs.push_back(run("transferred", s, 0.80 + 0.01 * s, 0.1, 0.05));
    runs.push_back(run("non_transferred", s + 2, 0.78 - 0.01 * s, 0.1, 0.10));
  }
  const Report report = analyse(suite(runs, {"transferred", "non_transferred"}));
  ASSERT_FALSE(report.headline.empty());
  const Comparison& welch = report.headline[0].comparison;
  ASSERT_TRUE(welch.test.has_value());
  EXPECT_EQ(welch.test->name, "Welch's t-test");
  const json c = to_json(report)["headline"][0];
  EXPECT_EQ(c["effect_size"], "Cohen's d");
  EXPECT_EQ(c["cohens_d"].get<double>(), welch.test->cohens_d);
  EXPECT_FALSE(c.contains("d_z"));
}

// Roles come from the recorded config alone: a summary without its classes (written before they
// were recorded) is summarised but stands for no role, whatever its protocol is called.
TEST(ReportAnalysis, RunsWithoutRecordedClassesTakeNoRole) {
  std::vector<SuiteRun> runs;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    for (const char* protocol : {"transferred", "non_transferred"}) {
      SuiteRun r = run(protocol, s, 0.8, 0.1, 0.05);
      r.transfer = TransferSetup{};
      runs.push_back(r);
    }
  }
  const Report report = analyse(suite(runs, {"transferred", "non_transferred"}));
  EXPECT_EQ(report.protocols.size(), 2u);
  EXPECT_TRUE(report.expectations.empty());
  EXPECT_TRUE(report.headline.empty());
  EXPECT_FALSE(report.hypotheses.has_value());
}

TEST(ReportAnalysis, CurvesCarryTheirIntervalOverSeedsInASuiteOfOneSplit) {
  const Report report = analyse(suite({run("scratch", 1, 0.70, 0.3, 0.1), run("scratch", 2, 0.72, 0.5, 0.1)}, {"scratch"}));
  const CurveBand& loss = report.protocols.at("scratch").curves.train_loss;
  ASSERT_EQ(loss.ci_low.size(), 3u);
  // Two seeds: 0.4 ± t(0.975, 1) · sd / √2, sd = 0.1414.
  EXPECT_NEAR(loss.ci_low[0], 0.4 - 12.7062 * 0.1, 1e-3);
  EXPECT_NEAR(loss.ci_high[0], 0.4 + 12.7062 * 0.1, 1e-3);
}

TEST(ReportAnalysis, CurvesCarryTheirIntervalOverTheSplitMeansWithSeveralSplits) {
  std::vector<SuiteRun> runs;
  const double losses[][2] = {{0.3, 0.5}, {0.6, 0.6}, {0.3, 0.3}};  // split means 0.4, 0.6, 0.3
  for (int k = 0; k < 3; ++k) {
    for (std::uint64_t s = 1; s <= 2; ++s) {
      SuiteRun r = run("scratch", s, 0.7, losses[k][s - 1], 0.1);
      r.split = "split-" + std::to_string(k);
      runs.push_back(r);
    }
  }
  SuiteResults results = suite(runs, {"scratch"});
  for (int k = 0; k < 3; ++k) results.manifest.splits.push_back({"split-" + std::to_string(k), {}});
  const Report report = analyse(results);
  const CurveBand& loss = report.protocols.at("scratch").curves.train_loss;
  // Over the three split means (sd 0.1528, t(0.975, 2) = 4.3027), not the six runs' min and max.
  EXPECT_NEAR(loss.ci_low[0], 13.0 / 30 - 4.3027 * 0.152753 / std::sqrt(3.0), 1e-4);
  EXPECT_NEAR(loss.ci_high[0], 13.0 / 30 + 4.3027 * 0.152753 / std::sqrt(3.0), 1e-4);
  EXPECT_DOUBLE_EQ(loss.min[0], 0.3);
}

TEST(ReportAnalysis, ProtocolsSharingASourceNetworkAreOneSourceNetwork) {
  std::vector<SuiteRun> runs;
  for (const char* protocol : {"transferred", "transferred_matched_statistics", "non_transferred", "scratch"}) {
    for (std::uint64_t s = 1; s <= 2; ++s) {
      SuiteRun r = run(protocol, s, 0.8, 0.1, 0.05);
      // The self-transfer's source trains on B: its source stage differs.
      const double source_loss = std::string(protocol) == "non_transferred" ? 0.9 : 0.5 + 0.01 * double(s);
      if (std::string(protocol) != "scratch") r.metrics.push_back({Stage::kSource, 1, source_loss, 0.7, 0.6});
      runs.push_back(r);
    }
  }
  const Report report =
      analyse(suite(runs, {"transferred", "transferred_matched_statistics", "non_transferred", "scratch"}));
  EXPECT_EQ(report.source_networks, (std::vector<std::vector<std::string>>{
                                        {"transferred", "transferred_matched_statistics"}, {"non_transferred"}}));
}

TEST(ReportAnalysis, ExpectationsItsProtocolsDidNotAskForAreNamedWithWhy) {
  std::vector<SuiteRun> runs;
  for (std::uint64_t s = 1; s <= 3; ++s) {
    for (const char* protocol : {"transferred", "non_transferred", "scratch"}) runs.push_back(run(protocol, s, 0.8, 0.1, 0.05));
  }
  const Report report = analyse(suite(runs, {"transferred", "non_transferred", "scratch"}));
  ASSERT_EQ(report.missing_expectations.size(), 3u);
  EXPECT_EQ(report.missing_expectations[0].id, ExpectationId::kE3);
  EXPECT_EQ(report.missing_expectations[1].id, ExpectationId::kE4);
  EXPECT_EQ(report.missing_expectations[0].reason, MissingReason::kNoProtocol);
  // E5's protocols ran, but no run probed the base task.
  EXPECT_EQ(report.missing_expectations[2].id, ExpectationId::kE5);
  EXPECT_EQ(report.missing_expectations[2].reason, MissingReason::kTooFewRuns);
  EXPECT_NE(missing_expectation_text(report.missing_expectations[2]).find("a base-task probe"), std::string::npos);
  EXPECT_NE(missing_expectation_text(report.missing_expectations[0]).find("E3: not run — no protocol with a source more "
                                                                          "diverse than the transfer's"),
            std::string::npos);
  // Without a transfer there is nothing to miss: the report says no expectation applies.
  EXPECT_TRUE(analyse(suite({run("scratch", 1, 0.7, 0.1, 0.1)}, {"scratch"})).missing_expectations.empty());
}

}  // namespace
}  // namespace tl_boost
