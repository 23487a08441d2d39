#include "tl_boost/suite/suite.hpp"

#include <spdlog/spdlog.h>

#include "tl_boost/error.hpp"
#include "tl_boost/file_lock.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/run.hpp"
#include "tl_boost/source_cache.hpp"

namespace tl_boost {

namespace {

// One SplitConfigs per split; a suite without splits is one unnamed split of the configs' groups.
std::vector<SplitConfigs> expand_splits(const SuiteConfig& suite, const std::vector<std::uint64_t>& seeds,
                                        const std::vector<std::string>& overrides, const DataDirChoice& data) {
  if (suite.splits.empty()) return {{"", expand_suite(suite, seeds, overrides, nullptr, data)}};
  std::vector<SplitConfigs> splits;
  for (const auto& split : suite.splits) {
    splits.push_back({split.name, expand_suite(suite, seeds, overrides, &split, data)});
  }
  return splits;
}

}  // namespace

Suite::Suite(SuiteConfig config, std::vector<std::uint64_t> seeds, const std::vector<std::string>& overrides,
             const std::filesystem::path& out_root, const DataDirChoice& data)
    : config_(std::move(config)),
      seeds_(std::move(seeds)),
      configs_(expand_splits(config_, seeds_, overrides, data)),
      units_(plan_suite(configs_)),
      interpolations_(config_.interpolation
                          ? plan_interpolations(*config_.interpolation, configs_,
                                                config_.file.empty() ? "suite " + config_.name : config_.file.string())
                          : std::vector<InterpolationJob>{}),
      layout_(out_root / config_.name) {}

const ExperimentConfig& Suite::config_of(const std::string& split, std::size_t protocol, std::uint64_t seed) const {
  for (const auto& s : configs_) {
    if (s.split != split) continue;
    for (const auto& c : s.configs.at(protocol)) {
      if (c.seed == seed) return c;
    }
  }
  throw ConfigError("suite " + config_.name + ": no config for protocol " + std::to_string(protocol) + " seed " +
                    std::to_string(seed) + (split.empty() ? "" : " of split " + split));
}

std::filesystem::path Suite::interpolation_csv(const InterpolationJob& job) const {
  return layout_.interpolation(job.split, job.protocol_a, job.protocol_b, job.seed_a, job.seed_b);
}

const ExperimentConfig& Suite::config_of(const SuiteUnit& unit) const {
  for (const auto& split : configs_) {
    if (split.split != unit.split) continue;
    for (const auto& protocol : split.configs) {
      for (const auto& c : protocol) {
        if (c.name == unit.protocol && c.seed == unit.seed) return c;
      }
    }
  }
  throw ConfigError("suite " + config_.name + ": no config for unit " + std::to_string(unit.index));
}

const ClassSplit* Suite::split_of(const SuiteUnit& unit) const {
  for (const auto& split : config_.splits) {
    if (split.name == unit.split) return &split;
  }
  return nullptr;
}

SuiteManifest Suite::manifest() const {
  SuiteManifest m;
  m.name = config_.name;
  m.seeds = seeds_;
  m.alpha = config_.alpha;
  m.loss_margin = config_.loss_margin;
  for (const auto& protocol : configs_.front().configs) m.protocols.push_back(protocol.front().name);
  m.splits = config_.splits;
  return m;
}

std::vector<bool> Suite::completion() const {
  std::vector<bool> complete(units_.size(), false);
  std::vector<bool> needed(units_.size(), false);  // a source some incomplete target needs
  for (const auto& unit : units_) {
    if (unit.kind != UnitKind::kTarget) continue;
    throw_if_interrupted("reading the suite's runs");  // a large suite's summaries take a while to read
    const ExperimentConfig& config = config_of(unit);
    complete[unit.index] =
        inspect_run(layout_.run(unit.split, config.name, config.seed), config).state == RunState::kComplete;
    if (!complete[unit.index] && unit.source_unit) needed[*unit.source_unit] = true;
  }
  for (const auto& unit : units_) {
    if (unit.kind == UnitKind::kSource) complete[unit.index] = !needed[unit.index] || source_cached(layout_, unit.source_key);
  }
  return complete;
}

std::vector<nlohmann::json> Suite::plan() const {
  const std::vector<bool> complete = completion();
  std::vector<nlohmann::json> lines;
  for (const auto& unit : units_) {
    nlohmann::json line = to_json(unit);
    line["complete"] = static_cast<bool>(complete[unit.index]);
    lines.push_back(line);
  }
  return lines;
}

void Suite::run_unit(const SuiteUnit& unit, const Session& session, const std::string& command_line,
                     const std::optional<RunCommand>& command) const {
  const ExperimentConfig& config = config_of(unit);
  if (unit.kind == UnitKind::kSource) {
    ensure_cached_source(config, layout_, session);
    return;
  }
  const RunLayout run = layout_.run(unit.split, config.name, config.seed);
  std::error_code ec;
  std::filesystem::create_directories(run.dir().parent_path(), ec);
  if (ec) throw IoError(run.dir().parent_path().string() + ": cannot create: " + ec.message());
  // Two processes on one suite directory (two suite commands, cluster tasks) must not train one
  // run at once in the same files: the second waits, then finds the run complete.
  const FileLock lock(run.lock());
  if (lock.waited()) spdlog::info("waited for another process running {}", run.dir().string());
  // A suite has no --resume: the same command continues it.
  RunTarget target{run, RunEntry::kResume, command_line, std::nullopt, "", command};
  if (const ClassSplit* split = split_of(unit)) target.split = split->name;
  if (!unit.source_key.empty()) {
    target.cached_source = layout_.source(unit.source_key);
    // Normally its source unit ran first; a target run on its own (--unit) trains a missing one.
    const RunState state = inspect_run(target.layout, config).state;
    if (state != RunState::kComplete && state != RunState::kOwesMeasures) ensure_cached_source(config, layout_, session);
  }
  execute_run(config, target, session);
}

}  // namespace tl_boost
