#include "tl_boost/suggest.hpp"

#include <algorithm>

namespace tl_boost {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates,
                                         std::size_t max_distance) {
  std::optional<std::string> best;
  std::size_t best_distance = max_distance + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) best_distance = d, best = candidate;
  }
  return best;
}

std::size_t typo_allowance(std::size_t length) { return std::max<std::size_t>(2, length / 3); }

std::optional<std::string> closest_flag(const std::string& typed, const std::vector<std::string>& flags) {
  const std::string name = typed.substr(0, typed.find('='));  // --seeed=3: the value is not the typo
  if (name.empty() || name[0] != '-') return std::nullopt;
  const std::size_t dashes = name.find_first_not_of('-');
  if (dashes == std::string::npos) return std::nullopt;
  return closest_match(name, flags, typo_allowance(name.size() - dashes));
}

std::string unknown_flag_message(const std::string& typed, const CommandFlags& command,
                                 const std::vector<CommandFlags>& others) {
  const std::string name = typed.substr(0, typed.find('='));
  const std::string message =
      "unknown flag '" + name + "'" + (command.command.empty() ? "" : " for '" + command.command + "'");
  if (const std::optional<std::string> best = closest_flag(name, command.flags)) {
    return message + "; did you mean '" + *best + "'?";
  }
  std::string takers;
  for (const auto& other : others) {
    if (other.command.empty() || std::find(other.flags.begin(), other.flags.end(), name) == other.flags.end()) continue;
    takers += (takers.empty() ? "" : ", ") + ("'" + other.command + "'");
  }
  return takers.empty() ? message : message + " (" + takers + " take" + (takers.find(',') == std::string::npos ? "s" : "") + " it)";
}

}  // namespace tl_boost
