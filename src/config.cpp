#include "tl_boost/config.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "tl_boost/error.hpp"
#include "tl_boost/model_options.hpp"
#include "tl_boost/splits.hpp"
#include "tl_boost/suggest.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

constexpr int kMaxExtendsDepth = 32;
// A config nests four levels deep at most; the JSON library copies, compares and prints values
// recursively, so a value nested thousands of levels deep would overflow the stack.
constexpr int kMaxJsonDepth = 64;

std::string type_name(const json& value) {
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "null";
}

// A problem at a JSON path, kept apart so that load_config can name the --set that put it there.
class PathError : public ConfigError {
 public:
  PathError(const std::string& origin, const std::string& pointer, const std::string& problem)
      : ConfigError(origin + ": " + pointer + ": " + problem), pointer_(pointer) {}
  const std::string& pointer() const { return pointer_; }

 private:
  std::string pointer_;
};

// Errors carry "<origin>: <json pointer>: <problem>".
[[noreturn]] void fail(const std::string& origin, const std::string& pointer, const std::string& problem) {
  throw PathError(origin, pointer.empty() ? "/" : pointer, problem);
}

// How an override names itself in errors: quoted, as a shell would take it back.
std::string set_origin(const std::string& assignment) { return "--set '" + assignment + "'"; }

// The JSON pointer an override assigns: train.lr=0.1 -> /train/lr.
std::string override_pointer(const std::string& assignment) {
  std::string pointer = "/" + assignment.substr(0, assignment.find('='));
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  return pointer;
}

// The last override that set the value at `pointer` or an object holding it, if any.
const std::string* override_at(const std::vector<std::string>& overrides, const std::string& pointer) {
  for (auto it = overrides.rbegin(); it != overrides.rend(); ++it) {
    const std::string set = override_pointer(*it);
    if (pointer == set || pointer.rfind(set + "/", 0) == 0) return &*it;
  }
  return nullptr;
}

// Reads the known keys of one JSON object into typed fields and rejects the rest.
class Section {
 public:
  Section(const json& object, std::string pointer, const std::string& origin)
      : object_(object), pointer_(std::move(pointer)), origin_(origin) {
    if (!object_.is_object()) fail(origin_, pointer_, "expected an object, found " + type_name(object_));
  }

  template <class T>
  void field(const char* key, T& out) {
    known_.emplace_back(key);
    const auto it = object_.find(key);
    if (it != object_.end()) read(*it, path(key), out);
  }

  Section section(const char* key) {
    known_.emplace_back(key);
    const auto it = object_.find(key);
    return Section(it != object_.end() ? *it : empty_object(), path(key), origin_);
  }

  void reject_unknown_keys() const {
    for (const auto& [key, value] : object_.items()) {
      if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
      const std::optional<std::string> best = closest_match(key, known_);
      fail(origin_, path(key.c_str()), "unknown key '" + key + "'" + (best ? " (did you mean '" + *best + "'?)" : ""));
    }
  }

  std::string path(const char* key) const { return pointer_ + "/" + key; }
  const std::string& origin() const { return origin_; }

 private:
  static const json& empty_object() {
    static const json kEmpty = json::object();
    return kEmpty;
  }

  void read(const json& v, const std::string& p, double& out) const {
    if (!v.is_number()) fail(origin_, p, "expected a number, found " + type_name(v));
    out = v.get<double>();
  }
  void read(const json& v, const std::string& p, int& out) const {
    if (!v.is_number_integer()) fail(origin_, p, "expected an integer, found " + type_name(v));
    const auto wide = v.get<std::int64_t>();
    if (wide < -(1LL << 30) || wide > (1LL << 30)) fail(origin_, p, "integer out of range: " + v.dump());
    out = static_cast<int>(wide);
  }
  void read(const json& v, const std::string& p, std::uint64_t& out) const {
    if (!v.is_number_unsigned()) fail(origin_, p, "expected a non-negative integer, found " + v.dump());
    out = v.get<std::uint64_t>();
  }
  void read(const json& v, const std::string& p, std::optional<std::uint64_t>& out) const {
    if (v.is_null()) {
      out.reset();
      return;
    }
    std::uint64_t value = 0;
    read(v, p, value);
    out = value;
  }
  void read(const json& v, const std::string& p, bool& out) const {
    if (!v.is_boolean()) fail(origin_, p, "expected true or false, found " + type_name(v));
    out = v.get<bool>();
  }
  void read(const json& v, const std::string& p, std::string& out) const {
    if (!v.is_string()) fail(origin_, p, "expected a string, found " + type_name(v));
    out = v.get<std::string>();
  }
  void read(const json& v, const std::string& p, ScheduleKind& out) const {
    std::string name;
    read(v, p, name);
    try {
      out = parse_schedule_kind(name);
    } catch (const ConfigError& e) {
      fail(origin_, p, e.what());
    }
  }
  void read(const json& v, const std::string& p, std::vector<std::string>& out) const {
    if (!v.is_array()) fail(origin_, p, "expected an array of strings, found " + type_name(v));
    out.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::string item;
      read(v[i], p + "/" + std::to_string(i), item);
      out.push_back(item);
    }
  }
  void read(const json& v, const std::string& p, std::map<std::string, std::vector<std::string>>& out) const {
    if (!v.is_object()) fail(origin_, p, "expected an object of class lists, found " + type_name(v));
    out.clear();
    for (const auto& [name, members] : v.items()) read(members, p + "/" + name, out[name]);
  }

  const json& object_;
  std::string pointer_;
  const std::string& origin_;
  std::vector<std::string> known_;
};

// A setting's name as its enum; a name `parse` rejects becomes an error at `pointer`.
template <class Enum>
Enum parse_setting(Enum (*parse)(const std::string&), const std::string& name, const std::string& origin,
                   const std::string& pointer) {
  try {
    return parse(name);
  } catch (const ConfigError& e) {
    fail(origin, pointer, e.what());
  }
}

void require(bool ok, const std::string& origin, const std::string& pointer, const std::string& problem) {
  if (!ok) fail(origin, pointer, problem);
}

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// Where `text` opens its (kMaxJsonDepth + 1)th level of arrays and objects (outside strings), or npos.
std::size_t too_deep_at(const std::string& text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string::npos;
}

// The length of the UTF-8 sequence at text[i], or 0 where it is not valid UTF-8.
std::size_t utf8_sequence_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

json parse_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(path.string() + ": cannot open config file (" +
                      (std::filesystem::exists(path) ? "not readable" : "no such file") + ")");
  }
  return parse_config_text(std::string(std::istreambuf_iterator<char>(in), {}), path.string());
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
  json self = parse_json_file(path);
  if (!self.is_object()) fail(path.string(), "", "expected a JSON object, found " + type_name(self));
  json merged = json::object();
  if (const auto it = self.find("extends"); it != self.end()) {
    if (!it->is_string()) fail(path.string(), "/extends", "expected a file name, found " + type_name(*it));
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

}  // namespace

TransferInit parse_transfer_init(const std::string& name) {
  if (name == "copy") return TransferInit::kCopy;
  if (name == "matched_statistics") return TransferInit::kMatchedStatistics;
  if (name == "permuted_taps") return TransferInit::kPermutedTaps;
  throw ConfigError("unknown transfer_init '" + name + "' (expected copy, matched_statistics or permuted_taps)");
}

std::string to_string(TransferInit init) {
  switch (init) {
    case TransferInit::kCopy: return "copy";
    case TransferInit::kMatchedStatistics: return "matched_statistics";
    case TransferInit::kPermutedTaps: return "permuted_taps";
  }
  return "copy";
}

std::string unsafe_name_problem(const std::string& name) {
  const bool safe = !name.empty() && name != "." && name != ".." &&
                    std::all_of(name.begin(), name.end(), [](unsigned char c) {
                      return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '+';
                    });
  return safe ? "" : "'" + name + "' must be a non-empty file name of letters, digits, '.', '_', '-' or '+'";
}

json parse_config_text(const std::string& text, const std::string& origin) {
  if (const std::size_t at = too_deep_at(text); at != std::string::npos) {
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
    const std::size_t line_start = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
    throw ConfigError(origin + ":" + std::to_string(line) + ":" + std::to_string(at - line_start + 1) +
                      ": arrays and objects nested more than " + std::to_string(kMaxJsonDepth) +
                      " levels deep; a config needs a handful");
  }
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // Turn the byte offset into a line and column a person can jump to.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string reason = e.what();
    if (const auto pos = reason.find("syntax error"); pos != std::string::npos) reason = reason.substr(pos);
    throw ConfigError(origin + ":" + std::to_string(line) + ":" + std::to_string(column) + ": invalid JSON: " + reason);
  } catch (const json::exception& e) {
    // Not a syntax error, but JSON that cannot be represented, e.g. a number that overflows a double.
    throw ConfigError(origin + ": invalid JSON: " + e.what());
  }
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
  for (std::size_t i = 0; i < assignment.size();) {
    const std::size_t length = utf8_sequence_length(assignment, i);
    if (length == 0) {
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
    i += length;
  }
  const std::string key_path = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  if (too_deep_at(text) != std::string::npos) {
    throw ConfigError("--set " + key_path + "=...: the value nests arrays and objects more than " +
                      std::to_string(kMaxJsonDepth) + " levels deep; a config needs a handful");
  }
  json value;
  try {
    value = json::parse(text);
  } catch (const json::parse_error&) {
    value = text;  // bare words such as cuda or cosine
  } catch (const json::exception& e) {
    throw ConfigError(set_origin(assignment) + ": " + e.what());
  }
  json* node = &root;
  std::string pointer;
  std::stringstream keys(key_path);
  std::string key;
  std::vector<std::string> parts;
  while (std::getline(keys, key, '.')) parts.push_back(key);
  if (key_path.back() == '.') parts.emplace_back();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) {
      throw ConfigError(set_origin(assignment) + ": empty key in '" + key_path + "'");
    }
    pointer += "/" + parts[i];
    if (node->is_null()) *node = json::object();  // a section the file leaves out
    if (!node->is_object()) {
      fail(set_origin(assignment) + ": " + origin, pointer, "cannot set a key inside " + type_name(*node));
    }
    node = &(*node)[parts[i]];
  }
  *node = value;
}

ExperimentConfig parse_config(const json& merged, const std::string& origin, const std::string& default_name) {
  ExperimentConfig c;
  c.name = default_name;
  std::vector<std::string> source_refs, target_refs;

  Section root(merged, "", origin);
  root.field("name", c.name);
  root.field("description", c.description);
  root.field("groups", c.groups);
  root.field("source_classes", source_refs);
  root.field("target_classes", target_refs);
  root.field("transfer_layers", c.transfer_layers);
  root.field("freeze_transferred", c.freeze_transferred);
  std::string transfer_init = to_string(c.transfer_init);
  root.field("transfer_init", transfer_init);
  root.field("compute_matched", c.compute_matched);
  root.field("seed", c.seed);
  // The settings are read as names and typed with the value checks below, so that unknown keys and
  // type errors are reported first.
  std::string device = to_string(c.device), precision = to_string(c.precision);
  std::string memory_format = to_string(c.memory_format);
  root.field("device", device);
  root.field("threads", c.threads);
  root.field("deterministic", c.deterministic);
  root.field("precision", precision);
  root.field("memory_format", memory_format);

  Section data = root.section("data");
  data.field("dir", c.data.dir);
  data.field("validation_fraction", c.data.validation_fraction);
  data.field("max_per_class", c.data.max_per_class);
  data.field("split_seed", c.data.split_seed);
  data.reject_unknown_keys();

  Section model = root.section("model");
  model.field("conv1_channels", c.model.conv1_channels);
  model.field("conv2_channels", c.model.conv2_channels);
  model.field("kernel_size", c.model.kernel_size);
  model.reject_unknown_keys();

  Section train = root.section("train");
  auto& t = c.train;
  train.field("lr", t.lr);
  train.field("momentum", t.momentum);
  train.field("weight_decay", t.weight_decay);
  train.field("nesterov", t.nesterov);
  train.field("batch_size", t.batch_size);
  train.field("eval_batch_size", t.eval_batch_size);
  train.field("source_epochs", t.source_epochs);
  train.field("target_epochs", t.target_epochs);
  train.field("train_eval_subset", t.train_eval_subset);
  train.field("schedule", t.schedule);
  train.field("step_size", t.step_size);
  train.field("gamma", t.gamma);
  train.field("min_lr", t.min_lr);
  train.reject_unknown_keys();

  std::vector<std::string> probe_refs;
  Section probe = root.section("probe");
  probe.field("classes", probe_refs);
  probe.field("epochs", c.probe.epochs);
  probe.field("lr", c.probe.lr);
  probe.field("standardize", c.probe.standardize);
  probe.field("references", c.probe.references);
  probe.field("conv1_only", c.probe.conv1_only);
  probe.reject_unknown_keys();

  Section landscape = root.section("landscape");
  auto& l = c.landscape;
  landscape.field("distance", l.distance);
  landscape.field("sharpness", l.sharpness);
  landscape.field("sharpness_subset", l.sharpness_subset);
  landscape.field("sharpness_iterations", l.sharpness_iterations);
  landscape.field("sharpness_tolerance", l.sharpness_tolerance);
  landscape.reject_unknown_keys();
  require(l.sharpness_subset >= 1, origin, "/landscape/sharpness_subset",
          "must be >= 1 (training images; more than the split has means all of them), found " +
              std::to_string(l.sharpness_subset));
  require(l.sharpness_iterations >= 2, origin, "/landscape/sharpness_iterations",
          "must be >= 2 (convergence compares successive estimates), found " + std::to_string(l.sharpness_iterations));
  require(l.sharpness_tolerance > 0.0 && l.sharpness_tolerance < 1.0, origin, "/landscape/sharpness_tolerance",
          "must lie in (0, 1), e.g. 0.001, found " + format_number(l.sharpness_tolerance));
  root.reject_unknown_keys();

  // Values.
  if (const std::string problem = unsafe_name_problem(c.name); !problem.empty()) fail(origin, "/name", problem);
  c.device = parse_setting(parse_device_kind, device, origin, "/device");
  c.precision = parse_setting(parse_precision, precision, origin, "/precision");
  c.memory_format = parse_setting(parse_memory_format, memory_format, origin, "/memory_format");
  c.transfer_init = parse_setting(parse_transfer_init, transfer_init, origin, "/transfer_init");
  require(c.threads >= 0 && c.threads <= kMaxThreads, origin, "/threads",
          "must lie in [0, " + std::to_string(kMaxThreads) + "] (0 = every core; also --threads), found " +
              std::to_string(c.threads));
  require(c.data.validation_fraction > 0.0 && c.data.validation_fraction < 1.0, origin, "/data/validation_fraction",
          "must lie in (0, 1), found " + format_number(c.data.validation_fraction));
  require(c.data.max_per_class == 0 || c.data.max_per_class >= 2, origin, "/data/max_per_class",
          "must be 0 (all records) or >= 2, found " + std::to_string(c.data.max_per_class));
  require(c.model.conv1_channels >= 1, origin, "/model/conv1_channels", "must be >= 1");
  require(c.model.conv2_channels >= 1, origin, "/model/conv2_channels", "must be >= 1");
  require(c.model.kernel_size >= 1 && c.model.kernel_size % 2 == 1 && c.model.kernel_size <= 15, origin,
          "/model/kernel_size", "must be odd and in 1..15, found " + std::to_string(c.model.kernel_size));
  require(t.lr > 0.0, origin, "/train/lr", "must be > 0, found " + format_number(t.lr));
  require(t.momentum >= 0.0 && t.momentum < 1.0, origin, "/train/momentum",
          "must lie in [0, 1), found " + format_number(t.momentum));
  require(t.weight_decay >= 0.0, origin, "/train/weight_decay",
          "must be >= 0, found " + format_number(t.weight_decay));
  require(!t.nesterov || t.momentum > 0.0, origin, "/train/nesterov", "needs momentum > 0");
  require(t.batch_size >= 1, origin, "/train/batch_size", "must be >= 1, found " + std::to_string(t.batch_size));
  require(t.eval_batch_size >= 1, origin, "/train/eval_batch_size",
          "must be >= 1, found " + std::to_string(t.eval_batch_size));
  require(t.source_epochs >= 1, origin, "/train/source_epochs",
          "must be >= 1, found " + std::to_string(t.source_epochs));
  require(t.target_epochs >= 1, origin, "/train/target_epochs",
          "must be >= 1, found " + std::to_string(t.target_epochs));
  require(t.train_eval_subset >= 0, origin, "/train/train_eval_subset",
          "must be 0 (every training record) or a record count, found " + std::to_string(t.train_eval_subset));
  require(t.step_size >= 1, origin, "/train/step_size", "must be >= 1, found " + std::to_string(t.step_size));
  require(t.gamma > 0.0 && t.gamma <= 1.0, origin, "/train/gamma", "must lie in (0, 1], found " + format_number(t.gamma));
  require(t.min_lr >= 0.0 && t.min_lr < t.lr, origin, "/train/min_lr",
          "must lie in [0, lr), found " + format_number(t.min_lr));
  require(c.probe.epochs >= 1, origin, "/probe/epochs", "must be >= 1, found " + std::to_string(c.probe.epochs));
  require(c.probe.lr > 0.0, origin, "/probe/lr", "must be > 0, found " + format_number(c.probe.lr));
  require(c.transfer_layers >= 1 && c.transfer_layers <= kNumConvLayers, origin, "/transfer_layers",
          "must be 1.." + std::to_string(kNumConvLayers) + " (the model's conv layers), found " +
              std::to_string(c.transfer_layers));

  // Class groups: known names, disjoint, not shadowing class names.
  std::map<std::string, std::string> owner;
  for (const auto& [group, members] : c.groups) {
    const std::string pointer = "/groups/" + group;
    require(!group.empty(), origin, pointer, "group names must not be empty");
    require(std::find(kCifar10ClassNames.begin(), kCifar10ClassNames.end(), group) == kCifar10ClassNames.end(),
            origin, pointer, "a group must not be named like a class");
    require(!members.empty(), origin, pointer, "group is empty");
    for (std::size_t i = 0; i < members.size(); ++i) {
      try {
        cifar10_label(members[i]);
      } catch (const ConfigError& e) {
        fail(origin, pointer + "/" + std::to_string(i), e.what());
      }
      const auto [it, inserted] = owner.emplace(members[i], group);
      require(inserted, origin, pointer + "/" + std::to_string(i),
              "class '" + members[i] + "' is already in group '" + it->second + "'; groups must be disjoint");
    }
  }
  try {
    c.source_classes = expand_class_refs(source_refs, c.groups);
  } catch (const ConfigError& e) {
    fail(origin, "/source_classes", e.what());
  }
  try {
    c.target_classes = expand_class_refs(target_refs, c.groups);
  } catch (const ConfigError& e) {
    fail(origin, "/target_classes", e.what());
  }
  try {
    c.probe.classes = expand_class_refs(probe_refs, c.groups);
  } catch (const ConfigError& e) {
    fail(origin, "/probe/classes", e.what());
  }
  require(c.probe.classes.empty() || c.probe.classes.size() >= 2, origin, "/probe/classes",
          "needs at least 2 classes (or none, for no probe), found " + std::to_string(c.probe.classes.size()));
  require(c.target_classes.size() >= 2, origin, "/target_classes",
          "needs at least 2 classes, found " + std::to_string(c.target_classes.size()));
  require(c.source_classes.empty() || c.source_classes.size() >= 2, origin, "/source_classes",
          "needs at least 2 classes (or none, for no source stage), found " +
              std::to_string(c.source_classes.size()));
  require(!c.compute_matched || c.source_classes.empty(), origin, "/compute_matched",
          "only applies without a source stage (it adds train.source_epochs to the target stage); "
          "remove it or empty source_classes");
  require(c.transfer_init == TransferInit::kCopy || !c.source_classes.empty(), origin, "/transfer_init",
          "'" + to_string(c.transfer_init) + "' transforms transferred layers, but there is no source stage; "
          "set source_classes or use \"copy\"");
  return c;
}

// An error in a value that an override set starts with "--set '<assignment>': ".
ExperimentConfig load_config(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
  json merged = load_config_json(path);
  for (const auto& assignment : overrides) apply_override(merged, assignment, path.string());
  try {
    return parse_config(merged, path.string(), path.stem().string());
  } catch (const PathError& e) {
    // A bad value from the command line is the --set's fault, not the file's; the file is still
    // named, since a suite applies one --set to every protocol's config.
    const std::string* assignment = override_at(overrides, e.pointer());
    if (assignment == nullptr) throw;
    throw ConfigError(set_origin(*assignment) + ": " + e.what());
  }
}

json to_json(const ExperimentConfig& c) {
  json j;
  j["name"] = c.name;
  j["description"] = c.description;
  j["groups"] = c.groups;
  j["source_classes"] = c.source_classes;
  j["target_classes"] = c.target_classes;
  j["transfer_layers"] = c.transfer_layers;
  j["freeze_transferred"] = c.freeze_transferred;
  j["transfer_init"] = to_string(c.transfer_init);
  j["compute_matched"] = c.compute_matched;
  j["seed"] = c.seed;
  j["device"] = to_string(c.device);
  j["threads"] = c.threads;
  j["deterministic"] = c.deterministic;
  j["precision"] = to_string(c.precision);
  j["memory_format"] = to_string(c.memory_format);
  j["data"] = {{"dir", c.data.dir},
               {"validation_fraction", c.data.validation_fraction},
               {"max_per_class", c.data.max_per_class},
               {"split_seed", c.data.split_seed ? json(*c.data.split_seed) : json(nullptr)}};
  j["model"] = {{"conv1_channels", c.model.conv1_channels},
                {"conv2_channels", c.model.conv2_channels},
                {"kernel_size", c.model.kernel_size}};
  const auto& t = c.train;
  j["train"] = {{"lr", t.lr},
                {"momentum", t.momentum},
                {"weight_decay", t.weight_decay},
                {"nesterov", t.nesterov},
                {"batch_size", t.batch_size},
                {"eval_batch_size", t.eval_batch_size},
                {"source_epochs", t.source_epochs},
                {"target_epochs", t.target_epochs},
                {"train_eval_subset", t.train_eval_subset},
                {"schedule", to_string(t.schedule)},
                {"step_size", t.step_size},
                {"gamma", t.gamma},
                {"min_lr", t.min_lr}};
  j["probe"] = {{"classes", c.probe.classes},         {"epochs", c.probe.epochs},
                {"lr", c.probe.lr},                   {"standardize", c.probe.standardize},
                {"references", c.probe.references},   {"conv1_only", c.probe.conv1_only}};
  j["landscape"] = {{"distance", c.landscape.distance},
                    {"sharpness", c.landscape.sharpness},
                    {"sharpness_subset", c.landscape.sharpness_subset},
                    {"sharpness_iterations", c.landscape.sharpness_iterations},
                    {"sharpness_tolerance", c.landscape.sharpness_tolerance}};
  return j;
}

}  // namespace tl_boost
