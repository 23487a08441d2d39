#include "tl_boost/suite_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tl_boost/config/suite_file.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/experiment_identity.hpp"
#include "tl_boost/seeds.hpp"
#include "tl_boost/stage.hpp"

namespace tl_boost {

using nlohmann::json;

// The suite file's schema is the config room's.
SuiteConfig load_suite_config(const std::filesystem::path& path) { return read_suite_file(path); }

std::vector<std::vector<ExperimentConfig>> expand_suite(const SuiteConfig& suite, const std::vector<std::uint64_t>& seeds,
                                                        const std::vector<std::string>& extra, const ClassSplit* split,
                                                        const DataDirChoice& data) {
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
      configs.back().push_back(load_config(protocol.config, with_seed, data));
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
    const auto index_of = [&](const std::string& name, const std::string& pointer) {
      for (std::size_t p = 0; p < configs.size(); ++p) {
        if (!configs[p].empty() && configs[p].front().name == name) return p;
      }
      std::string names;
      for (const auto& protocol : configs) names += (names.empty() ? "" : ", ") + protocol.front().name;
      throw ConfigError(origin + ": /interpolation/" + pointer + ": no protocol named '" + name +
                        "' (the suite's protocols: " + names + ")");
    };
    for (std::size_t i = 0; i < interpolation.pairs.size(); ++i) {
      const std::string pair = "pairs/" + std::to_string(i);
      const std::size_t a = index_of(interpolation.pairs[i].first, pair + "/0");
      const std::size_t b = index_of(interpolation.pairs[i].second, pair + "/1");
      if (configs[a].front().target_classes != configs[b].front().target_classes) {
        throw ConfigError(origin + ": /interpolation/" + pair + ": '" + configs[a].front().name +
                          "' and '" + configs[b].front().name +
                          "' have different target classes; only networks of the same task can be interpolated");
      }
      for (const ExperimentConfig& config_a : configs[a]) {
        jobs.push_back({split.split, a, b, config_a.name, configs[b].front().name, config_a.seed, config_a.seed});
      }
    }
    for (std::size_t i = 0; i < interpolation.seed_protocols.size(); ++i) {
      const std::size_t p = index_of(interpolation.seed_protocols[i], "seeds/" + std::to_string(i));
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
  // A unit's kind is named as the stage it trains to the end.
  json j = {{"unit", unit.index},
            {"kind", to_string(unit.kind == UnitKind::kSource ? Stage::kSource : Stage::kTarget)},
            {"protocol", unit.protocol},
            {"seed", unit.seed}};
  if (!unit.split.empty()) j["split"] = unit.split;
  j["source_key"] = unit.source_key.empty() ? json(nullptr) : json(unit.source_key);
  j["source_unit"] = unit.source_unit ? json(*unit.source_unit) : json(nullptr);
  return j;
}

}  // namespace tl_boost
