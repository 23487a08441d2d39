#pragma once
// Measures along a run's target-stage learning curves rather than at its last epoch, where every
// network fits the target task and final losses and gaps saturate: the paired difference of log
// training loss at each epoch and its area, the epochs needed to reach fixed training losses, the
// validation accuracy and train − val gap at the first epoch a run reaches a training accuracy,
// validation accuracy at a training loss both runs of a pair reach, test accuracy at matched
// training loss by ANCOVA (Erhan et al. 2010), and the loss barrier on a linear interpolation
// between two networks (Neyshabur et al. 2020). Pure functions; LibTorch-free.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tl_boost/stats.hpp"

namespace tl_boost {

/// One epoch of a target stage.
struct CurvePoint {
  int epoch = 0;
  double train_loss = 0.0;
  double train_acc = 0.0;
  double val_loss = 0.0;
  double val_acc = 0.0;
};
using Curve = std::vector<CurvePoint>;  // in epoch order

/// The first epoch whose training loss is at most `loss`; nullopt: not reached.
std::optional<int> first_epoch_reaching_loss(const Curve& curve, double loss);

/// The first epoch whose training accuracy is at least `accuracy`; nullopt: not reached.
std::optional<CurvePoint> first_point_reaching_accuracy(const Curve& curve, double accuracy);

/// Validation accuracy where the training loss first falls to `loss`, linear in log loss between
/// the epoch before and the epoch of the crossing (the first epoch itself when it starts there);
/// nullopt when the curve never reaches it.
std::optional<double> val_acc_at_train_loss(const Curve& curve, double loss);

/// The lowest training loss both curves reach (the larger of their minima); nullopt when either is empty.
std::optional<double> common_train_loss(const Curve& a, const Curve& b);

/// Loss barrier of a linear interpolation: max over alpha of loss(alpha) − ((1 − alpha) loss(0) +
/// alpha loss(1)), the endpoints being the first and last points (alpha ascending). 0 for a convex
/// path; std::invalid_argument for fewer than 2 points or lengths that differ.
double interpolation_barrier(const std::vector<double>& alpha, const std::vector<double>& loss);

/// Ordinary least squares y = X b: each coefficient with its standard error, t, df = n − columns,
/// 95% interval and two-sided p.
struct OlsCoefficient {
  double estimate = 0.0, standard_error = 0.0, t = 0.0, df = 0.0, ci_low = 0.0, ci_high = 0.0, p = 1.0;
};
/// nullopt when there are not more rows than columns or X'X is singular.
std::optional<std::vector<OlsCoefficient>> ordinary_least_squares(const std::vector<std::vector<double>>& rows,
                                                                  const std::vector<double>& y);

/// One pair of runs (same split and seed) for the ANCOVA: a − b of log final training loss and of test accuracy.
struct AncovaPair {
  std::string split;
  double log_train_loss = 0.0, test_acc = 0.0;
};

/// Test accuracy at matched training loss (Erhan et al. 2010), paired: OLS of the test-accuracy
/// differences on the log-training-loss differences. With several class splits its units are the
/// split means (the split is the unit, df = splits − 2), else the pairs. The intercept, `protocol`,
/// is a's offset over b where their training losses match.
struct Ancova {
  std::size_t pairs = 0, splits = 0, units = 0;
  OlsCoefficient protocol, log_train_loss;
};
/// nullopt with fewer than 3 units or when the loss differences do not vary.
std::optional<Ancova> paired_ancova(const std::vector<AncovaPair>& pairs, const std::vector<std::string>& split_order);

/// The target curves of one pair of runs (same split and seed) of protocols a and b.
struct CurvePair {
  std::string split;
  std::uint64_t seed = 0;
  Curve a, b;
};

/// The paired differences at one epoch.
struct EpochDifference {
  int epoch = 0;
  PairedEstimate log_loss;                // log loss of a − log loss of b
  std::optional<PairedEstimate> val_acc;  // validation accuracy of a − of b (fractions)
};

/// The epochs each run needs to reach a training loss (nullopt: not reached), and a − b over the
/// pairs where both reached it.
struct LossReach {
  double loss = 0.0;
  std::vector<std::optional<int>> epochs_a, epochs_b;  // in pair order
  std::size_t excluded = 0;                            // pairs where either did not reach it
  std::optional<PairedEstimate> difference;
};

/// Validation accuracy and train − val gap at the first epoch each run reaches a training accuracy
/// (nullopt `accuracy`: the final epoch), a − b over the pairs where both reached it.
struct MatchedFit {
  std::optional<double> accuracy;
  std::size_t pairs = 0, excluded = 0;
  std::optional<PairedEstimate> val_acc, gap;
};

struct CurveComparison {
  std::string a, b;
  std::size_t pairs = 0;
  std::vector<EpochDifference> log_loss;        // E1 along the curve: every epoch some pair has
  std::optional<PairedEstimate> log_loss_area;  // sum over the epochs both runs of a pair have
  std::vector<LossReach> reach;
  std::vector<MatchedFit> matched_fit;  // the accuracy levels, then the final epoch
  std::optional<PairedEstimate> val_acc_at_common_loss;
  std::optional<Ancova> ancova;  // filled from the pairs' final figures (paired_ancova)
};

/// The training losses and accuracies the comparison is asked at.
const std::vector<double>& reach_losses();    // 0.5, 0.2, 0.1, 0.05
const std::vector<double>& fit_accuracies();  // 0.90, 0.95, 0.99

/// Every curve measure of a against b over `pairs`; splits in `split_order` (those absent from it
/// are grouped after it). Two-sided estimates.
CurveComparison compare_curves(const std::string& a, const std::string& b, const std::vector<CurvePair>& pairs,
                               const std::vector<std::string>& split_order);

}  // namespace tl_boost
