#pragma once
// suite.json: what a suite ran, written by the suite and read by the report. LibTorch-free.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/splits.hpp"

namespace tl_boost {

struct SuiteManifest {
  std::string name;
  std::vector<std::uint64_t> seeds;
  double alpha = 0.05;        // significance level of the report's verdicts
  double loss_margin = 0.02;  // E1: equivalence margin of the final training loss
  std::vector<std::string> protocols;  // protocol names in the suite file's order
  /// The class splits run, in the suite file's order; empty for a suite without "splits" (then
  /// suite.json has no "splits" key, as before splits existed).
  std::vector<ClassSplit> splits;

  bool operator==(const SuiteManifest& other) const;
};

nlohmann::json to_json(const SuiteManifest& manifest);

/// Parses suite.json; IoError naming `origin` and the field when it does not fit.
SuiteManifest manifest_from_json(const nlohmann::json& j, const std::string& origin);

/// Writes `manifest` to `path` atomically / reads it back (IoError with the path).
void write_manifest(const std::filesystem::path& path, const SuiteManifest& manifest);
SuiteManifest read_manifest(const std::filesystem::path& path);

}  // namespace tl_boost
