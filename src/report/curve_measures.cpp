#include "tl_boost/report/curve_measures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "tl_boost/report/comparisons.hpp"

namespace tl_boost {

namespace {

// A figure per pair (nullopt: the pair has none) grouped by split in `order`, then the estimate.
std::optional<PairedEstimate> estimate_by_split(const std::vector<CurvePair>& pairs,
                                                const std::vector<std::optional<double>>& values,
                                                const std::vector<std::string>& order) {
  std::map<std::string, std::vector<double>> by_split;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (values[i]) by_split[pairs[i].split].push_back(*values[i]);
  }
  std::vector<std::vector<double>> grouped;
  for (const auto& split : order) {
    const auto it = by_split.find(split);
    if (it != by_split.end()) grouped.push_back(it->second), by_split.erase(it);
  }
  for (const auto& [split, d] : by_split) grouped.push_back(d);
  if (grouped.empty()) return std::nullopt;
  return paired_estimate(grouped);
}

const CurvePoint* at_epoch(const Curve& curve, int epoch) {
  for (const auto& p : curve) {
    if (p.epoch == epoch) return &p;
  }
  return nullptr;
}

double two_sided(double t, double df) {
  if (std::isinf(t)) return 0.0;
  return p_or_one(p_value(t, df, Alternative::kTwoSided));
}

}  // namespace

std::optional<int> first_epoch_reaching_loss(const Curve& curve, double loss) {
  for (const auto& p : curve) {
    if (p.train_loss <= loss) return p.epoch;
  }
  return std::nullopt;
}

std::optional<CurvePoint> first_point_reaching_accuracy(const Curve& curve, double accuracy) {
  for (const auto& p : curve) {
    if (p.train_acc >= accuracy) return p;
  }
  return std::nullopt;
}

std::optional<double> val_acc_at_train_loss(const Curve& curve, double loss) {
  for (std::size_t i = 0; i < curve.size(); ++i) {
    if (curve[i].train_loss > loss) continue;
    if (i == 0) return curve[0].val_acc;
    // Losses fall roughly geometrically: interpolate in log loss.
    const double hi = std::log(curve[i - 1].train_loss), lo = std::log(curve[i].train_loss), at = std::log(loss);
    const double w = hi > lo ? (hi - at) / (hi - lo) : 1.0;
    return curve[i - 1].val_acc + w * (curve[i].val_acc - curve[i - 1].val_acc);
  }
  return std::nullopt;
}

std::optional<double> common_train_loss(const Curve& a, const Curve& b) {
  if (a.empty() || b.empty()) return std::nullopt;
  const auto lowest = [](const Curve& c) {
    double m = c.front().train_loss;
    for (const auto& p : c) m = std::min(m, p.train_loss);
    return m;
  };
  return std::max(lowest(a), lowest(b));
}

double interpolation_barrier(const std::vector<double>& alpha, const std::vector<double>& loss) {
  if (alpha.size() != loss.size() || alpha.size() < 2) {
    throw std::invalid_argument("interpolation_barrier: needs at least 2 points of alpha and loss, as many of each");
  }
  const double a0 = alpha.front(), a1 = alpha.back(), l0 = loss.front(), l1 = loss.back();
  double barrier = 0.0;
  for (std::size_t i = 0; i < alpha.size(); ++i) {
    const double w = a1 > a0 ? (alpha[i] - a0) / (a1 - a0) : 0.0;
    barrier = std::max(barrier, loss[i] - ((1 - w) * l0 + w * l1));
  }
  return barrier;
}

std::optional<std::vector<OlsCoefficient>> ordinary_least_squares(const std::vector<std::vector<double>>& rows,
                                                                  const std::vector<double>& y) {
  const std::size_t n = rows.size();
  if (n == 0 || y.size() != n) return std::nullopt;
  const std::size_t k = rows.front().size();
  if (n <= k) return std::nullopt;
  // X'X augmented with the identity, inverted by Gauss–Jordan with partial pivoting.
  std::vector<std::vector<double>> m(k, std::vector<double>(2 * k, 0.0));
  std::vector<double> xty(k, 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < k; ++i) {
      xty[i] += rows[r][i] * y[r];
      for (std::size_t j = 0; j < k; ++j) m[i][j] += rows[r][i] * rows[r][j];
    }
  }
  double scale = 0.0;
  for (std::size_t i = 0; i < k; ++i) m[i][k + i] = 1.0, scale = std::max(scale, std::abs(m[i][i]));
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < k; ++r) {
      if (std::abs(m[r][c]) > std::abs(m[pivot][c])) pivot = r;
    }
    if (std::abs(m[pivot][c]) <= 1e-12 * std::max(1.0, scale)) return std::nullopt;
    std::swap(m[c], m[pivot]);
    const double d = m[c][c];
    for (auto& v : m[c]) v /= d;
    for (std::size_t r = 0; r < k; ++r) {
      if (r == c || m[r][c] == 0.0) continue;
      const double f = m[r][c];
      for (std::size_t j = 0; j < 2 * k; ++j) m[r][j] -= f * m[c][j];
    }
  }
  std::vector<double> b(k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) b[i] += m[i][k + j] * xty[j];
  }
  double rss = 0.0;
  for (std::size_t r = 0; r < n; ++r) {
    double fit = 0.0;
    for (std::size_t i = 0; i < k; ++i) fit += rows[r][i] * b[i];
    rss += (y[r] - fit) * (y[r] - fit);
  }
  const double df = static_cast<double>(n - k), sigma2 = rss / df, tc = t_critical(0.95, df);
  std::vector<OlsCoefficient> out(k);
  for (std::size_t i = 0; i < k; ++i) {
    OlsCoefficient& c = out[i];
    c.estimate = b[i];
    c.df = df;
    c.standard_error = std::sqrt(std::max(0.0, sigma2 * m[i][k + i]));
    c.t = t_statistic(b[i], c.standard_error);
    c.p = two_sided(c.t, df);
    c.ci_low = b[i] - tc * c.standard_error;
    c.ci_high = b[i] + tc * c.standard_error;
  }
  return out;
}

std::optional<Ancova> paired_ancova(const std::vector<AncovaPair>& pairs, const std::vector<std::string>& split_order) {
  // Units: the split means of the differences with several splits, else the pairs themselves.
  std::map<std::string, std::vector<const AncovaPair*>> by_split;
  for (const auto& p : pairs) by_split[p.split].push_back(&p);
  std::vector<std::vector<double>> rows;
  std::vector<double> y;
  const bool split_means = split_order.size() >= 2 && by_split.size() >= 2;
  for (const auto& [split, members] : by_split) {
    if (!split_means) {
      for (const AncovaPair* p : members) rows.push_back({1.0, p->log_train_loss}), y.push_back(p->test_acc);
      continue;
    }
    double loss = 0.0, acc = 0.0;
    for (const AncovaPair* p : members) loss += p->log_train_loss, acc += p->test_acc;
    const double n = static_cast<double>(members.size());
    rows.push_back({1.0, loss / n});
    y.push_back(acc / n);
  }
  const auto fit = ordinary_least_squares(rows, y);
  if (!fit) return std::nullopt;
  return Ancova{pairs.size(), split_means ? by_split.size() : 0, rows.size(), (*fit)[0], (*fit)[1]};
}

const std::vector<double>& reach_losses() {
  static const std::vector<double> levels = {0.5, 0.2, 0.1, 0.05};
  return levels;
}

const std::vector<double>& fit_accuracies() {
  static const std::vector<double> levels = {0.90, 0.95, 0.99};
  return levels;
}

namespace {

using Differences = std::vector<std::optional<double>>;  // per pair; nullopt: the pair has none

// log training loss and validation accuracy a − b at every epoch, and the loss' sum over the epochs both have.
void log_loss_differences(CurveComparison& out, const std::vector<CurvePair>& pairs,
                          const std::vector<std::string>& split_order) {
  std::vector<int> epochs;
  for (const auto& pair : pairs) {
    for (const auto& p : pair.a) epochs.push_back(p.epoch);
  }
  std::sort(epochs.begin(), epochs.end());
  epochs.erase(std::unique(epochs.begin(), epochs.end()), epochs.end());
  Differences area(pairs.size());
  for (const int epoch : epochs) {
    Differences d(pairs.size()), acc(pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const CurvePoint *pa = at_epoch(pairs[i].a, epoch), *pb = at_epoch(pairs[i].b, epoch);
      if (!pa || !pb) continue;
      acc[i] = pa->val_acc - pb->val_acc;
      if (!(pa->train_loss > 0) || !(pb->train_loss > 0)) continue;
      d[i] = std::log(pa->train_loss) - std::log(pb->train_loss);
      area[i] = area[i].value_or(0.0) + *d[i];
    }
    if (const auto e = estimate_by_split(pairs, d, split_order)) {
      out.log_loss.push_back({epoch, *e, estimate_by_split(pairs, acc, split_order)});
    }
  }
  out.log_loss_area = estimate_by_split(pairs, area, split_order);
}

// The epochs each run needs to reach `loss`, and a − b over the pairs where both do.
LossReach reach(double loss, const std::vector<CurvePair>& pairs, const std::vector<std::string>& split_order) {
  LossReach r;
  r.loss = loss;
  Differences d(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto ea = first_epoch_reaching_loss(pairs[i].a, loss), eb = first_epoch_reaching_loss(pairs[i].b, loss);
    r.epochs_a.push_back(ea);
    r.epochs_b.push_back(eb);
    if (ea && eb) {
      d[i] = static_cast<double>(*ea - *eb);
    } else {
      ++r.excluded;
    }
  }
  r.difference = estimate_by_split(pairs, d, split_order);
  return r;
}

// Validation accuracy and gap a − b at the first epoch reaching `level` (the final epoch without one).
MatchedFit matched_fit(std::optional<double> level, const std::vector<CurvePair>& pairs,
                       const std::vector<std::string>& split_order) {
  MatchedFit f;
  f.accuracy = level;
  Differences val(pairs.size()), gap(pairs.size());
  const auto at = [&](const Curve& c) -> std::optional<CurvePoint> {
    if (level) return first_point_reaching_accuracy(c, *level);
    if (c.empty()) return std::nullopt;
    return c.back();
  };
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto pa = at(pairs[i].a), pb = at(pairs[i].b);
    if (!pa || !pb) {
      ++f.excluded;
      continue;
    }
    ++f.pairs;
    val[i] = pa->val_acc - pb->val_acc;
    gap[i] = (pa->train_acc - pa->val_acc) - (pb->train_acc - pb->val_acc);
  }
  f.val_acc = estimate_by_split(pairs, val, split_order);
  f.gap = estimate_by_split(pairs, gap, split_order);
  return f;
}

}  // namespace

CurveComparison compare_curves(const std::string& a, const std::string& b, const std::vector<CurvePair>& pairs,
                               const std::vector<std::string>& split_order) {
  CurveComparison out;
  out.a = a;
  out.b = b;
  out.pairs = pairs.size();
  log_loss_differences(out, pairs, split_order);
  for (const double loss : reach_losses()) out.reach.push_back(reach(loss, pairs, split_order));
  std::vector<std::optional<double>> levels(fit_accuracies().begin(), fit_accuracies().end());
  levels.push_back(std::nullopt);
  for (const auto& level : levels) out.matched_fit.push_back(matched_fit(level, pairs, split_order));
  Differences matched(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto loss = common_train_loss(pairs[i].a, pairs[i].b);
    if (!loss) continue;
    const auto va = val_acc_at_train_loss(pairs[i].a, *loss), vb = val_acc_at_train_loss(pairs[i].b, *loss);
    if (va && vb) matched[i] = *va - *vb;
  }
  out.val_acc_at_common_loss = estimate_by_split(pairs, matched, split_order);
  return out;
}

}  // namespace tl_boost
