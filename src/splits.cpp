#include "tl_boost/splits.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "tl_boost/error.hpp"
#include "tl_boost/seeds.hpp"

namespace tl_boost {

int cifar10_label(std::string_view class_name) {
  for (int label = 0; label < kNumCifar10Classes; ++label) {
    if (kCifar10ClassNames[label] == class_name) return label;
  }
  throw ConfigError("unknown class '" + std::string(class_name) + "'; CIFAR-10 classes are " + cifar10_class_list());
}

std::string cifar10_class_list() {
  std::string list;
  for (auto name : kCifar10ClassNames) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list;
}

std::vector<std::string> expand_class_refs(const std::vector<std::string>& refs,
                                           const std::map<std::string, std::vector<std::string>>& groups) {
  std::vector<std::string> classes;
  for (const auto& ref : refs) {
    const auto group = groups.find(ref);
    if (group != groups.end()) {
      classes.insert(classes.end(), group->second.begin(), group->second.end());
      continue;
    }
    const bool is_class =
        std::find(kCifar10ClassNames.begin(), kCifar10ClassNames.end(), ref) != kCifar10ClassNames.end();
    if (!is_class) {
      std::string group_names;
      for (const auto& [name, members] : groups) group_names += (group_names.empty() ? "" : ", ") + name;
      throw ConfigError("'" + ref + "' is neither a group (" + (group_names.empty() ? "none defined" : group_names) +
                        ") nor a CIFAR-10 class (" + cifar10_class_list() + ")");
    }
    classes.push_back(ref);
  }
  std::set<std::string> seen;
  for (const auto& name : classes) {
    if (!seen.insert(name).second) {
      throw ConfigError("class '" + name + "' is listed twice");
    }
  }
  return classes;
}

HoldOut stratified_holdout(const std::vector<int>& labels, const std::vector<int>& classes,
                           double validation_fraction, int max_per_class, std::uint64_t seed) {
  HoldOut split;
  for (int cls : classes) {
    std::vector<std::int64_t> members;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] == cls) members.push_back(static_cast<std::int64_t>(i));
    }
    shuffle_in_place(members, derive_seed(seed, "holdout", static_cast<std::uint64_t>(cls)));
    if (max_per_class > 0 && members.size() > static_cast<std::size_t>(max_per_class)) {
      members.resize(static_cast<std::size_t>(max_per_class));
    }
    if (members.size() < 2) {
      throw DataError("class '" + std::string(kCifar10ClassNames.at(cls)) + "' has " +
                      std::to_string(members.size()) + " training record(s); a hold-out needs at least 2");
    }
    const auto n = static_cast<std::int64_t>(members.size());
    auto n_val = static_cast<std::int64_t>(std::llround(validation_fraction * static_cast<double>(n)));
    n_val = std::clamp<std::int64_t>(n_val, 1, n - 1);
    split.validation.insert(split.validation.end(), members.begin(), members.begin() + n_val);
    split.train.insert(split.train.end(), members.begin() + n_val, members.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.validation.begin(), split.validation.end());
  return split;
}

std::vector<std::int64_t> indices_of_classes(const std::vector<int>& labels, const std::vector<int>& classes) {
  std::vector<std::int64_t> indices;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (std::find(classes.begin(), classes.end(), labels[i]) != classes.end()) {
      indices.push_back(static_cast<std::int64_t>(i));
    }
  }
  return indices;
}

}  // namespace tl_boost
