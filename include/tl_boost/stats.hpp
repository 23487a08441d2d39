#pragma once
// Statistics for comparing protocols over seeds: means with t confidence intervals, Welch's and
// the paired t-test, Cohen's d (d_z when paired), two one-sided tests (TOST) for equivalence,
// one-sided p-values, Holm's adjustment for several tests, the two-stage summary over class
// splits, and verdicts. LibTorch-free; the t distribution comes from Boost.Math.
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

/// The alternative hypothesis about mean(a) - mean(b) (or a mean, for two_stage_estimate).
enum class Alternative { kTwoSided, kGreater, kLess };
std::string to_string(Alternative alternative);  // "two-sided", "greater", "less" (R's t.test names)

/// p of t with df degrees of freedom under `alternative`: kGreater is P(T >= t), kLess is
/// P(T <= t). A zero standard error (t = ±inf, or nan when the difference is 0 too) gives 0 or 1.
double p_value(double t, double df, Alternative alternative);

/// p of `test` under `alternative`, from its t and df; kTwoSided gives test.p.
double p_value(const TTest& test, Alternative alternative);

/// The name of `test.cohens_d`: "d_z" for the paired test (mean of the differences over their
/// sd, a different scale from a between-groups d), "Cohen's d" otherwise. Read from `test.name`
/// so that a test rebuilt from report.json answers the same.
std::string effect_size_name(const TTest& test);

/// Holm's (1979) step-down adjustment, in the order of `p`: with p_(1) <= ... <= p_(m), the
/// adjusted p_(i) is max over j <= i of min(1, (m - j + 1) p_(j)). Rejecting where the adjusted
/// p < alpha controls the family-wise error rate at alpha. Ties keep their input order (they get
/// the same adjusted value either way). Throws std::invalid_argument on a negative or nan p.
std::vector<double> holm_adjust(const std::vector<double>& p);

/// The two-stage summary of paired differences over several class splits. Stage 1: each split's
/// mean difference over its seeds (with its own t interval, for a forest plot). Stage 2: the k
/// split means as k observations, so the test's unit is the split and its df is k - 1: an
/// effect that holds for one split only does not pass for a general one however many seeds it has.
/// Alongside, a one-way random-effects ANOVA (splits as the random factor) says how much of the
/// variance of a single difference lies between splits.
struct SplitLevelEstimate {
  std::vector<SampleSummary> per_split;  // stage 1, in input order (one seed: the interval collapses)
  std::size_t splits = 0;                // k
  std::size_t observations = 0;          // N = sum of the splits' seed counts

  // Stage 2: the mean of the split means with a t interval and test over them (df = k - 1).
  double confidence = 0.95;
  Alternative alternative = Alternative::kTwoSided;
  double mean = 0.0;            // mean of the split means (each split weighs the same)
  double sd_of_split_means = 0.0;
  double standard_error = 0.0;  // sd_of_split_means / sqrt(k)
  double ci_low = 0.0;          // two-sided `confidence` interval whatever the alternative
  double ci_high = 0.0;
  double t = 0.0;               // ±inf when every split mean is the same nonzero value
  double df = 0.0;
  double p = 1.0;               // under `alternative`
  bool has_test = false;        // false for k = 1: t 0, p 1, interval collapsed to the mean

  // Random-effects ANOVA. n0 = (N - sum n_i^2 / N) / (k - 1) is the effective split size for
  // unbalanced splits; variance_between = max(0, (ms_between - ms_within) / n0), variance_within
  // = ms_within; between_share = variance_between / (variance_between + variance_within), 0 when
  // both are 0.
  double grand_mean = 0.0;      // mean of all N differences (differs from `mean` when unbalanced)
  double ms_between = 0.0;
  double ms_within = 0.0;
  double n0 = 0.0;
  double variance_between = 0.0;
  double variance_within = 0.0;
  double between_share = 0.0;
  bool has_variance_components = false;  // false when k = 1 or no split has two seeds (N = k)
};

/// Summarises `differences_per_split[i]` (split i's paired differences, one per seed). Throws
/// std::invalid_argument when there are no splits or a split has no differences.
SplitLevelEstimate two_stage_estimate(const std::vector<std::vector<double>>& differences_per_split,
                                      double confidence = 0.95, Alternative alternative = Alternative::kTwoSided);

}  // namespace tl_boost

namespace tl_boost {

/// Paired differences (a − b) with the unit of replication the design gives them: one split, the
/// pairs (a one-sample t over the differences, df = n − 1); several splits, the split means
/// (two_stage_estimate, df = k − 1). Empty splits are skipped.
struct PairedEstimate {
  std::size_t pairs = 0;   // differences in all
  std::size_t splits = 0;  // splits with at least one difference
  Alternative alternative = Alternative::kTwoSided;
  double mean = 0.0;       // of the differences (one split) or of the split means
  double ci_low = 0.0;     // two-sided 95% interval whatever the alternative
  double ci_high = 0.0;
  double standard_error = 0.0;
  double t = 0.0;
  double df = 0.0;
  double p = 1.0;          // under `alternative`
  bool has_test = false;   // false with fewer than 2 pairs (one split) or 2 splits
  /// p under another alternative, from t and df (1 without a test).
  double p_under(Alternative other) const;
};

/// estimate / standard_error; with a zero standard error ±inf (0 when the estimate is 0 too).
double t_statistic(double estimate, double standard_error);

/// Throws std::invalid_argument when no split has a difference.
PairedEstimate paired_estimate(const std::vector<std::vector<double>>& differences_per_split,
                               Alternative alternative = Alternative::kTwoSided);

}  // namespace tl_boost
