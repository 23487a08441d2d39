#include "tl_boost/config/overlays.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "tl_boost/config/json_reader.hpp"
#include "tl_boost/config/json_text.hpp"
#include "tl_boost/error.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

constexpr int kMaxExtendsDepth = 32;

[[noreturn]] void fail(const std::string& origin, const std::string& pointer, const std::string& problem) {
  JsonWhere{origin, pointer}.fail(problem);
}

json load_with_parents(const std::filesystem::path& path, std::vector<std::filesystem::path>& chain) {
  const auto canonical = std::filesystem::weakly_canonical(path);
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& p : chain) cycle += p.filename().string() + " -> ";
    throw ConfigError(path.string() + ": /extends: cycle: " + cycle + canonical.filename().string());
  }
  if (chain.size() >= kMaxExtendsDepth) {
    throw ConfigError(path.string() + ": /extends: more than " + std::to_string(kMaxExtendsDepth) + " levels");
  }
  chain.push_back(canonical);
  json self = read_config_file(path, "config file");
  if (!self.is_object()) fail(path.string(), "", "expected a JSON object, found " + json_type_name(self));
  json merged = json::object();
  if (const auto it = self.find("extends"); it != self.end()) {
    if (!it->is_string()) fail(path.string(), "/extends", "expected a file name, found " + json_type_name(*it));
    const std::filesystem::path parent = path.parent_path() / it->get<std::string>();
    if (!std::filesystem::exists(parent)) {
      fail(path.string(), "/extends", "parent config '" + parent.string() + "' does not exist");
    }
    merged = load_with_parents(parent, chain);
    self.erase("extends");
  }
  merge_into(merged, self);
  chain.pop_back();
  return merged;
}

// The JSON pointer an override assigns: train.lr=0.1 -> /train/lr.
std::string override_pointer(const std::string& assignment) {
  std::string pointer = "/" + assignment.substr(0, assignment.find('='));
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  return pointer;
}

// A --set must be UTF-8: the JSON library would refuse to print it back.
void require_utf8(const std::string& assignment) {
  for (std::size_t i = 0; i < assignment.size();) {
    const std::size_t length = utf8_sequence_length(assignment, i);
    if (length != 0) {
      i += length;
      continue;
    }
    std::string shown;  // the assignment with its invalid bytes as '?', printable anywhere
    for (std::size_t k = 0; k < assignment.size();) {
      const std::size_t n = utf8_sequence_length(assignment, k);
      shown += n == 0 ? std::string("?") : assignment.substr(k, n);
      k += n == 0 ? 1 : n;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(assignment[i]));
    throw ConfigError("--set '" + shown + "': byte " + std::to_string(i + 1) + " (" + hex +
                      ") is not UTF-8; give config values as UTF-8 text");
  }
}

// The value of `key_path=text`: JSON if it parses as JSON, else the text itself.
json override_value(const std::string& assignment, const std::string& key_path, const std::string& text) {
  if (too_deep_at(text) != std::string::npos) {
    throw ConfigError("--set " + key_path + "=...: the value nests arrays and objects more than " +
                      std::to_string(kMaxJsonDepth) + " levels deep; a config needs a handful");
  }
  try {
    return json::parse(text);
  } catch (const json::parse_error&) {
    return text;  // bare words such as cuda or cosine
  } catch (const json::exception& e) {
    throw ConfigError(set_origin(assignment) + ": " + e.what());
  }
}

}  // namespace

std::string set_origin(const std::string& assignment) { return "--set '" + assignment + "'"; }

const std::string* override_at(const std::vector<std::string>& overrides, const std::string& pointer) {
  for (auto it = overrides.rbegin(); it != overrides.rend(); ++it) {
    const std::string set = override_pointer(*it);
    if (pointer == set || pointer.rfind(set + "/", 0) == 0) return &*it;
  }
  return nullptr;
}

void merge_into(json& base, const json& patch) {
  if (!base.is_object() || !patch.is_object()) {
    base = patch;
    return;
  }
  for (const auto& [key, value] : patch.items()) {
    if (value.is_object() && base.contains(key) && base[key].is_object()) {
      merge_into(base[key], value);
    } else {
      base[key] = value;
    }
  }
}

json load_config_json(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> chain;
  return load_with_parents(path, chain);
}

void apply_override(json& root, const std::string& assignment, const std::string& origin) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ConfigError(set_origin(assignment) + ": expected key.path=value (for example train.lr=0.05)");
  }
  require_utf8(assignment);
  const std::string key_path = assignment.substr(0, eq);
  const json value = override_value(assignment, key_path, assignment.substr(eq + 1));
  std::vector<std::string> parts;
  std::stringstream keys(key_path);
  for (std::string key; std::getline(keys, key, '.');) parts.push_back(key);
  if (key_path.back() == '.') parts.emplace_back();
  json* node = &root;
  std::string pointer;
  for (const std::string& part : parts) {
    if (part.empty()) throw ConfigError(set_origin(assignment) + ": empty key in '" + key_path + "'");
    pointer += "/" + part;
    if (node->is_null()) *node = json::object();  // a section the file leaves out
    if (!node->is_object()) {
      fail(set_origin(assignment) + ": " + origin, pointer, "cannot set a key inside " + json_type_name(*node));
    }
    node = &(*node)[part];
  }
  *node = value;
}

}  // namespace tl_boost
