#include "tl_boost/splits.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "tl_boost/error.hpp"

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
}

}  // namespace
}  // namespace tl_boost
