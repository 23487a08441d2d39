#include "tl_boost/config/schema.hpp"

namespace tl_boost {

JsonSections::JsonSections(const nlohmann::json& root, const JsonWhere& where) {
  sections_.emplace_back("", std::make_unique<JsonObject>(root, where));
}

JsonObject& JsonSections::section(const std::string& pointer) {
  for (auto& [known, object] : sections_) {
    if (known == pointer) return *object;
  }
  const std::size_t slash = pointer.rfind('/');
  JsonObject& parent = section(pointer.substr(0, slash));
  sections_.emplace_back(pointer, std::make_unique<JsonObject>(parent.object(pointer.substr(slash + 1))));
  return *sections_.back().second;
}

const nlohmann::json* JsonSections::find(const std::string& pointer, JsonWhere& at) {
  const std::size_t slash = pointer.rfind('/');
  JsonObject& object = section(pointer.substr(0, slash));
  const std::string key = pointer.substr(slash + 1);
  at = object.at(key);
  return object.find(key);
}

void JsonSections::reject_unknown_keys() const {
  for (std::size_t i = 1; i < sections_.size(); ++i) sections_[i].second->reject_unknown_keys();
  sections_.front().second->reject_unknown_keys();
}

}  // namespace tl_boost
