#pragma once
// "Did you mean": the nearest of a set of names to a mistyped one, shared by unknown config keys,
// suite-file keys, commands and command-line flags. LibTorch-free.
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

/// The edits a key of `length` characters may be from the key meant: 2, and a third of longer
/// keys ("intrpolation" -> "interpolation"), so a long key's typos are caught and a short
/// unrelated word is not matched.
std::size_t typo_allowance(std::size_t length);

/// The flag nearest to a mistyped one, among `flags` (spelt with their dashes: "--seeds"):
/// "--seeed" and "--seeed=3" -> "--seed"; within typo_allowance of the flag's name.
std::optional<std::string> closest_flag(const std::string& typed, const std::vector<std::string>& flags);

/// A command and its flags (with their dashes), for unknown_flag_message.
struct CommandFlags {
  std::string command;  // "" for the program itself
  std::vector<std::string> flags;
};

/// The error for a flag `typed` that `command` does not take: "unknown flag '--seeed' for 'run';
/// did you mean '--seed'?", else the other commands that take it ("'run' takes it"), else no hint.
std::string unknown_flag_message(const std::string& typed, const CommandFlags& command,
                                 const std::vector<CommandFlags>& others);

}  // namespace tl_boost
