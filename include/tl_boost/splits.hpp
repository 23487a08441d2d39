#pragma once
// Class names, class groups, random partitions of the classes into groups, and seeded,
// stratified index sets. Plain vectors only (no LibTorch), so every rule here is tested in
// microseconds.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tl_boost {

inline constexpr int kNumCifar10Classes = 10;
inline constexpr std::array<std::string_view, kNumCifar10Classes> kCifar10ClassNames = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

/// CIFAR-10 label (0-9) of a class name; throws ConfigError listing the valid names.
int cifar10_label(std::string_view class_name);

/// The ten names, comma separated, for error messages and help texts.
std::string cifar10_class_list();

/// Expands entries that are group names (keys of `groups`), group slices or class names into
/// class names, in order. A slice "G[start:stop]" is classes start..stop-1 of group G as listed
/// in `groups` (either bound may be left out: "A[:2]" is A's first two), so a config that means
/// "two classes of A" says so and carries to any class split. Throws ConfigError on unknown
/// names, malformed or out-of-range slices, or a class listed twice.
std::vector<std::string> expand_class_refs(const std::vector<std::string>& refs,
                                           const std::map<std::string, std::vector<std::string>>& groups);

/// One assignment of classes to named groups ("A", "B", "C"), each group's classes in CIFAR-10
/// label order, so that two splits with the same groups compare equal member for member.
struct ClassSplit {
  std::string name;
  std::map<std::string, std::vector<std::string>> groups;
};

/// `groups` with each group's classes sorted by CIFAR-10 label. Throws ConfigError on an
/// unknown class name.
std::map<std::string, std::vector<std::string>> canonical_groups(
    const std::map<std::string, std::vector<std::string>>& groups);

/// Whether `a` and `b` put the same classes in the same groups (names of the splits and the order
/// within a group do not matter).
bool same_partition(const ClassSplit& a, const ClassSplit& b);

/// `count` distinct random partitions of the ten CIFAR-10 classes into groups of the given names
/// and sizes (e.g. {{"A", 4}, {"B", 4}, {"C", 2}}), none the same partition as an `exclude`d
/// split (the default split, say). Each draw is a Fisher–Yates shuffle of the labels with the
/// project's generator (seeds.hpp), cut into the groups in the order given, so the result is the
/// same with every standard library; draw i is seeded by derive_seed(seed, "class-split", i) and
/// repeated draws are skipped, so the first n splits do not depend on `count`. Names are
/// "random-<seed>-<i>". A draw is skipped too when one of `new_groups` (group names: the groups a
/// suite trains source networks on) has the same classes as that group of an excluded or earlier
/// split, so no two splits share a source network's classes; a rule that is added this way
/// leaves every earlier draw that already obeyed it where it was. Throws ConfigError if the
/// sizes do not sum to 10, a size is 0, a name repeats, more distinct partitions are asked for
/// than exist (10! / prod(size!) minus the excluded ones), or `new_groups` names an unknown group
/// or leaves too few draws.
std::vector<ClassSplit> random_class_splits(std::size_t count, std::uint64_t seed,
                                            const std::vector<std::pair<std::string, std::size_t>>& group_sizes,
                                            const std::vector<ClassSplit>& exclude = {},
                                            const std::vector<std::string>& new_groups = {});

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

/// A class with fewer training records than `max_per_class` asks for: stratified_holdout uses
/// every record it has.
struct ShortClass {
  int label = 0;
  std::size_t records = 0;
};

/// The classes among `classes` with fewer than `max_per_class` records in `labels`, in the order
/// of `classes`; none when `max_per_class` is 0 (every record).
std::vector<ShortClass> classes_short_of(const std::vector<int>& labels, const std::vector<int>& classes,
                                         int max_per_class);

/// All indices whose label is in `classes`, ascending; with `max_per_class` > 0 only the first
/// that many of each class (the same records for every seed, so paired runs share them).
std::vector<std::int64_t> indices_of_classes(const std::vector<int>& labels, const std::vector<int>& classes,
                                             int max_per_class = 0);

}  // namespace tl_boost
