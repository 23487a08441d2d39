#pragma once
// A config type's schema: each field declared once — its JSON pointer (spelled by its member path),
// its check and what it means to the experiment's identity — drives reading, writing, checking and
// the identity. The defaults are the struct's own member initialisers. As LibTorch's TORCH_ARG
// declares an option once, one line of a schema declares a field:
//   TL_BOOST_FIELD(ExperimentConfig, train.lr).source().must("must be > 0", [](double v) { return v > 0; })
// LibTorch-free.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tl_boost/config/json_reader.hpp"

namespace tl_boost {

/// What a field means to the experiment's identity (experiment_identity.hpp).
enum class Identity {
  kPart,               // makes a run what it is
  kPartUnlessDefault,  // came after runs were recorded: joins only away from its default, so older
                       // identities, source keys and resumable runs stay what they were
  kNone,               // changes neither the networks nor their training (free text, where it runs,
                       // what is measured afterwards)
};

template <class Config>
struct Field {
  std::string pointer;  // "/train/lr"
  Identity identity = Identity::kPart;
  bool source = false;  // determines the source network (source_key)
  std::function<void(const nlohmann::json&, const JsonWhere&, Config&)> read;
  std::function<nlohmann::json(const Config&)> write;
  std::function<nlohmann::json(const Config&)> source_value;  // what the source identity records, if not `write`
  std::vector<std::function<std::string(const Config&)>> checks;  // each: the problem, or ""
};

/// A value as a message shows it: numbers as a person writes them (no 309-digit DBL_MAX).
template <class T>
std::string shown_value(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

/// An optional field's value as JSON: null when unset.
inline nlohmann::json write_value(const std::optional<std::uint64_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

/// A field's value as JSON: enums by their names (to_string, found by argument-dependent lookup).
template <class T>
nlohmann::json write_value(const T& value) {
  if constexpr (std::is_enum_v<T>) {
    return to_string(value);
  } else {
    return nlohmann::json(value);
  }
}

template <class Config, class Get>
class FieldBuilder {
 public:
  FieldBuilder(const std::string& member_path, Get get) : get_(get) {
    field_.pointer = "/" + member_path;
    for (char& c : field_.pointer) c = c == '.' ? '/' : c;
    field_.read = [get](const nlohmann::json& v, const JsonWhere& at, Config& c) { read_value(v, at, get(c)); };
    field_.write = [get](const Config& c) { return write_value(get(c)); };
  }

  FieldBuilder& identity(Identity identity) {
    field_.identity = identity;
    return *this;
  }
  FieldBuilder& source() {
    field_.source = true;
    return *this;
  }
  template <class Value>
  FieldBuilder& source_value(Value value) {
    field_.source = true;
    field_.source_value = [value](const Config& c) { return nlohmann::json(value(c)); };
    return *this;
  }
  /// "<rule>, found <value>" unless ok(value) (or ok(value, config)).
  template <class Ok>
  FieldBuilder& must(const std::string& rule, Ok ok) {
    Get get = get_;
    field_.checks.push_back([get, rule, ok](const Config& c) -> std::string {
      const auto& value = get(c);
      bool fine = false;
      if constexpr (std::is_invocable_v<Ok, decltype(value), const Config&>) {
        fine = ok(value, c);
      } else {
        fine = ok(value);
      }
      return fine ? "" : rule + ", found " + shown_value(value);
    });
    return *this;
  }
  /// `problem(value)`: what is wrong with the value, or "".
  template <class Problem>
  FieldBuilder& check(Problem problem) {
    Get get = get_;
    field_.checks.push_back([get, problem](const Config& c) { return std::string(problem(get(c))); });
    return *this;
  }

  operator Field<Config>() const { return field_; }  // NOLINT: a schema lists builders as fields

 private:
  Field<Config> field_;
  Get get_;
};

template <class Config, class Get>
FieldBuilder<Config, Get> make_field(const std::string& member_path, Get get) {
  return FieldBuilder<Config, Get>(member_path, get);
}

/// The field of `Config` at `member` (a member path such as train.lr), whose JSON pointer is /train/lr.
#define TL_BOOST_FIELD(Config, member) \
  ::tl_boost::make_field<Config>(#member, [](auto& c) -> auto& { return c.member; })

/// The objects of one JSON document, reached by the pointers of a schema's fields.
class JsonSections {
 public:
  JsonSections(const nlohmann::json& root, const JsonWhere& where);
  /// The value at `pointer` (its object's key is known from now on), or nullptr; `at` names it.
  const nlohmann::json* find(const std::string& pointer, JsonWhere& at);
  /// Every object's unknown keys refused, the inner objects' first.
  void reject_unknown_keys() const;

 private:
  JsonObject& section(const std::string& pointer);
  std::vector<std::pair<std::string, std::unique_ptr<JsonObject>>> sections_;
};

/// Reads every field present in `root` into `config` (an absent one keeps its value); a person's
/// file has its unknown keys refused.
template <class Config>
void read_fields(const std::vector<Field<Config>>& fields, const nlohmann::json& root, const JsonWhere& where,
                 Config& config) {
  JsonSections sections(root, where);
  for (const auto& field : fields) {
    JsonWhere at;
    if (const nlohmann::json* value = sections.find(field.pointer, at)) field.read(*value, at, config);
  }
  if (where.source == JsonSource::kUserFile) sections.reject_unknown_keys();
}

/// Fails at the first field whose check finds a problem.
template <class Config>
void check_fields(const std::vector<Field<Config>>& fields, const Config& config, const std::string& origin) {
  for (const auto& field : fields) {
    for (const auto& check : field.checks) {
      if (const std::string problem = check(config); !problem.empty()) JsonWhere{origin, field.pointer}.fail(problem);
    }
  }
}

/// Every field at its pointer.
template <class Config>
nlohmann::json fields_to_json(const std::vector<Field<Config>>& fields, const Config& config) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& field : fields) j[nlohmann::json::json_pointer(field.pointer)] = field.write(config);
  return j;
}

/// The fields that make `config` what it is, at their pointers; with `source_only`, those of them
/// that determine the source network, as the source network sees them.
template <class Config>
nlohmann::json identity_json(const std::vector<Field<Config>>& fields, const Config& config, bool source_only) {
  static const Config kDefaults{};
  nlohmann::json j = nlohmann::json::object();
  for (const auto& field : fields) {
    if (field.identity == Identity::kNone || (source_only && !field.source)) continue;
    nlohmann::json value = field.write(config);
    if (field.identity == Identity::kPartUnlessDefault && value == field.write(kDefaults)) continue;
    if (source_only && field.source_value) value = field.source_value(config);
    j[nlohmann::json::json_pointer(field.pointer)] = value;
  }
  return j;
}

}  // namespace tl_boost
