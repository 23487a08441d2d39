#include "tl_boost/suite/cost_estimate.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <unistd.h>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "tl_boost/benchmark.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/runtime.hpp"
#include "tl_boost/session.hpp"
#include "tl_boost/throughput_record.hpp"
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

// The first `n` images of `data`: the rates are per image, and a few batches measure them.
BenchData first_images(const BenchData& data, std::int64_t n) {
  BenchData subset = data;
  n = std::min(n, data.contiguous.size());
  subset.contiguous = {data.contiguous.images.narrow(0, 0, n), data.contiguous.labels.narrow(0, 0, n)};
  subset.channels_last = {data.channels_last.images.narrow(0, 0, n), data.channels_last.labels.narrow(0, 0, n)};
  subset.raw_images = data.raw_images.narrow(0, 0, n);
  return subset;
}

// Measures the throughputs `work` needs on `first`'s model, batch sizes, data and device, in about
// `measure_seconds` plus the warm-ups, on 1,024 of its images (whole evaluation batches of them;
// 256 for the Hessian-vector products, the slowest pass, in batches of at most 128).
void measure_rates(const ExperimentConfig& first, const PendingWork& work, double measure_seconds, CostRates& r) {
  // Every unit is a process that reads the dataset and prepares its stages' images before it
  // trains: at small settings that, not training, is most of a unit's time.
  const auto setup_start = std::chrono::steady_clock::now();
  const Session session = open_session(first);
  const BenchData all = make_bench_data(session.data, first.target_classes, first.split_seed(),
                                        first.data.max_per_class);
  r.unit_setup_seconds = seconds_since(setup_start);
  const BenchData data = first_images(all, 1024);
  const StepVariant variant{first.memory_format == MemoryFormat::kChannelsLast, BatchInput::kPreallocated,
                            first.precision};
  const ConvNetOptions model = model_options(first, data.num_classes);
  const torch::Device device = session.device.device;
  const double share = measure_seconds / (2 + work.sharpness);  // the probe's measurement is its own length
  const std::int64_t batch = std::min<std::int64_t>(first.train.batch_size, data.contiguous.size());
  const std::int64_t eval_batch = first.train.eval_batch_size;
  throw_if_interrupted("the cost estimate");
  r.train_images_per_second = measure_training(data, model, variant, batch, share, device).images_per_second;
  // Whole evaluation batches: a short last one would understate the rate.
  const BenchData eval_data = first_images(all, eval_batch * std::max<std::int64_t>(1, 1024 / eval_batch));
  r.eval_images_per_second = measure_evaluation(eval_data, model, variant, eval_batch, share, device).images_per_second;
  if (work.probes) {
    const ProbeThroughput probe = measure_probe(data, model, variant, batch, eval_batch, device);
    r.probe_feature_images_per_second = probe.feature_images_per_second;
    r.probe_classifier_images_per_second = probe.classifier_images_per_second;
  }
  if (work.sharpness) {
    r.hvp_images_per_second = measure_hessian_vector_products(first_images(all, 256), model, variant,
                                                              std::min<std::int64_t>(eval_batch, 128), share, device)
                                  .images_per_second;
  }
}

// Whether `r` prices every kind of pass `work` makes.
bool covers(const CostRates& r, const PendingWork& work) {
  return r.train_images_per_second > 0 && r.eval_images_per_second > 0 &&
         (!work.probes || (r.probe_feature_images_per_second > 0 && r.probe_classifier_images_per_second > 0)) &&
         (!work.sharpness || r.hvp_images_per_second > 0);
}

// What the measurement of `first`'s rates depends on.
ThroughputKey throughput_key(const ExperimentConfig& first, const SuiteSchedule& schedule, const std::string& device) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const ConvNetOptions m = model_options(first, static_cast<std::int64_t>(first.target_classes.size()));
  return {host,
          device,
          schedule.threads,
          to_string(first.precision),
          to_string(first.memory_format),
          fmt::format("conv {}-{} k{}, {} classes", m.conv1_channels, m.conv2_channels, m.kernel_size, m.num_classes),
          first.train.batch_size,
          first.train.eval_batch_size,
          tl_boost_version()};
}

// The rates into `e`: recorded for this key with every rate `work` needs, else measured now (and
// recorded); a record that does not read is named and rewritten.
void obtain_rates(const ExperimentConfig& first, const PendingWork& work, const SuiteSchedule& schedule,
                  const CostEstimateOptions& options, SuiteCostEstimate& e) {
  e.device = resolve_device(first.device).device.str();
  e.record_file = options.record_file;
  const ThroughputKey key = throughput_key(first, schedule, e.device);
  if (options.record_file) {
    const RecordLookup lookup = find_recorded_rates(*options.record_file, key);
    if (!lookup.problem.empty()) spdlog::warn("{}; measuring the throughputs again and rewriting it", lookup.problem);
    if (lookup.found && covers(lookup.found->rates, work)) {
      e.rates = lookup.found->rates;
      e.origin = RatesOrigin::kRecorded;
      e.recorded_at = lookup.found->recorded_at;
      return;
    }
  }
  if (!options.measure) return;
  measure_rates(first, work, options.measure_seconds, e.rates);
  e.origin = RatesOrigin::kMeasured;
  e.recorded_at = utc_now_text();
  if (!options.record_file) return;
  try {
    record_rates(*options.record_file, key, {e.rates, e.recorded_at});
  } catch (const IoError& error) {
    spdlog::warn("the throughputs are not recorded: {}", error.what());
    e.record_file.reset();
  }
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
      e.unit_estimates[unit->index] = seconds;
      total += seconds;
      longest = std::max(longest, seconds);
      ++count;
    }
    e.unit_seconds += total;
    if (count > 0) e.wall_seconds += std::max(longest, total / std::min<double>(schedule.jobs, count));
  }
}

}  // namespace

SuiteCostEstimate estimate_suite_cost(const Suite& suite, const SuiteSchedule& schedule,
                                      const CostEstimateOptions& options) {
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
  obtain_rates(first, work, schedule, options, e);
  if (e.origin == RatesOrigin::kNone) return e;
  e.unit_estimates.assign(suite.units().size(), 0.0);
  price_units(suite, work, schedule, e.device.rfind("cpu", 0) == 0, e);
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
  if (e.origin == RatesOrigin::kNone) {
    return fmt::format("suite {}: {} units to run{}; no throughputs recorded on this machine for these settings",
                       suite_name, e.units, interpolations);
  }
  const std::string where = e.record_file ? " in " + e.record_file->string() : std::string();
  const std::string how = e.origin == RatesOrigin::kMeasured
                              ? fmt::format("measured now{}", e.record_file ? ", recorded" + where : "")
                              : fmt::format("recorded at {}{}; delete the file to measure again", e.recorded_at, where);
  return fmt::format(
      "suite {}: {} units to run, {} unit-epochs{}; estimated {} wall time at {} job(s) x {} thread(s) on {} "
      "({} of unit work: {}; from {} and {:.1f}s to read the dataset and prepare a stage, {})",
      suite_name, e.units, e.unit_epochs, interpolations, format_duration(e.wall_seconds), e.jobs, e.threads, e.device,
      format_duration(e.unit_seconds), parts, rates, e.rates.unit_setup_seconds, how);
}

}  // namespace tl_boost
