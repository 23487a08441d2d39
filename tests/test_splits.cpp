#include "tl_boost/splits.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"
#include "test_paths.hpp"

namespace tl_boost {
namespace {

// 10 classes x 50 records, interleaved like a shuffled dataset.
std::vector<int> fake_labels(int per_class = 50) {
  std::vector<int> labels;
  for (int i = 0; i < per_class * 10; ++i) labels.push_back((i * 7) % 10);
  return labels;
}

TEST(Splits, ClassLabelsFollowCifarOrder) {
  EXPECT_EQ(cifar10_label("airplane"), 0);
  EXPECT_EQ(cifar10_label("horse"), 7);
  EXPECT_EQ(cifar10_label("truck"), 9);
  try {
    cifar10_label("horses");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("horses"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("automobile"), std::string::npos);  // lists the valid names
  }
}

TEST(Splits, ExpandsGroupsAndClassesInOrder) {
  const std::map<std::string, std::vector<std::string>> groups{{"A", {"airplane", "truck"}}, {"C", {"frog", "dog"}}};
  EXPECT_EQ(expand_class_refs({"C", "airplane"}, groups),
            (std::vector<std::string>{"frog", "dog", "airplane"}));
  EXPECT_THROW(expand_class_refs({"A", "truck"}, groups), ConfigError);  // truck twice
  EXPECT_THROW(expand_class_refs({"D"}, groups), ConfigError);
  EXPECT_TRUE(expand_class_refs({}, groups).empty());
}

TEST(Splits, HoldOutIsStratifiedDisjointAndComplete) {
  const auto labels = fake_labels();
  const std::vector<int> classes{7, 1, 2, 3};
  const HoldOut split = stratified_holdout(labels, classes, 0.1, 0, 5);
  EXPECT_EQ(split.train.size(), 4u * 45);
  EXPECT_EQ(split.validation.size(), 4u * 5);
  std::set<std::int64_t> all(split.train.begin(), split.train.end());
  for (auto i : split.validation) EXPECT_TRUE(all.insert(i).second) << "index " << i << " in both";
  EXPECT_EQ(all.size(), 200u);
  for (int cls : classes) {
    const auto n = std::count_if(split.validation.begin(), split.validation.end(),
                                 [&](std::int64_t i) { return labels[i] == cls; });
    EXPECT_EQ(n, 5) << "class " << cls;
  }
  for (auto i : split.train) EXPECT_TRUE(std::count(classes.begin(), classes.end(), labels[i]));
  EXPECT_TRUE(std::is_sorted(split.train.begin(), split.train.end()));
}

TEST(Splits, HoldOutIsSeeded) {
  const auto labels = fake_labels();
  const auto a = stratified_holdout(labels, {0, 1}, 0.2, 0, 1);
  const auto b = stratified_holdout(labels, {0, 1}, 0.2, 0, 1);
  const auto c = stratified_holdout(labels, {0, 1}, 0.2, 0, 2);
  EXPECT_EQ(a.validation, b.validation);
  EXPECT_NE(a.validation, c.validation);
}

TEST(Splits, AClassIsSplitTheSameWayInEveryClassSet) {
  // The target stage of non_transferred reuses the source stage's classes: its validation
  // images must be the ones the source stage held out too.
  const auto labels = fake_labels();
  const auto alone = stratified_holdout(labels, {7}, 0.1, 0, 3);
  const auto with_others = stratified_holdout(labels, {0, 7, 9}, 0.1, 0, 3);
  std::vector<std::int64_t> horse_val;
  for (auto i : with_others.validation) {
    if (labels[i] == 7) horse_val.push_back(i);
  }
  EXPECT_EQ(alone.validation, horse_val);
}

TEST(Splits, MaxPerClassTakesASubsetBeforeTheHoldOut) {
  const auto labels = fake_labels();
  const auto split = stratified_holdout(labels, {0, 1, 2}, 0.1, 20, 0);
  EXPECT_EQ(split.train.size(), 3u * 18);
  EXPECT_EQ(split.validation.size(), 3u * 2);
  // Tiny classes still get one record on each side.
  const auto tiny = stratified_holdout(labels, {4}, 0.01, 3, 0);
  EXPECT_EQ(tiny.validation.size(), 1u);
  EXPECT_EQ(tiny.train.size(), 2u);
}

TEST(Splits, IndicesOfClasses) {
  const std::vector<int> labels{3, 1, 3, 0, 9};
  EXPECT_EQ(indices_of_classes(labels, {3, 9}), (std::vector<std::int64_t>{0, 2, 4}));
  EXPECT_EQ(indices_of_classes(labels, {3, 9}, 1), (std::vector<std::int64_t>{0, 4}));  // the first of each class
}

// The default split of configs/base.json.
const std::map<std::string, std::vector<std::string>> kDefaultGroups{
    {"A", {"airplane", "truck", "ship", "deer"}}, {"B", {"horse", "automobile", "bird", "cat"}}, {"C", {"frog", "dog"}}};
const std::vector<std::pair<std::string, std::size_t>> kSizes{{"A", 4}, {"B", 4}, {"C", 2}};

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no ConfigError)";
}

TEST(Splits, GroupSliceTakesClassesInTheGroupsOrder) {
  EXPECT_EQ(expand_class_refs({"A[:2]"}, kDefaultGroups), (std::vector<std::string>{"airplane", "truck"}));
  EXPECT_EQ(expand_class_refs({"A[1:3]"}, kDefaultGroups), (std::vector<std::string>{"truck", "ship"}));
  EXPECT_EQ(expand_class_refs({"A[2:]"}, kDefaultGroups), (std::vector<std::string>{"ship", "deer"}));
  EXPECT_EQ(expand_class_refs({"C[:]"}, kDefaultGroups), (std::vector<std::string>{"frog", "dog"}));
  EXPECT_EQ(expand_class_refs({"C", "A[:2]", "B[3:4]"}, kDefaultGroups),
            (std::vector<std::string>{"frog", "dog", "airplane", "truck", "cat"}));
  // The slice follows the split: the same ref under another split names other classes.
  const std::map<std::string, std::vector<std::string>> other{{"A", {"cat", "ship", "dog"}}};
  EXPECT_EQ(expand_class_refs({"A[:2]"}, other), (std::vector<std::string>{"cat", "ship"}));
}

TEST(Splits, GroupSliceOutOfRangeNamesTheRefAndTheGroupSize) {
  const auto message = message_of([] { expand_class_refs({"C[:3]"}, kDefaultGroups); });
  EXPECT_NE(message.find("C[:3]"), std::string::npos) << message;
  EXPECT_NE(message.find("expected 0 <= start < stop <= 2"), std::string::npos) << message;
  EXPECT_NE(message.find("found start 0, stop 3"), std::string::npos) << message;
  EXPECT_THROW(expand_class_refs({"A[2:2]"}, kDefaultGroups), ConfigError);  // empty
  EXPECT_THROW(expand_class_refs({"A[3:1]"}, kDefaultGroups), ConfigError);
  EXPECT_THROW(expand_class_refs({"A[4:]"}, kDefaultGroups), ConfigError);
}

TEST(Splits, MalformedGroupSlicesAreConfigErrors) {
  for (const char* ref : {"A[2]", "A[-1:2]", "A[a:2]", "A[1:2:3]", "A[:2", "[:2]", "A[:2]x", "A[[:2]]", "A[ 1:2]"}) {
    SCOPED_TRACE(ref);
    const auto message = message_of([&] { expand_class_refs({ref}, kDefaultGroups); });
    EXPECT_NE(message.find(ref), std::string::npos) << message;
  }
  const auto unknown = message_of([] { expand_class_refs({"D[:2]"}, kDefaultGroups); });
  EXPECT_NE(unknown.find("'D' is not a group (A, B, C)"), std::string::npos) << unknown;
  EXPECT_THROW(expand_class_refs({"A[:2]", "airplane"}, kDefaultGroups), ConfigError);  // airplane twice
}

TEST(Splits, DiverseConfigResolvesToTheClassesOfItsFormerLiteralList) {
  // configs/transferred_diverse.json used to say ["C", "airplane", "truck"]; it now says
  // ["C", "A[:2]"]. The resolved list names cached source networks (source_key), so it must not
  // change, order included.
  const auto config = load_config(std::string(tl_boost_test::source_dir()) + "/configs/transferred_diverse.json");
  const std::vector<std::string> before{"frog", "dog", "airplane", "truck"};
  EXPECT_EQ(config.source_classes, before);
  EXPECT_EQ(to_json(config)["source_classes"], nlohmann::json(before));
  EXPECT_EQ(expand_class_refs({"C", "airplane", "truck"}, config.groups), config.source_classes);
}

TEST(Splits, RandomSplitsPartitionTheTenClassesWithTheGivenSizes) {
  const auto splits = random_class_splits(8, 0, kSizes);
  ASSERT_EQ(splits.size(), 8u);
  for (const auto& split : splits) {
    SCOPED_TRACE(split.name);
    ASSERT_EQ(split.groups.size(), 3u);
    std::set<std::string> all;
    for (const auto& [name, size] : kSizes) {
      const auto& members = split.groups.at(name);
      EXPECT_EQ(members.size(), size);
      all.insert(members.begin(), members.end());
      EXPECT_TRUE(std::is_sorted(members.begin(), members.end(), [](const std::string& a, const std::string& b) {
        return cifar10_label(a) < cifar10_label(b);
      }));
    }
    EXPECT_EQ(all.size(), 10u);
  }
  EXPECT_EQ(splits[0].name, "random-0-0");
  EXPECT_EQ(splits[7].name, "random-0-7");
}

TEST(Splits, RandomSplitsAreDistinct) {
  const auto splits = random_class_splits(200, 3, kSizes);
  for (std::size_t i = 0; i < splits.size(); ++i) {
    for (std::size_t j = i + 1; j < splits.size(); ++j) {
      EXPECT_FALSE(same_partition(splits[i], splits[j])) << i << " and " << j;
    }
  }
}

TEST(Splits, RandomSplitsAreReproducibleBySeed) {
  const auto a = random_class_splits(5, 11, kSizes);
  const auto b = random_class_splits(5, 11, kSizes);
  const auto c = random_class_splits(5, 12, kSizes);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].groups, b[i].groups);
  bool any_different = false;
  for (std::size_t i = 0; i < a.size(); ++i) any_different = any_different || a[i].groups != c[i].groups;
  EXPECT_TRUE(any_different);
  // Asking for more does not change the first ones.
  const auto more = random_class_splits(9, 11, kSizes);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].groups, more[i].groups);
}

TEST(Splits, RandomSplitFirstDrawForSeedZeroIsPinned) {
  // Catches any change of the algorithm (generator, shuffle, cut, order): split lists in results
  // would silently name other classes. Checked against an independent re-implementation of
  // derive_seed, Rng::below and the Fisher–Yates loop (seeds.cpp) in Python.
  const auto first = random_class_splits(1, 0, kSizes).at(0);
  EXPECT_EQ(first.groups.at("A"), (std::vector<std::string>{"airplane", "automobile", "dog", "horse"}));
  EXPECT_EQ(first.groups.at("B"), (std::vector<std::string>{"bird", "cat", "frog", "truck"}));
  EXPECT_EQ(first.groups.at("C"), (std::vector<std::string>{"deer", "ship"}));
}

TEST(Splits, RandomSplitsHonourTheExclusion) {
  const ClassSplit default_split{"default", kDefaultGroups};
  // Two labelled groups of 5 and 5: C(10, 5) = 252 partitions; exclude one, ask for all the rest.
  const std::vector<std::pair<std::string, std::size_t>> halves{{"X", 5}, {"Y", 5}};
  const ClassSplit excluded{"first", {{"X", {"truck", "ship", "airplane", "bird", "automobile"}},
                                      {"Y", {"cat", "deer", "dog", "frog", "horse"}}}};
  const auto all_but_one = random_class_splits(251, 5, halves, {excluded});
  for (const auto& split : all_but_one) EXPECT_FALSE(same_partition(split, excluded)) << split.name;
  EXPECT_THROW(random_class_splits(252, 5, halves, {excluded}), ConfigError);
  EXPECT_EQ(random_class_splits(252, 5, halves).size(), 252u);
  // The default split, listed in its own (non-canonical) order, is recognised.
  const auto splits = random_class_splits(300, 0, kSizes, {default_split});
  for (const auto& split : splits) EXPECT_FALSE(same_partition(split, default_split)) << split.name;
}

TEST(Splits, RandomSplitsWithNewGroupsNeverShareThoseGroupsWithEachOtherOrTheExcluded) {
  const ClassSplit default_split{"default", kDefaultGroups};
  const auto splits = random_class_splits(30, 7, kSizes, {default_split}, {"A", "B"});
  ASSERT_EQ(splits.size(), 30u);
  std::vector<ClassSplit> all{ClassSplit{"default", canonical_groups(kDefaultGroups)}};
  all.insert(all.end(), splits.begin(), splits.end());
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      EXPECT_NE(all[i].groups.at("A"), all[j].groups.at("A")) << all[i].name << " and " << all[j].name;
      EXPECT_NE(all[i].groups.at("B"), all[j].groups.at("B")) << all[i].name << " and " << all[j].name;
    }
  }
}

TEST(Splits, TheNewGroupsRuleKeepsEveryDrawThatAlreadyObeyedItAndRedrawsTheRest) {
  // The committed study's rule, {"random": 8, "seed": 2026}: its splits 3 and 7 drew the same A.
  const ClassSplit default_split{"default", kDefaultGroups};
  const auto before = random_class_splits(8, 2026, kSizes, {default_split});
  ASSERT_EQ(before[3].groups.at("A"), before[7].groups.at("A"));
  EXPECT_EQ(before[3].groups.at("A"), (std::vector<std::string>{"bird", "deer", "frog", "truck"}));
  const auto after = random_class_splits(8, 2026, kSizes, {default_split}, {"A", "B", "C"});
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(after[i].groups, before[i].groups) << i;
  EXPECT_NE(after[7].groups.at("A"), before[7].groups.at("A"));
  EXPECT_EQ(after[7].name, "random-2026-7");
}

TEST(Splits, NewGroupsMustBeGroupsAndLeaveEnoughDraws) {
  const auto unknown = message_of([] { random_class_splits(2, 0, kSizes, {}, {"D"}); });
  EXPECT_NE(unknown.find("group 'D' must be new in every split, but the groups are A: 4, B: 4, C: 2"),
            std::string::npos)
      << unknown;
  // C has two of ten classes: C(10, 2) = 45 pairs, so at most 45 splits with a new C each.
  EXPECT_EQ(random_class_splits(45, 0, kSizes, {}, {"C"}).size(), 45u);
  const auto too_many = message_of([] { random_class_splits(46, 0, kSizes, {}, {"C"}); });
  EXPECT_NE(too_many.find("drew only 45 of 46 class splits whose groups C are each new"), std::string::npos)
      << too_many;
}

TEST(Splits, RandomSplitsRejectImpossibleRequests) {
  const auto sum = message_of([] { random_class_splits(1, 0, {{"A", 4}, {"B", 4}, {"C", 3}}); });
  EXPECT_NE(sum.find("sum to 10, found 11 (A: 4, B: 4, C: 3)"), std::string::npos) << sum;
  // 10! / (4! 4! 2!) = 3150 labelled partitions.
  const auto too_many = message_of([] { random_class_splits(3151, 0, kSizes); });
  EXPECT_NE(too_many.find("only 3150 exist"), std::string::npos) << too_many;
  EXPECT_THROW(random_class_splits(1, 0, {{"A", 10}, {"B", 0}}), ConfigError);
  EXPECT_THROW(random_class_splits(1, 0, {{"A", 5}, {"A", 5}}), ConfigError);
  EXPECT_EQ(random_class_splits(1, 0, {{"A", 10}}).size(), 1u);
  EXPECT_TRUE(random_class_splits(0, 0, kSizes).empty());
}

TEST(Splits, SamePartitionIgnoresOrderWithinGroups) {
  const ClassSplit a{"a", kDefaultGroups};
  ClassSplit b{"b", canonical_groups(kDefaultGroups)};
  EXPECT_TRUE(same_partition(a, b));
  EXPECT_EQ(b.groups.at("A"), (std::vector<std::string>{"airplane", "deer", "ship", "truck"}));
  std::swap(b.groups.at("A")[0], b.groups.at("B")[0]);
  EXPECT_FALSE(same_partition(a, b));
}

// stratified_holdout caps silently; this is how its caller learns which classes fell short.
TEST(Splits, ClassesWithFewerRecordsThanMaxPerClassAreReported) {
  std::vector<int> labels;
  for (int i = 0; i < 30; ++i) labels.push_back(i < 20 ? i % 2 : 2);  // 10 of class 0, 10 of 1, 10 of 2
  labels.push_back(2);                                                  // 11 of class 2
  const auto short_classes = classes_short_of(labels, {2, 0, 1}, 11);
  ASSERT_EQ(short_classes.size(), 2u);
  EXPECT_EQ(short_classes[0].label, 0);
  EXPECT_EQ(short_classes[0].records, 10u);
  EXPECT_EQ(short_classes[1].label, 1);
  EXPECT_TRUE(classes_short_of(labels, {0, 1, 2}, 10).empty());  // exactly enough
  EXPECT_TRUE(classes_short_of(labels, {0, 1, 2}, 0).empty());   // 0: every record, nothing to cap
  const HoldOut holdout = stratified_holdout(labels, {0, 2}, 0.2, 11, 7);
  EXPECT_EQ(holdout.train.size() + holdout.validation.size(), 10u + 11u);  // capped to what each has
}

}  // namespace
}  // namespace tl_boost
