#include "tl_boost/report/summaries.hpp"

#include <algorithm>
#include <array>
#include <numeric>

#include "tl_boost/report/figures.hpp"

namespace tl_boost {

namespace {

// A protocol's figure over its runs; with several class splits over the split means, so that the
// interval has the split as its unit, like the comparisons.
SampleSummary summarize_runs(const BySplit& by_split, bool over_splits) {
  std::vector<double> values;
  for (const auto& [split, by_seed] : by_split) {
    if (by_seed.empty()) continue;
    const std::vector<double> v = values_of(by_seed);
    if (over_splits) {
      values.push_back(std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()));
    } else {
      values.insert(values.end(), v.begin(), v.end());
    }
  }
  return summarize(values);
}

// The 95% CI of each figure's mean with the report's unit: the split means, or the runs.
void add_intervals(const std::map<std::string, std::vector<std::array<double, 5>>>& by_split, bool over_splits,
                   CurveBand* const bands[]) {
  for (std::size_t k = 0; k < 5; ++k) {
    std::vector<double> units;
    for (const auto& [split, rows] : by_split) {
      double sum = 0;
      for (const auto& v : rows) {
        sum += v[k];
        if (!over_splits) units.push_back(v[k]);
      }
      if (over_splits) units.push_back(sum / static_cast<double>(rows.size()));
    }
    const SampleSummary s = summarize(units);
    bands[k]->ci_low.push_back(units.size() < 2 ? s.mean : s.ci_low);
    bands[k]->ci_high.push_back(units.size() < 2 ? s.mean : s.ci_high);
  }
}

// Mean, min and max over the runs of one stage's metrics per epoch, and the CI of the mean.
ProtocolCurves curves(const SuiteResults& r, const std::string& protocol, Stage stage, bool over_splits) {
  constexpr std::size_t kFigures = 5;  // train_acc, val_acc, train_loss, val_loss, gap
  std::map<int, std::vector<std::array<double, kFigures>>> by_epoch;
  std::map<int, std::map<std::string, std::vector<std::array<double, kFigures>>>> by_epoch_and_split;
  bool has_val_loss = true;
  for (const auto& run : r.runs) {
    if (run.protocol != protocol) continue;
    for (const auto& row : run.metrics) {
      if (row.stage != stage) continue;
      has_val_loss = has_val_loss && row.val_loss.has_value();
      const std::array<double, kFigures> values = {row.train_acc, row.val_acc, row.train_loss,
                                                   row.val_loss.value_or(0.0), row.train_acc - row.val_acc};
      by_epoch[row.epoch].push_back(values);
      by_epoch_and_split[row.epoch][run.split].push_back(values);
    }
  }
  ProtocolCurves out;
  CurveBand* const bands[] = {&out.train_acc, &out.val_acc, &out.train_loss, &out.val_loss, &out.gap};
  for (const auto& [epoch, rows] : by_epoch) {
    out.epochs.push_back(epoch);
    for (std::size_t k = 0; k < kFigures; ++k) {
      double sum = 0, lo = rows[0][k], hi = rows[0][k];
      for (const auto& v : rows) sum += v[k], lo = std::min(lo, v[k]), hi = std::max(hi, v[k]);
      bands[k]->mean.push_back(sum / static_cast<double>(rows.size()));
      bands[k]->min.push_back(lo);
      bands[k]->max.push_back(hi);
    }
    add_intervals(by_epoch_and_split.at(epoch), over_splits, bands);
  }
  if (!has_val_loss) out.val_loss = {};
  return out;
}

// The base-task probe of the protocol's final networks and of the reference features its runs probed.
std::optional<ProbeSummary> probe_summary(const SuiteResults& r, const std::string& protocol, bool over_splits) {
  const BySplit final_network = probe_figure(r, protocol, &ProbeFigures::final_network);
  if (final_network.empty()) return std::nullopt;
  const auto reference = [&](std::optional<double> ProbeFigures::*member) -> std::optional<SampleSummary> {
    const BySplit v = probe_figure(r, protocol, member);
    if (v.empty()) return std::nullopt;
    return summarize_runs(v, over_splits);
  };
  return ProbeSummary{summarize_runs(final_network, over_splits), reference(&ProbeFigures::source_network),
                      reference(&ProbeFigures::random_network), reference(&ProbeFigures::conv1_only)};
}

ProtocolSummary protocol_summary(const SuiteResults& r, const std::string& protocol, const BySplit& test_acc,
                                 bool over_splits) {
  ProtocolSummary p;
  const auto over_runs = [&](double TargetFigures::*figure) {
    return summarize_runs(target_figure(r, protocol, figure), over_splits);
  };
  p.seeds = count_of(test_acc);
  if (over_splits) p.splits = test_acc.size();
  p.test_acc = summarize_runs(test_acc, over_splits);
  p.best_val_acc = over_runs(&TargetFigures::best_val_acc);
  p.final_val_acc = over_runs(&TargetFigures::final_val_acc);
  p.final_train_acc = over_runs(&TargetFigures::final_train_acc);
  p.train_val_gap = over_runs(&TargetFigures::train_val_gap);
  p.final_train_loss = over_runs(&TargetFigures::final_train_loss);
  p.curves = curves(r, protocol, Stage::kTarget, over_splits);
  p.source_curves = curves(r, protocol, Stage::kSource, over_splits);
  p.probe = probe_summary(r, protocol, over_splits);
  return p;
}

}  // namespace

std::map<std::string, ProtocolSummary> summarise_protocols(const SuiteResults& r, bool over_splits,
                                                           std::vector<std::string>& order) {
  std::map<std::string, ProtocolSummary> protocols;
  for (const auto& protocol : r.manifest.protocols) {
    const BySplit test_acc = target_figure(r, protocol, &TargetFigures::test_acc);
    if (test_acc.empty()) continue;
    protocols[protocol] = protocol_summary(r, protocol, test_acc, over_splits);
    order.push_back(protocol);
  }
  return protocols;
}

std::optional<TransferGrid> transfer_grid(const RolePlacement& roles,
                                          const std::map<std::string, ProtocolSummary>& protocols,
                                          const ProtocolFigures& figures, const std::vector<std::string>& split_order) {
  const auto accuracy = [&](std::size_t i) {
    const ProtocolSummary& s = protocols.at(roles.name(i));
    return GridAccuracy{roles.name(i), s.seeds, s.test_acc.mean, s.test_acc.ci_low, s.test_acc.ci_high, {}};
  };
  TransferGrid grid;
  std::set<int> depths;
  for (const std::size_t i : roles.grid) {
    if (!protocols.count(roles.name(i))) continue;  // no run with a test accuracy
    const ProtocolRole& role = roles.placed[i].role;
    const bool self = role.source == SourceKind::kSelf;
    const GridCondition condition = self ? (role.frozen ? GridCondition::kBnB : GridCondition::kBnBPlus)
                                         : (role.frozen ? GridCondition::kAnB : GridCondition::kAnBPlus);
    grid.points.push_back({condition, role.depth, accuracy(i)});
    depths.insert(role.depth);
  }
  if (depths.size() < 2) return std::nullopt;
  std::stable_sort(grid.points.begin(), grid.points.end(), [](const GridPoint& a, const GridPoint& b) {
    return std::pair(a.n, a.condition) < std::pair(b.n, b.condition);
  });
  if (!roles.baseline || !protocols.count(roles.name(*roles.baseline))) return grid;
  grid.baseline = accuracy(*roles.baseline);
  const BySplit& base = figures.of(Figure::kTestAcc, grid.baseline->protocol);
  for (GridPoint& p : grid.points) {
    const std::string& name = p.accuracy.protocol;
    p.accuracy.vs_baseline = compare_protocols(figures.of(Figure::kTestAcc, name), base, split_order, name,
                                               grid.baseline->protocol, Alternative::kTwoSided)
                                 .test;
  }
  return grid;
}

std::vector<std::vector<std::string>> source_networks(const SuiteResults& r, const std::vector<std::string>& order) {
  // A protocol's source stage as its runs recorded it: by split and seed, the epochs' figures.
  using SourceStage = std::map<std::pair<std::string, std::uint64_t>, std::vector<std::array<double, 4>>>;
  std::vector<std::pair<SourceStage, std::vector<std::string>>> groups;
  for (const auto& protocol : order) {
    SourceStage stage;
    for (const auto& run : r.runs) {
      if (run.protocol != protocol) continue;
      for (const auto& row : run.metrics) {
        if (row.stage == Stage::kSource) {
          stage[{run.split, run.seed}].push_back({row.train_loss, row.train_acc, row.val_acc, double(row.epoch)});
        }
      }
    }
    if (stage.empty()) continue;
    const auto same = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == stage; });
    if (same != groups.end()) {
      same->second.push_back(protocol);
    } else {
      groups.push_back({stage, {protocol}});
    }
  }
  std::vector<std::vector<std::string>> networks;
  for (auto& group : groups) networks.push_back(std::move(group.second));
  return networks;
}

Provenance provenance(const SuiteResults& r) {
  Provenance p;
  for (const auto& run : r.runs) {
    const RunEnvironment& env = run.environment;
    p.hosts.insert(env.hostname);
    p.cpus.insert(env.cpu);
    p.data_fingerprints.insert(env.data_fingerprint);
    p.libtorch.insert(env.libtorch_version);
    p.devices.insert(env.device);
    p.git_shas.insert(env.git_sha);
    p.threads.insert(env.threads);
    p.data_dirs.insert(run.data_dir);
    ++p.runs_per_machine[env.device + ", CPU " + env.cpu][run.protocol];
    auto& source = p.data_sources[env.data_fingerprint];
    if (!source) source = env.data_source;
  }
  return p;
}

}  // namespace tl_boost
