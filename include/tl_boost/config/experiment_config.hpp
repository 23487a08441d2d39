#pragma once
// A run's configuration as typed data: the settings, their defaults (the member initialisers) and
// the schema that reads, checks and writes them (schema.hpp). Every error names the file, the
// JSON pointer and the problem. LibTorch-free.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/compute_settings.hpp"
#include "tl_boost/config/data_location.hpp"
#include "tl_boost/config/schema.hpp"
#include "tl_boost/schedule.hpp"
#include "tl_boost/stage.hpp"

namespace tl_boost {

/// The most threads a config may ask for, on any machine: far above any node's cores, far below
/// what exhausts process ids. A run uses at most 4 per core of its machine (runtime.hpp).
constexpr int kMaxThreads = 1024;

struct DataConfig {
  std::string dir = "data/cifar-10-batches-bin";  // relative: from the config's checkout (data_location.hpp)
  double validation_fraction = 0.1;               // held out from each class's training records
  int max_per_class = 0;                          // 0: every training record of a class
  int target_max_per_class = 0;                   // > 0: the target stage takes at most this many as well (titration)
  int max_test_per_class = 0;                     // 0: every test record of a class (1,000)
  std::optional<std::uint64_t> split_seed;        // unset: the run's seed
  /// Where the data is read and why (load_config: --data-dir, TL_BOOST_DATA, `dir` resolved); no
  /// part of the file, so config.json and the identity keep `dir` as written.
  std::optional<DataLocation> location;

  /// The training records per class `stage` takes before the hold-out (0: all): max_per_class, and
  /// for the target stage the smaller of it and target_max_per_class. The source stage keeps its
  /// data, so a titrated target starts from the same (cached) source network.
  int max_per_class_of(Stage stage) const;

  DataLocation where() const { return location ? *location : unresolved_location(dir); }
  std::filesystem::path path() const { return where().path; }
};

struct ModelConfig {
  int conv1_channels = 32;
  int conv2_channels = 64;
  int kernel_size = 5;
};

struct TrainConfig {
  double lr = 0.01;
  double momentum = 0.9;
  double weight_decay = 5e-4;
  bool nesterov = false;
  int batch_size = 64;
  int eval_batch_size = 1000;
  int source_epochs = 10;
  int target_epochs = 10;
  int train_eval_subset = 0;  // per-epoch train_loss/train_acc on a fixed seeded subset of this many records; 0: all
  ScheduleKind schedule = ScheduleKind::kConstant;
  int step_size = 10;
  double gamma = 0.1;
  double min_lr = 0.0;

  LrSchedule lr_schedule() const { return {schedule, lr, step_size, gamma, min_lr}; }
};

/// The base-task probe (probe.hpp): after the target stage, a linear classifier on the final
/// network's frozen conv features, trained and tested on these classes.
struct ProbeConfig {
  std::vector<std::string> classes;  // expanded class names; empty: no probe
  int epochs = 10;
  double lr = 0.01;
  bool standardize = true;  // features standardised with the probe training split's mean and std
  bool references = true;   // also probe the source network before fine-tuning and a random network
  bool conv1_only = true;   // at transfer_layers 1, also probe conv1's features alone
};

/// How the transferred layers enter the target network (Raghu et al. 2019 controls).
enum class TransferInit {
  kCopy,                // the source weights, bit for bit
  kMatchedStatistics,   // per filter: seeded normal values with the filter's exact mean and std
  kPermutedTaps,        // per filter: its k×k taps in a seeded order, the same for every input channel
  kShrinkPerturb,       // every parameter: shrink × source + perturb × the target's own fresh initialisation
};
// "copy" | "matched_statistics" | "permuted_taps" | "shrink_perturb"
TransferInit parse_transfer_init(const std::string& name);
std::string to_string(TransferInit init);

/// The labels the source stage trains on (Maennel et al. 2020's random-label pre-training).
enum class SourceLabels {
  kTrue,      // each record's own class
  kShuffled,  // the training records' labels in a seeded order (fixed by the run's seed): the same
              // label counts, no relation between an image and its label; validation and test keep theirs
};
// "true" | "shuffled"
SourceLabels parse_source_labels(const std::string& name);
std::string to_string(SourceLabels labels);

/// How the target network's conv1 starts when nothing is transferred into it.
enum class Conv1Init {
  kDefault,     // LibTorch's initialisation, from the stage's init seed
  kPcaPatches,  // the principal components of seeded random patches of the target training split
                // (patch_pca.hpp), each scaled to the norm of the default filter it replaces
};
// "default" | "pca_patches"
Conv1Init parse_conv1_init(const std::string& name);
std::string to_string(Conv1Init init);

/// Landscape measures of the final target network (landscape.hpp), recorded in summary.json's
/// "landscape". They change no training, so they are no part of the experiment's identity.
struct LandscapeConfig {
  bool distance = false;   // per-layer distance travelled during the target stage
  bool sharpness = false;  // top eigenvalue of the training-loss Hessian
  int sharpness_subset = 2048;      // training images of the target stage, a seeded subset
  int sharpness_iterations = 30;    // power iterations at most
  double sharpness_tolerance = 1e-3;  // converged when an estimate changes by at most this fraction

  bool any() const { return distance || sharpness; }
};

struct ExperimentConfig {
  std::string name;         // names the output directory; default: the config file's stem
  std::string description;  // free text, copied into the summary
  std::map<std::string, std::vector<std::string>> groups;  // named, disjoint class groups
  std::vector<std::string> source_classes;  // expanded class names; empty: no source stage (scratch)
  std::vector<std::string> target_classes;  // expanded class names
  int transfer_layers = 1;                   // first n layers copied from the source network
  bool freeze_transferred = false;           // copied layers get no updates and no weight decay
  TransferInit transfer_init = TransferInit::kCopy;
  // shrink_perturb's factors (Ash & Adams 2020), fixed before its runs: halfway into their useful
  // shrink range, with a tenth of a fresh initialisation as the perturbation.
  double transfer_shrink = 0.4;
  double transfer_perturb = 0.1;
  bool compute_matched = false;              // no source stage: the target stage trains source + target epochs
  SourceLabels source_labels = SourceLabels::kTrue;  // shuffled: the source stage learns no class
  Conv1Init conv1_init = Conv1Init::kDefault;        // no source stage only
  DataConfig data;
  ModelConfig model;
  TrainConfig train;
  ProbeConfig probe;
  LandscapeConfig landscape;
  std::uint64_t seed = 0;
  // Seeds the target stage from another stream than `seed` (its fresh layers' initialisation and
  // its batch order) while the source network and the data split stay the seed's: a twin of a
  // protocol fine-tunes the same source network again (Neyshabur et al. 2020). 0: the seed's.
  int target_seed_offset = 0;
  DeviceKind device = DeviceKind::kCpu;  // "cpu" | "cuda" | "auto"
  int threads = 0;                       // 0: every core; at most kMaxThreads
  bool deterministic = true;             // CUDA: deterministic kernels only (runtime.hpp); no effect on the CPU
  Precision precision = Precision::kFp32;  // "fp32" | "bf16" (autocast of convolutions and the classifier)
  MemoryFormat memory_format = MemoryFormat::kChannelsLast;  // "channels_last" | "contiguous": images and conv weights

  bool has_source_stage() const { return !source_classes.empty(); }
  std::uint64_t split_seed() const { return data.split_seed.value_or(seed); }
  /// The seed the target stage's initialisation and batch order derive from.
  std::uint64_t target_seed() const;
};

/// Every field of a config, once: its pointer, check and identity (experiment_identity.hpp).
const std::vector<Field<ExperimentConfig>>& experiment_fields();

/// Reads `path`, resolves "extends" chains, applies `key.path=value` overrides in order, and
/// validates. Throws ConfigError (or IoError for unreadable files); an error in a value that an
/// override set starts with "--set '<assignment>': ". data.location says where the data is read:
/// `data` (--data-dir, TL_BOOST_DATA) or data.dir resolved (locate_data).
ExperimentConfig load_config(const std::filesystem::path& path, const std::vector<std::string>& overrides = {},
                             const DataDirChoice& data = {});

/// Class groups as a config or a suite's split gives them (`at`: their object): non-empty names
/// that are not class names, each group non-empty, known classes, no class in two groups. Throws
/// the error at the pointer of the offending group or member.
void check_class_groups(const std::map<std::string, std::vector<std::string>>& groups, const JsonWhere& at);

/// Validates merged JSON into a config. `origin` names the source in messages; `default_name`
/// is used when the JSON has no "name".
ExperimentConfig parse_config(const nlohmann::json& merged, const std::string& origin,
                              const std::string& default_name);

/// The config a run recorded (a summary's "config", written by to_json by this or an older
/// tl-boost): the fields it has, typed (IoError naming the file and the pointer otherwise); the
/// fields it lacks keep `base`'s values. Neither checked nor expanded: it was when it ran.
/// `where` names the file and the pointer of its config, with JsonSource::kRecord.
ExperimentConfig read_recorded_config(const nlohmann::json& recorded, const JsonWhere& where,
                                      const ExperimentConfig& base = {});

/// A run's or a suite's name becomes a directory under --out, so it must be one plain file name:
/// why `name` is not (it could write outside --out), or "" when it is.
std::string unsafe_name_problem(const std::string& name);

/// The fully resolved config (every key, classes expanded); parse_config(to_json(c)) == c.
nlohmann::json to_json(const ExperimentConfig& config);

}  // namespace tl_boost
