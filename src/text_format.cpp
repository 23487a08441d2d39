#include "tl_boost/text_format.hpp"

#include <cstdio>

namespace tl_boost {

std::string fixed(double value, int digits) {
  char text[512];  // enough for any double in %f form (DBL_MAX has 309 digits)
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string counted(std::size_t n, const std::string& noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

}  // namespace tl_boost
