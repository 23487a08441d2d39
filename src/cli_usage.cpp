#include "tl_boost/cli_usage.hpp"

#include <cctype>
#include <optional>

#include "tl_boost/error.hpp"
#include "tl_boost/suggest.hpp"

namespace tl_boost {

namespace {

// The flags `app` takes, spelt with their dashes; hidden ones (a bench's own child flags) left out.
CommandFlags flags_of(const CLI::App& app, const std::string& command) {
  CommandFlags flags{command, {}};
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue;
    for (const auto& name : option->get_lnames()) flags.flags.push_back("--" + name);
    for (const auto& name : option->get_snames()) flags.flags.push_back("-" + name);
  }
  return flags;
}

bool looks_like_flag(const std::string& arg) {
  return arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1])) && arg[1] != '.';
}

}  // namespace

std::string command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.empty() || arg[0] != '-') return arg;
  }
  return "";
}

CLI::App* find_command(const std::vector<CLI::App*>& commands, const std::string& name) {
  for (auto* command : commands) {
    if (command->get_name() == name) return command;
  }
  return nullptr;
}

[[noreturn]] void unknown_command(const std::string& word, const std::vector<CLI::App*>& commands) {
  std::vector<std::string> names;
  for (const auto* command : commands) names.push_back(command->get_name());
  const std::optional<std::string> best = closest_match(word, names);
  std::string known;
  for (const auto& name : names) known += (known.empty() ? "" : ", ") + name;
  throw ConfigError("unknown command '" + word + "'; " +
                    (best ? "did you mean '" + *best + "'?" : "the commands are " + known));
}

std::string help_hint(const std::string& command) {
  return "; see 'tl-boost help" + (command.empty() || command == "help" ? std::string() : " " + command) + "'";
}

// The first unknown flag, with the nearest of the command's flags (the global ones too: they work
// after the command); else CLI11's unexpected arguments, in the order they were typed (it lists
// them last first).
std::string usage_problem(const CLI::ParseError& e, const CLI::App& app, const std::vector<CLI::App*>& commands,
                          const std::string& word) {
  if (dynamic_cast<const CLI::ExtrasError*>(&e) == nullptr) return e.what();
  const std::vector<std::string> remaining = app.remaining(true);
  const CLI::App* command = find_command(commands, word);
  for (const auto& arg : remaining) {
    if (!looks_like_flag(arg)) continue;
    CommandFlags own = flags_of(app, "");
    if (command != nullptr) {
      CommandFlags local = flags_of(*command, word);
      local.flags.insert(local.flags.end(), own.flags.begin(), own.flags.end());
      own = std::move(local);
    }
    std::vector<CommandFlags> others;
    for (const auto* other : commands) {
      if (other != command) others.push_back(flags_of(*other, other->get_name()));
    }
    return unknown_flag_message(arg, own, others);
  }
  std::string extras;
  for (const auto& arg : remaining) extras += (extras.empty() ? "" : " ") + arg;
  return "unexpected argument" + std::string(remaining.size() > 1 ? "s" : "") + ": " + extras;
}

}  // namespace tl_boost
