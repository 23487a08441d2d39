#pragma once
// Numbers as the tables of reports and benchmarks print them. LibTorch-free.
#include <cstddef>
#include <string>

namespace tl_boost {

/// `value` with `digits` digits after the point ("%.*f"): fixed(0.12345, 2) == "0.12".
std::string fixed(double value, int digits);

/// `n` and the noun, plural unless n is 1: counted(1, "pair") == "1 pair", counted(3, "pair") == "3 pairs".
std::string counted(std::size_t n, const std::string& noun);

}  // namespace tl_boost
