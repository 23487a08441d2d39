#pragma once
// Numbers as the tables of reports and benchmarks print them. LibTorch-free.
#include <string>

namespace tl_boost {

/// `value` with `digits` digits after the point ("%.*f"): fixed(0.12345, 2) == "0.12".
std::string fixed(double value, int digits);

}  // namespace tl_boost
