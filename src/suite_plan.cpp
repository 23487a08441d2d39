#include "tl_boost/suite_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tl_boost/error.hpp"
#include "tl_boost/experiment_identity.hpp"
#include "tl_boost/seeds.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

// The "splits" of a suite file, read once the protocols are known: a random rule draws with the
// group sizes of the first protocol's resolved groups and never repeats the default split.
std::vector<ClassSplit> read_splits(const json& value, const SuiteConfig& suite, const std::string& origin) {
  if (!value.is_array() || value.empty()) {
    throw ConfigError(origin + ": /splits: expected a non-empty array of {\"name\", \"groups\"}, \"default\" or "
                      "{\"random\": N, \"seed\": S}");
  }
  const ExperimentConfig first = load_config(suite.protocols.front().config, suite.overrides);
  // The configs' own groups in their own order: the default split runs exactly what the configs say.
  const ClassSplit default_split{kDefaultSplitName, first.groups};
  std::vector<ClassSplit> splits;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string pointer = origin + ": /splits/" + std::to_string(i);
    const json& entry = value[i];
    if (entry == json(kDefaultSplitName)) {
      splits.push_back(default_split);
    } else if (entry.is_object() && entry.contains("random")) {
      for (const auto& [field, v] : entry.items()) {
        if (field != "random" && field != "seed") {
          throw ConfigError(pointer + "/" + field + ": unknown key (a random rule has random and seed)");
        }
      }
      if (!entry["random"].is_number_unsigned() || entry["random"].get<std::size_t>() == 0) {
        throw ConfigError(pointer + "/random: expected the number of splits to draw (> 0), found " +
                          entry["random"].dump());
      }
      const json seed = entry.value("seed", json(0));
      if (!seed.is_number_unsigned()) throw ConfigError(pointer + "/seed: expected an integer >= 0, found " + seed.dump());
      std::vector<std::pair<std::string, std::size_t>> sizes;
      for (const auto& [group, members] : first.groups) sizes.emplace_back(group, members.size());
      try {
        for (auto& split : random_class_splits(entry["random"].get<std::size_t>(), seed.get<std::uint64_t>(), sizes,
                                               {default_split})) {
          splits.push_back(std::move(split));
        }
      } catch (const ConfigError& e) {
        throw ConfigError(pointer + ": " + e.what());
      }
    } else if (entry.is_object()) {
      ClassSplit split;
      for (const auto& [field, v] : entry.items()) {
        if (field == "name") {
          if (!v.is_string() || v.get<std::string>().empty()) throw ConfigError(pointer + "/name: expected a non-empty string");
          split.name = v.get<std::string>();
        } else if (field == "groups") {
          if (!v.is_object()) throw ConfigError(pointer + "/groups: expected {\"A\": [class, ...], ...}");
          for (const auto& [group, members] : v.items()) {
            if (!members.is_array()) throw ConfigError(pointer + "/groups/" + group + ": expected an array of class names");
            for (const auto& member : members) {
              if (!member.is_string()) throw ConfigError(pointer + "/groups/" + group + ": expected class names");
              split.groups[group].push_back(member.get<std::string>());
            }
          }
        } else {
          throw ConfigError(pointer + "/" + field + ": unknown key (a split has name and groups)");
        }
      }
      if (split.name.empty()) throw ConfigError(pointer + "/name: missing; name the split (it names its directory)");
      if (split.groups.empty()) throw ConfigError(pointer + "/groups: missing; give the classes of each group");
      try {
        split.groups = canonical_groups(split.groups);
      } catch (const ConfigError& e) {
        throw ConfigError(pointer + "/groups: " + e.what());
      }
      splits.push_back(std::move(split));
    } else {
      throw ConfigError(pointer + ": expected {\"name\", \"groups\"}, \"default\" or {\"random\": N, \"seed\": S}");
    }
  }
  std::set<std::string> names;
  for (const auto& split : splits) {
    if (!names.insert(split.name).second) {
      throw ConfigError(origin + ": /splits: two splits are named '" + split.name + "'; give each its own name");
    }
    if (split.name.find('/') != std::string::npos || split.name == "sources" || split.name == "logs") {
      throw ConfigError(origin + ": /splits: '" + split.name + "' cannot name a split directory; choose another name");
    }
  }
  return splits;
}

// "interpolation": {"pairs": [["a", "b"], ...], "seeds": false, "points": 11, "subset": 2000}.
SuiteInterpolation read_interpolation(const json& value, const std::string& origin) {
  const std::string pointer = origin + ": /interpolation";
  if (!value.is_object()) throw ConfigError(pointer + ": expected an object {\"pairs\": [[\"a\", \"b\"]], ...}");
  SuiteInterpolation interpolation;
  for (const auto& [key, v] : value.items()) {
    if (key == "pairs") {
      if (!v.is_array()) throw ConfigError(pointer + "/pairs: expected an array of [\"protocol a\", \"protocol b\"] pairs");
      for (std::size_t i = 0; i < v.size(); ++i) {
        const json& pair = v[i];
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
          throw ConfigError(pointer + "/pairs/" + std::to_string(i) + ": expected two protocol names, found " + pair.dump());
        }
        if (pair[0] == pair[1]) {
          throw ConfigError(pointer + "/pairs/" + std::to_string(i) +
                            ": a protocol paired with itself; use \"seeds\": true to interpolate between its seeds");
        }
        interpolation.pairs.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
      }
    } else if (key == "seeds") {
      if (!v.is_boolean()) throw ConfigError(pointer + "/seeds: expected true or false, found " + v.dump());
      interpolation.seeds = v.get<bool>();
    } else if (key == "points") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 2 || v.get<std::int64_t>() > 1001) {
        throw ConfigError(pointer + "/points: expected an integer in 2..1001 (values of alpha from 0 to 1), found " +
                          v.dump());
      }
      interpolation.points = v.get<int>();
    } else if (key == "subset") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > (1LL << 30)) {
        throw ConfigError(pointer + "/subset: expected an integer >= 1 (training images evaluated), found " + v.dump());
      }
      interpolation.subset = v.get<int>();
    } else {
      throw ConfigError(pointer + "/" + key + ": unknown key (expected pairs, seeds, points, subset)");
    }
  }
  if (interpolation.pairs.empty()) {
    throw ConfigError(pointer + "/pairs: expected at least one pair of protocol names, e.g. [[\"transferred\", \"non_transferred\"]]");
  }
  return interpolation;
}

}  // namespace

SuiteConfig load_suite_config(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path.string() + ": cannot open suite file");
  const json j = parse_config_text(std::string(std::istreambuf_iterator<char>(in), {}), path.string());
  const std::string origin = path.string();
  if (!j.is_object()) throw ConfigError(origin + ": /: expected an object");
  SuiteConfig suite;
  suite.name = path.stem().string();
  json splits;  // read last: a random rule needs the protocols and the overrides
  for (const auto& [key, value] : j.items()) {
    if (key == "name") {
      if (!value.is_string() || value.get<std::string>().empty()) {
        throw ConfigError(origin + ": /name: expected a non-empty string");
      }
      suite.name = value.get<std::string>();
      // The suite's directory under --out: the run names' rule keeps it there.
      if (const std::string problem = unsafe_name_problem(suite.name); !problem.empty()) {
        throw ConfigError(origin + ": /name: " + problem);
      }
    } else if (key == "protocols") {
      if (!value.is_array() || value.empty()) throw ConfigError(origin + ": /protocols: expected a non-empty array");
      for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string pointer = origin + ": /protocols/" + std::to_string(i);
        SuiteProtocol protocol;
        json file = value[i];
        if (value[i].is_object()) {
          for (const auto& [field, v] : value[i].items()) {
            if (field == "config") {
              file = v;
            } else if (field == "name") {
              if (!v.is_string()) throw ConfigError(pointer + "/name: expected a string");
              protocol.name = v.get<std::string>();
            } else if (field == "set") {
              if (!v.is_array()) throw ConfigError(pointer + "/set: expected an array of key.path=value strings");
              for (const auto& assignment : v) {
                if (!assignment.is_string()) throw ConfigError(pointer + "/set: expected key.path=value strings");
                protocol.overrides.push_back(assignment.get<std::string>());
              }
            } else {
              throw ConfigError(pointer + "/" + field + ": unknown key (expected config, name, set)");
            }
          }
        }
        if (!file.is_string()) throw ConfigError(pointer + ": expected a config file name or {\"config\": ...}");
        protocol.config = path.parent_path() / file.get<std::string>();
        if (!std::filesystem::exists(protocol.config)) {
          throw ConfigError(pointer + ": '" + protocol.config.string() + "' does not exist");
        }
        suite.protocols.push_back(protocol);
      }
    } else if (key == "alpha") {
      if (!value.is_number() || value.get<double>() <= 0 || value.get<double>() >= 0.5) {
        throw ConfigError(origin + ": /alpha: expected a number in (0, 0.5), found " + value.dump());
      }
      suite.alpha = value.get<double>();
    } else if (key == "loss_margin") {
      if (!value.is_number() || value.get<double>() <= 0) {
        throw ConfigError(origin + ": /loss_margin: expected a number > 0, found " + value.dump());
      }
      suite.loss_margin = value.get<double>();
    } else if (key == "overrides") {
      if (!value.is_array()) throw ConfigError(origin + ": /overrides: expected an array of key.path=value strings");
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) throw ConfigError(origin + ": /overrides/" + std::to_string(i) + ": expected a string");
        suite.overrides.push_back(value[i].get<std::string>());
      }
    } else if (key == "splits") {
      splits = value;
    } else if (key == "interpolation") {
      suite.interpolation = read_interpolation(value, origin);
    } else if (key != "description") {
      throw ConfigError(origin + ": /" + key +
                        ": unknown key (expected name, description, protocols, alpha, loss_margin, overrides, splits, "
                        "interpolation)");
    }
  }
  if (suite.protocols.empty()) throw ConfigError(origin + ": /protocols: missing");
  if (!splits.is_null()) suite.splits = read_splits(splits, suite, origin);
  return suite;
}

std::vector<std::vector<ExperimentConfig>> expand_suite(const SuiteConfig& suite, const std::vector<std::uint64_t>& seeds,
                                                        const std::vector<std::string>& extra, const ClassSplit* split) {
  std::vector<std::vector<ExperimentConfig>> configs;
  std::map<std::string, std::string> names;  // name -> the config file that took it
  for (const auto& protocol : suite.protocols) {
    std::vector<std::string> overrides = suite.overrides;
    overrides.insert(overrides.end(), extra.begin(), extra.end());
    if (split) overrides.push_back("groups=" + json(split->groups).dump());
    overrides.insert(overrides.end(), protocol.overrides.begin(), protocol.overrides.end());
    if (!protocol.name.empty()) overrides.push_back("name=" + json(protocol.name).dump());
    configs.emplace_back();
    for (const auto seed : seeds) {
      auto with_seed = overrides;
      with_seed.push_back("seed=" + std::to_string(seed));
      configs.back().push_back(load_config(protocol.config, with_seed));
    }
    const std::string& name = configs.back().empty() ? protocol.name : configs.back().front().name;
    const auto [it, inserted] = names.emplace(name, protocol.config.string());
    if (!inserted) {
      throw ConfigError("suite " + suite.name + ": two protocols are named '" + name + "' (" + it->second + " and " +
                        protocol.config.string() + "); give one a \"name\"");
    }
  }
  return configs;
}

std::vector<ClassSplit> select_splits(const std::vector<ClassSplit>& splits, const std::string& text) {
  std::string known;
  for (std::size_t i = 0; i < splits.size(); ++i) known += (i ? ", " : "") + std::to_string(i) + " " + splits[i].name;
  const auto unknown = [&](const std::string& item, const std::string& why) {
    return ConfigError("--splits '" + text + "': " + item + " " + why + "; the suite's splits are " +
                       (known.empty() ? "none (it lists no \"splits\")" : known));
  };
  std::set<std::size_t> chosen;
  std::stringstream items(text);
  for (std::string item; std::getline(items, item, ',');) {
    if (item.empty()) throw unknown("''", "is empty");
    const auto by_name = std::find_if(splits.begin(), splits.end(), [&](const ClassSplit& s) { return s.name == item; });
    if (by_name != splits.end()) {
      chosen.insert(static_cast<std::size_t>(by_name - splits.begin()));
      continue;
    }
    if (item.find_first_not_of("0123456789-") != std::string::npos) throw unknown("'" + item + "'", "names no split");
    std::vector<std::uint64_t> indices;
    try {
      indices = parse_seed_list(item);  // the same index-range syntax as --seeds
    } catch (const ConfigError&) {
      throw unknown("'" + item + "'", "is neither a split name nor an index range");
    }
    for (const auto i : indices) {
      if (i >= splits.size()) throw unknown("index " + std::to_string(i), "is out of range");
      chosen.insert(static_cast<std::size_t>(i));
    }
  }
  if (chosen.empty()) throw unknown("the list", "is empty");
  std::vector<ClassSplit> selected;
  for (const auto i : chosen) selected.push_back(splits[i]);
  return selected;
}

std::vector<InterpolationJob> plan_interpolations(const SuiteInterpolation& interpolation,
                                                  const std::vector<SplitConfigs>& splits, const std::string& origin) {
  std::vector<InterpolationJob> jobs;
  for (const SplitConfigs& split : splits) {
    const auto& configs = split.configs;
    const auto index_of = [&](const std::string& name, std::size_t pair, std::size_t side) {
      for (std::size_t p = 0; p < configs.size(); ++p) {
        if (!configs[p].empty() && configs[p].front().name == name) return p;
      }
      std::string names;
      for (const auto& protocol : configs) names += (names.empty() ? "" : ", ") + protocol.front().name;
      throw ConfigError(origin + ": /interpolation/pairs/" + std::to_string(pair) + "/" + std::to_string(side) +
                        ": no protocol named '" + name + "' (the suite's protocols: " + names + ")");
    };
    std::vector<std::size_t> named;  // each protocol of a pair once, in order of first mention
    for (std::size_t i = 0; i < interpolation.pairs.size(); ++i) {
      const std::size_t a = index_of(interpolation.pairs[i].first, i, 0);
      const std::size_t b = index_of(interpolation.pairs[i].second, i, 1);
      if (configs[a].front().target_classes != configs[b].front().target_classes) {
        throw ConfigError(origin + ": /interpolation/pairs/" + std::to_string(i) + ": '" + configs[a].front().name +
                          "' and '" + configs[b].front().name +
                          "' have different target classes; only networks of the same task can be interpolated");
      }
      for (const std::size_t p : {a, b}) {
        if (std::find(named.begin(), named.end(), p) == named.end()) named.push_back(p);
      }
      for (const ExperimentConfig& config_a : configs[a]) {
        jobs.push_back({split.split, a, b, config_a.name, configs[b].front().name, config_a.seed, config_a.seed});
      }
    }
    if (!interpolation.seeds) continue;
    for (const std::size_t p : named) {
      for (std::size_t s = 0; s + 1 < configs[p].size(); ++s) {
        jobs.push_back({split.split, p, p, configs[p][s].name, configs[p][s].name, configs[p][s].seed,
                        configs[p][s + 1].seed});
      }
    }
  }
  return jobs;
}

std::vector<SuiteUnit> plan_suite(const std::vector<SplitConfigs>& splits) {
  std::vector<SuiteUnit> units;
  std::map<std::string, std::size_t> source_units;
  const std::size_t seeds =
      splits.empty() || splits.front().configs.empty() ? 0 : splits.front().configs.front().size();
  for (std::size_t s = 0; s < seeds; ++s) {
    for (const auto& split : splits) {
      for (const auto& protocol : split.configs) {
        const ExperimentConfig& c = protocol.at(s);
        if (!c.has_source_stage()) continue;
        const std::string key = source_key(c);
        if (source_units.count(key)) continue;
        source_units[key] = units.size();
        units.push_back({units.size(), UnitKind::kSource, c.name, c.seed, split.split, key, std::nullopt});
      }
    }
  }
  for (std::size_t s = 0; s < seeds; ++s) {
    for (const auto& split : splits) {
      for (const auto& protocol : split.configs) {
        const ExperimentConfig& c = protocol.at(s);
        SuiteUnit unit{units.size(), UnitKind::kTarget, c.name, c.seed, split.split, "", std::nullopt};
        if (c.has_source_stage()) {
          unit.source_key = source_key(c);
          unit.source_unit = source_units.at(unit.source_key);
        }
        units.push_back(unit);
      }
    }
  }
  return units;
}

std::vector<SuiteUnit> plan_suite(const std::vector<std::vector<ExperimentConfig>>& configs) {
  return plan_suite(std::vector<SplitConfigs>{{"", configs}});
}

json to_json(const SuiteUnit& unit) {
  json j = {{"unit", unit.index},
            {"kind", unit.kind == UnitKind::kSource ? "source" : "target"},
            {"protocol", unit.protocol},
            {"seed", unit.seed}};
  if (!unit.split.empty()) j["split"] = unit.split;
  j["source_key"] = unit.source_key.empty() ? json(nullptr) : json(unit.source_key);
  j["source_unit"] = unit.source_unit ? json(*unit.source_unit) : json(nullptr);
  return j;
}

}  // namespace tl_boost
