#include "tl_boost/report/barriers.hpp"

#include <map>
#include <numeric>
#include <tuple>

#include "tl_boost/report/curve_measures.hpp"

namespace tl_boost {

namespace {

const SuiteRun* find_run(const SuiteResults& r, const std::string& protocol, const std::string& split,
                         std::uint64_t seed) {
  for (const auto& run : r.runs) {
    if (run.protocol == protocol && run.split == split && run.seed == seed) return &run;
  }
  return nullptr;
}

BarrierKind kind_of(const SuiteResults& r, const InterpolatedPair& i) {
  if (i.a == i.b) return BarrierKind::kAcrossSeeds;
  return joins_twins(r, i) ? BarrierKind::kTwins : BarrierKind::kAcrossProtocols;
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

}  // namespace

bool joins_twins(const SuiteResults& r, const InterpolatedPair& i) {
  if (i.a == i.b || i.seed_a != i.seed_b) return false;
  const SuiteRun* a = find_run(r, i.a, i.split, i.seed_a);
  const SuiteRun* b = find_run(r, i.b, i.split, i.seed_b);
  if (a == nullptr || b == nullptr) return false;
  const auto same = [](const TransferSetup& t) {
    return std::tie(t.groups, t.source_classes, t.target_classes, t.freeze_transferred, t.transfer_layers,
                    t.transfer_init, t.compute_matched, t.source_labels, t.conv1_init, t.max_per_class,
                    t.target_max_per_class);
  };
  return a->transfer.target_seed_offset != b->transfer.target_seed_offset && same(a->transfer) == same(b->transfer);
}

std::vector<BarrierSummary> summarise_barriers(const SuiteResults& r, bool over_splits) {
  std::vector<BarrierSummary> out;
  std::vector<std::map<std::string, std::vector<double>>> by_split;  // per row: split -> barriers
  for (const auto& i : r.interpolations) {
    if (i.curve.alpha.size() < 2) continue;
    std::size_t row = 0;
    while (row < out.size() && !(out[row].a == i.a && out[row].b == i.b)) ++row;
    if (row == out.size()) {
      out.push_back({i.a, i.b, kind_of(r, i), 0, 0, {}});
      by_split.emplace_back();
    }
    by_split[row][i.split].push_back(interpolation_barrier(i.curve.alpha, i.curve.train_loss));
    ++out[row].pairs;
  }
  for (std::size_t row = 0; row < out.size(); ++row) {
    std::vector<double> units;
    for (const auto& [split, barriers] : by_split[row]) {
      if (over_splits) {
        units.push_back(mean(barriers));
      } else {
        units.insert(units.end(), barriers.begin(), barriers.end());
      }
    }
    out[row].splits = over_splits ? by_split[row].size() : 0;
    out[row].barrier = summarize(units);
  }
  return out;
}

}  // namespace tl_boost
