#include "tl_boost/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

namespace tl_boost {

namespace {

double mean_of(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double variance_of(const std::vector<double>& x, double mean) {
  double sum = 0.0;
  for (double v : x) sum += (v - mean) * (v - mean);
  return sum / static_cast<double>(x.size() - 1);
}

// Two-sided p of t with df degrees of freedom; 0 variance gives t = ±inf (p 0) or nan (p 1).
double two_sided_p(double t, double df) {
  if (std::isnan(t)) return 1.0;
  if (std::isinf(t)) return 0.0;
  const boost::math::students_t dist(df);
  return 2.0 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
}

double upper_tail_p(double t, double df) {
  if (std::isnan(t)) return 1.0;
  if (std::isinf(t)) return t > 0 ? 0.0 : 1.0;
  return boost::math::cdf(boost::math::complement(boost::math::students_t(df), t));
}

void require_samples(const std::vector<double>& x, const char* what) {
  if (x.size() < 2) throw std::invalid_argument(std::string(what) + ": needs at least 2 values per sample");
}

// Fills the difference, its interval, t and p from a difference, its standard error and df.
void finish(TTest& test, double se, double df, double confidence) {
  test.df = df;
  test.standard_error = se;
  test.t = se > 0 ? test.difference / se
                  : (test.difference == 0 ? std::numeric_limits<double>::quiet_NaN()
                                          : std::copysign(std::numeric_limits<double>::infinity(), test.difference));
  test.p = two_sided_p(test.t, df);
  const double half = t_critical(confidence, df) * se;
  test.ci_low = test.difference - half;
  test.ci_high = test.difference + half;
}

}  // namespace

double t_critical(double confidence, double df) {
  return boost::math::quantile(boost::math::complement(boost::math::students_t(df), (1.0 - confidence) / 2.0));
}

SampleSummary summarize(const std::vector<double>& x, double confidence) {
  SampleSummary s;
  s.n = x.size();
  if (x.empty()) return s;
  s.mean = mean_of(x);
  s.ci_low = s.ci_high = s.mean;
  if (x.size() < 2) return s;
  s.sd = std::sqrt(variance_of(x, s.mean));
  const double half = t_critical(confidence, static_cast<double>(x.size() - 1)) * s.sd /
                      std::sqrt(static_cast<double>(x.size()));
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  return s;
}

TTest welch_t_test(const std::vector<double>& a, const std::vector<double>& b, double confidence) {
  require_samples(a, "welch_t_test");
  require_samples(b, "welch_t_test");
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  const double ma = mean_of(a), mb = mean_of(b);
  const double va = variance_of(a, ma), vb = variance_of(b, mb);
  const double qa = va / na, qb = vb / nb;
  const double se = std::sqrt(qa + qb);
  // Welch–Satterthwaite; with both variances 0 the degrees of freedom fall back to na + nb - 2.
  const double df = se > 0 ? (qa + qb) * (qa + qb) / (qa * qa / (na - 1) + qb * qb / (nb - 1)) : na + nb - 2;
  TTest test;
  test.name = "Welch's t-test";
  test.difference = ma - mb;
  const double pooled_sd = std::sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2));
  test.cohens_d = pooled_sd > 0 ? test.difference / pooled_sd : 0.0;
  finish(test, se, df, confidence);
  return test;
}

TTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b, double confidence) {
  require_samples(a, "paired_t_test");
  if (a.size() != b.size()) throw std::invalid_argument("paired_t_test: samples differ in length");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  const double n = static_cast<double>(d.size());
  const double md = mean_of(d);
  const double sd = std::sqrt(variance_of(d, md));
  TTest test;
  test.name = "paired t-test";
  test.difference = md;
  test.cohens_d = sd > 0 ? md / sd : 0.0;
  finish(test, sd / std::sqrt(n), n - 1, confidence);
  return test;
}

EquivalenceTest tost(const TTest& test, double margin) {
  EquivalenceTest e;
  e.margin = margin;
  const double se = test.standard_error;
  const double t_lower = se > 0 ? (test.difference + margin) / se : (test.difference > -margin ? INFINITY : -INFINITY);
  const double t_upper = se > 0 ? (margin - test.difference) / se : (test.difference < margin ? INFINITY : -INFINITY);
  e.p_lower = upper_tail_p(t_lower, test.df);
  e.p_upper = upper_tail_p(t_upper, test.df);
  e.p = std::max(e.p_lower, e.p_upper);
  return e;
}

std::string to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kSupported: return "supported";
    case Verdict::kContradicted: return "contradicted";
    case Verdict::kInconclusive: return "inconclusive";
  }
  return "inconclusive";
}

Verdict verdict_greater(const TTest& test, double alpha) {
  if (test.p < alpha) return test.difference > 0 ? Verdict::kSupported : Verdict::kContradicted;
  return Verdict::kInconclusive;
}

Verdict verdict_equivalent(const TTest& test, const EquivalenceTest& equivalence, double alpha) {
  if (equivalence.p < alpha) return Verdict::kSupported;
  // The (1 - 2 alpha) interval, the one TOST corresponds to, entirely beyond the margin.
  const double half = t_critical(1.0 - 2.0 * alpha, test.df) * test.standard_error;
  if (test.difference - half >= equivalence.margin || test.difference + half <= -equivalence.margin) {
    return Verdict::kContradicted;
  }
  return Verdict::kInconclusive;
}

std::string to_string(Alternative alternative) {
  switch (alternative) {
    case Alternative::kTwoSided: return "two-sided";
    case Alternative::kGreater: return "greater";
    case Alternative::kLess: return "less";
  }
  return "two-sided";
}

double p_value(double t, double df, Alternative alternative) {
  switch (alternative) {
    case Alternative::kTwoSided: return two_sided_p(t, df);
    case Alternative::kGreater: return upper_tail_p(t, df);
    case Alternative::kLess: return upper_tail_p(std::isnan(t) ? t : -t, df);  // P(T <= t) = P(T >= -t)
  }
  return 1.0;
}

double p_value(const TTest& test, Alternative alternative) {
  return alternative == Alternative::kTwoSided ? test.p : p_value(test.t, test.df, alternative);
}

std::string effect_size_name(const TTest& test) { return test.name == "paired t-test" ? "d_z" : "Cohen's d"; }

std::vector<double> holm_adjust(const std::vector<double>& p) {
  for (double v : p) {
    if (std::isnan(v) || v < 0.0) throw std::invalid_argument("holm_adjust: p-values must be >= 0 and not nan");
  }
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> adjusted(m);
  double running = 0.0;  // the max keeps the adjusted values in the order of the raw ones
  for (std::size_t i = 0; i < m; ++i) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - i) * p[order[i]]));
    adjusted[order[i]] = running;
  }
  return adjusted;
}

SplitLevelEstimate two_stage_estimate(const std::vector<std::vector<double>>& differences_per_split, double confidence,
                                      Alternative alternative) {
  if (differences_per_split.empty()) throw std::invalid_argument("two_stage_estimate: needs at least one split");
  SplitLevelEstimate e;
  e.confidence = confidence;
  e.alternative = alternative;
  e.splits = differences_per_split.size();
  std::vector<double> means;
  double total = 0.0, sum_n_squared = 0.0;
  for (std::size_t i = 0; i < differences_per_split.size(); ++i) {
    const auto& d = differences_per_split[i];
    if (d.empty()) {
      throw std::invalid_argument("two_stage_estimate: split " + std::to_string(i) + " has no differences");
    }
    e.per_split.push_back(summarize(d, confidence));
    means.push_back(e.per_split.back().mean);
    e.observations += d.size();
    total += std::accumulate(d.begin(), d.end(), 0.0);
    sum_n_squared += static_cast<double>(d.size()) * static_cast<double>(d.size());
  }
  const double k = static_cast<double>(e.splits), n_total = static_cast<double>(e.observations);
  e.grand_mean = total / n_total;

  // Stage 2: a one-sample t over the split means.
  const SampleSummary stage2 = summarize(means, confidence);
  e.mean = stage2.mean;
  e.sd_of_split_means = stage2.sd;
  e.ci_low = stage2.ci_low;
  e.ci_high = stage2.ci_high;
  if (e.splits >= 2) {
    e.has_test = true;
    e.df = k - 1;
    e.standard_error = stage2.sd / std::sqrt(k);
    e.t = t_statistic(e.mean, e.standard_error);
    e.p = e.standard_error > 0 || e.mean != 0 ? p_value(e.t, e.df, alternative) : 1.0;
  }

  // Random-effects ANOVA; needs two splits and a within-split degree of freedom.
  if (e.splits >= 2 && e.observations > e.splits) {
    double ss_between = 0.0, ss_within = 0.0;
    for (std::size_t i = 0; i < e.splits; ++i) {
      const auto& d = differences_per_split[i];
      const double m = means[i];
      ss_between += static_cast<double>(d.size()) * (m - e.grand_mean) * (m - e.grand_mean);
      for (double v : d) ss_within += (v - m) * (v - m);
    }
    e.has_variance_components = true;
    e.ms_between = ss_between / (k - 1);
    e.ms_within = ss_within / (n_total - k);
    e.n0 = (n_total - sum_n_squared / n_total) / (k - 1);
    e.variance_between = std::max(0.0, (e.ms_between - e.ms_within) / e.n0);
    e.variance_within = e.ms_within;
    const double variance = e.variance_between + e.variance_within;
    e.between_share = variance > 0 ? e.variance_between / variance : 0.0;
  }
  return e;
}

}  // namespace tl_boost

namespace tl_boost {

double PairedEstimate::p_under(Alternative other) const {
  if (!has_test) return 1.0;
  const double value = p_value(t, df, other);
  return std::isnan(value) ? 1.0 : value;
}

double t_statistic(double estimate, double standard_error) {
  if (standard_error > 0) return estimate / standard_error;
  return estimate == 0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), estimate);
}

PairedEstimate paired_estimate(const std::vector<std::vector<double>>& differences_per_split, Alternative alternative) {
  std::vector<std::vector<double>> splits;
  for (const auto& d : differences_per_split) {
    if (!d.empty()) splits.push_back(d);
  }
  if (splits.empty()) throw std::invalid_argument("paired_estimate: needs at least one difference");
  PairedEstimate e;
  e.alternative = alternative;
  e.splits = splits.size();
  for (const auto& d : splits) e.pairs += d.size();
  if (splits.size() >= 2) {
    const SplitLevelEstimate s = two_stage_estimate(splits, 0.95, alternative);
    e.mean = s.mean, e.ci_low = s.ci_low, e.ci_high = s.ci_high, e.standard_error = s.standard_error;
    e.t = s.t, e.df = s.df, e.p = s.p, e.has_test = s.has_test;
    return e;
  }
  const SampleSummary s = summarize(splits.front());
  e.mean = s.mean, e.ci_low = s.ci_low, e.ci_high = s.ci_high;
  if (s.n >= 2) {
    e.has_test = true;
    e.df = static_cast<double>(s.n) - 1;
    e.standard_error = s.sd / std::sqrt(static_cast<double>(s.n));
    e.t = t_statistic(e.mean, e.standard_error);
    e.p = e.standard_error > 0 || e.mean != 0 ? p_value(e.t, e.df, alternative) : 1.0;
  }
  return e;
}

}  // namespace tl_boost
