#include "tl_boost/suite/interpolation.hpp"

#include <spdlog/spdlog.h>

#include "tl_boost/checkpoint.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/file_lock.hpp"
#include "tl_boost/interpolation_csv.hpp"
#include "tl_boost/landscape.hpp"
#include "tl_boost/protocol.hpp"
#include "tl_boost/run.hpp"
#include "tl_boost/seeds.hpp"

namespace tl_boost {

namespace {

// The final target network of a finished run, from its saved weights.
ConvNet final_network(const ExperimentConfig& config, const RunLayout& run, torch::Device device) {
  const std::vector<StagePlan> plans = plan_stages(config);
  ConvNet net = make_network(config, plans.back(), device);
  load_weights(net, run.stage_weights(plans.back().stage));
  return net;
}

bool trained(const RunLayout& run, const ExperimentConfig& config) {
  const RunState state = inspect_run(run, config).state;
  return state == RunState::kComplete || state == RunState::kOwesMeasures;
}

// One row per α, in interpolation_csv.hpp's column order: the training subset, then the test split.
std::string csv_text(const std::vector<InterpolationPoint>& points) {
  std::string text = interpolation_csv_header();
  for (const InterpolationPoint& p : points) {
    text += fmt::format("{:.6g},{:.6f},{:.6f},{:.6f},{:.6f}\n", p.alpha, p.evaluations[0].loss,
                        p.evaluations[0].accuracy, p.evaluations[1].loss, p.evaluations[1].accuracy);
  }
  return text;
}

// The points along the line from a's final network to b's, on b's task.
std::vector<InterpolationPoint> interpolate(const SuiteInterpolation& how, const ExperimentConfig& config_a,
                                            const RunLayout& run_a, const ExperimentConfig& config_b,
                                            const RunLayout& run_b, const Session& session) {
  const torch::Device device = session.device.device;
  ConvNet a = final_network(config_a, run_a, device);
  ConvNet b = final_network(config_b, run_b, device);
  // b's task and training split: the same for both networks of a pair of protocols with one seed.
  const StageData data = stage_data_of(config_b, plan_stages(config_b).back(), session.data, device);
  const LabelledImages train = seeded_subset(data.train, how.subset, derive_seed(config_b.seed, "interpolation"));
  return interpolate_networks(a, b, alpha_grid(how.points), {&train, &data.test}, config_b.train.eval_batch_size,
                              config_b.precision);
}

// A finished run whose final weights are gone (copied from a results directory, which keeps none)
// cannot be interpolated, and the suite counts it complete, so it would not train it again.
void require_final_weights(const Suite& suite, const InterpolationJob& job, const ExperimentConfig& config,
                           const RunLayout& run) {
  const std::filesystem::path weights = run.stage_weights(plan_stages(config).back().stage);
  if (!trained(run, config) || std::filesystem::is_regular_file(weights)) return;
  throw ConfigError(fmt::format(
      "suite {}: {} is complete but keeps no final weights (expected {}), which the interpolation {} needs; a run "
      "copied from a committed results directory keeps none: run the suite into an --out that holds no copied "
      "runs, or delete {} to train it again",
      suite.config().name, run.dir().string(), weights.string(), suite.interpolation_csv(job).string(),
      run.dir().string()));
}

void write_csv(const std::filesystem::path& csv, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(csv.parent_path(), ec);
  if (ec) throw IoError(csv.parent_path().string() + ": cannot create: " + ec.message());
  write_file_atomic(csv, text);
}

}  // namespace

void check_interpolation_weights(const Suite& suite) {
  if (!suite.config().interpolation) return;
  for (const InterpolationJob& job : suite.interpolations()) {
    if (std::filesystem::is_regular_file(suite.interpolation_csv(job))) continue;
    for (const auto& [protocol, seed] : {std::pair{job.a, job.seed_a}, std::pair{job.b, job.seed_b}}) {
      const ExperimentConfig& config = suite.config_of(job.split, protocol, seed);
      require_final_weights(suite, job, config, suite.layout().run(job.split, config.name, config.seed));
    }
  }
}

std::size_t run_interpolations(const Suite& suite, const std::function<const Session&(const ExperimentConfig&)>& open) {
  const SuiteConfig& config = suite.config();
  if (!config.interpolation || suite.interpolations().empty()) return 0;
  // Two processes on one suite directory: the second waits, then finds the CSVs written.
  std::error_code ec;
  std::filesystem::create_directories(suite.layout().root(), ec);
  if (ec) throw IoError(suite.layout().root().string() + ": cannot create: " + ec.message());
  const FileLock lock(suite.layout().interpolation_lock());
  if (lock.waited()) spdlog::info("suite {}: waited for another process writing its interpolations", config.name);
  std::size_t written = 0;
  for (const InterpolationJob& job : suite.interpolations()) {
    const std::filesystem::path csv = suite.interpolation_csv(job);
    // Done by an earlier invocation; anything else in its place fails its write, naming it.
    if (std::filesystem::is_regular_file(csv)) continue;
    const ExperimentConfig& config_a = suite.config_of(job.split, job.a, job.seed_a);
    const ExperimentConfig& config_b = suite.config_of(job.split, job.b, job.seed_b);
    const RunLayout run_a = suite.layout().run(job.split, config_a.name, config_a.seed);
    const RunLayout run_b = suite.layout().run(job.split, config_b.name, config_b.seed);
    if (!trained(run_a, config_a) || !trained(run_b, config_b)) {
      spdlog::warn("suite {}: {} not interpolated: its target runs are not both complete", config.name, csv.string());
      continue;
    }
    const Session& session = open(config_b);
    spdlog::info("suite {}: interpolating {} seed {} -> {} seed {} ({} points)", config.name, job.protocol_a,
                 job.seed_a, job.protocol_b, job.seed_b, config.interpolation->points);
    write_csv(csv, csv_text(interpolate(*config.interpolation, config_a, run_a, config_b, run_b, session)));
    ++written;
    spdlog::info("suite {}: interpolated {} seed {} -> {} seed {}: {}", config.name, job.protocol_a, job.seed_a,
                 job.protocol_b, job.seed_b, csv.string());
  }
  return written;
}

}  // namespace tl_boost
