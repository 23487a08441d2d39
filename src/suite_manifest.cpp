#include "tl_boost/suite_manifest.hpp"

#include <algorithm>

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
  try {
    SuiteManifest m;
    m.name = j.at("name").get<std::string>();
    m.seeds = j.at("seeds").get<std::vector<std::uint64_t>>();
    m.alpha = j.at("alpha").get<double>();
    m.loss_margin = j.at("loss_margin").get<double>();
    m.protocols = j.at("protocols").get<std::vector<std::string>>();
    if (j.contains("splits")) {
      for (const auto& split : j.at("splits")) {
        m.splits.push_back({split.at("name").get<std::string>(),
                            split.at("groups").get<std::map<std::string, std::vector<std::string>>>()});
      }
    }
    return m;
  } catch (const json::exception& e) {
    throw IoError(origin + ": expected a suite manifest (name, seeds, alpha, loss_margin, protocols), found: " +
                  e.what());
  }
}

void write_manifest(const std::filesystem::path& path, const SuiteManifest& manifest) {
  write_file_atomic(path, to_json(manifest).dump(2) + "\n");
}

SuiteManifest read_manifest(const std::filesystem::path& path) {
  return manifest_from_json(read_json_file(path), path.string());
}

}  // namespace tl_boost
