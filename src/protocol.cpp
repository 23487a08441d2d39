#include "tl_boost/protocol.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "tl_boost/error.hpp"
#include "tl_boost/landscape.hpp"
#include "tl_boost/model_options.hpp"
#include "tl_boost/patch_pca.hpp"
#include "tl_boost/probe.hpp"
#include "tl_boost/seeds.hpp"
#include "tl_boost/stage_data.hpp"
#include "tl_boost/trainer.hpp"
#include "tl_boost/transfer.hpp"

namespace tl_boost {

ConvNet make_network(const ExperimentConfig& config, const StagePlan& stage, torch::Device device) {
  torch::manual_seed(stage.init_seed);
  ConvNet net(model_options(config, static_cast<std::int64_t>(stage.classes.size())));
  net->to(device);
  return net;
}

StageDataOptions stage_data_options(const ExperimentConfig& config, Stage stage) {
  return {config.data.validation_fraction, config.data.max_per_class_of(stage), config.split_seed(),
          config.memory_format == MemoryFormat::kChannelsLast, config.data.max_test_per_class};
}

StageDataOptions probe_data_options(const ExperimentConfig& config) {
  StageDataOptions options = stage_data_options(config, Stage::kSource);
  options.max_per_class = config.data.max_per_class;
  return options;
}

StageData stage_data_of(const ExperimentConfig& config, const StagePlan& stage, const Cifar10& data,
                        torch::Device device) {
  StageData stage_data = make_stage_data(data, stage.classes, stage_data_options(config, stage.stage), device);
  if (stage.stage == Stage::kSource && config.source_labels == SourceLabels::kShuffled) {
    stage_data.train.labels = shuffled_labels(stage_data.train.labels, derive_seed(config.seed, "source_labels"));
  }
  return stage_data;
}

namespace {

// conv1 as the principal components of the training split's patches. Unit-norm components would
// start conv1 about 1.7 times larger than LibTorch's initialisation (each weight U(±1/√fan_in): a
// filter's norm near √(1/3)), so each takes the norm of the default filter it replaces: against
// scratch, only the filters' directions differ, not their scale.
void set_conv1_to_patch_filters(ConvNet& net, const LabelledImages& train, std::uint64_t seed) {
  torch::NoGradGuard no_grad;
  torch::Tensor& weight = net->conv1->weight;
  const torch::Tensor filters = pca_patch_filters(train.images, static_cast<int>(weight.size(2)), weight.size(0), seed);
  weight.copy_(scaled_to_norms(filters, weight.detach().to(torch::kCPU, torch::kFloat64)));  // keeps its layout
}

}  // namespace

ConvNet stage_start_network(const ExperimentConfig& config, const StagePlan& stage, ConvNet* previous,
                            torch::Device device, const LabelledImages* train) {
  ConvNet net = make_network(config, stage, device);
  if (stage.transferred_layers > 0) {
    if (previous == nullptr) {
      throw std::logic_error("the " + to_string(stage.stage) + " stage transfers layers from no network");
    }
    copy_layers(*previous, net, stage.transferred_layers,
                {config.transfer_init, derive_seed(config.seed, "transfer_init"), config.transfer_shrink,
                 config.transfer_perturb});
    if (stage.freeze_transferred) freeze_layers(net, stage.transferred_layers);
  }
  // The config's checks leave conv1_init only to a run without a source stage: its one stage.
  if (config.conv1_init == Conv1Init::kPcaPatches && stage.stage == Stage::kTarget) {
    if (train == nullptr) throw std::logic_error("conv1_init pca_patches needs the target stage's training split");
    set_conv1_to_patch_filters(net, *train, derive_seed(config.seed, "conv1_init"));
  }
  return net;
}

ConvNet final_stage_start_network(const ExperimentConfig& config, const Cifar10& data, torch::Device device,
                                  const std::function<void(const StagePlan&, ConvNet&)>& load_stage_weights) {
  const std::vector<StagePlan> plans = plan_stages(config);
  std::optional<ConvNet> previous;
  if (plans.size() > 1 && plans.back().transferred_layers > 0) {
    previous = make_network(config, plans[plans.size() - 2], device);
    load_stage_weights(plans[plans.size() - 2], *previous);
  }
  std::optional<StageData> stage_data;
  if (config.conv1_init != Conv1Init::kDefault) stage_data = stage_data_of(config, plans.back(), data, device);
  return stage_start_network(config, plans.back(), previous ? &*previous : nullptr, device,
                             stage_data ? &stage_data->train : nullptr);
}

LandscapeResult measure_landscape(const ExperimentConfig& config, const LandscapeConfig& which, const Cifar10& data,
                                  const LayerSnapshot* start, ConvNet& final_net, torch::Device device) {
  const auto begin = std::chrono::steady_clock::now();
  LandscapeResult result;
  if (which.distance) {
    if (start == nullptr) throw std::logic_error("the distance travelled needs the target stage's starting network");
    result.distance = layer_distances(*start, final_net);
  }
  if (which.sharpness) {
    const StageData stage_data = stage_data_of(config, plan_stages(config).back(), data, device);
    const std::uint64_t seed = derive_seed(config.seed, "sharpness");
    const LabelledImages subset = seeded_subset(stage_data.train, which.sharpness_subset, seed);
    PowerIterationSettings settings;
    settings.max_iterations = which.sharpness_iterations;
    settings.tolerance = which.sharpness_tolerance;
    settings.seed = seed;
    result.sharpness = network_sharpness(final_net, subset, config.train.eval_batch_size, settings);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return result;
}

void RunObserver::restore_training_state(ConvNet&, torch::optim::Optimizer&) {
  throw std::logic_error("this run observer keeps no training state to resume from");
}

void RunObserver::load_stage_weights(const StagePlan& stage, ConvNet&) {
  throw std::logic_error("this run observer keeps no weights of the " + to_string(stage.stage) + " stage");
}

namespace {

using Clock = std::chrono::steady_clock;

TrainSettings train_settings(const ExperimentConfig& config, const StagePlan& stage) {
  TrainSettings settings;
  settings.schedule = config.train.lr_schedule();
  settings.momentum = config.train.momentum;
  settings.weight_decay = config.train.weight_decay;
  settings.nesterov = config.train.nesterov;
  settings.batch_size = config.train.batch_size;
  settings.eval_batch_size = config.train.eval_batch_size;
  settings.epochs = stage.epochs;
  settings.shuffle_seed = stage.shuffle_seed;
  settings.precision = config.precision;
  settings.train_eval_subset = config.train.train_eval_subset;
  settings.train_eval_seed = derive_seed(config.seed, "train_eval/" + to_string(stage.stage));
  return settings;
}

// The networks one run carries from stage to stage and into the late measures.
struct RunNetworks {
  std::optional<ConvNet> previous;            // the last stage's final network
  std::optional<ConvNet> source;              // the source stage's final network, for the probe's references
  std::optional<LayerSnapshot> target_start;  // for the distance travelled in the target stage
};

// Trains `stage` (continuing `resumed`'s epochs when given) into `net`; returns its result.
StageResult train_one_stage(const ExperimentConfig& config, const StagePlan& stage, const StageData& stage_data,
                            ConvNet& net, RunObserver& observer, const RunProgress* resumed) {
  StageResult stage_result;
  stage_result.plan = stage;
  stage_result.train_size = stage_data.train.size();
  stage_result.validation_size = stage_data.validation.size();
  StageResume stage_resume;
  if (resumed != nullptr) {
    stage_result.epochs = resumed->history;
    stage_resume.epochs_done = static_cast<int>(resumed->history.size());
    stage_resume.restore = [&observer](ConvNet& trained, torch::optim::Optimizer& optimizer) {
      observer.restore_training_state(trained, optimizer);
    };
  }
  try {
    const auto epochs = train_stage(
        net, stage_data, train_settings(config, stage),
        [&](const EpochMetrics& metrics, ConvNet& trained, torch::optim::Optimizer& optimizer) {
          observer.on_epoch(stage, metrics, trained, optimizer);
        },
        stage_resume);
    stage_result.epochs.insert(stage_result.epochs.end(), epochs.begin(), epochs.end());
  } catch (const RunFailedError& e) {
    throw RunFailedError(to_string(stage.stage) + " stage, " + e.what());
  }
  stage_result.test = evaluate(net, stage_data.test, config.train.eval_batch_size, config.precision);
  return stage_result;
}

// The stages from `index` on, each from the network the one before it left in `nets`.
void run_stages(const ExperimentConfig& config, const Cifar10& data, torch::Device device, RunObserver& observer,
                const RunProgress& progress, std::size_t stage_limit, RunNetworks& nets, RunResult& result) {
  const std::vector<StagePlan> plans = plan_stages(config);
  const std::size_t first_stage = progress.completed.size();
  for (std::size_t index = first_stage; index < std::min(plans.size(), stage_limit); ++index) {
    const StagePlan& stage = plans[index];
    const bool resuming = index == first_stage && !progress.history.empty();
    const auto stage_start = Clock::now() - std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                               index == first_stage ? progress.stage_seconds : 0.0));
    const StageData stage_data = stage_data_of(config, stage, data, device);
    // A resumed stage starts here as well: its saved state is restored inside train_stage.
    ConvNet net =
        stage_start_network(config, stage, nets.previous ? &*nets.previous : nullptr, device, &stage_data.train);
    if (index + 1 == plans.size() && config.landscape.distance) nets.target_start = snapshot_layers(net);
    observer.on_stage_start(stage, stage_data.train.size(), stage_data.validation.size());
    StageResult stage_result = train_one_stage(config, stage, stage_data, net, observer, resuming ? &progress : nullptr);
    stage_result.seconds = std::chrono::duration<double>(Clock::now() - stage_start).count();
    observer.on_stage_end(stage_result, net);
    result.stages.push_back(std::move(stage_result));
    if (stage.stage == Stage::kSource) nets.source = net;
    nets.previous = net;
  }
}

// The network of `stage` as the observer saved it.
ConvNet saved_network(const ExperimentConfig& config, const StagePlan& stage, torch::Device device,
                      RunObserver& observer) {
  ConvNet net = make_network(config, stage, device);
  observer.load_stage_weights(stage, net);
  return net;
}

// The probe and landscape measures of a finished run; networks not in memory (every stage was
// done before this call) come from the observer's saved weights.
void late_measures(const ExperimentConfig& config, const Cifar10& data, torch::Device device, RunObserver& observer,
                   RunNetworks& nets, RunResult& result) {
  const std::vector<StagePlan> plans = plan_stages(config);
  if (!config.probe.classes.empty()) {
    if (!nets.previous) nets.previous = saved_network(config, plans.back(), device, observer);
    if (config.probe.references && config.has_source_stage() && !nets.source) {
      nets.source = saved_network(config, plans.front(), device, observer);
    }
    result.probe = run_probe(config, data, *nets.previous, device, nets.source ? &*nets.source : nullptr);
    observer.on_probe(*result.probe);
  }
  if (config.landscape.any()) {
    if (!nets.previous) nets.previous = saved_network(config, plans.back(), device, observer);
    if (!nets.target_start && config.landscape.distance) {  // the target stage finished before this call
      ConvNet start = final_stage_start_network(
          config, data, device,
          [&observer](const StagePlan& stage, ConvNet& net) { observer.load_stage_weights(stage, net); });
      nets.target_start = snapshot_layers(start);
    }
    result.landscape = measure_landscape(config, config.landscape, data,
                                         nets.target_start ? &*nets.target_start : nullptr, *nets.previous, device);
    observer.on_landscape(*result.landscape);
  }
}

}  // namespace

RunResult run_protocol(const ExperimentConfig& config, const Cifar10& data, torch::Device device,
                       RunObserver& observer, const RunProgress& progress, std::size_t stage_limit) {
  const auto run_start = Clock::now();
  const std::vector<StagePlan> plans = plan_stages(config);
  RunResult result;
  RunNetworks nets;
  result.stages = progress.completed;
  const std::size_t first_stage = progress.completed.size();
  if (first_stage > 0 && first_stage < plans.size()) {
    nets.previous = saved_network(config, plans[first_stage - 1], device, observer);
  }
  run_stages(config, data, device, observer, progress, stage_limit, nets, result);
  if (result.stages.size() == plans.size()) late_measures(config, data, device, observer, nets, result);
  result.seconds = std::chrono::duration<double>(Clock::now() - run_start).count();
  return result;
}

ProbeResult run_probe(const ExperimentConfig& config, const Cifar10& data, ConvNet& net, torch::Device device,
                      ConvNet* source_network) {
  const auto start = std::chrono::steady_clock::now();
  const StageDataOptions data_options = probe_data_options(config);
  const StageData probe_data = make_stage_data(data, config.probe.classes, data_options, device);
  ProbeSettings settings;
  settings.epochs = config.probe.epochs;
  settings.lr = config.probe.lr;
  settings.momentum = config.train.momentum;
  settings.weight_decay = config.train.weight_decay;
  settings.batch_size = config.train.batch_size;
  settings.eval_batch_size = config.train.eval_batch_size;
  settings.seed = derive_seed(config.seed, "probe");
  settings.precision = config.precision;
  settings.standardize = config.probe.standardize;
  ProbeResult result = linear_probe(net, probe_data, settings);
  result.classes = config.probe.classes;
  // The same probe of other features: what the network knew of the probe task before
  // fine-tuning (a ceiling), what a network that learned nothing gives (a floor), and at n = 1
  // what the transferred layer alone still encodes.
  const auto add = [&](const std::string& name, ConvNet& other, const ProbeSettings& how) {
    const ProbeResult r = linear_probe(other, probe_data, how);
    result.references[name] = {r.train, r.validation, r.test};
  };
  if (config.probe.references) {
    if (source_network != nullptr) add("source_network", *source_network, settings);
    ConvNet random = make_network(config, plan_stages(config).back(), device);
    add("random_network", random, settings);
  }
  if (config.probe.conv1_only && config.transfer_layers == 1) {
    ProbeSettings conv1 = settings;
    conv1.conv_layers = 1;
    add("conv1_only", net, conv1);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace tl_boost
