#pragma once
// "Did you mean": the nearest of a set of names to a mistyped one, shared by unknown config keys
// and unknown commands. LibTorch-free.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tl_boost {

/// Levenshtein distance: single-character insertions, deletions and substitutions.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The candidate nearest to `word` (the first of equals), if at most `max_distance` edits away;
/// two edits catch a swapped pair of letters ("rnu" -> "run") without suggesting unrelated words.
std::optional<std::string> closest_match(const std::string& word, const std::vector<std::string>& candidates,
                                         std::size_t max_distance = 2);

}  // namespace tl_boost
