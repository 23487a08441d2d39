#pragma once
// How a config's JSON is put together before it is read: a file, the "extends" chain of parents
// under it, and `--set key.path=value` overrides on top, with the --set blamed for a bad value it
// put there. LibTorch-free.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tl_boost {

/// The merged JSON of `path` and its "extends" parents, before overrides and validation.
nlohmann::json load_config_json(const std::filesystem::path& path);

/// Applies one `key.path=value` override; the value is JSON if it parses as JSON, else a string.
void apply_override(nlohmann::json& root, const std::string& assignment, const std::string& origin);

/// Merges `patch` into `base`: objects merge key by key, everything else is replaced.
void merge_into(nlohmann::json& base, const nlohmann::json& patch);

/// The last of `overrides` that set the value at JSON `pointer` or an object holding it, if any.
const std::string* override_at(const std::vector<std::string>& overrides, const std::string& pointer);

/// How an override names itself in errors: "--set '<assignment>'", as a shell would take it back.
std::string set_origin(const std::string& assignment);

}  // namespace tl_boost
