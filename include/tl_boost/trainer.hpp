#pragma once
// One stage of SGD and its evaluation. Returns metrics; never prints or writes files.
#include <cstdint>
#include <functional>

#include <torch/torch.h>

#include "tl_boost/metrics.hpp"
#include "tl_boost/model.hpp"
#include "tl_boost/precision.hpp"
#include "tl_boost/schedule.hpp"
#include "tl_boost/stage_data.hpp"

namespace tl_boost {

struct TrainSettings {
  LrSchedule schedule;
  double momentum = 0.9;
  double weight_decay = 5e-4;
  bool nesterov = false;
  std::int64_t batch_size = 64;
  std::int64_t eval_batch_size = 1000;
  int epochs = 1;
  std::uint64_t shuffle_seed = 0;
  Precision precision = Precision::kFp32;
  // The per-epoch train_loss/train_acc: on a fixed subset of this many training records (drawn
  // once with train_eval_seed), or on all of them when 0 or at least the split's size.
  std::int64_t train_eval_subset = 0;
  std::uint64_t train_eval_seed = 0;
};

/// `count` records of `data` drawn by `seed` (kept in their original order, memory format kept);
/// `data` itself when count is 0 or not below its size.
LabelledImages seeded_subset(const LabelledImages& data, std::int64_t count, std::uint64_t seed);

/// Copies the images and labels of a batch of indices into buffers allocated once, so that a
/// training step allocates nothing for its input. Images keep the data's memory format.
class BatchGatherer {
 public:
  BatchGatherer(const LabelledImages& data, std::int64_t max_batch_size);
  /// Views of the buffers, valid until the next call: images [len, C, H, W] and labels [len].
  std::pair<torch::Tensor, torch::Tensor> gather(const torch::Tensor& index);

 private:
  bool channels_last_;
  torch::Tensor image_rows_;  // the data as [N, ...] rows in storage order (NHWC when channels_last)
  torch::Tensor labels_;
  torch::Tensor image_buffer_;
  torch::Tensor label_buffer_;
};

/// One SGD step on a batch: forward (under autocast for kBf16), cross-entropy in fp32, backward,
/// update. Returns the batch's mean loss as a tensor (reading it synchronises with the device).
torch::Tensor train_step(ConvNet& net, torch::optim::Optimizer& optimizer, const torch::Tensor& images,
                         const torch::Tensor& labels, Precision precision);

/// Mean loss and accuracy of `net` on `data`, in eval mode under NoGradGuard. The caller's
/// train/eval mode is restored afterwards. With kBf16 the forward passes run under autocast.
Evaluation evaluate(ConvNet& net, const LabelledImages& data, std::int64_t batch_size,
                    Precision precision = Precision::kFp32);

/// Called after every epoch with its metrics and the state a checkpoint needs.
using EpochCallback = std::function<void(const EpochMetrics&, ConvNet&, torch::optim::Optimizer&)>;

/// Where a resumed stage continues: epochs already done, and how to restore the network and
/// optimizer state saved after the last of them. The batch order of an epoch is a function of
/// (shuffle_seed, epoch) alone, so no generator state is needed.
struct StageResume {
  int epochs_done = 0;
  std::function<void(ConvNet&, torch::optim::Optimizer&)> restore;
};

/// Trains the parameters of `net` that require a gradient, from epoch `resume.epochs_done + 1`
/// to `settings.epochs`, on data.train; after each epoch evaluates the train split (or its
/// train_eval_subset) and the validation split and calls `on_epoch`. Returns the metrics of the epochs run by this call.
/// Throws RunFailedError naming the epoch and batch if the loss becomes NaN or infinite, and
/// InterruptedError between batches once SIGINT/SIGTERM arrived (see interrupt.hpp).
std::vector<EpochMetrics> train_stage(ConvNet& net, const StageData& data, const TrainSettings& settings,
                                      const EpochCallback& on_epoch = {}, const StageResume& resume = {});

}  // namespace tl_boost
