#pragma once
// An epoch's metrics with fixed figures but the validation accuracy, for the tests of the files
// that record epochs.
#include "tl_boost/metrics.hpp"

namespace tl_boost::testing {

inline EpochMetrics epoch_metrics(int epoch, double val_acc) {
  EpochMetrics m;
  m.epoch = epoch;
  m.train_loss = 0.5;
  m.train_acc = 0.8;
  m.val_loss = 0.7;
  m.val_acc = val_acc;
  m.lr = 0.01;
  m.seconds = 1.25;
  return m;
}

}  // namespace tl_boost::testing
