#include "tl_boost/suite_manifest.hpp"

#include <algorithm>

#include "tl_boost/config/json_reader.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/run_output.hpp"

namespace tl_boost {

using nlohmann::json;

bool SuiteManifest::operator==(const SuiteManifest& o) const {
  return name == o.name && seeds == o.seeds && alpha == o.alpha && loss_margin == o.loss_margin &&
         protocols == o.protocols && splits.size() == o.splits.size() &&
         std::equal(splits.begin(), splits.end(), o.splits.begin(), [](const ClassSplit& a, const ClassSplit& b) {
           return a.name == b.name && a.groups == b.groups;
         });
}

json to_json(const SuiteManifest& m) {
  json j = {{"name", m.name}, {"seeds", m.seeds}, {"alpha", m.alpha}, {"loss_margin", m.loss_margin},
            {"protocols", m.protocols}};
  if (!m.splits.empty()) {
    j["splits"] = json::array();
    for (const auto& split : m.splits) j["splits"].push_back({{"name", split.name}, {"groups", split.groups}});
  }
  return j;
}

SuiteManifest manifest_from_json(const json& j, const std::string& origin) {
  // Written by tl-boost: a manifest that does not read back is an IoError.
  JsonObject root(j, {origin + ": expected a suite manifest (name, seeds, alpha, loss_margin, protocols)", "",
                      JsonSource::kRecord});
  SuiteManifest m;
  m.name = root.required<std::string>("name");
  m.seeds = root.required<std::vector<std::uint64_t>>("seeds");
  m.alpha = root.required<double>("alpha");
  m.loss_margin = root.required<double>("loss_margin");
  m.protocols = root.required<std::vector<std::string>>("protocols");
  if (const json* splits = root.find("splits")) {
    const JsonWhere at = root.at("splits");
    if (!splits->is_array()) at.fail("expected an array of splits, found " + json_type_name(*splits));
    for (std::size_t i = 0; i < splits->size(); ++i) {
      JsonObject split((*splits)[i], at.child(i));
      m.splits.push_back({split.required<std::string>("name"),
                          split.required<std::map<std::string, std::vector<std::string>>>("groups")});
    }
  }
  return m;
}

void write_manifest(const std::filesystem::path& path, const SuiteManifest& manifest) {
  write_file_atomic(path, to_json(manifest).dump(2) + "\n");
}

SuiteManifest read_manifest(const std::filesystem::path& path) {
  return manifest_from_json(read_json_file(path), path.string());
}

}  // namespace tl_boost
