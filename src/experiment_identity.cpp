#include "tl_boost/experiment_identity.hpp"

#include <cstdio>

#include "tl_boost/seeds.hpp"

namespace tl_boost {

using nlohmann::json;

// Which fields belong to which identity is declared on the fields themselves (experiment_fields).
json experiment_identity(const ExperimentConfig& config) {
  return identity_json(experiment_fields(), config, /*source_only=*/false);
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
