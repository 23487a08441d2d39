#include "tl_boost/trainer.hpp"

#include <set>

#include <gtest/gtest.h>

#include <ATen/autocast_mode.h>

#include "synthetic_data.hpp"
#include "tiny_model.hpp"
#include "tl_boost/error.hpp"

namespace tl_boost {
namespace {

ConvNet small_net(std::int64_t classes, std::uint64_t seed) {
  torch::manual_seed(seed);
  return ConvNet(testing::tiny_model(classes));
}

TrainSettings quick_settings(int epochs) {
  TrainSettings s;
  s.schedule.base_lr = 0.05;
  s.batch_size = 16;
  s.eval_batch_size = 64;
  s.epochs = epochs;
  s.shuffle_seed = 11;
  return s;
}

StageData easy_stage() {
  static const Cifar10 data = testing::synthetic_cifar10(400, 200);
  return make_stage_data(data, {"airplane", "automobile", "bird", "cat"}, {0.2, 0, 0}, torch::kCPU);
}

TEST(Trainer, EvaluateCountsCorrectPredictions) {
  ConvNet net = small_net(2, 0);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : net->parameters()) p.zero_();
    net->fc->bias[1] = 1.0;  // always predicts class 1
  }
  LabelledImages data{torch::zeros({10, 3, 32, 32}), torch::tensor({1, 1, 1, 0, 0, 1, 1, 1, 0, 1}, torch::kInt64)};
  const Evaluation e = evaluate(net, data, 3);  // uneven last batch
  EXPECT_EQ(e.count, 10);
  EXPECT_DOUBLE_EQ(e.accuracy, 0.7);
  // Cross-entropy of logits (0, 1): -log softmax = log(1 + e) for class 0, log(1 + 1/e) for class 1.
  const double expected = (3 * std::log(1 + std::exp(1.0)) + 7 * std::log(1 + std::exp(-1.0))) / 10;
  EXPECT_NEAR(e.loss, expected, 1e-6);
  EXPECT_TRUE(net->is_training());  // mode restored
}

TEST(Trainer, BatchGathererCopiesTheIndexedRowsInEitherLayout) {
  const StageData stage = easy_stage();
  const auto index = torch::tensor({5, 0, 17, 5}, torch::kInt64);
  for (bool channels_last : {false, true}) {
    SCOPED_TRACE(channels_last);
    LabelledImages data = stage.train;
    data.images = data.images.contiguous(channels_last ? torch::MemoryFormat::ChannelsLast
                                                       : torch::MemoryFormat::Contiguous);
    BatchGatherer gatherer(data, 8);
    const auto [images, labels] = gatherer.gather(index);
    EXPECT_EQ(images.sizes(), (std::vector<std::int64_t>{4, 3, 32, 32}));
    EXPECT_EQ(images.is_contiguous(torch::MemoryFormat::ChannelsLast), channels_last);
    EXPECT_TRUE(torch::equal(images, data.images.index_select(0, index)));
    EXPECT_TRUE(torch::equal(labels, data.labels.index_select(0, index)));
    // The buffers are reused: a second, shorter batch lands in the same memory.
    const void* first = images.data_ptr();
    const auto [again, again_labels] = gatherer.gather(index.narrow(0, 0, 2));
    EXPECT_EQ(again.data_ptr(), first);
    EXPECT_TRUE(torch::equal(again, data.images.index_select(0, index.narrow(0, 0, 2))));
  }
}

TEST(Trainer, Bf16EvaluationAgreesWithFp32AndLeavesAutocastOff) {
  const StageData stage = easy_stage();
  ConvNet net = small_net(4, 3);
  train_stage(net, stage, quick_settings(2));
  const Evaluation fp32 = evaluate(net, stage.validation, 64, Precision::kFp32);
  const Evaluation bf16 = evaluate(net, stage.validation, 64, Precision::kBf16);
  EXPECT_NEAR(bf16.loss, fp32.loss, 0.05 * fp32.loss + 0.01);  // bfloat16 keeps 8 bits of mantissa
  EXPECT_NEAR(bf16.accuracy, fp32.accuracy, 0.1);
  EXPECT_FALSE(at::autocast::is_cpu_enabled());
}

TEST(Trainer, AutocastScopeRunsConvolutionsInBf16OnlyWhileAlive) {
  ConvNet net = small_net(2, 0);
  const auto x = torch::randn({2, 3, 32, 32});
  {
    AutocastScope scope(Precision::kBf16, torch::kCPU);
    EXPECT_EQ(net->conv1->forward(x).scalar_type(), torch::kBFloat16);
    {
      AutocastScope fp32(Precision::kFp32, torch::kCPU);  // a no-op: still bf16 inside
      EXPECT_EQ(net->conv1->forward(x).scalar_type(), torch::kBFloat16);
    }
  }
  EXPECT_EQ(net->conv1->forward(x).scalar_type(), torch::kFloat32);
  EXPECT_FALSE(at::autocast::is_cpu_enabled());
}

TEST(Trainer, LearnsInBf16) {
  const StageData stage = easy_stage();
  ConvNet net = small_net(4, 0);
  TrainSettings settings = quick_settings(4);
  settings.precision = Precision::kBf16;
  const double before = evaluate(net, stage.validation, 64).accuracy;
  const auto history = train_stage(net, stage, settings);
  EXPECT_GT(history.back().val_acc, before + 0.2);
  for (const auto& p : net->parameters()) EXPECT_EQ(p.scalar_type(), torch::kFloat32);  // fp32 master weights
}

TEST(Trainer, LearnsASeparableTask) {
  const StageData stage = easy_stage();
  ConvNet net = small_net(4, 0);
  const double before = evaluate(net, stage.validation, 64).accuracy;
  std::vector<int> seen;
  const auto history = train_stage(net, stage, quick_settings(4),
                                   [&](const EpochMetrics& m, ConvNet&, torch::optim::Optimizer&) { seen.push_back(m.epoch); });
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(seen, (std::vector<int>{1, 2, 3, 4}));
  EXPECT_GT(history.back().val_acc, 0.9);
  EXPECT_GT(history.back().val_acc, before + 0.3);
  EXPECT_LT(history.back().train_loss, history.front().train_loss);
  EXPECT_GT(history.back().seconds, 0.0);
  // train_acc is measured in eval mode after the epoch: it equals a fresh evaluation.
  EXPECT_DOUBLE_EQ(history.back().train_acc, evaluate(net, stage.train, 64).accuracy);
}

TEST(Trainer, FollowsTheSchedule) {
  const StageData stage = easy_stage();
  ConvNet net = small_net(4, 0);
  auto settings = quick_settings(3);
  settings.schedule = {ScheduleKind::kStep, 0.05, 1, 0.5};
  const auto history = train_stage(net, stage, settings);
  EXPECT_DOUBLE_EQ(history[0].lr, 0.05);
  EXPECT_DOUBLE_EQ(history[2].lr, 0.0125);
}

TEST(Trainer, SameSeedsGiveIdenticalMetrics) {
  torch::set_num_threads(1);
  const StageData stage = easy_stage();
  ConvNet a = small_net(4, 5);
  ConvNet b = small_net(4, 5);
  const auto ha = train_stage(a, stage, quick_settings(2));
  const auto hb = train_stage(b, stage, quick_settings(2));
  for (std::size_t i = 0; i < ha.size(); ++i) {
    EXPECT_EQ(ha[i].train_loss, hb[i].train_loss);
    EXPECT_EQ(ha[i].val_acc, hb[i].val_acc);
  }
  EXPECT_TRUE(torch::equal(a->fc->weight, b->fc->weight));
  auto other = quick_settings(2);
  other.shuffle_seed = 12;
  ConvNet c = small_net(4, 5);
  train_stage(c, stage, other);
  EXPECT_FALSE(torch::equal(a->fc->weight, c->fc->weight));
}

TEST(Trainer, SeededSubsetIsAFixedOrderedDrawOfDistinctRecords) {
  const StageData stage = easy_stage();
  const LabelledImages& all = stage.train;
  const LabelledImages a = seeded_subset(all, 50, 3), b = seeded_subset(all, 50, 3), c = seeded_subset(all, 50, 4);
  ASSERT_EQ(a.size(), 50);
  EXPECT_TRUE(torch::equal(a.images, b.images));
  EXPECT_FALSE(torch::equal(a.labels, c.labels) && torch::equal(a.images, c.images));
  EXPECT_EQ(a.images.is_contiguous(torch::MemoryFormat::ChannelsLast),
            all.images.is_contiguous(torch::MemoryFormat::ChannelsLast));
  // Each drawn record is a distinct record of the split, with its own label.
  const auto flat = all.images.flatten(1);
  std::set<std::int64_t> rows;
  for (std::int64_t i = 0; i < a.size(); ++i) {
    const auto hit = flat.eq(a.images[i].flatten().unsqueeze(0)).all(1).nonzero();
    ASSERT_EQ(hit.size(0), 1);
    const auto row = hit[0][0].item<std::int64_t>();
    EXPECT_EQ(all.labels[row].item<std::int64_t>(), a.labels[i].item<std::int64_t>());
    rows.insert(row);
  }
  EXPECT_EQ(rows.size(), 50u);
  EXPECT_EQ(seeded_subset(all, 0, 3).size(), all.size());
  EXPECT_EQ(seeded_subset(all, all.size() + 5, 3).size(), all.size());
}

// The per-epoch train metrics of a subset run are those of the subset, and training itself is
// unchanged: the networks end bit-identical.
TEST(Trainer, TrainEvalSubsetChangesOnlyWhatTheTrainMetricsAreComputedOn) {
  torch::set_num_threads(1);
  const StageData stage = easy_stage();
  ConvNet full = small_net(4, 5), part = small_net(4, 5);
  auto settings = quick_settings(2);
  const auto full_history = train_stage(full, stage, settings);
  settings.train_eval_subset = 40;
  settings.train_eval_seed = 9;
  const auto part_history = train_stage(part, stage, settings);
  EXPECT_TRUE(torch::equal(full->fc->weight, part->fc->weight));
  EXPECT_EQ(part_history.back().val_acc, full_history.back().val_acc);
  const Evaluation on_subset = evaluate(part, seeded_subset(stage.train, 40, 9), settings.eval_batch_size);
  EXPECT_DOUBLE_EQ(part_history.back().train_loss, on_subset.loss);
  EXPECT_DOUBLE_EQ(part_history.back().train_acc, on_subset.accuracy);
  EXPECT_NE(part_history.back().train_loss, full_history.back().train_loss);
}

TEST(Trainer, NonFiniteLossStopsWithEpochAndBatch) {
  StageData stage = easy_stage();
  stage.train.images[0][0][0][0] = std::numeric_limits<float>::quiet_NaN();
  ConvNet net = small_net(4, 0);
  try {
    train_stage(net, stage, quick_settings(2));
    FAIL() << "expected RunFailedError";
  } catch (const RunFailedError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("epoch 1, batch "), std::string::npos) << message;
    EXPECT_NE(message.find("nan"), std::string::npos) << message;
    EXPECT_NE(message.find("lower learning rate"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace tl_boost
