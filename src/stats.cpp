#include "tl_boost/stats.hpp"

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

}  // namespace tl_boost
