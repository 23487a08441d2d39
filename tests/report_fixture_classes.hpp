#pragma once
// The classes the shipped protocol configs give a run (configs/*.json over base.json's groups),
// so that report fixtures are placed by role from their recorded configs, as real runs are.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/report_reader.hpp"

namespace tl_boost::testing {

inline const std::map<std::string, std::vector<std::string>>& shipped_groups() {
  static const std::map<std::string, std::vector<std::string>> groups = {{"A", {"airplane", "truck", "ship", "deer"}},
                                                                         {"B", {"horse", "automobile", "bird", "cat"}},
                                                                         {"C", {"frog", "dog"}}};
  return groups;
}

/// The transfer setup of the shipped protocol `protocol` (target B); a name the configs do not
/// ship gets the target classes and no source, like scratch.
inline TransferSetup shipped_transfer(const std::string& protocol) {
  const auto& g = shipped_groups();
  const std::map<std::string, std::vector<std::string>> sources = {
      {"transferred", g.at("A")},
      {"non_transferred", g.at("B")},
      {"transferred_diverse", {"frog", "dog", "airplane", "truck"}},
      {"transferred_more_data", {"airplane", "truck", "ship", "deer", "frog", "dog"}}};
  TransferSetup t;
  t.groups = g;
  t.target_classes = g.at("B");
  if (const auto it = sources.find(protocol); it != sources.end()) t.source_classes = it->second;
  return t;
}

/// The same as the config fields a summary.json records.
inline nlohmann::json shipped_config(const std::string& protocol) {
  const TransferSetup t = shipped_transfer(protocol);
  return {{"groups", t.groups}, {"source_classes", t.source_classes}, {"target_classes", t.target_classes}};
}

}  // namespace tl_boost::testing
