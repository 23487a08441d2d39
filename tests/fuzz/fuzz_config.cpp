// libFuzzer target: arbitrary bytes as a config. The first line is a --set override, the rest
// the JSON. Every input must either give a ConfigError or a config whose resolved JSON parses
// back to itself; any other exception, crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tl_boost/config.hpp"
#include "tl_boost/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string override_line = newline == std::string::npos ? "" : input.substr(0, newline);
  const std::string text = newline == std::string::npos ? input : input.substr(newline + 1);
  try {
    nlohmann::json merged = tl_boost::parse_config_text(text, "fuzz.json");
    if (merged.is_object()) merged.erase("extends");  // no file system access from the fuzzer
    if (!override_line.empty()) tl_boost::apply_override(merged, override_line, "fuzz.json");
    const auto config = tl_boost::parse_config(merged, "fuzz.json", "fuzz");
    const auto resolved = tl_boost::to_json(config);
    if (tl_boost::to_json(tl_boost::parse_config(resolved, "resolved", "fuzz")) != resolved) __builtin_trap();
  } catch (const tl_boost::ConfigError&) {
  }
  return 0;
}
