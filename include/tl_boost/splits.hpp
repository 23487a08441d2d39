#pragma once
// Class names, class groups and seeded, stratified index sets. Plain vectors only (no LibTorch),
// so every rule here is tested in microseconds.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tl_boost {

inline constexpr int kNumCifar10Classes = 10;
inline constexpr std::array<std::string_view, kNumCifar10Classes> kCifar10ClassNames = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

/// CIFAR-10 label (0-9) of a class name; throws ConfigError listing the valid names.
int cifar10_label(std::string_view class_name);

/// The ten names, comma separated, for error messages and help texts.
std::string cifar10_class_list();

/// Expands entries that are group names (keys of `groups`) or class names into class names,
/// in order. Throws ConfigError on unknown names or on a class listed twice.
std::vector<std::string> expand_class_refs(const std::vector<std::string>& refs,
                                           const std::map<std::string, std::vector<std::string>>& groups);

/// Training and validation indices of one stage.
struct HoldOut {
  std::vector<std::int64_t> train;
  std::vector<std::int64_t> validation;
};

/// Stratified, seeded hold-out over the records whose label is in `classes`.
/// Each class is shuffled with a seed derived from (seed, class label) alone, so a class is split
/// the same way in every stage and protocol that uses it: a target stage never trains on images
/// that another stage of the same run validated on, and vice versa.
/// `max_per_class` > 0 keeps only that many records of each class (before the hold-out).
/// Each class keeps at least one training and one validation record. Indices come back ascending.
HoldOut stratified_holdout(const std::vector<int>& labels, const std::vector<int>& classes,
                           double validation_fraction, int max_per_class, std::uint64_t seed);

/// All indices whose label is in `classes`, ascending.
std::vector<std::int64_t> indices_of_classes(const std::vector<int>& labels, const std::vector<int>& classes);

}  // namespace tl_boost
