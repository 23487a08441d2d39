#include "tl_boost/splits.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
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

namespace {

std::string group_list(const std::map<std::string, std::vector<std::string>>& groups) {
  std::string names;
  for (const auto& [name, members] : groups) names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? "none defined" : names;
}

// Parses a slice bound: "" (absent) or decimal digits.
bool parse_bound(const std::string& text, std::size_t& value) {
  if (text.empty()) return true;
  if (text.size() > 6 || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return false;
  }
  value = static_cast<std::size_t>(std::stoul(text));
  return true;
}

// "G[start:stop]" -> the classes of that slice of group G; throws ConfigError naming the ref.
std::vector<std::string> expand_slice(const std::string& ref,
                                      const std::map<std::string, std::vector<std::string>>& groups) {
  const auto open = ref.find('[');
  const auto colon = ref.find(':', open);
  if (open == 0 || ref.back() != ']' || colon == std::string::npos || ref.find('[', open + 1) != std::string::npos) {
    throw ConfigError("malformed group slice '" + ref + "': expected GROUP[start:stop] like A[:2] or A[1:3]");
  }
  const std::string name = ref.substr(0, open);
  const auto group = groups.find(name);
  if (group == groups.end()) {
    throw ConfigError("group slice '" + ref + "': '" + name + "' is not a group (" + group_list(groups) + ")");
  }
  const std::size_t size = group->second.size();
  std::size_t start = 0, stop = size;
  if (!parse_bound(ref.substr(open + 1, colon - open - 1), start) ||
      !parse_bound(ref.substr(colon + 1, ref.size() - colon - 2), stop)) {
    throw ConfigError("malformed group slice '" + ref + "': expected GROUP[start:stop] with non-negative whole " +
                      "numbers like A[:2] or A[1:3]");
  }
  if (start >= stop || stop > size) {
    throw ConfigError("group slice '" + ref + "' is out of range: expected 0 <= start < stop <= " +
                      std::to_string(size) + " (group '" + name + "' has " + std::to_string(size) +
                      " classes), found start " + std::to_string(start) + ", stop " + std::to_string(stop));
  }
  return {group->second.begin() + static_cast<std::ptrdiff_t>(start),
          group->second.begin() + static_cast<std::ptrdiff_t>(stop)};
}

// One draw: the ten labels shuffled by `seed`, cut into the groups in the order given, each
// group's classes in label order.
ClassSplit draw_class_split(std::uint64_t seed, const std::vector<std::pair<std::string, std::size_t>>& group_sizes) {
  std::vector<std::int64_t> labels(kNumCifar10Classes);
  std::iota(labels.begin(), labels.end(), 0);
  shuffle_in_place(labels, seed);
  ClassSplit split;
  std::size_t next = 0;
  for (const auto& [name, size] : group_sizes) {
    std::vector<std::int64_t> members(labels.begin() + static_cast<std::ptrdiff_t>(next),
                                      labels.begin() + static_cast<std::ptrdiff_t>(next + size));
    std::sort(members.begin(), members.end());
    auto& group = split.groups[name];
    for (auto label : members) group.emplace_back(kCifar10ClassNames[static_cast<std::size_t>(label)]);
    next += size;
  }
  return split;
}

// The excluded splits that are partitions of the ten classes into these groups, canonical and
// each once: only those can be drawn, so only they reduce what is available.
std::vector<ClassSplit> excluded_of_shape(const std::vector<ClassSplit>& exclude,
                                          const std::vector<std::pair<std::string, std::size_t>>& group_sizes) {
  std::vector<ClassSplit> excluded;  // canonical, only those of this shape
  for (const auto& split : exclude) {
    ClassSplit c{split.name, canonical_groups(split.groups)};
    bool same_shape = c.groups.size() == group_sizes.size();
    for (const auto& [name, size] : group_sizes) {
      const auto it = c.groups.find(name);
      same_shape = same_shape && it != c.groups.end() && it->second.size() == size;
    }
    if (!same_shape) continue;
    std::set<std::string> all;
    for (const auto& [name, members] : c.groups) all.insert(members.begin(), members.end());
    if (all.size() != static_cast<std::size_t>(kNumCifar10Classes)) continue;  // not a partition of the ten
    if (std::none_of(excluded.begin(), excluded.end(), [&](const ClassSplit& e) { return e.groups == c.groups; })) {
      excluded.push_back(std::move(c));
    }
  }
  return excluded;
}

// The group sizes as errors name them ("A: 5, B: 5"), once checked: distinct names, none empty,
// no empty group, and every CIFAR-10 class in one group.
std::string checked_group_sizes(const std::vector<std::pair<std::string, std::size_t>>& group_sizes) {
  std::string sizes_text;
  std::size_t total = 0;
  std::set<std::string> names;
  for (const auto& [name, size] : group_sizes) {
    sizes_text += (sizes_text.empty() ? "" : ", ") + name + ": " + std::to_string(size);
    if (name.empty()) throw ConfigError("class split group names must not be empty");
    if (!names.insert(name).second) {
      throw ConfigError("class split group names must be distinct, found '" + name + "' twice");
    }
    if (size == 0) throw ConfigError("class split group '" + name + "' has size 0; expected at least 1 class");
    total += size;
  }
  if (total != static_cast<std::size_t>(kNumCifar10Classes)) {
    throw ConfigError("class split group sizes must sum to " + std::to_string(kNumCifar10Classes) + ", found " +
                      std::to_string(total) + " (" + sizes_text + ")");
  }
  return sizes_text;
}

// Distinct labelled partitions: the multinomial 10! / prod(size!), exact in 64 bits.
std::uint64_t labelled_partitions(const std::vector<std::pair<std::string, std::size_t>>& group_sizes) {
  std::uint64_t available = 1;
  std::size_t placed = 0;
  for (const auto& [name, size] : group_sizes) {
    for (std::size_t i = 1; i <= size; ++i) available = available * (placed + i) / i;  // C(placed + size, size)
    placed += size;
  }
  return available;
}

// `count` splits drawn in turn from `seed`, each new: none equal to an excluded one or to one drawn
// before, and none repeating any of `new_groups`. Draws that do are skipped; a long run of them
// means too few are left.
std::vector<ClassSplit> draw_distinct_splits(std::size_t count, std::uint64_t seed,
                                             const std::vector<std::pair<std::string, std::size_t>>& group_sizes,
                                             const std::vector<ClassSplit>& excluded,
                                             const std::vector<std::string>& new_groups) {
  std::string groups_text;
  for (const auto& group : new_groups) groups_text += (groups_text.empty() ? "" : ", ") + group;
  constexpr std::uint64_t kMaxSkippedInARow = 100000;
  std::vector<ClassSplit> splits;
  std::uint64_t skipped_in_a_row = 0;
  for (std::uint64_t draw = 0; splits.size() < count; ++draw) {
    ClassSplit split = draw_class_split(derive_seed(seed, "class-split", draw), group_sizes);
    const auto equal = [&](const ClassSplit& other) { return other.groups == split.groups; };
    const auto shares_a_group = [&](const ClassSplit& other) {
      return std::any_of(new_groups.begin(), new_groups.end(),
                         [&](const std::string& g) { return other.groups.at(g) == split.groups.at(g); });
    };
    if (std::any_of(excluded.begin(), excluded.end(), equal) || std::any_of(splits.begin(), splits.end(), equal) ||
        std::any_of(excluded.begin(), excluded.end(), shares_a_group) ||
        std::any_of(splits.begin(), splits.end(), shares_a_group)) {
      if (++skipped_in_a_row == kMaxSkippedInARow) {
        throw ConfigError("drew only " + std::to_string(splits.size()) + " of " + std::to_string(count) +
                          " class splits whose groups " + groups_text +
                          " are each new; ask for fewer splits or fewer new groups");
      }
      continue;
    }
    skipped_in_a_row = 0;
    split.name = "random-" + std::to_string(seed) + "-" + std::to_string(splits.size());
    splits.push_back(std::move(split));
  }
  return splits;
}

}  // namespace

std::vector<std::string> expand_class_refs(const std::vector<std::string>& refs,
                                           const std::map<std::string, std::vector<std::string>>& groups) {
  std::vector<std::string> classes;
  for (const auto& ref : refs) {
    const auto group = groups.find(ref);
    if (group != groups.end()) {
      classes.insert(classes.end(), group->second.begin(), group->second.end());
      continue;
    }
    if (ref.find('[') != std::string::npos) {
      const auto slice = expand_slice(ref, groups);
      classes.insert(classes.end(), slice.begin(), slice.end());
      continue;
    }
    const bool is_class =
        std::find(kCifar10ClassNames.begin(), kCifar10ClassNames.end(), ref) != kCifar10ClassNames.end();
    if (!is_class) {
      throw ConfigError("'" + ref + "' is neither a group (" + group_list(groups) + "), a group slice like A[:2]" +
                        " nor a CIFAR-10 class (" + cifar10_class_list() + ")");
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

std::map<std::string, std::vector<std::string>> canonical_groups(
    const std::map<std::string, std::vector<std::string>>& groups) {
  auto canonical = groups;
  for (auto& [name, members] : canonical) {
    for (const auto& member : members) cifar10_label(member);  // unknown names throw
    std::sort(members.begin(), members.end(),
              [](const std::string& a, const std::string& b) { return cifar10_label(a) < cifar10_label(b); });
  }
  return canonical;
}

bool same_partition(const ClassSplit& a, const ClassSplit& b) {
  return canonical_groups(a.groups) == canonical_groups(b.groups);
}

std::vector<ClassSplit> random_class_splits(std::size_t count, std::uint64_t seed,
                                            const std::vector<std::pair<std::string, std::size_t>>& group_sizes,
                                            const std::vector<ClassSplit>& exclude,
                                            const std::vector<std::string>& new_groups) {
  const std::string sizes_text = checked_group_sizes(group_sizes);
  const std::uint64_t available = labelled_partitions(group_sizes);
  const std::vector<ClassSplit> excluded = excluded_of_shape(exclude, group_sizes);
  if (count > available - excluded.size()) {
    throw ConfigError("asked for " + std::to_string(count) + " distinct class splits into (" + sizes_text +
                      "), but only " + std::to_string(available - excluded.size()) + " exist" +
                      (excluded.empty() ? "" : " besides the " + std::to_string(excluded.size()) + " excluded"));
  }
  for (const auto& group : new_groups) {
    const auto named = [&group](const auto& entry) { return entry.first == group; };
    if (std::none_of(group_sizes.begin(), group_sizes.end(), named)) {
      throw ConfigError("class split group '" + group + "' must be new in every split, but the groups are " +
                        sizes_text);
    }
  }
  return draw_distinct_splits(count, seed, group_sizes, excluded, new_groups);
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

std::vector<ShortClass> classes_short_of(const std::vector<int>& labels, const std::vector<int>& classes,
                                         int max_per_class) {
  std::vector<ShortClass> short_classes;
  if (max_per_class <= 0) return short_classes;
  for (int cls : classes) {
    const auto records = static_cast<std::size_t>(std::count(labels.begin(), labels.end(), cls));
    if (records < static_cast<std::size_t>(max_per_class)) short_classes.push_back({cls, records});
  }
  return short_classes;
}

std::vector<std::int64_t> indices_of_classes(const std::vector<int>& labels, const std::vector<int>& classes,
                                             int max_per_class) {
  std::vector<std::int64_t> indices;
  std::map<int, int> taken;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (std::find(classes.begin(), classes.end(), labels[i]) == classes.end()) continue;
    if (max_per_class > 0 && taken[labels[i]] >= max_per_class) continue;
    ++taken[labels[i]];
    indices.push_back(static_cast<std::int64_t>(i));
  }
  return indices;
}

}  // namespace tl_boost
