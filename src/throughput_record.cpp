#include "tl_boost/throughput_record.hpp"

#include <ctime>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tl_boost/config/json_reader.hpp"
#include "tl_boost/config/json_text.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/run_output.hpp"

namespace tl_boost {

namespace {

using nlohmann::json;

// The record's rates, each named once for writing and reading.
struct RateField {
  const char* name;
  double CostRates::*member;
};
constexpr RateField kRateFields[] = {
    {"train_images_per_second", &CostRates::train_images_per_second},
    {"eval_images_per_second", &CostRates::eval_images_per_second},
    {"probe_feature_images_per_second", &CostRates::probe_feature_images_per_second},
    {"probe_classifier_images_per_second", &CostRates::probe_classifier_images_per_second},
    {"hvp_images_per_second", &CostRates::hvp_images_per_second},
    {"unit_setup_seconds", &CostRates::unit_setup_seconds},
};

json key_json(const ThroughputKey& k) {
  return {{"host", k.host},           {"device", k.device},         {"threads", k.threads},
          {"precision", k.precision}, {"memory_format", k.memory_format}, {"model", k.model},
          {"batch_size", k.batch_size}, {"eval_batch_size", k.eval_batch_size}, {"version", k.version}};
}

json entry_json(const ThroughputKey& key, const RecordedRates& recorded) {
  json rates = json::object();
  for (const RateField& f : kRateFields) rates[f.name] = recorded.rates.*(f.member);
  return {{"key", key_json(key)}, {"rates", rates}, {"recorded_at", recorded.recorded_at}};
}

RecordedRates read_entry_rates(JsonObject& entry) {
  RecordedRates recorded;
  recorded.recorded_at = entry.required<std::string>("recorded_at");
  JsonObject rates = entry.required_object("rates");
  for (const RateField& f : kRateFields) {
    double& rate = recorded.rates.*(f.member);
    rates.read(f.name, rate);
    if (!(rate >= 0.0 && rate < 1e300)) rates.at(f.name).fail("expected a non-negative number");
  }
  // The two rates every unit is priced with.
  if (recorded.rates.train_images_per_second <= 0.0) rates.at("train_images_per_second").fail("expected > 0");
  if (recorded.rates.eval_images_per_second <= 0.0) rates.at("eval_images_per_second").fail("expected > 0");
  return recorded;
}

// The file's entries, checked: an IoError at the JSON pointer of the first that does not read.
json read_entries(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw IoError("cannot read");
  json root;
  try {
    root = parse_config_text(text.str(), path.string());
  } catch (const ConfigError& e) {
    throw IoError(e.what());
  }
  JsonObject top(root, JsonWhere{path.string(), "", JsonSource::kRecord});
  const json* entries = top.find("entries");
  if (entries == nullptr || !entries->is_array()) top.at("entries").fail("expected an array");
  return *entries;
}

}  // namespace

bool ThroughputKey::operator==(const ThroughputKey& o) const {
  return key_json(*this) == key_json(o);
}

RecordLookup find_recorded_rates(const std::filesystem::path& path, const ThroughputKey& key) {
  RecordLookup lookup;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return lookup;
  try {
    const json entries = read_entries(path);
    const json wanted = key_json(key);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      JsonObject entry(entries[i], JsonWhere{path.string(), "/entries/" + std::to_string(i), JsonSource::kRecord});
      const json* entry_key = entry.find("key");
      if (entry_key != nullptr && *entry_key == wanted) lookup.found = read_entry_rates(entry);
    }
  } catch (const Error& e) {
    const std::string what = e.what();
    lookup.problem = what.rfind(path.string(), 0) == 0 ? what : path.string() + ": " + what;
  }
  return lookup;
}

void record_rates(const std::filesystem::path& path, const ThroughputKey& key, const RecordedRates& rates) {
  json kept = json::array();
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    try {
      for (const json& entry : read_entries(path)) {
        if (!(entry.is_object() && entry.contains("key") && entry["key"] == key_json(key))) kept.push_back(entry);
      }
    } catch (const Error&) {
      kept = json::array();  // a file that does not read is replaced
    }
  }
  kept.push_back(entry_json(key, rates));
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw IoError(path.parent_path().string() + ": cannot create: " + ec.message());
  write_file_atomic(path, json{{"entries", kept}}.dump(2) + "\n");
}

std::string utc_now_text() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
  return text;
}

}  // namespace tl_boost
