#include "tl_boost/suite_plan.hpp"

#include <cstdio>
#include <fstream>
#include <map>

#include "tl_boost/error.hpp"
#include "tl_boost/experiment_identity.hpp"

namespace tl_boost {

using nlohmann::json;

SuiteConfig load_suite_config(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path.string() + ": cannot open suite file");
  const json j = parse_config_text(std::string(std::istreambuf_iterator<char>(in), {}), path.string());
  const std::string origin = path.string();
  if (!j.is_object()) throw ConfigError(origin + ": /: expected an object");
  SuiteConfig suite;
  suite.name = path.stem().string();
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
    } else if (key != "description") {
      throw ConfigError(origin + ": /" + key +
                        ": unknown key (expected name, description, protocols, alpha, loss_margin, overrides)");
    }
  }
  if (suite.protocols.empty()) throw ConfigError(origin + ": /protocols: missing");
  return suite;
}

std::vector<std::vector<ExperimentConfig>> expand_suite(const SuiteConfig& suite, const std::vector<std::uint64_t>& seeds,
                                                        const std::vector<std::string>& extra) {
  std::vector<std::vector<ExperimentConfig>> configs;
  std::map<std::string, std::string> names;  // name -> the config file that took it
  for (const auto& protocol : suite.protocols) {
    std::vector<std::string> overrides = suite.overrides;
    overrides.insert(overrides.end(), extra.begin(), extra.end());
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

std::vector<SuiteUnit> plan_suite(const std::vector<std::vector<ExperimentConfig>>& configs) {
  std::vector<SuiteUnit> units;
  std::map<std::string, std::size_t> source_units;
  const std::size_t seeds = configs.empty() ? 0 : configs.front().size();
  for (std::size_t s = 0; s < seeds; ++s) {
    for (const auto& protocol : configs) {
      const ExperimentConfig& c = protocol.at(s);
      if (!c.has_source_stage()) continue;
      const std::string key = source_key(c);
      if (source_units.count(key)) continue;
      source_units[key] = units.size();
      units.push_back({units.size(), UnitKind::kSource, c.name, c.seed, key, std::nullopt});
    }
  }
  for (std::size_t s = 0; s < seeds; ++s) {
    for (const auto& protocol : configs) {
      const ExperimentConfig& c = protocol.at(s);
      SuiteUnit unit{units.size(), UnitKind::kTarget, c.name, c.seed, "", std::nullopt};
      if (c.has_source_stage()) {
        unit.source_key = source_key(c);
        unit.source_unit = source_units.at(unit.source_key);
      }
      units.push_back(unit);
    }
  }
  return units;
}

json to_json(const SuiteUnit& unit) {
  json j = {{"unit", unit.index},
            {"kind", unit.kind == UnitKind::kSource ? "source" : "target"},
            {"protocol", unit.protocol},
            {"seed", unit.seed}};
  j["source_key"] = unit.source_key.empty() ? json(nullptr) : json(unit.source_key);
  j["source_unit"] = unit.source_unit ? json(*unit.source_unit) : json(nullptr);
  return j;
}

}  // namespace tl_boost
