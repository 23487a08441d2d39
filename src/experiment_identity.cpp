#include "tl_boost/experiment_identity.hpp"

#include <cstdio>

#include "tl_boost/seeds.hpp"

namespace tl_boost {

using nlohmann::json;

json experiment_identity(const ExperimentConfig& config) {
  json identity = to_json(config);
  identity.erase("description");  // free text
  identity.erase("device");
  identity.erase("threads");
  identity.erase("probe");
  identity.erase("landscape");  // measured after training, which it does not change
  // Added after runs were recorded: only their non-default values joins the identity, so identities,
  // source keys and resumable runs from before it stay what they were.
  if (config.deterministic) identity.erase("deterministic");
  if (config.transfer_init == TransferInit::kCopy) identity.erase("transfer_init");
  if (!config.compute_matched) identity.erase("compute_matched");
  if (config.train.train_eval_subset == 0) identity["train"].erase("train_eval_subset");
  return identity;
}

json source_identity(const ExperimentConfig& config) {
  const json identity = experiment_identity(config);
  json train = identity["train"];
  train.erase("target_epochs");
  train.erase("eval_batch_size");  // evaluation batches do not change the trained network
  json source = {{"scheme", 2},  // bump when seeds or training change meaning
                 {"source_classes", identity["source_classes"]},
                 {"precision", identity["precision"]},
                 {"memory_format", identity["memory_format"]},
                 {"model", identity["model"]},
                 {"train", train},
                 {"seed", identity["seed"]},
                 {"data",
                  {{"validation_fraction", identity["data"]["validation_fraction"]},
                   {"max_per_class", identity["data"]["max_per_class"]},
                   {"split_seed", config.split_seed()}}}};
  if (identity.contains("deterministic")) source["deterministic"] = identity["deterministic"];
  return source;
}

std::string source_key(const ExperimentConfig& config) {
  const std::uint64_t h = fnv1a64(source_identity(config).dump());  // the dump is canonical: keys sorted
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace tl_boost
