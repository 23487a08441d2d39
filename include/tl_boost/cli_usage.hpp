#pragma once
// What a mistyped command line is told: the command word, the nearest command or flag, and where
// the options are listed. Only cli.cpp parses; these only explain what CLI11 rejected.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace tl_boost {

/// The first word that is not a flag: the command (the global options are all flags).
std::string command_word(int argc, char** argv);

/// The command called `name`, or nullptr.
CLI::App* find_command(const std::vector<CLI::App*>& commands, const std::string& name);

/// Throws ConfigError for an unknown command word, with the nearest command.
[[noreturn]] void unknown_command(const std::string& word, const std::vector<CLI::App*>& commands);

/// "; see 'tl-boost help <command>'", so that every usage error says where the options are listed.
std::string help_hint(const std::string& command);

/// The message for a rejected command line: the first unknown flag with the nearest known one,
/// else the unexpected arguments in the order they were typed.
std::string usage_problem(const CLI::ParseError& e, const CLI::App& app, const std::vector<CLI::App*>& commands,
                          const std::string& word);

}  // namespace tl_boost
