#include "tl_boost/config/json_reader.hpp"

#include <algorithm>

#include "tl_boost/suggest.hpp"

namespace tl_boost {

using nlohmann::json;

std::string json_type_name(const json& value) {
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "null";
}

void JsonWhere::fail(const std::string& problem) const {
  const std::string at = pointer.empty() ? "/" : pointer;
  if (source == JsonSource::kRecord) throw IoError(origin + ": " + at + ": " + problem);
  throw JsonPathError(origin, at, problem);
}

void read_value(const json& v, const JsonWhere& at, double& out) {
  if (!v.is_number()) at.fail("expected a number, found " + json_type_name(v));
  out = v.get<double>();
}

void read_value(const json& v, const JsonWhere& at, int& out) {
  if (!v.is_number_integer()) at.fail("expected an integer, found " + json_type_name(v));
  const auto wide = v.get<std::int64_t>();
  if (wide < -(1LL << 30) || wide > (1LL << 30)) at.fail("integer out of range: " + v.dump());
  out = static_cast<int>(wide);
}

void read_value(const json& v, const JsonWhere& at, std::uint64_t& out) {
  if (!v.is_number_unsigned()) at.fail("expected a non-negative integer, found " + v.dump());
  out = v.get<std::uint64_t>();
}

void read_value(const json& v, const JsonWhere& at, std::optional<std::uint64_t>& out) {
  if (v.is_null()) {
    out.reset();
    return;
  }
  std::uint64_t value = 0;
  read_value(v, at, value);
  out = value;
}

void read_value(const json& v, const JsonWhere& at, bool& out) {
  if (!v.is_boolean()) at.fail("expected true or false, found " + json_type_name(v));
  out = v.get<bool>();
}

void read_value(const json& v, const JsonWhere& at, std::string& out) {
  if (!v.is_string()) at.fail("expected a string, found " + json_type_name(v));
  out = v.get<std::string>();
}

namespace {

template <class T>
void read_array(const json& v, const JsonWhere& at, std::vector<T>& out, const char* what) {
  if (!v.is_array()) at.fail(std::string("expected an array of ") + what + ", found " + json_type_name(v));
  out.assign(v.size(), T{});
  for (std::size_t i = 0; i < v.size(); ++i) read_value(v[i], at.child(i), out[i]);
}

}  // namespace

void read_value(const json& v, const JsonWhere& at, std::vector<std::string>& out) {
  read_array(v, at, out, "strings");
}

void read_value(const json& v, const JsonWhere& at, std::vector<std::uint64_t>& out) {
  read_array(v, at, out, "non-negative integers");
}

void read_value(const json& v, const JsonWhere& at, std::map<std::string, std::vector<std::string>>& out) {
  if (!v.is_object()) at.fail("expected an object of class lists, found " + json_type_name(v));
  out.clear();
  for (const auto& [name, members] : v.items()) read_value(members, at.child(name), out[name]);
}

JsonObject::JsonObject(const json& value, JsonWhere where) : value_(value), where_(std::move(where)) {
  if (!value_.is_object()) where_.fail("expected an object, found " + json_type_name(value_));
}

const json* JsonObject::find(const std::string& key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  const auto it = value_.find(key);
  return it == value_.end() ? nullptr : &*it;
}

JsonObject JsonObject::object(const std::string& key) {
  static const json kEmpty = json::object();
  const json* value = find(key);
  return JsonObject(value != nullptr ? *value : kEmpty, at(key));
}

JsonObject JsonObject::required_object(const std::string& key) {
  const json* value = find(key);
  if (value == nullptr) at(key).fail("missing");
  return JsonObject(*value, at(key));
}

void JsonObject::reject_unknown_keys(bool list_known) const {
  for (const auto& [key, value] : value_.items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string hint;
    if (const std::optional<std::string> best = closest_match(key, known_)) {
      hint = " (did you mean '" + *best + "'?)";
    } else if (list_known) {
      for (const auto& name : known_) hint += (hint.empty() ? " (expected " : ", ") + name;
      hint += ")";
    }
    at(key).fail("unknown key '" + key + "'" + hint);
  }
}

}  // namespace tl_boost
