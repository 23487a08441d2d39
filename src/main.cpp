// tl-boost: parse, run, and report any error once, with its exit code.
#include <exception>
#include <iostream>

#include "tl_boost/cli.hpp"
#include "tl_boost/error.hpp"

int main(int argc, char** argv) {
  try {
    return tl_boost::cli_main(argc, argv);
  } catch (const tl_boost::Error& e) {
    std::cerr << "tl-boost: error: " << e.what() << std::endl;
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "tl-boost: internal error: " << e.what() << std::endl;
    return static_cast<int>(tl_boost::ExitCode::kInternal);
  }
}
