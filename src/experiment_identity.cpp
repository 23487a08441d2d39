#include "tl_boost/experiment_identity.hpp"

#include <algorithm>
#include <cstdio>

#include "tl_boost/seeds.hpp"

namespace tl_boost {

using nlohmann::json;

// Which fields belong to which identity is declared on the fields themselves (experiment_fields).
json experiment_identity(const ExperimentConfig& config) {
  return identity_json(experiment_fields(), config, /*source_only=*/false);
}

namespace {

// Each differing value of two objects at its pointer, an array or a value as a whole.
void differences_at(const json& a, const json& b, const std::string& pointer, std::vector<std::string>& out) {
  if (a.is_object() && b.is_object()) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : a.items()) keys.push_back(key);
    for (const auto& [key, value] : b.items()) {
      if (!a.contains(key)) keys.push_back(key);
    }
    std::sort(keys.begin(), keys.end());
    for (const auto& key : keys) {
      differences_at(a.value(key, json()), b.value(key, json()), pointer + "/" + key, out);
    }
    return;
  }
  if (a == b) return;
  const auto shown = [](const json& v) { return v.is_null() ? std::string("none") : v.dump(); };
  out.push_back(pointer + ": " + shown(a) + " -> " + shown(b));
}

}  // namespace

std::vector<std::string> identity_differences(const ExperimentConfig& a, const ExperimentConfig& b) {
  std::vector<std::string> differences;
  differences_at(experiment_identity(a), experiment_identity(b), "", differences);
  return differences;
}

json source_identity(const ExperimentConfig& config) {
  json source = identity_json(experiment_fields(), config, /*source_only=*/true);
  source["scheme"] = 2;  // bump when seeds or training change meaning
  return source;
}

std::string source_key(const ExperimentConfig& config) {
  const std::uint64_t h = fnv1a64(source_identity(config).dump());  // the dump is canonical: keys sorted
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace tl_boost
