#include "tl_boost/protocol_role.hpp"

#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "tl_boost/splits.hpp"
#include "tl_boost/suite_plan.hpp"
#include "test_paths.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;

const fs::path kConfigs = fs::path(tl_boost_test::source_dir()) / "configs";

ExperimentConfig committed(const std::string& name, const std::vector<std::string>& overrides = {}) {
  return load_config(kConfigs / (name + ".json"), overrides);
}

struct Expected {
  SourceKind source;
  bool frozen;
  int depth;
  std::size_t source_classes;
  std::size_t source_groups;
  std::string label;
};

void expect_role(const ExperimentConfig& config, const Expected& e) {
  SCOPED_TRACE(config.name);
  const ProtocolRole role = protocol_role(config);
  EXPECT_EQ(role.source, e.source) << to_string(role.source);
  EXPECT_EQ(role.frozen, e.frozen);
  EXPECT_EQ(role.depth, e.depth);
  EXPECT_EQ(role.source_classes, e.source_classes);
  EXPECT_EQ(role.source_groups, e.source_groups);
  EXPECT_EQ(role.yosinski_label(), e.label);
}

TEST(ProtocolRole, EveryCommittedProtocolConfigHasItsRole) {
  const std::map<std::string, Expected> expected{
      {"base", {SourceKind::kNone, false, 0, 0, 0, "baseB"}},
      {"scratch", {SourceKind::kNone, false, 0, 0, 0, "baseB"}},
      {"non_transferred", {SourceKind::kSelf, false, 1, 4, 1, "B1B+"}},
      {"transferred", {SourceKind::kDisjoint, false, 1, 4, 1, "A1B+"}},
      {"smoke", {SourceKind::kDisjoint, false, 1, 4, 1, "A1B+"}},
      {"transferred_diverse", {SourceKind::kDisjoint, false, 1, 4, 2, "A1B+"}},
      {"transferred_more_data", {SourceKind::kDisjoint, false, 1, 6, 2, "A1B+"}},
      // The controls keep their source kind but stand for no condition of Yosinski's grid.
      {"scratch_compute_matched", {SourceKind::kNone, false, 0, 0, 0, ""}},
      {"transferred_matched_statistics", {SourceKind::kDisjoint, false, 1, 4, 1, ""}},
      {"transferred_permuted_taps", {SourceKind::kDisjoint, false, 1, 4, 1, ""}},
      // The mechanism protocols: B's own network kept deeper (fc too at depth 3), or shrunk and perturbed.
      {"self_transfer_depth2", {SourceKind::kSelf, false, 2, 4, 1, "B2B+"}},
      {"warm_restart", {SourceKind::kSelf, false, 3, 4, 1, "B3B+"}},
      {"shrink_perturb", {SourceKind::kSelf, false, 3, 4, 1, ""}},
      // The twins: their protocol's role (another target stage of the same experiment).
      {"transferred_twin", {SourceKind::kDisjoint, false, 1, 4, 1, "A1B+"}},
      {"non_transferred_twin", {SourceKind::kSelf, false, 1, 4, 1, "B1B+"}},
      {"scratch_twin", {SourceKind::kNone, false, 0, 0, 0, "baseB"}},
      // What conv1 must carry, and the titration: controls too, never AnB+, BnB+ or baseB.
      {"transferred_shuffled_labels", {SourceKind::kDisjoint, false, 1, 4, 1, ""}},
      {"pca_filters", {SourceKind::kNone, false, 0, 0, 0, ""}},
      {"transferred_1000", {SourceKind::kDisjoint, false, 1, 4, 1, ""}},
      {"non_transferred_1000", {SourceKind::kSelf, false, 1, 4, 1, ""}},
      {"scratch_1000", {SourceKind::kNone, false, 0, 0, 0, ""}},
  };
  // Every experiment config in configs/ must be listed, so a new one gets its role checked.
  std::size_t seen = 0;
  for (const auto& entry : fs::directory_iterator(kConfigs)) {
    if (entry.path().extension() != ".json") continue;
    const auto file = load_config_json(entry.path());
    if (file.contains("protocols") || file.contains("predictions")) continue;  // a suite or a hypotheses file
    const std::string name = entry.path().stem().string();
    ASSERT_TRUE(expected.count(name)) << "no expected role for configs/" << name << ".json";
    expect_role(committed(name), expected.at(name));
    ++seen;
  }
  EXPECT_EQ(seen, expected.size());
}

TEST(ProtocolRole, YosinskiGridConditionsAreDerivedFromTheirConfigs) {
  const auto configs = expand_suite(load_suite_config(kConfigs / "yosinski_grid.json"), {0});
  const std::map<std::string, Expected> expected{
      {"AnB_1", {SourceKind::kDisjoint, true, 1, 4, 1, "A1B"}},
      {"AnB+_1", {SourceKind::kDisjoint, false, 1, 4, 1, "A1B+"}},
      {"BnB_1", {SourceKind::kSelf, true, 1, 4, 1, "B1B"}},
      {"BnB+_1", {SourceKind::kSelf, false, 1, 4, 1, "B1B+"}},
      {"AnB_2", {SourceKind::kDisjoint, true, 2, 4, 1, "A2B"}},
      {"AnB+_2", {SourceKind::kDisjoint, false, 2, 4, 1, "A2B+"}},
      {"BnB_2", {SourceKind::kSelf, true, 2, 4, 1, "B2B"}},
      {"BnB+_2", {SourceKind::kSelf, false, 2, 4, 1, "B2B+"}},
      {"baseB", {SourceKind::kNone, false, 0, 0, 0, "baseB"}},
  };
  ASSERT_EQ(configs.size(), expected.size());
  for (const auto& protocol : configs) {
    ASSERT_EQ(protocol.size(), 1u);
    const auto& config = protocol[0];
    ASSERT_TRUE(expected.count(config.name)) << config.name;
    expect_role(config, expected.at(config.name));
    // The suite's names are Yosinski's conditions with "_n" appended.
    const ProtocolRole role = protocol_role(config);
    EXPECT_EQ(role.source == SourceKind::kNone ? role.yosinski_condition
                                               : role.yosinski_condition + "_" + std::to_string(role.depth),
              config.name);
  }
}

TEST(ProtocolRole, OverlappingSourceHasNoYosinskiCondition) {
  // Source A plus one class of B.
  const auto config = committed("transferred", {R"(source_classes=["A", "B[:1]"])"});
  const ProtocolRole role = protocol_role(config);
  EXPECT_EQ(role.source, SourceKind::kOverlapping);
  EXPECT_EQ(role.source_classes, 5u);
  EXPECT_EQ(role.source_groups, 2u);
  EXPECT_EQ(role.yosinski_condition, "");
  EXPECT_EQ(role.yosinski_label(), "");
}

TEST(ProtocolRole, RoleAsJson) {
  const auto j = to_json(protocol_role(committed("transferred", {"transfer_layers=2", "freeze_transferred=true"})));
  EXPECT_EQ(j, (nlohmann::json{{"source_kind", "disjoint"},
                               {"frozen", true},
                               {"depth", 2},
                               {"source_classes", 4},
                               {"source_groups", 1},
                               {"yosinski_condition", "AnB"},
                               {"yosinski_label", "A2B"},
                               {"transfer_init", "copy"},
                               {"compute_matched", false}}));
}

TEST(ProtocolRole, ControlsAreMarkedAndRelateToNothing) {
  const auto statistics = protocol_role(committed("transferred_matched_statistics"));
  EXPECT_TRUE(statistics.control());
  EXPECT_EQ(statistics.transfer_init, TransferInit::kMatchedStatistics);
  EXPECT_EQ(to_json(statistics)["transfer_init"], "matched_statistics");
  const auto matched = protocol_role(committed("scratch_compute_matched"));
  EXPECT_TRUE(matched.control());
  EXPECT_TRUE(matched.compute_matched);
  EXPECT_FALSE(protocol_role(committed("transferred")).control());
  EXPECT_TRUE(protocol_role(committed("transferred_shuffled_labels")).control());
  EXPECT_TRUE(protocol_role(committed("pca_filters")).control());
  EXPECT_TRUE(protocol_role(committed("scratch_1000")).titrated);
  // A cap no lower than the one every stage has is no titration.
  EXPECT_FALSE(protocol_role(committed("scratch", {"data.max_per_class=100", "data.target_max_per_class=1000"})).control());
  // More-Data is larger than Transferred, but not than a control of it.
  EXPECT_EQ(relate_sources(committed("transferred_more_data"), committed("transferred")), SourceRelation::kLarger);
  EXPECT_EQ(relate_sources(committed("transferred_more_data"), committed("transferred_permuted_taps")),
            SourceRelation::kUnrelated);
}

TEST(ProtocolRole, MoreDataIsLargerAndDiverseIsMoreDiverseThanTransferred) {
  const auto transferred = committed("transferred");
  const auto diverse = committed("transferred_diverse");
  const auto more_data = committed("transferred_more_data");
  EXPECT_EQ(relate_sources(more_data, transferred), SourceRelation::kLarger);
  EXPECT_EQ(relate_sources(diverse, transferred), SourceRelation::kMoreDiverse);
  // The converses do not hold.
  EXPECT_EQ(relate_sources(transferred, more_data), SourceRelation::kUnrelated);
  EXPECT_EQ(relate_sources(transferred, diverse), SourceRelation::kUnrelated);
  // More-Data (A ∪ C) contains Diverse's source (C + two of A) too.
  EXPECT_EQ(relate_sources(more_data, diverse), SourceRelation::kLarger);
  EXPECT_EQ(relate_sources(diverse, more_data), SourceRelation::kUnrelated);
  EXPECT_EQ(relate_sources(transferred, transferred), SourceRelation::kUnrelated);
  EXPECT_EQ(to_string(SourceRelation::kMoreDiverse), "more diverse");
}

TEST(ProtocolRole, OnlyComparableSourcesRelate) {
  const auto transferred = committed("transferred");
  const auto more_data = committed("transferred_more_data");
  // Not disjoint from the target.
  EXPECT_EQ(relate_sources(more_data, committed("non_transferred")), SourceRelation::kUnrelated);
  EXPECT_EQ(relate_sources(more_data, committed("scratch")), SourceRelation::kUnrelated);
  // Another depth or freezing.
  EXPECT_EQ(relate_sources(committed("transferred_more_data", {"transfer_layers=2"}), transferred),
            SourceRelation::kUnrelated);
  EXPECT_EQ(relate_sources(committed("transferred_more_data", {"freeze_transferred=true"}), transferred),
            SourceRelation::kUnrelated);
  // Another class split.
  EXPECT_EQ(relate_sources(more_data, committed("transferred", {R"(groups={"A": ["airplane", "truck", "ship", "frog"],
      "B": ["horse", "automobile", "bird", "cat"], "C": ["deer", "dog"]})"})),
            SourceRelation::kUnrelated);
}

TEST(ProtocolRole, RelationsCarryToRandomClassSplits) {
  // Under any split the committed class refs keep their meaning: A ∪ C is larger than A, and
  // C + A[:2] is more diverse than A; and source and target stay disjoint.
  for (const auto& split : random_class_splits(5, 7, {{"A", 4}, {"B", 4}, {"C", 2}})) {
    SCOPED_TRACE(split.name);
    const std::string groups = "groups=" + nlohmann::json(split.groups).dump();
    const auto transferred = committed("transferred", {groups});
    const auto diverse = committed("transferred_diverse", {groups});
    const auto more_data = committed("transferred_more_data", {groups});
    EXPECT_EQ(protocol_role(diverse).source, SourceKind::kDisjoint);
    EXPECT_EQ(protocol_role(committed("non_transferred", {groups})).source, SourceKind::kSelf);
    EXPECT_EQ(relate_sources(more_data, transferred), SourceRelation::kLarger);
    EXPECT_EQ(relate_sources(diverse, transferred), SourceRelation::kMoreDiverse);
    EXPECT_EQ(relate_sources(transferred, more_data), SourceRelation::kUnrelated);
    EXPECT_EQ(relate_sources(transferred, diverse), SourceRelation::kUnrelated);
  }
}

TEST(ProtocolRole, MoreDiverseNeedsAsManyClassesOverMoreGroups) {
  const auto transferred = committed("transferred");  // A: 4 classes, 1 group
  // 3 classes over 2 groups: fewer classes than A, so not more diverse.
  EXPECT_EQ(relate_sources(committed("transferred", {R"(source_classes=["C", "A[:1]"])"}), transferred),
            SourceRelation::kUnrelated);
  // 4 classes of 2 groups, none shared with A: still more diverse.
  const auto c_and_b = committed("transferred", {R"(groups={"A": ["airplane", "truck", "ship", "deer"],
      "B": ["horse", "automobile"], "C": ["frog", "dog"], "D": ["bird", "cat"]})",
                                                 R"(source_classes=["C", "D"])", R"(target_classes=["B"])"});
  const auto a_only = committed("transferred", {R"(groups={"A": ["airplane", "truck", "ship", "deer"],
      "B": ["horse", "automobile"], "C": ["frog", "dog"], "D": ["bird", "cat"]})",
                                                R"(target_classes=["B"])"});
  EXPECT_EQ(relate_sources(c_and_b, a_only), SourceRelation::kMoreDiverse);
  EXPECT_EQ(relate_sources(a_only, c_and_b), SourceRelation::kUnrelated);
}

}  // namespace
}  // namespace tl_boost
