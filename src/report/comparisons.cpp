#include "tl_boost/report/comparisons.hpp"

#include <cmath>

namespace tl_boost {

namespace {

const BySeed& seeds_of(const BySplit& by_split, const std::string& split) {
  static const BySeed none;
  const auto it = by_split.find(split);
  return it == by_split.end() ? none : it->second;
}

// Stage 2 of the two-stage estimate as a t-test, so that every comparison reads one way.
TTest stage_two_test(const SplitLevelEstimate& e) {
  TTest t;
  t.name = "two-stage t-test over split means";
  t.difference = e.mean;
  t.ci_low = e.ci_low;
  t.ci_high = e.ci_high;
  t.standard_error = e.standard_error;
  t.t = e.t;
  t.df = e.df;
  t.p = p_or_one(p_value(e.t, e.df, Alternative::kTwoSided));
  t.cohens_d = e.sd_of_split_means > 0 ? e.mean / e.sd_of_split_means : 0.0;
  return t;
}

}  // namespace

std::vector<double> values_of(const BySeed& by_seed) {
  std::vector<double> v;
  for (const auto& [seed, value] : by_seed) v.push_back(value);
  return v;
}

double p_or_one(double p) { return std::isnan(p) ? 1.0 : p; }

std::string Comparison::test_name() const {
  if (test) return test->name;
  if (not_estimable) return "none (not estimable: every difference is the same)";
  return splits ? "none (fewer than 2 splits)" : "none (fewer than 2 seeds)";
}

namespace {

// A test of differences without spread has no interval and decides nothing: it is dropped.
Comparison& with_estimable_test(Comparison& c, const TTest& test) {
  if (test.standard_error > 0) {
    c.test = test;
  } else {
    c.not_estimable = true;
  }
  return c;
}

}  // namespace

double Comparison::p() const { return test ? p_or_one(p_value(*test, alternative)) : 1.0; }

double Comparison::p_opposite() const {
  const Alternative opposite = alternative == Alternative::kGreater ? Alternative::kLess
                               : alternative == Alternative::kLess  ? Alternative::kGreater
                                                                    : alternative;
  return test ? p_or_one(p_value(*test, opposite)) : 1.0;
}

std::string Comparison::effect_size_name() const {
  // Stage 2 is a one-sample test of the split means of paired differences: d_z over splits.
  if (splits) return "d_z";
  return test ? tl_boost::effect_size_name(*test) : "d_z";
}

std::optional<double> Comparison::deciding_p() const {
  if (!test) return std::nullopt;
  if (equivalence) return equivalence->p;
  return p_holm;
}

Comparison compare_by_seed(const BySeed& a, const BySeed& b, const std::string& a_name, const std::string& b_name) {
  Comparison c;
  c.a = a_name;
  c.b = b_name;
  if (a.size() < 2 || b.size() < 2) return c;
  std::vector<std::uint64_t> seeds_a, seeds_b;
  for (const auto& [s, v] : a) seeds_a.push_back(s);
  for (const auto& [s, v] : b) seeds_b.push_back(s);
  return with_estimable_test(
      c, seeds_a == seeds_b ? paired_t_test(values_of(a), values_of(b)) : welch_t_test(values_of(a), values_of(b)));
}

Comparison compare_paired(const BySeed& a, const BySeed& b, const std::string& a_name, const std::string& b_name) {
  std::vector<double> va, vb;
  std::vector<std::string> unpaired;
  for (const auto& [seed, value] : a) {
    const auto it = b.find(seed);
    if (it == b.end()) {
      unpaired.push_back("seed " + std::to_string(seed) + ": only " + a_name);
      continue;
    }
    va.push_back(value);
    vb.push_back(it->second);
  }
  for (const auto& [seed, value] : b) {
    if (!a.count(seed)) unpaired.push_back("seed " + std::to_string(seed) + ": only " + b_name);
  }
  if (va.size() < 2) return compare_by_seed(a, b, a_name, b_name);
  Comparison c;
  c.a = a_name;
  c.b = b_name;
  c.unpaired = unpaired;
  return with_estimable_test(c, paired_t_test(va, vb));
}

Comparison compare_over_splits(const BySplit& a, const BySplit& b, const std::vector<std::string>& split_order,
                               const std::string& a_name, const std::string& b_name, Alternative alternative) {
  Comparison c;
  c.a = a_name;
  c.b = b_name;
  c.alternative = alternative;
  SplitComparison splits;
  std::vector<std::vector<double>> differences;
  for (const auto& split : split_order) {
    const BySeed& sa = seeds_of(a, split);
    const BySeed& sb = seeds_of(b, split);
    std::vector<double> d;
    for (const auto& [seed, value] : sa) {
      const auto it = sb.find(seed);
      if (it != sb.end()) {
        d.push_back(value - it->second);
      } else {
        c.unpaired.push_back(split + " seed " + std::to_string(seed) + ": only " + a_name);
      }
    }
    for (const auto& [seed, value] : sb) {
      if (!sa.count(seed)) c.unpaired.push_back(split + " seed " + std::to_string(seed) + ": only " + b_name);
    }
    if (d.empty()) continue;
    splits.splits.push_back(split);
    differences.push_back(d);
  }
  if (differences.empty()) return c;
  splits.estimate = two_stage_estimate(differences, 0.95, alternative);
  if (splits.estimate.has_test) with_estimable_test(c, stage_two_test(splits.estimate));
  c.splits = std::move(splits);
  return c;
}

Comparison compare_protocols(const BySplit& a, const BySplit& b, const std::vector<std::string>& split_order,
                             const std::string& a_name, const std::string& b_name, Alternative alternative) {
  if (split_order.size() >= 2) return compare_over_splits(a, b, split_order, a_name, b_name, alternative);
  const std::string only = split_order.empty() ? "" : split_order.front();
  Comparison c = compare_paired(seeds_of(a, only), seeds_of(b, only), a_name, b_name);
  c.alternative = alternative;
  return c;
}

std::vector<FamilyResult> judge_family(const std::vector<OneSidedP>& family, double alpha) {
  std::vector<double> p, p_opposite;
  for (const OneSidedP& member : family) {
    p.push_back(member.p);
    p_opposite.push_back(member.p_opposite);
  }
  const std::vector<double> adjusted = holm_adjust(p), adjusted_opposite = holm_adjust(p_opposite);
  std::vector<FamilyResult> results;
  for (std::size_t i = 0; i < family.size(); ++i) {
    const Verdict v = adjusted[i] < alpha            ? Verdict::kSupported
                      : adjusted_opposite[i] < alpha ? Verdict::kContradicted
                                                     : Verdict::kInconclusive;
    results.push_back({adjusted[i], adjusted_opposite[i], v});
  }
  return results;
}

EquivalenceResult judge_equivalence(const TTest& test, double margin, double alpha) {
  const EquivalenceTest e = tost(test, margin);
  return {e, verdict_equivalent(test, e, alpha)};
}

}  // namespace tl_boost
