// `tl-boost validate`: a config or a suite file checked as the command that runs it would load it,
// printed resolved on stdout; a data directory missing here is a warning (the file may be meant
// for another machine), not an error.
#include <iostream>
#include <set>

#include <spdlog/spdlog.h>

#include "tl_boost/app.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/seeds.hpp"
#include "tl_boost/suggest.hpp"
#include "tl_boost/suite.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

// A suite file names its protocols, a config never does (the schema would refuse the key); a key
// that is a typo of "protocols" counts too, so the suite reader reports every mistyped key.
bool is_suite_file(const std::filesystem::path& path) {
  const json j = read_config_file(path, "config file");
  if (!j.is_object()) return false;
  for (const auto& [key, value] : j.items()) {
    if (closest_match(key, {"protocols"}) == std::optional<std::string>("protocols")) return true;
  }
  return false;
}

void warn_if_missing(const DataConfig& data) {
  std::error_code ec;
  if (std::filesystem::is_directory(data.path(), ec)) return;
  spdlog::warn("{}", missing_data_message(data.where()));
}

int validate_config(const ValidateOptions& options) {
  if (options.seeds || options.splits) {
    throw ConfigError(std::string(options.seeds ? "--seeds" : "--splits") + " applies to suite files; " +
                      options.config.string() + " is a config (its seed: --set seed=N)");
  }
  const ExperimentConfig config = load_config(options.config, options.overrides, options.data);
  std::cout << to_json(config).dump(2) << std::endl;
  warn_if_missing(config.data);
  return 0;
}

// The suite as `suite` would run it: its manifest (name, seeds, protocols, splits), where each
// protocol's config lies, and the units and interpolations `suite --plan` would plan.
json suite_summary(const Suite& suite, const std::vector<std::string>& overrides) {
  json j = to_json(suite.manifest());
  const SuiteConfig& config = suite.config();
  j["file"] = config.file.string();
  j["configs"] = json::object();
  json sets = json::object();  // each protocol's own "set", applied after every override
  for (std::size_t p = 0; p < config.protocols.size(); ++p) {
    const std::string name = j["protocols"][p].get<std::string>();
    j["configs"][name] = config.protocols[p].config.string();
    if (!config.protocols[p].overrides.empty()) sets[name] = config.protocols[p].overrides;
  }
  std::vector<std::string> all_overrides = config.overrides;
  all_overrides.insert(all_overrides.end(), overrides.begin(), overrides.end());
  j["overrides"] = all_overrides;
  if (!sets.empty()) j["set"] = sets;
  j["hypotheses"] = config.hypotheses ? json(config.hypotheses->string()) : json();
  std::size_t sources = 0;
  for (const auto& unit : suite.units()) sources += unit.kind == UnitKind::kSource ? 1 : 0;
  j["units"] = {{"total", suite.units().size()}, {"source", sources}, {"target", suite.units().size() - sources}};
  j["interpolations"] = suite.interpolations().size();
  std::set<std::string> data_dirs;
  for (const auto& unit : suite.units()) data_dirs.insert(suite.config_of(unit).data.path().string());
  j["data_dirs"] = data_dirs;
  return j;
}

int validate_suite(const ValidateOptions& options) {
  SuiteConfig config = load_suite_config(options.config);
  std::vector<std::uint64_t> seeds = parse_seed_list(options.seeds.value_or(config.seeds));
  if (options.splits) config.splits = select_splits(config.splits, *options.splits);
  const Suite suite(std::move(config), std::move(seeds), options.overrides, "runs", options.data);
  std::cout << suite_summary(suite, options.overrides).dump(2) << std::endl;
  std::set<std::string> warned;
  for (const auto& unit : suite.units()) {
    const DataConfig& data = suite.config_of(unit).data;
    if (warned.insert(data.path().string()).second) warn_if_missing(data);
  }
  return 0;
}

}  // namespace

int validate_command(const ValidateOptions& options) {
  return is_suite_file(options.config) ? validate_suite(options) : validate_config(options);
}

}  // namespace tl_boost
