#include "tl_boost/config/suite_file.hpp"

#include <algorithm>
#include <set>

#include "tl_boost/config/json_reader.hpp"
#include "tl_boost/config/json_text.hpp"
#include "tl_boost/config/overlays.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/report/hypotheses_file.hpp"
#include "tl_boost/seeds.hpp"
#include "tl_boost/suggest.hpp"
#include "tl_boost/suite_plan.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

// The keys of each object of a suite file, for finding every mistyped key at once before the
// values are read (the readers below ask for the same keys, and refuse others where they read).
const std::vector<std::string> kRootKeys{"name",      "description", "protocols", "alpha",  "loss_margin",
                                         "overrides", "seeds",       "hypotheses", "splits", "interpolation"};
const std::vector<std::string> kProtocolKeys{"config", "name", "set"};
const std::vector<std::string> kSplitKeys{"name", "groups", "random", "seed"};  // a named split or a random rule
const std::vector<std::string> kInterpolationKeys{"pairs", "seeds", "points", "subset"};

// `object`'s keys outside `known`, each at its pointer with the nearest known key.
void unknown_keys(const json& object, const std::string& pointer, const std::vector<std::string>& known,
                  std::vector<std::string>& out) {
  if (!object.is_object()) return;  // the reader says what it expected
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const std::optional<std::string> best = closest_match(key, known, typo_allowance(key.size()));
    out.push_back(pointer + "/" + key + ": unknown key '" + key + "'" +
                  (best ? " (did you mean '" + *best + "'?)" : " (see the suite file's keys in docs/CLI.md)"));
  }
}

// Every unknown key of the file, in one error: a typo's consequences ("/protocols: missing") would
// hide the typo, and one run per typo is slow.
void reject_unknown_suite_keys(const json& root, const std::filesystem::path& path) {
  std::vector<std::string> problems;
  unknown_keys(root, "", kRootKeys, problems);
  const auto each = [&](const char* key, const std::vector<std::string>& known) {
    const auto it = root.is_object() ? root.find(key) : root.end();
    if (it == root.end() || !it->is_array()) return;
    for (std::size_t i = 0; i < it->size(); ++i) {
      unknown_keys((*it)[i], "/" + std::string(key) + "/" + std::to_string(i), known, problems);
    }
  };
  each("protocols", kProtocolKeys);
  each("splits", kSplitKeys);
  if (root.is_object() && root.contains("interpolation")) {
    unknown_keys(root.at("interpolation"), "/interpolation", kInterpolationKeys, problems);
  }
  if (problems.size() == 1) throw ConfigError(path.string() + ": " + problems.front());
  if (problems.empty()) return;
  std::string message = path.string() + ": " + std::to_string(problems.size()) + " unknown keys:";
  for (const auto& problem : problems) message += "\n  " + problem;
  throw ConfigError(message);
}

// A suite's or a split's name names a directory.
std::string read_name(const json& value, const JsonWhere& at) {
  std::string name;
  read_value(value, at, name);
  if (name.empty()) at.fail("expected a non-empty string");
  return name;
}

// Why `name` cannot name a split's directory, which sits in the suite's directory beside its
// sources, logs and interpolations and its files (suite.json, the report): "" when it can.
std::string split_name_problem(const std::string& name) {
  if (const std::string problem = unsafe_name_problem(name); !problem.empty()) return problem;
  if (name == "sources" || name == "logs" || name == "interpolation" || name.find('.') != std::string::npos) {
    return "'" + name + "' cannot name a split directory (sources, logs and interpolation are the suite's, and a " +
           "name with '.' could be one of its files); choose another name";
  }
  return "";
}

// A protocol: a config file name, or {"config", "name", "set": [...]}; relative to the suite file.
SuiteProtocol read_protocol(const json& value, const JsonWhere& at, const std::filesystem::path& dir) {
  SuiteProtocol protocol;
  const json* file = &value;
  if (value.is_object()) {
    JsonObject entry(value, at);
    file = entry.find("config");
    entry.read("name", protocol.name);
    entry.read("set", protocol.overrides);
    entry.reject_unknown_keys(/*list_known=*/true);
  }
  if (file == nullptr || !file->is_string()) at.fail("expected a config file name or {\"config\": ...}");
  protocol.config = dir / file->get<std::string>();
  if (!std::filesystem::exists(protocol.config)) at.fail("'" + protocol.config.string() + "' does not exist");
  return protocol;
}

std::vector<SuiteProtocol> read_protocols(const json* value, const JsonWhere& at, const std::filesystem::path& dir) {
  if (value == nullptr) at.fail("missing");
  if (!value->is_array() || value->empty()) at.fail("expected a non-empty array");
  std::vector<SuiteProtocol> protocols;
  for (std::size_t i = 0; i < value->size(); ++i) protocols.push_back(read_protocol((*value)[i], at.child(i), dir));
  return protocols;
}

// Each protocol's config as the suite loads it: the suite's overrides, a split's groups, its own
// "set". An error an override causes is blamed on its place in the suite file, not on a --set the
// person never typed; any other with a split is the split's (a class list naming a group it lacks).
void check_protocols_load(const SuiteConfig& suite, const ClassSplit* split, const JsonWhere& split_at) {
  const JsonWhere root{split_at.origin, ""};
  for (std::size_t p = 0; p < suite.protocols.size(); ++p) {
    const SuiteProtocol& protocol = suite.protocols[p];
    std::vector<std::pair<std::string, JsonWhere>> blamed;  // each override and where the suite file has it
    for (std::size_t i = 0; i < suite.overrides.size(); ++i) {
      blamed.emplace_back(suite.overrides[i], root.child("overrides").child(i));
    }
    if (split != nullptr) blamed.emplace_back("groups=" + json(split->groups).dump(), split_at.child("groups"));
    for (std::size_t i = 0; i < protocol.overrides.size(); ++i) {
      blamed.emplace_back(protocol.overrides[i], root.child("protocols").child(p).child("set").child(i));
    }
    std::vector<std::string> overrides;
    for (const auto& [assignment, at] : blamed) overrides.push_back(assignment);
    try {
      load_config(protocol.config, overrides);
    } catch (const ConfigError& e) {
      const std::string message = e.what();
      for (const auto& [assignment, at] : blamed) {
        const std::string prefix = set_origin(assignment) + ": ";
        if (message.rfind(prefix, 0) == 0) at.fail("'" + assignment + "': " + message.substr(prefix.size()));
      }
      if (split == nullptr) throw;
      split_at.fail("split '" + split->name + "' does not fit protocol " + protocol.config.string() +
                    " (give the split every group its protocols name): " + message);
    }
  }
}

// {"random": N, "seed": S}: N random partitions with the sizes of `own`'s groups, none of them
// `own`, and no group the same as that group of another split: a protocol trains its source on a
// group (A, B, C, A ∪ C), so two splits sharing one would share source networks.
std::vector<ClassSplit> read_random_splits(const json& value, const JsonWhere& at, const ClassSplit& own) {
  JsonObject rule(value, at);
  const json* count = rule.find("random");
  std::uint64_t seed = 0;
  if (const json* s = rule.find("seed"); s != nullptr && !s->is_number_unsigned()) {
    at.child("seed").fail("expected an integer >= 0, found " + s->dump());
  }
  rule.read("seed", seed);
  rule.reject_unknown_keys(/*list_known=*/true);
  if (!count->is_number_unsigned() || count->get<std::size_t>() == 0) {
    at.child("random").fail("expected the number of splits to draw (> 0), found " + count->dump());
  }
  std::vector<std::pair<std::string, std::size_t>> sizes;
  std::vector<std::string> every_group;
  for (const auto& [group, members] : own.groups) {
    sizes.emplace_back(group, members.size());
    every_group.push_back(group);
  }
  try {
    return random_class_splits(count->get<std::size_t>(), seed, sizes, {own}, every_group);
  } catch (const ConfigError& e) {
    at.fail(e.what());
  }
}

// {"name", "groups": {"A": [class, ...], ...}}: the groups checked here, at their pointers in the
// suite file, not later in each protocol's config that the split's groups are given to.
ClassSplit read_named_split(const json& value, const JsonWhere& at) {
  JsonObject entry(value, at);
  ClassSplit split;
  const json* name = entry.find("name");
  entry.read("groups", split.groups);
  entry.reject_unknown_keys(/*list_known=*/true);
  if (name == nullptr) at.child("name").fail("missing; name the split (it names its directory)");
  split.name = read_name(*name, at.child("name"));
  if (const std::string problem = split_name_problem(split.name); !problem.empty()) at.child("name").fail(problem);
  if (split.groups.empty()) at.child("groups").fail("missing; give the classes of each group");
  check_class_groups(split.groups, at.child("groups"));
  split.groups = canonical_groups(split.groups);
  return split;
}

// Split names are directories beside the suite's own.
void check_split_names(const std::vector<ClassSplit>& splits, const JsonWhere& at) {
  std::set<std::string> names;
  for (const auto& split : splits) {
    if (!names.insert(split.name).second) {
      at.fail("two splits are named '" + split.name + "'; give each its own name");
    }
    if (const std::string problem = split_name_problem(split.name); !problem.empty()) at.fail(problem);
  }
}

// The "splits", read once the protocols are known: a random rule draws with the group sizes of the
// first protocol's resolved groups, never repeats a group of the default split or of another.
std::vector<ClassSplit> read_splits(const json& value, const JsonWhere& at, const SuiteConfig& suite) {
  if (!value.is_array() || value.empty()) {
    at.fail("expected a non-empty array of {\"name\", \"groups\"}, \"default\" or {\"random\": N, \"seed\": S}");
  }
  const ExperimentConfig first = [&] {
    try {
      return load_config(suite.protocols.front().config, suite.overrides);
    } catch (const ConfigError&) {
      check_protocols_load(suite, nullptr, at);  // blames a bad override on its place in the suite file
      throw;
    }
  }();
  // The configs' own groups in their own order: the default split runs exactly what the configs say.
  const ClassSplit default_split{kDefaultSplitName, first.groups};
  std::vector<ClassSplit> splits;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& entry = value[i];
    const std::size_t before = splits.size();
    if (entry == json(kDefaultSplitName)) {
      splits.push_back(default_split);
    } else if (entry.is_object() && entry.contains("random")) {
      for (auto& split : read_random_splits(entry, at.child(i), default_split)) splits.push_back(std::move(split));
    } else if (entry.is_object()) {
      splits.push_back(read_named_split(entry, at.child(i)));
    } else {
      at.child(i).fail("expected {\"name\", \"groups\"}, \"default\" or {\"random\": N, \"seed\": S}");
    }
    for (std::size_t s = before; s < splits.size(); ++s) check_protocols_load(suite, &splits[s], at.child(i));
  }
  check_split_names(splits, at);
  return splits;
}

std::vector<std::pair<std::string, std::string>> read_pairs(const json* value, const JsonWhere& at) {
  if (value == nullptr || (value->is_array() && value->empty())) {
    at.fail("expected at least one pair of protocol names, e.g. [[\"transferred\", \"non_transferred\"]]");
  }
  if (!value->is_array()) at.fail("expected an array of [\"protocol a\", \"protocol b\"] pairs");
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& pair = (*value)[i];
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
      at.child(i).fail("expected two protocol names, found " + pair.dump());
    }
    if (pair[0] == pair[1]) {
      at.child(i).fail("a protocol paired with itself; use \"seeds\": true to interpolate between its seeds");
    }
    pairs.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return pairs;
}

// An integer of `object` at `key` within [low, high], else "expected an integer in <range>, found ...".
void read_bounded(JsonObject& object, const std::string& key, int& out, int low, int high, const std::string& range) {
  const json* value = object.find(key);
  if (value == nullptr) return;
  if (!value->is_number_integer() || value->get<std::int64_t>() < low || value->get<std::int64_t>() > high) {
    object.at(key).fail("expected an integer " + range + ", found " + value->dump());
  }
  out = value->get<int>();
}

// "seeds": true (every protocol of a pair, in order of first mention), false, or a list of names.
std::vector<std::string> read_seed_protocols(const json* value, const JsonWhere& at,
                                             const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<std::string> names;
  if (value == nullptr || *value == false) return names;
  if (*value == true) {
    for (const auto& [a, b] : pairs) {
      for (const std::string& name : {a, b}) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      }
    }
    return names;
  }
  if (!value->is_array() || value->empty()) {
    at.fail("expected true, false or a list of protocol names, found " + value->dump());
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& name = (*value)[i];
    if (!name.is_string()) at.child(i).fail("expected a protocol name, found " + name.dump());
    if (std::find(names.begin(), names.end(), name.get<std::string>()) != names.end()) {
      at.child(i).fail("'" + name.get<std::string>() + "' is listed twice");
    }
    names.push_back(name.get<std::string>());
  }
  return names;
}

// "interpolation": {"pairs": [["a", "b"], ...], "seeds": false, "points": 11, "subset": 2000}.
SuiteInterpolation read_interpolation(const json& value, const JsonWhere& at) {
  JsonObject object(value, at);
  SuiteInterpolation interpolation;
  const json* pairs = object.find("pairs");
  const json* seeds = object.find("seeds");
  read_bounded(object, "points", interpolation.points, 2, 1001, "in 2..1001 (values of alpha from 0 to 1)");
  read_bounded(object, "subset", interpolation.subset, 1, 1 << 30, ">= 1 (training images evaluated)");
  object.reject_unknown_keys(/*list_known=*/true);
  interpolation.pairs = read_pairs(pairs, at.child("pairs"));
  interpolation.seed_protocols = read_seed_protocols(seeds, at.child("seeds"), interpolation.pairs);
  return interpolation;
}

// A number of `object` at `key` for which ok(value) holds, else "expected a number <rule>, found ...".
template <class Ok>
void read_number(JsonObject& object, const std::string& key, double& out, const std::string& rule, Ok ok) {
  const json* value = object.find(key);
  if (value == nullptr) return;
  if (!value->is_number() || !ok(value->get<double>())) {
    object.at(key).fail("expected a number " + rule + ", found " + value->dump());
  }
  out = value->get<double>();
}

// "hypotheses": a hypotheses file beside the suite file, read now so that its errors stop the suite before it runs.
std::filesystem::path read_hypotheses(const json& value, const JsonWhere& at, const std::filesystem::path& suite_file) {
  std::string name;
  read_value(value, at, name);
  const std::filesystem::path file = suite_file.parent_path() / name;
  if (!std::filesystem::exists(file)) at.fail("'" + file.string() + "' does not exist");
  read_hypotheses_file(file);
  return file;
}

}  // namespace

SuiteConfig read_suite_file(const std::filesystem::path& path) {
  const json j = read_config_file(path, "suite file");
  reject_unknown_suite_keys(j, path);
  JsonObject root(j, JsonWhere{path.string(), ""});
  SuiteConfig suite;
  suite.name = path.stem().string();
  if (const json* name = root.find("name")) {
    suite.name = read_name(*name, root.at("name"));
    // The suite's directory under --out: the run names' rule keeps it there.
    if (const std::string problem = unsafe_name_problem(suite.name); !problem.empty()) root.at("name").fail(problem);
  }
  root.find("description");  // free text
  const json* protocols = root.find("protocols");
  read_number(root, "alpha", suite.alpha, "in (0, 0.5)", [](double v) { return v > 0 && v < 0.5; });
  read_number(root, "loss_margin", suite.loss_margin, "> 0", [](double v) { return v > 0; });
  root.read("overrides", suite.overrides);
  if (root.read("seeds", suite.seeds)) {
    try {
      parse_seed_list(suite.seeds);
    } catch (const ConfigError& e) {
      root.at("seeds").fail(e.what());
    }
  }
  if (const json* hypotheses = root.find("hypotheses")) suite.hypotheses = read_hypotheses(*hypotheses, root.at("hypotheses"), path);
  const json* splits = root.find("splits");  // read last: a random rule needs the protocols and the overrides
  if (const json* interpolation = root.find("interpolation")) {
    suite.interpolation = read_interpolation(*interpolation, root.at("interpolation"));
  }
  root.reject_unknown_keys(/*list_known=*/true);
  suite.file = path;
  suite.protocols = read_protocols(protocols, root.at("protocols"), path.parent_path());
  if (splits != nullptr) {
    suite.splits = read_splits(*splits, root.at("splits"), suite);
  } else {
    check_protocols_load(suite, nullptr, root.at("splits"));
  }
  return suite;
}

}  // namespace tl_boost
