#pragma once
// Which settings make an experiment what it is, written once. A resumed run must agree with the
// interrupted one on its identity; a suite trains a source network once per source identity.
// LibTorch-free.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/config/experiment_config.hpp"

namespace tl_boost {

/// The resolved config less what changes neither the networks nor their training (the fields the
/// schema marks Identity::kNone: its free-text description, where and how fast it runs, what is
/// measured after training). Keys added after runs were recorded (Identity::kPartUnlessDefault)
/// belong to it only away from their defaults: `deterministic` when false, `transfer_init` unless
/// "copy", `compute_matched` when true, `train.train_eval_subset` when non-zero.
nlohmann::json experiment_identity(const ExperimentConfig& config);

/// Where two configs' identities differ: "/train/lr: 0.01 -> 0.05" (a's value, then b's; "none"
/// where one lacks the key), one per differing JSON pointer, in pointer order. Empty: the same experiment.
std::vector<std::string> identity_differences(const ExperimentConfig& a, const ExperimentConfig& b);

/// The part of the identity that determines the source network (the fields marked `source()`,
/// `data.split_seed` resolved, and a scheme number): its classes, the model, the
/// source stage's hyperparameters, the seed and the data subset and split (not the target stage,
/// the evaluation batch size or where the data lies). `transfer_init` only changes what the target
/// stage makes of the source network, so it is not part of it: the controls share the source cache.
nlohmann::json source_identity(const ExperimentConfig& config);

/// 16 hex digits naming source_identity(config). Two configs with the same key train
/// bit-identical source networks (on the same device and threads).
std::string source_key(const ExperimentConfig& config);

}  // namespace tl_boost
