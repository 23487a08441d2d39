#pragma once
// JSON text as a person gives it, guarded before the JSON library sees it: a syntax error names
// its line and column, nesting deeper than a config needs is refused (the library recurses and
// would overflow the stack), and a --set value must be UTF-8. LibTorch-free.
#include <cstddef>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace tl_boost {

/// A config nests four levels deep at most; this many is refused.
constexpr int kMaxJsonDepth = 64;

/// Parses config text; a syntax error becomes a ConfigError "<origin>:<line>:<column>: ...".
nlohmann::json parse_config_text(const std::string& text, const std::string& origin);

/// Reads and parses a config or suite file; `what` names it when it cannot be opened
/// ("<path>: cannot open <what> (no such file)").
nlohmann::json read_config_file(const std::filesystem::path& path, const std::string& what);

/// Where `text` opens its (kMaxJsonDepth + 1)th level of arrays and objects (outside strings), or npos.
std::size_t too_deep_at(const std::string& text);

/// The length of the UTF-8 sequence at text[i], or 0 where it is not valid UTF-8.
std::size_t utf8_sequence_length(const std::string& text, std::size_t i);

}  // namespace tl_boost
