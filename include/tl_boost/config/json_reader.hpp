#pragma once
// One reader for every JSON file tl-boost reads (run configs, suite files, suite.json, summaries):
// typed access to an object's keys, every error naming the file, the JSON pointer, what was
// expected and what was found, and unknown keys answered with "did you mean". LibTorch-free.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/error.hpp"

namespace tl_boost {

/// Whose file it is, which decides the error: a person's config or suite file is a usage error
/// (ConfigError, exit 2); a file tl-boost wrote that does not read back is an IoError (exit 4).
enum class JsonSource { kUserFile, kRecord };

/// A problem at a JSON pointer of a person's file, kept apart so that load_config can blame the
/// --set that put the value there.
class JsonPathError : public ConfigError {
 public:
  JsonPathError(const std::string& origin, const std::string& pointer, const std::string& problem)
      : ConfigError(origin + ": " + pointer + ": " + problem), pointer_(pointer) {}
  const std::string& pointer() const { return pointer_; }

 private:
  std::string pointer_;
};

/// "an integer", "a string", ..., "null": what a value is, as errors say it.
std::string json_type_name(const nlohmann::json& value);

/// A place in a file: its origin (the path, or "--set ..."), the JSON pointer and whose file it is.
struct JsonWhere {
  std::string origin;
  std::string pointer;  // "" at the root
  JsonSource source = JsonSource::kUserFile;

  JsonWhere child(const std::string& key) const { return {origin, pointer + "/" + key, source}; }
  JsonWhere child(std::size_t index) const { return child(std::to_string(index)); }
  /// Throws "<origin>: <pointer>: <problem>" as the source's error.
  [[noreturn]] void fail(const std::string& problem) const;
};

// Typed reads of one value; each names `at` and what it found when the value does not fit.
void read_value(const nlohmann::json& v, const JsonWhere& at, double& out);
void read_value(const nlohmann::json& v, const JsonWhere& at, int& out);  // |value| <= 2^30
void read_value(const nlohmann::json& v, const JsonWhere& at, std::uint64_t& out);
void read_value(const nlohmann::json& v, const JsonWhere& at, std::optional<std::uint64_t>& out);  // null: none
void read_value(const nlohmann::json& v, const JsonWhere& at, bool& out);
void read_value(const nlohmann::json& v, const JsonWhere& at, std::string& out);
void read_value(const nlohmann::json& v, const JsonWhere& at, std::vector<std::string>& out);
void read_value(const nlohmann::json& v, const JsonWhere& at, std::vector<std::uint64_t>& out);
void read_value(const nlohmann::json& v, const JsonWhere& at, std::map<std::string, std::vector<std::string>>& out);

/// A setting's name typed by `parse`; the ConfigError of a name it rejects becomes an error at `at`.
template <class Enum>
Enum read_setting(const nlohmann::json& v, const JsonWhere& at, Enum (*parse)(const std::string&)) {
  std::string name;
  read_value(v, at, name);
  try {
    return parse(name);
  } catch (const ConfigError& e) {
    at.fail(e.what());
  }
}

/// One JSON object of a file: the keys a reader asks for are known, the others can be rejected.
class JsonObject {
 public:
  /// Fails "expected an object, found ..." unless `value` is one.
  JsonObject(const nlohmann::json& value, JsonWhere where);

  const JsonWhere& where() const { return where_; }
  JsonWhere at(const std::string& key) const { return where_.child(key); }

  /// The value of `key` (a known key from now on), or nullptr when absent.
  const nlohmann::json* find(const std::string& key);

  /// Reads `key` into `out` when present (else `out` keeps its value); whether it was present.
  template <class T>
  bool read(const std::string& key, T& out) {
    const nlohmann::json* value = find(key);
    if (value != nullptr) read_value(*value, at(key), out);
    return value != nullptr;
  }

  /// Reads `key`, which must be present ("missing" otherwise).
  template <class T>
  T required(const std::string& key) {
    T out{};
    if (!read(key, out)) at(key).fail("missing");
    return out;
  }

  /// The object at `key`; an absent key reads as an empty object.
  JsonObject object(const std::string& key);
  /// The object at `key`, which must be present ("missing" otherwise).
  JsonObject required_object(const std::string& key);

  /// Fails at the first key no reader asked for: "unknown key 'x' (did you mean 'y'?)"; with
  /// `list_known`, a key near none of them is answered with the keys asked for.
  void reject_unknown_keys(bool list_known = false) const;

 private:
  const nlohmann::json& value_;
  JsonWhere where_;
  std::vector<std::string> known_;
};

}  // namespace tl_boost
