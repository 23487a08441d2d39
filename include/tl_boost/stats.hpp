#pragma once
// Statistics for comparing protocols over seeds: means with t confidence intervals, Welch's and
// the paired t-test, Cohen's d, two one-sided tests (TOST) for equivalence, and verdicts.
// LibTorch-free; the t distribution comes from Boost.Math.
#include <cstddef>
#include <string>
#include <vector>

namespace tl_boost {

struct SampleSummary {
  std::size_t n = 0;
  double mean = 0.0;
  double sd = 0.0;       // sample standard deviation (n - 1)
  double ci_low = 0.0;   // t confidence interval of the mean
  double ci_high = 0.0;
};

/// Mean, sd and the `confidence` t interval of the mean (the interval collapses to the mean for n < 2).
SampleSummary summarize(const std::vector<double>& x, double confidence = 0.95);

/// A two-sided test of mean(a) - mean(b) = 0.
struct TTest {
  std::string name;          // "Welch's t-test" or "paired t-test"
  double difference = 0.0;   // mean(a) - mean(b) (for paired: mean of a_i - b_i)
  double ci_low = 0.0;       // confidence interval of the difference
  double ci_high = 0.0;
  double standard_error = 0.0;  // of the difference
  double t = 0.0;
  double df = 0.0;
  double p = 1.0;            // two-sided
  double cohens_d = 0.0;     // difference / pooled sd (paired: mean / sd of the differences)
};

/// Welch's unequal-variances t-test (Welch–Satterthwaite degrees of freedom). Needs n >= 2 each.
TTest welch_t_test(const std::vector<double>& a, const std::vector<double>& b, double confidence = 0.95);

/// Paired t-test over a_i - b_i (same length, n >= 2).
TTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b, double confidence = 0.95);

/// Two one-sided tests of |mean(a) - mean(b)| < margin, from `test`'s difference, standard error
/// and degrees of freedom. p is the larger of the two one-sided p-values.
struct EquivalenceTest {
  double margin = 0.0;
  double p_lower = 1.0;  // H0: difference <= -margin
  double p_upper = 1.0;  // H0: difference >= +margin
  double p = 1.0;
};
EquivalenceTest tost(const TTest& test, double margin);

enum class Verdict { kSupported, kContradicted, kInconclusive };
std::string to_string(Verdict verdict);

/// "a is larger than b": supported when p < alpha with the difference positive, contradicted when
/// p < alpha with it negative, inconclusive otherwise.
Verdict verdict_greater(const TTest& test, double alpha);

/// "a and b are equivalent within the margin": supported when the TOST p < alpha, contradicted
/// when the whole (1 - 2 alpha) interval of the difference lies outside (-margin, margin),
/// inconclusive otherwise.
Verdict verdict_equivalent(const TTest& test, const EquivalenceTest& equivalence, double alpha);

/// Two-sided critical t value for `confidence` with `df` degrees of freedom.
double t_critical(double confidence, double df);

}  // namespace tl_boost
