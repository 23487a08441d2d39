#pragma once
// Command-line parsing (CLI11) into the option structs of app.hpp, then dispatch.

namespace tl_boost {

/// Parses argv and runs the chosen command. Returns the exit code for usage errors and
/// successful runs; tl_boost::Error escapes to main, which prints it once.
int cli_main(int argc, char** argv);

}  // namespace tl_boost
