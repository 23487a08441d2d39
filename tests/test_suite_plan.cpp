#include "tl_boost/suite_plan.hpp"
#include "tl_boost/suite_manifest.hpp"
#include "tl_boost/seeds.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

#include "tl_boost/error.hpp"
#include "tl_boost/experiment_identity.hpp"
#include "test_paths.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
const fs::path kConfigs = fs::path(tl_boost_test::source_dir()) / "configs";

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

// A suite file in `dir` over transferred, non_transferred and scratch with `interpolation`.
fs::path interpolation_suite(const fs::path& dir, const std::string& interpolation) {
  const fs::path path = dir / "interpolation.json";
  std::ofstream(path) << R"({"name": "interpolation_suite", "protocols": [")" << (kConfigs / "transferred.json").string()
                      << R"(", ")" << (kConfigs / "non_transferred.json").string() << R"(", ")"
                      << (kConfigs / "scratch.json").string() << R"("], "interpolation": )" << interpolation << "}";
  return path;
}

TEST(SuitePlan, InterpolationPairsEverySeedAndWithSeedsConsecutiveSeedsOfEachNamedProtocol) {
  testing::TempDir tmp("tl_boost_suite");
  const SuiteConfig suite = load_suite_config(
      interpolation_suite(tmp.path(), R"({"pairs": [["transferred", "non_transferred"]], "seeds": true, "points": 5})"));
  ASSERT_TRUE(suite.interpolation);
  EXPECT_EQ(suite.interpolation->points, 5);
  EXPECT_EQ(suite.interpolation->subset, 2000);  // the default
  const auto jobs = plan_interpolations(*suite.interpolation, {{"", expand_suite(suite, {3, 4, 7})}}, "s");
  std::vector<std::string> described;
  for (const auto& j : jobs) {
    described.push_back(j.protocol_a + ":" + std::to_string(j.seed_a) + "-" + j.protocol_b + ":" + std::to_string(j.seed_b));
  }
  EXPECT_EQ(described, (std::vector<std::string>{"transferred:3-non_transferred:3", "transferred:4-non_transferred:4",
                                                 "transferred:7-non_transferred:7", "transferred:3-transferred:4",
                                                 "transferred:4-transferred:7", "non_transferred:3-non_transferred:4",
                                                 "non_transferred:4-non_transferred:7"}));
  EXPECT_EQ(jobs[0].a, 0u);
  EXPECT_EQ(jobs[0].b, 1u);
  EXPECT_FALSE(load_suite_config(kConfigs / "suite.json").interpolation);  // off unless asked for
}

// A suite that pairs protocols with their twins asks for the cross-seed barrier of some only.
TEST(SuitePlan, InterpolationSeedsAsAListTakesConsecutiveSeedsOfTheListedProtocolsOnly) {
  testing::TempDir tmp("tl_boost_suite");
  const SuiteConfig suite = load_suite_config(interpolation_suite(
      tmp.path(), R"({"pairs": [["transferred", "non_transferred"], ["scratch", "transferred"]], "seeds": ["scratch"]})"));
  ASSERT_TRUE(suite.interpolation);
  EXPECT_EQ(suite.interpolation->seed_protocols, std::vector<std::string>{"scratch"});
  std::vector<std::string> described;
  for (const auto& j : plan_interpolations(*suite.interpolation, {{"", expand_suite(suite, {0, 1})}}, "s")) {
    described.push_back(j.protocol_a + ":" + std::to_string(j.seed_a) + "-" + j.protocol_b + ":" + std::to_string(j.seed_b));
  }
  EXPECT_EQ(described, (std::vector<std::string>{"transferred:0-non_transferred:0", "transferred:1-non_transferred:1",
                                                 "scratch:0-transferred:0", "scratch:1-transferred:1",
                                                 "scratch:0-scratch:1"}));
  // true names each protocol of a pair once, in order of first mention; false or absent none.
  const auto listed = [&](const std::string& seeds) {
    return load_suite_config(interpolation_suite(tmp.path(), R"({"pairs": [["transferred", "non_transferred"], )"
                                                             R"(["scratch", "transferred"]], "seeds": )" +
                                                                 seeds + "}"))
        .interpolation->seed_protocols;
  };
  EXPECT_EQ(listed("true"), (std::vector<std::string>{"transferred", "non_transferred", "scratch"}));
  EXPECT_EQ(listed("false"), std::vector<std::string>{});
}

TEST(SuitePlan, BadInterpolationsNameTheirPath) {
  testing::TempDir tmp("tl_boost_suite");
  const auto error_of = [&](const std::string& interpolation) {
    try {
      const SuiteConfig suite = load_suite_config(interpolation_suite(tmp.path(), interpolation));
      plan_interpolations(*suite.interpolation, {{"", expand_suite(suite, {0})}}, "s");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"pairs": [["transferred", "transfered"]]})", "/interpolation/pairs/0/1: no protocol named 'transfered'"},
      {R"({"pairs": [["transferred"]]})", "/interpolation/pairs/0"},
      {R"({"pairs": [["scratch", "scratch"]]})", "/interpolation/pairs/0"},
      {R"({"pairs": []})", "/interpolation/pairs"},
      {R"({"pairs": [["transferred", "scratch"]], "points": 1})", "/interpolation/points"},
      {R"({"pairs": [["transferred", "scratch"]], "subset": 0})", "/interpolation/subset"},
      {R"({"pairs": [["transferred", "scratch"]], "seeds": "yes"})",
       "/interpolation/seeds: expected true, false or a list of protocol names"},
      {R"({"pairs": [["transferred", "scratch"]], "seeds": []})", "/interpolation/seeds"},
      {R"({"pairs": [["transferred", "scratch"]], "seeds": ["scratch", 3]})", "/interpolation/seeds/1"},
      {R"({"pairs": [["transferred", "scratch"]], "seeds": ["scratch", "scratch"]})",
       "/interpolation/seeds/1: 'scratch' is listed twice"},
      {R"({"pairs": [["transferred", "scratch"]], "seeds": ["scratc"]})", "/interpolation/seeds/0: no protocol named 'scratc'"},
      {R"({"pairs": [["transferred", "scratch"]], "alphas": 3})", "/interpolation/alphas"},
      {R"([])", "/interpolation"},
  };
  for (const auto& [interpolation, expected] : cases) {
    EXPECT_NE(error_of(interpolation).find(expected), std::string::npos) << interpolation << " -> " << error_of(interpolation);
  }
}

// A suite file in `dir` over the shipped configs, with `splits` as its "splits".
fs::path split_suite(const fs::path& dir, const std::string& splits) {
  const fs::path path = dir / "splits.json";
  std::ofstream(path) << R"({"name": "split_suite", "protocols": [")" << (kConfigs / "transferred.json").string()
                      << R"(", ")" << (kConfigs / "non_transferred.json").string() << R"(", ")"
                      << (kConfigs / "scratch.json").string() << R"("], "splits": )" << splits << "}";
  return path;
}

std::vector<SplitConfigs> expand_splits(const SuiteConfig& suite, const std::vector<std::uint64_t>& seeds) {
  std::vector<SplitConfigs> out;
  for (const auto& split : suite.splits) out.push_back({split.name, expand_suite(suite, seeds, {}, &split)});
  return out;
}

TEST(SuitePlan, RandomSplitsOfASuiteAreDistinctReproduciblePartitionsWithoutTheDefault) {
  const testing::TempDir tmp("tl_boost_suite_splits");
  const SuiteConfig suite = load_suite_config(split_suite(tmp.path(), R"(["default", {"random": 4, "seed": 3}])"));
  ASSERT_EQ(suite.splits.size(), 5u);
  EXPECT_EQ(suite.splits[0].name, "default");
  const ExperimentConfig base = load_config(kConfigs / "transferred.json");
  EXPECT_EQ(suite.splits[0].groups, base.groups);
  for (std::size_t i = 1; i < suite.splits.size(); ++i) {
    const ClassSplit& split = suite.splits[i];
    EXPECT_EQ(split.name, "random-3-" + std::to_string(i - 1));
    // The base config's group sizes, every class once.
    EXPECT_EQ(split.groups.at("A").size(), 4u);
    EXPECT_EQ(split.groups.at("B").size(), 4u);
    EXPECT_EQ(split.groups.at("C").size(), 2u);
    std::set<std::string> classes;
    for (const auto& [group, members] : split.groups) classes.insert(members.begin(), members.end());
    EXPECT_EQ(classes.size(), 10u);
    for (std::size_t j = 0; j < i; ++j) EXPECT_FALSE(same_partition(split, suite.splits[j])) << i << " " << j;
  }
  // The same file draws the same splits.
  const SuiteConfig again = load_suite_config(split_suite(tmp.path(), R"(["default", {"random": 4, "seed": 3}])"));
  for (std::size_t i = 0; i < suite.splits.size(); ++i) EXPECT_EQ(again.splits[i].groups, suite.splits[i].groups);
}

TEST(SuitePlan, RandomSplitsNeverRepeatAGroupSoNoTwoSplitsShareASourceNetwork) {
  // The study's rule, {"random": 8, "seed": 2026}, once drew the same A for splits 3 and 7 (so
  // they shared transferred's source networks); the rule now skips a draw that repeats a group.
  const testing::TempDir tmp("tl_boost_suite_random");
  const SuiteConfig drawn = load_suite_config(split_suite(tmp.path(), R"(["default", {"random": 8, "seed": 2026}])"));
  ASSERT_EQ(drawn.splits.size(), 9u);
  for (std::size_t i = 0; i < drawn.splits.size(); ++i) {
    for (std::size_t j = i + 1; j < drawn.splits.size(); ++j) {
      for (const char* group : {"A", "B", "C"}) {
        EXPECT_NE(drawn.splits[i].groups.at(group), drawn.splits[j].groups.at(group))
            << group << " of " << drawn.splits[i].name << " and " << drawn.splits[j].name;
      }
    }
  }
  // The draws that obeyed the rule stay: split 3 is the one the committed study ran.
  EXPECT_EQ(drawn.splits[4].name, "random-2026-3");
  EXPECT_EQ(drawn.splits[4].groups.at("A"), (std::vector<std::string>{"bird", "deer", "frog", "truck"}));
}

TEST(SuitePlan, TheStudysSuiteFilePlansExactlyTheCommittedUnits) {
  const SuiteConfig study = load_suite_config(kConfigs / "study.json");
  const SuiteManifest committed = read_manifest(fs::path(tl_boost_test::source_dir()) / "results/study/suite.json");
  EXPECT_EQ(parse_seed_list(study.seeds), committed.seeds);
  ASSERT_EQ(study.splits.size(), committed.splits.size());
  for (std::size_t i = 0; i < study.splits.size(); ++i) {
    EXPECT_EQ(study.splits[i].name, committed.splits[i].name);
    EXPECT_EQ(study.splits[i].groups, committed.splits[i].groups) << study.splits[i].name;
  }
  ASSERT_TRUE(study.hypotheses.has_value());
  EXPECT_EQ(study.hypotheses->filename(), "study_hypotheses.json");
  // The report reads the protocols suite.json lists: a part joins both files at once.
  std::vector<std::string> protocols;
  for (const auto& protocol : expand_suite(study, {0}, {}, &study.splits[0])) protocols.push_back(protocol.front().name);
  EXPECT_EQ(protocols, committed.protocols);
}

// A protocol's "set" comes after the suite's overrides and the command line's, so a suite can
// train one protocol's source for 1 epoch while its overrides give every other protocol 10.
TEST(SuitePlan, AProtocolsOwnSetAppliesAfterTheSuitesOverridesAndTheCommandLine) {
  testing::TempDir tmp("tl_boost_suite_set");
  const fs::path path = tmp.path() / "s.json";
  const std::string t = (kConfigs / "transferred.json").string();
  std::ofstream(path) << R"({"protocols": [")" << t << R"(", {"config": ")" << t
                      << R"(", "name": "one_epoch", "set": ["train.source_epochs=1"]}],
                            "overrides": ["train.source_epochs=10"]})";
  const SuiteConfig suite = load_suite_config(path);
  const auto configs = expand_suite(suite, {0}, {"train.source_epochs=7"});
  EXPECT_EQ(configs[0][0].train.source_epochs, 7);
  EXPECT_EQ(configs[1][0].name, "one_epoch");
  EXPECT_EQ(configs[1][0].train.source_epochs, 1);
  const auto units = plan_suite(configs);
  EXPECT_EQ(std::count_if(units.begin(), units.end(), [](const SuiteUnit& u) { return u.kind == UnitKind::kSource; }), 2)
      << "a 1-epoch source is another network than the 7-epoch one";
}

// The mechanism suites: the study's name, splits, hypotheses and budget; the 1-epoch and the
// shuffled-label transfers train sources of their own, the titrated protocols reuse the study's.
TEST(SuitePlan, TheMechanismSuitesShareTheStudysSplitsAndBudgetAndTheTitrationItsSources) {
  const SuiteConfig study = load_suite_config(kConfigs / "study.json");
  const auto study_configs = expand_suite(study, {1}, {}, &study.splits[2]);
  const auto of = [](const std::vector<std::vector<ExperimentConfig>>& configs, const std::string& name) {
    for (const auto& protocol : configs) {
      if (protocol.front().name == name) return protocol.front();
    }
    ADD_FAILURE() << "no protocol " << name;
    return ExperimentConfig{};
  };
  // The basin and the titration judge no measure that changes no weight (sharpness, probes), so
  // they leave those out; the other parts measure everything the study does.
  const auto training = [](std::vector<std::string> overrides) {
    const auto measure_only = [](const std::string& o) {
      return o.rfind("landscape.sharpness", 0) == 0 || o.rfind("probe.", 0) == 0;
    };
    overrides.erase(std::remove_if(overrides.begin(), overrides.end(), measure_only), overrides.end());
    return overrides;
  };
  for (const auto& [file, every_measure] : std::vector<std::pair<std::string, bool>>{{"study_data.json", true},
                                                                                      {"study_reset.json", true},
                                                                                      {"study_conv1.json", true},
                                                                                      {"study_basin.json", false},
                                                                                      {"study_titration.json", false}}) {
    SCOPED_TRACE(file);
    const SuiteConfig suite = load_suite_config(kConfigs / file);
    EXPECT_EQ(suite.name, study.name);
    EXPECT_EQ(training(suite.overrides), training(study.overrides));
    if (every_measure) EXPECT_EQ(suite.overrides, study.overrides);
    EXPECT_EQ(suite.seeds, study.seeds);
    EXPECT_EQ(suite.hypotheses, study.hypotheses);
    ASSERT_EQ(suite.splits.size(), study.splits.size());
    for (std::size_t i = 0; i < suite.splits.size(); ++i) EXPECT_EQ(suite.splits[i].groups, study.splits[i].groups);
  }
  const SuiteConfig conv1 = load_suite_config(kConfigs / "study_conv1.json");
  const auto conv1_configs = expand_suite(conv1, {1}, {}, &conv1.splits[2]);
  const ExperimentConfig one_epoch = of(conv1_configs, "transferred_source_1epoch");
  EXPECT_EQ(one_epoch.train.source_epochs, 1);
  EXPECT_EQ(one_epoch.train.target_epochs, 10);
  EXPECT_NE(source_key(one_epoch), source_key(of(study_configs, "transferred")));
  EXPECT_NE(source_key(of(conv1_configs, "transferred_shuffled_labels")), source_key(of(study_configs, "transferred")));
  EXPECT_EQ(of(conv1_configs, "pca_filters").conv1_init, Conv1Init::kPcaPatches);

  const SuiteConfig titration = load_suite_config(kConfigs / "study_titration.json");
  const auto titration_configs = expand_suite(titration, {1}, {}, &titration.splits[2]);
  for (const char* name : {"transferred", "non_transferred"}) {
    EXPECT_EQ(source_key(of(titration_configs, name + std::string("_1000"))), source_key(of(study_configs, name))) << name;
  }
  EXPECT_EQ(of(titration_configs, "scratch_1000").data.max_per_class_of(Stage::kTarget), 1000);
}

// The basin suite retrains the study's transferred, non_transferred and scratch for their weights:
// they must be the study's very runs (no identity difference, so the same run directories and
// source networks), with the two weight-free measures left out; each twin shares its original's
// source network and differs from it in its name and target seed alone.
TEST(SuitePlan, TheBasinSuiteRetrainsTheStudysRunsAndTwinsDifferOnlyInNameAndTargetSeed) {
  const SuiteConfig study = load_suite_config(kConfigs / "study.json");
  const SuiteConfig basin = load_suite_config(kConfigs / "study_basin.json");
  EXPECT_EQ(basin.name, study.name);
  EXPECT_EQ(basin.seeds, study.seeds);
  EXPECT_EQ(basin.hypotheses, study.hypotheses);
  ASSERT_EQ(basin.splits.size(), study.splits.size());
  for (std::size_t split = 0; split < basin.splits.size(); ++split) {
    SCOPED_TRACE(basin.splits[split].name);
    EXPECT_EQ(basin.splits[split].groups, study.splits[split].groups);
    std::map<std::string, ExperimentConfig> in_study, in_basin;
    for (const auto& p : expand_suite(study, {2}, {}, &study.splits[split])) in_study[p.front().name] = p.front();
    for (const auto& p : expand_suite(basin, {2}, {}, &basin.splits[split])) in_basin[p.front().name] = p.front();
    for (const std::string name : {"transferred", "non_transferred", "scratch"}) {
      EXPECT_EQ(identity_differences(in_study.at(name), in_basin.at(name)), std::vector<std::string>{}) << name;
      EXPECT_FALSE(in_basin.at(name).landscape.sharpness) << name;
      EXPECT_TRUE(in_basin.at(name).probe.classes.empty()) << name;
      const ExperimentConfig& twin = in_basin.at(name + "_twin");
      EXPECT_EQ(identity_differences(in_basin.at(name), twin),
                (std::vector<std::string>{"/name: \"" + name + "\" -> \"" + name + "_twin\"",
                                          "/target_seed_offset: none -> 1"}));
      if (!twin.source_classes.empty()) EXPECT_EQ(source_key(twin), source_key(in_study.at(name))) << name;
    }
  }
}

// The predictions were written before their protocols existed: every protocol one names must be run
// by one of the study's suite files, under that name.
TEST(SuitePlan, EveryProtocolTheStudysPredictionsNameIsRunByOneOfItsSuiteFiles) {
  std::set<std::string> run;
  for (const char* file : {"study.json", "study_data.json", "study_reset.json", "study_conv1.json", "study_titration.json"}) {
    const SuiteConfig suite = load_suite_config(kConfigs / file);
    const ClassSplit* split = suite.splits.empty() ? nullptr : &suite.splits.front();
    for (const auto& protocol : expand_suite(suite, {0}, {}, split)) run.insert(protocol.front().name);
  }
  std::ifstream in(kConfigs / "study_hypotheses.json");
  const nlohmann::json hypotheses = nlohmann::json::parse(in);
  for (const auto& prediction : hypotheses["predictions"]) {
    for (const char* side : {"a", "b"}) {
      const nlohmann::json& value = prediction[side];
      for (const auto& name : value.is_array() ? value : nlohmann::json::array({value})) {
        const std::string protocol = name.get<std::string>();
        if (protocol.find('.') != std::string::npos) continue;  // a set of protocols ("boost.with")
        EXPECT_TRUE(run.count(protocol)) << prediction["id"] << " names " << protocol;
      }
    }
  }
}

TEST(SuitePlan, EachSplitRebindsTheGroupsAndUnitsCarryTheirSplit) {
  const testing::TempDir tmp("tl_boost_suite_splits");
  // Two splits with the same A: transferred's source network (A, same seed) is trained once for
  // both; their B differ, so non_transferred's are not.
  const SuiteConfig suite = load_suite_config(split_suite(tmp.path(), R"([
      {"name": "x", "groups": {"A": ["airplane", "truck", "ship", "deer"], "B": ["horse", "automobile", "bird", "cat"],
                               "C": ["frog", "dog"]}},
      {"name": "y", "groups": {"A": ["airplane", "truck", "ship", "deer"], "B": ["automobile", "bird", "cat", "frog"],
                               "C": ["dog", "horse"]}}])"));
  const auto splits = expand_splits(suite, {0, 1});
  ASSERT_EQ(splits.size(), 2u);
  const ExperimentConfig& y_transferred = splits[1].configs[0][0];
  EXPECT_EQ(y_transferred.target_classes, (std::vector<std::string>{"automobile", "bird", "cat", "frog"}));
  EXPECT_EQ(y_transferred.source_classes, (std::vector<std::string>{"airplane", "deer", "ship", "truck"}));
  const auto units = plan_suite(splits);
  std::size_t sources = 0, targets = 0;
  std::set<std::string> keys;
  for (const auto& unit : units) {
    if (unit.kind == UnitKind::kSource) {
      ++sources;
      keys.insert(unit.source_key);
    } else {
      ++targets;
    }
    EXPECT_EQ(to_json(unit)["split"], unit.split);
  }
  // Per seed: A (shared), x's B and y's B.
  EXPECT_EQ(sources, 3u * 2);
  EXPECT_EQ(keys.size(), sources);
  EXPECT_EQ(targets, 2u * 2 * 3);
  EXPECT_EQ(units[0].split, "x");
  EXPECT_EQ(units[sources].split, "x");
  EXPECT_EQ(units[sources + 3].split, "y");
  EXPECT_EQ(units[sources + 3].source_unit, units[sources].source_unit);  // y's transferred: x's source of A
  // Without splits nothing changes: no "split" in the unit lines.
  const auto plain = plan_suite(suite_configs(load_suite_config(kConfigs / "suite.json"), {0}));
  EXPECT_FALSE(to_json(plain.front()).contains("split"));
}

TEST(SuitePlan, SplitsAreSelectedByNameOrIndex) {
  const testing::TempDir tmp("tl_boost_suite_splits");
  const SuiteConfig suite = load_suite_config(split_suite(tmp.path(), R"(["default", {"random": 3, "seed": 7}])"));
  const auto names = [](const std::vector<ClassSplit>& splits) {
    std::vector<std::string> n;
    for (const auto& s : splits) n.push_back(s.name);
    return n;
  };
  EXPECT_EQ(names(select_splits(suite.splits, "0-1")), (std::vector<std::string>{"default", "random-7-0"}));
  EXPECT_EQ(names(select_splits(suite.splits, "random-7-2,default")),
            (std::vector<std::string>{"default", "random-7-2"}));
  EXPECT_EQ(names(select_splits(suite.splits, "3")), (std::vector<std::string>{"random-7-2"}));
  try {
    select_splits(suite.splits, "4");
    FAIL() << "no error for an index out of range";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("0 default, 1 random-7-0"), std::string::npos) << e.what();
  }
  EXPECT_THROW(select_splits(suite.splits, "nosuch"), ConfigError);
  EXPECT_THROW(select_splits({}, "default"), ConfigError);
}

TEST(SuitePlan, BadSplitsNameTheirPath) {
  const testing::TempDir tmp("tl_boost_suite_splits");
  const auto error = [&](const std::string& splits) {
    try {
      load_suite_config(split_suite(tmp.path(), splits));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error(R"([{"groups": {"A": ["cat"]}}])").find("/splits/0/name"), std::string::npos);
  EXPECT_NE(error(R"([{"name": "x", "groups": {"A": ["kitten"]}}])").find("/splits/0/groups"), std::string::npos);
  EXPECT_NE(error(R"(["default", "default"])").find("two splits are named 'default'"), std::string::npos);
  EXPECT_NE(error(R"([{"random": 0}])").find("/splits/0/random"), std::string::npos);
  EXPECT_NE(error(R"([{"random": 2, "sed": 1}])").find("/splits/0/sed"), std::string::npos);
}

}  // namespace
}  // namespace tl_boost
