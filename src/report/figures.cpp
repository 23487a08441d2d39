#include "tl_boost/report/figures.hpp"

namespace tl_boost {

BySplit target_figure(const SuiteResults& r, const std::string& protocol, double TargetFigures::*figure) {
  BySplit values;
  for (const auto& run : r.runs) {
    if (run.protocol == protocol) values[run.split][run.seed] = run.target.*figure;
  }
  return values;
}

namespace {

template <typename Member>
BySplit probed(const SuiteResults& r, const std::string& protocol, Member ProbeFigures::*figure) {
  BySplit values;
  for (const auto& run : r.runs) {
    if (run.protocol != protocol || !run.probe) continue;
    if (const std::optional<double> v = (*run.probe).*figure) values[run.split][run.seed] = *v;
  }
  return values;
}

}  // namespace

BySplit probe_figure(const SuiteResults& r, const std::string& protocol, double ProbeFigures::*figure) {
  return probed(r, protocol, figure);
}

BySplit probe_figure(const SuiteResults& r, const std::string& protocol, std::optional<double> ProbeFigures::*figure) {
  return probed(r, protocol, figure);
}

BySplit landscape_figure(const SuiteResults& r, const std::string& protocol,
                         std::optional<double> LandscapeFigures::*figure) {
  BySplit values;
  for (const auto& run : r.runs) {
    if (run.protocol == protocol && run.landscape.*figure) values[run.split][run.seed] = *(run.landscape.*figure);
  }
  return values;
}

std::size_t count_of(const BySplit& by_split) {
  std::size_t n = 0;
  for (const auto& [split, by_seed] : by_split) n += by_seed.size();
  return n;
}

std::string figure_name(Figure figure) {
  switch (figure) {
    case Figure::kTestAcc:
      return "test_acc";
    case Figure::kFinalTrainLoss:
      return "final_train_loss";
    case Figure::kTrainValGap:
      return "train_val_gap";
    case Figure::kProbeAcc:
      return "probe_test_acc";
  }
  return "?";
}

ProtocolFigures::ProtocolFigures(const SuiteResults& r) {
  for (const auto& protocol : r.manifest.protocols) {
    figures_[Figure::kTestAcc][protocol] = target_figure(r, protocol, &TargetFigures::test_acc);
    figures_[Figure::kFinalTrainLoss][protocol] = target_figure(r, protocol, &TargetFigures::final_train_loss);
    figures_[Figure::kTrainValGap][protocol] = target_figure(r, protocol, &TargetFigures::train_val_gap);
    figures_[Figure::kProbeAcc][protocol] = probe_figure(r, protocol, &ProbeFigures::final_network);
  }
}

const BySplit& ProtocolFigures::of(Figure figure, const std::string& protocol) const {
  static const BySplit none;
  const auto f = figures_.find(figure);
  if (f == figures_.end()) return none;
  const auto p = f->second.find(protocol);
  return p == f->second.end() ? none : p->second;
}

}  // namespace tl_boost
