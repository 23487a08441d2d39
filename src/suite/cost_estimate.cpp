#include "tl_boost/suite/cost_estimate.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <spdlog/fmt/fmt.h>

#include "tl_boost/benchmark.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/model_options.hpp"
#include "tl_boost/stopwatch.hpp"
#include "tl_boost/progress.hpp"

namespace tl_boost {

namespace {

// The units and interpolations not yet complete, and which kinds of pass they make.
struct PendingWork {
  std::vector<const SuiteUnit*> units;
  std::vector<const InterpolationJob*> interpolations;
  bool probes = false;
  bool sharpness = false;
};

PendingWork pending_work(const Suite& suite) {
  PendingWork work;
  const std::vector<bool> complete = suite.completion();
  for (const auto& unit : suite.units()) {
    if (!complete[unit.index]) work.units.push_back(&unit);
  }
  for (const auto& job : suite.interpolations()) {
    if (!std::filesystem::is_regular_file(suite.interpolation_csv(job))) work.interpolations.push_back(&job);
  }
  for (const SuiteUnit* unit : work.units) {
    const ExperimentConfig& c = suite.config_of(*unit);
    work.probes = work.probes || (unit->kind == UnitKind::kTarget && !c.probe.classes.empty());
    work.sharpness = work.sharpness || (unit->kind == UnitKind::kTarget && c.landscape.sharpness);
  }
  return work;
}

// Measures the throughputs `work` needs on `first`'s model, batch sizes, data and device, in about
// `measure_seconds`; returns the device measured on.
torch::Device measure_rates(const ExperimentConfig& first, const PendingWork& work, double measure_seconds,
                          CostRates& r) {
  // Every unit is a process that reads the dataset and prepares its stages' images before it
  // trains: at small settings that, not training, is most of a unit's time.
  const auto setup_start = std::chrono::steady_clock::now();
  const Session session = open_session(first);
  const BenchData data = make_bench_data(session.data, first.target_classes, first.split_seed(),
                                           first.data.max_per_class);
  r.unit_setup_seconds = seconds_since(setup_start);
  const StepVariant variant{first.memory_format == MemoryFormat::kChannelsLast, BatchInput::kPreallocated,
                            first.precision};
  const ConvNetOptions model = model_options(first, data.num_classes);
  const torch::Device device = session.device.device;
  const double share = measure_seconds / (2 + work.sharpness);  // the probe's measurement is its own length
  const std::int64_t batch = first.train.batch_size, eval_batch = first.train.eval_batch_size;
  throw_if_interrupted("the cost estimate");
  r.train_images_per_second = measure_training(data, model, variant, batch, share, device).images_per_second;
  r.eval_images_per_second = measure_evaluation(data, model, variant, eval_batch, share, device).images_per_second;
  if (work.probes) {
    const ProbeThroughput probe = measure_probe(data, model, variant, batch, eval_batch, device);
    r.probe_feature_images_per_second = probe.feature_images_per_second;
    r.probe_classifier_images_per_second = probe.classifier_images_per_second;
  }
  if (work.sharpness) {
    r.hvp_images_per_second =
        measure_hessian_vector_products(data, model, variant, eval_batch, share, device).images_per_second;
  }
  return device;
}

// Adds the pending units' prices to `e`: sources, then targets, `jobs` at a time. Units at once
// share the cores: more threads than cores stretch every unit alike.
void price_units(const Suite& suite, const PendingWork& work, const SuiteSchedule& schedule, bool on_cpu,
                 SuiteCostEstimate& e) {
  const double cores = std::max(1u, std::thread::hardware_concurrency());
  const double oversubscribed =
      on_cpu ? std::max(1.0, schedule.jobs * schedule.threads / cores) : 1.0;
  for (const UnitKind phase : {UnitKind::kSource, UnitKind::kTarget}) {
    double total = 0, longest = 0;
    std::size_t count = 0;
    for (const SuiteUnit* unit : work.units) {
      if (unit->kind != phase) continue;
      const ExperimentConfig& c = suite.config_of(*unit);
      const UnitCost cost = phase == UnitKind::kSource ? source_unit_cost(c, e.rates) : target_unit_cost(c, e.rates);
      e.unit_epochs += static_cast<std::size_t>(cost.epochs);
      e.training_seconds += cost.setup * oversubscribed + cost.training * oversubscribed;
      e.probe_seconds += cost.probes * oversubscribed;
      e.landscape_seconds += cost.landscape * oversubscribed;
      const double seconds = cost.total() * oversubscribed;
      total += seconds;
      longest = std::max(longest, seconds);
      ++count;
    }
    e.unit_seconds += total;
    if (count > 0) e.wall_seconds += std::max(longest, total / std::min<double>(schedule.jobs, count));
  }
}

}  // namespace

SuiteCostEstimate estimate_suite_cost(const Suite& suite, const SuiteSchedule& schedule, double measure_seconds) {
  SuiteCostEstimate e;
  e.jobs = schedule.jobs;
  e.threads = schedule.threads;
  const PendingWork work = pending_work(suite);
  e.units = work.units.size();
  e.interpolations = work.interpolations.size();
  e.has_interpolations = !suite.interpolations().empty();
  if (work.units.empty() && work.interpolations.empty()) return e;
  // One measurement serves every unit: the suite's protocols share the model, batch size and device.
  const InterpolationJob* job = work.interpolations.empty() ? nullptr : work.interpolations.front();
  const ExperimentConfig& first =
      work.units.empty() ? suite.config_of(job->split, job->b, job->seed_b) : suite.config_of(*work.units.front());
  const torch::Device device = measure_rates(first, work, measure_seconds, e.rates);
  e.device = device.str();
  price_units(suite, work, schedule, device.is_cpu(), e);
  // After every unit, one after another in the suite's own process.
  for (const InterpolationJob* pending : work.interpolations) {
    e.interpolation_seconds += interpolation_seconds(*suite.config().interpolation,
                                                     suite.config_of(pending->split, pending->b, pending->seed_b), e.rates);
  }
  e.wall_seconds += e.interpolation_seconds;
  return e;
}

std::string describe(const SuiteCostEstimate& e, const std::string& suite_name) {
  if (e.units == 0 && e.interpolations == 0) {
    return fmt::format("suite {}: every unit is complete{}; nothing to run", suite_name,
                       e.has_interpolations ? " and every interpolation written" : "");
  }
  std::string parts = fmt::format("training {}", format_duration(e.training_seconds));
  if (e.probe_seconds > 0) parts += fmt::format(", probes {}", format_duration(e.probe_seconds));
  if (e.landscape_seconds > 0) parts += fmt::format(", sharpness at most {}", format_duration(e.landscape_seconds));
  std::string rates = fmt::format("{:.0f} training and {:.0f} evaluation images/s per unit",
                                  e.rates.train_images_per_second, e.rates.eval_images_per_second);
  if (e.rates.probe_feature_images_per_second > 0) {
    rates += fmt::format(", {:.0f} probe-feature and {:.0f} probe-classifier images/s",
                         e.rates.probe_feature_images_per_second, e.rates.probe_classifier_images_per_second);
  }
  if (e.rates.hvp_images_per_second > 0) {
    rates += fmt::format(", {:.0f} images/s of Hessian-vector products", e.rates.hvp_images_per_second);
  }
  std::string interpolations;
  if (e.interpolations > 0) {
    interpolations = fmt::format(", then {} interpolation(s) in {}", e.interpolations,
                                 format_duration(e.interpolation_seconds));
  }
  return fmt::format(
      "suite {}: {} units to run, {} unit-epochs{}; estimated {} wall time at {} job(s) x {} thread(s) on {} "
      "({} of unit work: {}; measured {} and {:.1f}s to read the dataset and prepare a stage)",
      suite_name, e.units, e.unit_epochs, interpolations, format_duration(e.wall_seconds), e.jobs, e.threads, e.device,
      format_duration(e.unit_seconds), parts, rates, e.rates.unit_setup_seconds);
}

}  // namespace tl_boost
