#include "tl_boost/seeds.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <sstream>

#include "tl_boost/error.hpp"

namespace tl_boost {

namespace {
constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;  // SplitMix64's increment
}  // namespace

std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += kGoldenGamma;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a64(std::string_view text) noexcept {
  std::uint64_t h = 0xCBF29CE484222325ULL;  // offset basis
  for (unsigned char c : text) h = (h ^ c) * 0x100000001B3ULL;  // FNV prime
  return h;
}

std::uint64_t derive_seed(std::uint64_t base, std::string_view purpose, std::uint64_t index) noexcept {
  // The hash of the purpose, mixed with the base and the index.
  return splitmix64(splitmix64(base ^ fnv1a64(purpose)) + index);
}

std::uint64_t Rng::next() noexcept {
  // The SplitMix64 stream: the mix of seed + k·gamma for k = 1, 2, ...
  const std::uint64_t out = splitmix64(state_);
  state_ += kGoldenGamma;
  return out;
}

std::uint64_t Rng::below(std::uint64_t bound) noexcept {
  // Rejection sampling: discard the top partial block of the 64-bit range.
  const std::uint64_t limit = std::uint64_t(-1) - (std::uint64_t(-1) % bound);
  std::uint64_t r = next();
  while (r >= limit) r = next();
  return r % bound;
}

void shuffle_in_place(std::vector<std::int64_t>& values, std::uint64_t seed) {
  Rng rng(seed);
  for (std::size_t i = values.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(rng.below(i));
    std::swap(values[i - 1], values[j]);
  }
}

std::vector<std::int64_t> shuffled_range(std::int64_t n, std::uint64_t seed) {
  std::vector<std::int64_t> values(static_cast<std::size_t>(n));
  std::iota(values.begin(), values.end(), 0);
  shuffle_in_place(values, seed);
  return values;
}

namespace {

std::uint64_t parse_number(const std::string& token, const std::string& whole) {
  if (token.empty() || !std::all_of(token.begin(), token.end(), [](unsigned char c) { return std::isdigit(c); }) ||
      token.size() > 18) {
    throw ConfigError("invalid seed list '" + whole + "': expected numbers or ranges like 0-4,7, found '" + token +
                      "'");
  }
  return std::stoull(token);
}

}  // namespace

std::vector<std::uint64_t> parse_seed_list(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  std::stringstream stream(text);
  std::string part;
  bool any = false;
  while (std::getline(stream, part, ',')) {
    any = true;
    const auto dash = part.find('-');
    if (dash == std::string::npos) {
      seeds.push_back(parse_number(part, text));
      continue;
    }
    const std::uint64_t first = parse_number(part.substr(0, dash), text);
    const std::uint64_t last = parse_number(part.substr(dash + 1), text);
    if (last < first) {
      throw ConfigError("invalid seed range '" + part + "': the end is below the start");
    }
    if (last - first >= 100000) {
      throw ConfigError("invalid seed range '" + part + "': more than 100000 seeds");
    }
    for (std::uint64_t s = first; s <= last; ++s) seeds.push_back(s);
  }
  if (!any || text.empty() || text.back() == ',') {
    throw ConfigError("invalid seed list '" + text + "': expected numbers or ranges like 0-4,7");
  }
  std::sort(seeds.begin(), seeds.end());
  seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());
  return seeds;
}

}  // namespace tl_boost
