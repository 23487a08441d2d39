#include "tl_boost/protocol.hpp"

#include <chrono>
#include <optional>

#include "tl_boost/error.hpp"
#include "tl_boost/stage_data.hpp"
#include "tl_boost/trainer.hpp"
#include "tl_boost/transfer.hpp"

namespace tl_boost {

ConvNet make_network(const ExperimentConfig& config, const StagePlan& stage, torch::Device device) {
  torch::manual_seed(stage.init_seed);
  ConvNetOptions options;
  options.num_classes = static_cast<std::int64_t>(stage.classes.size());
  options.conv1_channels = config.model.conv1_channels;
  options.conv2_channels = config.model.conv2_channels;
  options.kernel_size = config.model.kernel_size;
  ConvNet net(options);
  net->to(device);
  return net;
}

RunResult run_protocol(const ExperimentConfig& config, const Cifar10& data, torch::Device device,
                       RunObserver& observer) {
  using Clock = std::chrono::steady_clock;
  const auto run_start = Clock::now();
  const StageDataOptions data_options{config.data.validation_fraction, config.data.max_per_class,
                                      config.split_seed()};
  RunResult result;
  std::optional<ConvNet> previous;
  for (const StagePlan& stage : plan_stages(config)) {
    const auto stage_start = Clock::now();
    const StageData stage_data = make_stage_data(data, stage.classes, data_options, device);
    ConvNet net = make_network(config, stage, device);
    if (stage.transferred_layers > 0) {
      copy_layers(*previous, net, stage.transferred_layers);
      if (stage.freeze_transferred) freeze_layers(net, stage.transferred_layers);
    }
    observer.on_stage_start(stage, stage_data.train.size(), stage_data.validation.size());

    TrainSettings settings;
    settings.schedule = config.train.lr_schedule();
    settings.momentum = config.train.momentum;
    settings.weight_decay = config.train.weight_decay;
    settings.nesterov = config.train.nesterov;
    settings.batch_size = config.train.batch_size;
    settings.eval_batch_size = config.train.eval_batch_size;
    settings.epochs = stage.epochs;
    settings.shuffle_seed = stage.shuffle_seed;

    StageResult stage_result;
    stage_result.plan = stage;
    stage_result.train_size = stage_data.train.size();
    stage_result.validation_size = stage_data.validation.size();
    try {
      stage_result.epochs = train_stage(net, stage_data, settings,
                                        [&](const EpochMetrics& metrics) { observer.on_epoch(stage, metrics); });
    } catch (const RunFailedError& e) {
      throw RunFailedError(stage.name + " stage, " + e.what());
    }
    stage_result.test = evaluate(net, stage_data.test, config.train.eval_batch_size);
    stage_result.seconds = std::chrono::duration<double>(Clock::now() - stage_start).count();
    observer.on_stage_end(stage_result, net);
    result.stages.push_back(std::move(stage_result));
    previous = net;
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - run_start).count();
  return result;
}

}  // namespace tl_boost
