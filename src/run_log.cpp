#include "tl_boost/run_log.hpp"

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

namespace tl_boost {

void RunLog::on_stage_start(const StagePlan& stage, std::int64_t train_size, std::int64_t validation_size) {
  spdlog::info("{} stage: {} classes ({}), {} train / {} validation images, {} epochs{}", to_string(stage.stage),
               stage.classes.size(), fmt::join(stage.classes, ","), train_size, validation_size, stage.epochs,
               stage.transferred_layers > 0
                   ? fmt::format(", first {} layer(s) transferred{}", stage.transferred_layers,
                                 stage.freeze_transferred ? " and frozen" : "")
                   : std::string());
}

void RunLog::on_epoch(const StagePlan& stage, const EpochMetrics& m, ConvNet&, torch::optim::Optimizer&) {
  spdlog::info("{} epoch {:>3}/{}  loss {:.4f}  train acc {:.4f}  val acc {:.4f}  lr {:.4g}  {:.1f}s",
               to_string(stage.stage), m.epoch, stage.epochs, m.train_loss, m.train_acc, m.val_acc, m.lr, m.seconds);
}

void RunLog::on_stage_end(const StageResult& result, ConvNet&) {
  spdlog::info("{} stage done: test acc {:.4f}, test loss {:.4f}, {:.1f}s", to_string(result.plan.stage),
               result.test.accuracy, result.test.loss, result.seconds);
}

void RunLog::on_probe(const ProbeResult& probe) {
  spdlog::info("probe on {}: linear classifier on the frozen conv features, test acc {:.4f}, {:.1f}s",
               fmt::join(probe.classes, ","), probe.test.accuracy, probe.seconds);
}

void RunLog::on_landscape(const LandscapeResult& landscape) {
  std::string measures;
  if (landscape.distance) {
    for (const LayerDistance& d : *landscape.distance) {
      measures += fmt::format("{}{} moved {:.4g} ({:.3g} of its start)", measures.empty() ? "" : ", ", d.layer,
                              d.absolute, d.relative);
    }
  }
  if (landscape.sharpness) {
    const SharpnessResult& s = *landscape.sharpness;
    measures += fmt::format("{}sharpness {:.4g} on {} images ({} after {} iterations)", measures.empty() ? "" : "; ",
                            s.top_eigenvalue, s.subset_size, s.converged ? "converged" : "not converged", s.iterations);
  }
  spdlog::info("landscape: {}, {:.1f}s", measures, landscape.seconds);
}

}  // namespace tl_boost
