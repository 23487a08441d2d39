#include "tl_boost/config/experiment_config.hpp"

#include <algorithm>

#include "tl_boost/config/overlays.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/model_options.hpp"
#include "tl_boost/seeds.hpp"
#include "tl_boost/splits.hpp"

namespace tl_boost {

using nlohmann::json;

// The settings' names, typed where they are read (found by the schema's read_value calls).
static void read_value(const json& v, const JsonWhere& at, DeviceKind& out) { out = read_setting(v, at, parse_device_kind); }
static void read_value(const json& v, const JsonWhere& at, Precision& out) { out = read_setting(v, at, parse_precision); }
static void read_value(const json& v, const JsonWhere& at, MemoryFormat& out) {
  out = read_setting(v, at, parse_memory_format);
}
static void read_value(const json& v, const JsonWhere& at, ScheduleKind& out) {
  out = read_setting(v, at, parse_schedule_kind);
}
static void read_value(const json& v, const JsonWhere& at, TransferInit& out) {
  out = read_setting(v, at, parse_transfer_init);
}
static void read_value(const json& v, const JsonWhere& at, SourceLabels& out) {
  // "true" names a setting here, so JSON's true is more likely a slip than a type confusion.
  if (v.is_boolean()) at.fail("expected \"true\" or \"shuffled\" (a string), found " + v.dump() + " without quotes");
  out = read_setting(v, at, parse_source_labels);
}
static void read_value(const json& v, const JsonWhere& at, Conv1Init& out) {
  out = read_setting(v, at, parse_conv1_init);
}

namespace {

#define FIELD(member) TL_BOOST_FIELD(ExperimentConfig, member)

bool positive(double v) { return v > 0.0; }
bool at_least_one(int v) { return v >= 1; }
bool in_open_unit_interval(double v) { return v > 0.0 && v < 1.0; }

std::vector<Field<ExperimentConfig>> make_experiment_fields() {
  constexpr Identity kNone = Identity::kNone, kUnlessDefault = Identity::kPartUnlessDefault;
  return {
      FIELD(name).check(unsafe_name_problem),
      FIELD(description).identity(kNone),
      FIELD(groups),
      FIELD(source_classes).source(),
      FIELD(target_classes),
      FIELD(transfer_layers)
          .must("must be 1.." + std::to_string(kNumLayers) + " (conv1, conv2, fc)",
                [](int v) { return v >= 1 && v <= kNumLayers; }),
      FIELD(freeze_transferred),
      // Only what the target stage makes of the source network: the controls share the source cache.
      FIELD(transfer_init).identity(kUnlessDefault),
      FIELD(transfer_shrink).identity(kUnlessDefault).must("must lie in [0, 1]", [](double v) { return v >= 0.0 && v <= 1.0; }),
      FIELD(transfer_perturb).identity(kUnlessDefault).must("must be >= 0", [](double v) { return v >= 0.0; }),
      FIELD(compute_matched).identity(kUnlessDefault),
      FIELD(source_labels).identity(kUnlessDefault).source(),
      FIELD(conv1_init).identity(kUnlessDefault),
      FIELD(seed).source(),
      // Not source(): a twin shares its protocol's cached source network.
      FIELD(target_seed_offset).identity(kUnlessDefault).must(
          "must be >= 0 (0: the target stage seeded by the run's seed; another value: a twin's target stage)",
          [](int v) { return v >= 0; }),
      FIELD(device).identity(kNone),
      FIELD(threads).identity(kNone).must(
          "must lie in [0, " + std::to_string(kMaxThreads) + "] (0 = every core; also --threads)",
          [](int v) { return v >= 0 && v <= kMaxThreads; }),
      FIELD(deterministic).identity(kUnlessDefault).source(),
      FIELD(precision).source(),
      FIELD(memory_format).source(),

      FIELD(data.dir),  // where the data lies changes no network, but a run names it
      FIELD(data.validation_fraction).source().must("must lie in (0, 1)", in_open_unit_interval),
      FIELD(data.max_per_class).source().must("must be 0 (all records) or >= 2", [](int v) { return v == 0 || v >= 2; }),
      // The target stage's alone: a titrated target shares its source network with the full one.
      FIELD(data.target_max_per_class).identity(kUnlessDefault).must(
          "must be 0 (as data.max_per_class) or >= 2", [](int v) { return v == 0 || v >= 2; }),
      FIELD(data.max_test_per_class).identity(kUnlessDefault).source().must(
          "must be 0 (every test record) or a record count", [](int v) { return v >= 0; }),
      FIELD(data.split_seed).source_value([](const ExperimentConfig& c) { return c.split_seed(); }),

      FIELD(model.conv1_channels).source().must("must be >= 1", at_least_one),
      FIELD(model.conv2_channels).source().must("must be >= 1", at_least_one),
      FIELD(model.kernel_size).source().must("must be odd and in 1..15", [](int v) { return v >= 1 && v % 2 == 1 && v <= 15; }),

      FIELD(train.lr).source().must("must be > 0", positive),
      FIELD(train.momentum).source().must("must lie in [0, 1)", [](double v) { return v >= 0.0 && v < 1.0; }),
      FIELD(train.weight_decay).source().must("must be >= 0", [](double v) { return v >= 0.0; }),
      FIELD(train.nesterov).source(),
      FIELD(train.batch_size).source().must("must be >= 1", at_least_one),
      FIELD(train.eval_batch_size).must("must be >= 1", at_least_one),  // evaluation changes no network
      FIELD(train.source_epochs).source().must("must be >= 1", at_least_one),
      FIELD(train.target_epochs).must("must be >= 1", at_least_one),
      FIELD(train.train_eval_subset).identity(kUnlessDefault).source().must(
          "must be 0 (every training record) or a record count", [](int v) { return v >= 0; }),
      FIELD(train.schedule).source(),
      FIELD(train.step_size).source().must("must be >= 1", at_least_one),
      FIELD(train.gamma).source().must("must lie in (0, 1]", [](double v) { return v > 0.0 && v <= 1.0; }),
      FIELD(train.min_lr).source().must("must lie in [0, lr)", [](double v, const ExperimentConfig& c) {
        return v >= 0.0 && v < c.train.lr;
      }),

      // Measured after training, which they do not change.
      FIELD(probe.classes).identity(kNone),
      FIELD(probe.epochs).identity(kNone).must("must be >= 1", at_least_one),
      FIELD(probe.lr).identity(kNone).must("must be > 0", positive),
      FIELD(probe.standardize).identity(kNone),
      FIELD(probe.references).identity(kNone),
      FIELD(probe.conv1_only).identity(kNone),

      FIELD(landscape.distance).identity(kNone),
      FIELD(landscape.sharpness).identity(kNone),
      FIELD(landscape.sharpness_subset).identity(kNone).must(
          "must be >= 1 (training images; more than the split has means all of them)", at_least_one),
      FIELD(landscape.sharpness_iterations).identity(kNone).must(
          "must be >= 2 (convergence compares successive estimates)", [](int v) { return v >= 2; }),
      FIELD(landscape.sharpness_tolerance).identity(kNone).must("must lie in (0, 1), e.g. 0.001", in_open_unit_interval),
  };
}

#undef FIELD

void require(bool ok, const std::string& origin, const std::string& pointer, const std::string& problem) {
  if (!ok) JsonWhere{origin, pointer}.fail(problem);
}

}  // namespace

void check_class_groups(const std::map<std::string, std::vector<std::string>>& groups, const JsonWhere& at) {
  std::map<std::string, std::string> owner;
  for (const auto& [group, members] : groups) {
    const JsonWhere group_at = at.child(group);
    if (group.empty()) group_at.fail("group names must not be empty");
    if (std::find(kCifar10ClassNames.begin(), kCifar10ClassNames.end(), group) != kCifar10ClassNames.end()) {
      group_at.fail("a group must not be named like a class");
    }
    if (members.empty()) group_at.fail("group is empty");
    for (std::size_t i = 0; i < members.size(); ++i) {
      try {
        cifar10_label(members[i]);
      } catch (const ConfigError& e) {
        group_at.child(i).fail(e.what());
      }
      const auto [it, inserted] = owner.emplace(members[i], group);
      if (!inserted) {
        group_at.child(i).fail("class '" + members[i] + "' is already in group '" + it->second +
                               "'; groups must be disjoint");
      }
    }
  }
}

namespace {

// The class lists as read name groups and slices; from here on they hold class names.
void expand_classes(ExperimentConfig& c, const std::string& origin) {
  const std::pair<std::vector<std::string>*, const char*> lists[] = {
      {&c.source_classes, "/source_classes"}, {&c.target_classes, "/target_classes"}, {&c.probe.classes, "/probe/classes"}};
  for (const auto& [classes, pointer] : lists) {
    try {
      *classes = expand_class_refs(*classes, c.groups);
    } catch (const ConfigError& e) {
      JsonWhere{origin, pointer}.fail(e.what());
    }
  }
}

// What the settings mean together: the stages need classes, the controls a source stage.
void check_stages(const ExperimentConfig& c, const std::string& origin) {
  require(!c.train.nesterov || c.train.momentum > 0.0, origin, "/train/nesterov", "needs momentum > 0");
  require(c.probe.classes.empty() || c.probe.classes.size() >= 2, origin, "/probe/classes",
          "needs at least 2 classes (or none, for no probe), found " + std::to_string(c.probe.classes.size()));
  require(c.target_classes.size() >= 2, origin, "/target_classes",
          "needs at least 2 classes, found " + std::to_string(c.target_classes.size()));
  require(c.source_classes.empty() || c.source_classes.size() >= 2, origin, "/source_classes",
          "needs at least 2 classes (or none, for no source stage), found " +
              std::to_string(c.source_classes.size()));
  require(!c.compute_matched || c.source_classes.empty(), origin, "/compute_matched",
          "only applies without a source stage (it adds train.source_epochs to the target stage); "
          "remove it or empty source_classes");
  require(c.transfer_init == TransferInit::kCopy || !c.source_classes.empty(), origin, "/transfer_init",
          "'" + to_string(c.transfer_init) + "' transforms transferred layers, but there is no source stage; "
          "set source_classes or use \"copy\"");
  const ExperimentConfig defaults;
  require(c.transfer_init == TransferInit::kShrinkPerturb ||
              (c.transfer_shrink == defaults.transfer_shrink && c.transfer_perturb == defaults.transfer_perturb),
          origin, "/transfer_init", "transfer_shrink and transfer_perturb apply only to \"shrink_perturb\"");
  require(c.transfer_layers < kNumLayers || c.source_classes.empty() || c.source_classes.size() == c.target_classes.size(),
          origin, "/transfer_layers",
          std::to_string(kNumLayers) + " transfers the classifier too, which needs as many source classes as target "
          "classes (found " + std::to_string(c.source_classes.size()) + " and " + std::to_string(c.target_classes.size()) +
          "); use 1 or 2");
}

// What the settings of the mechanism protocols need: a source stage to shuffle the labels of, none
// to transfer over a data-derived conv1, and no more filters than a patch has dimensions.
void check_mechanisms(const ExperimentConfig& c, const std::string& origin) {
  require(c.source_labels == SourceLabels::kTrue || !c.source_classes.empty(), origin, "/source_labels",
          "'shuffled' shuffles the source stage's labels, but there is no source stage; set source_classes or use "
          "\"true\"");
  if (c.conv1_init == Conv1Init::kDefault) return;
  require(c.source_classes.empty(), origin, "/conv1_init",
          "'" + to_string(c.conv1_init) + "' initialises conv1 of a network without a source stage, but this one "
          "transfers conv1 from its source; empty source_classes or use \"default\"");
  const int dimensions = kImageChannels * c.model.kernel_size * c.model.kernel_size;
  require(c.model.conv1_channels <= dimensions, origin, "/conv1_init",
          "'pca_patches' gives at most " + std::to_string(dimensions) + " filters (a " +
              std::to_string(c.model.kernel_size) + "x" + std::to_string(c.model.kernel_size) +
              "x3 patch's dimensions), but model.conv1_channels is " + std::to_string(c.model.conv1_channels) +
              "; use fewer channels or a larger kernel");
}

}  // namespace

int DataConfig::max_per_class_of(Stage stage) const {
  if (stage != Stage::kTarget || target_max_per_class <= 0) return max_per_class;
  return max_per_class > 0 ? std::min(max_per_class, target_max_per_class) : target_max_per_class;
}

const std::vector<Field<ExperimentConfig>>& experiment_fields() {
  static const std::vector<Field<ExperimentConfig>> kFields = make_experiment_fields();
  return kFields;
}

TransferInit parse_transfer_init(const std::string& name) {
  if (name == "copy") return TransferInit::kCopy;
  if (name == "matched_statistics") return TransferInit::kMatchedStatistics;
  if (name == "permuted_taps") return TransferInit::kPermutedTaps;
  if (name == "shrink_perturb") return TransferInit::kShrinkPerturb;
  throw ConfigError("unknown transfer_init '" + name +
                    "' (expected copy, matched_statistics, permuted_taps or shrink_perturb)");
}

std::string to_string(TransferInit init) {
  switch (init) {
    case TransferInit::kCopy: return "copy";
    case TransferInit::kMatchedStatistics: return "matched_statistics";
    case TransferInit::kPermutedTaps: return "permuted_taps";
    case TransferInit::kShrinkPerturb: return "shrink_perturb";
  }
  return "copy";
}

SourceLabels parse_source_labels(const std::string& name) {
  if (name == "true") return SourceLabels::kTrue;
  if (name == "shuffled") return SourceLabels::kShuffled;
  throw ConfigError("unknown source_labels '" + name + "' (expected true or shuffled, as a string)");
}

std::string to_string(SourceLabels labels) { return labels == SourceLabels::kShuffled ? "shuffled" : "true"; }

Conv1Init parse_conv1_init(const std::string& name) {
  if (name == "default") return Conv1Init::kDefault;
  if (name == "pca_patches") return Conv1Init::kPcaPatches;
  throw ConfigError("unknown conv1_init '" + name + "' (expected default or pca_patches)");
}

std::string to_string(Conv1Init init) { return init == Conv1Init::kPcaPatches ? "pca_patches" : "default"; }

std::string unsafe_name_problem(const std::string& name) {
  const bool safe = !name.empty() && name != "." && name != ".." &&
                    std::all_of(name.begin(), name.end(), [](unsigned char c) {
                      return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '+';
                    });
  return safe ? "" : "'" + name + "' must be a non-empty file name of letters, digits, '.', '_', '-' or '+'";
}

ExperimentConfig parse_config(const json& merged, const std::string& origin, const std::string& default_name) {
  ExperimentConfig c;
  c.name = default_name;
  read_fields(experiment_fields(), merged, JsonWhere{origin, ""}, c);
  check_fields(experiment_fields(), c, origin);
  check_class_groups(c.groups, JsonWhere{origin, "/groups"});
  expand_classes(c, origin);
  check_stages(c, origin);
  check_mechanisms(c, origin);
  return c;
}

ExperimentConfig read_recorded_config(const json& recorded, const JsonWhere& where, const ExperimentConfig& base) {
  ExperimentConfig c = base;
  read_fields(experiment_fields(), recorded, where, c);
  return c;
}

// Its own stream, not seed + offset: a twin's target stage never repeats another seed's.
std::uint64_t ExperimentConfig::target_seed() const {
  if (target_seed_offset == 0) return seed;
  return derive_seed(seed, "target_seed_offset", static_cast<std::uint64_t>(target_seed_offset));
}

ExperimentConfig load_config(const std::filesystem::path& path, const std::vector<std::string>& overrides,
                             const DataDirChoice& data) {
  json merged = load_config_json(path);
  const bool dir_in_file = merged.contains(json::json_pointer("/data/dir"));
  for (const auto& assignment : overrides) apply_override(merged, assignment, path.string());
  try {
    ExperimentConfig c = parse_config(merged, path.string(), path.stem().string());
    const std::string* set_by = override_at(overrides, "/data/dir");
    c.data.location = locate_data(c.data.dir, path, dir_in_file,
                                  set_by ? std::optional<std::string>(set_origin(*set_by)) : std::nullopt, data);
    return c;
  } catch (const JsonPathError& e) {
    // A bad value from the command line is the --set's fault, not the file's; the file is still
    // named, since a suite applies one --set to every protocol's config.
    const std::string* assignment = override_at(overrides, e.pointer());
    if (assignment == nullptr) throw;
    throw ConfigError(set_origin(*assignment) + ": " + e.what());
  }
}

json to_json(const ExperimentConfig& config) { return fields_to_json(experiment_fields(), config); }

}  // namespace tl_boost
