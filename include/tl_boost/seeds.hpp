#pragma once
// Seed derivation and seeded shuffles, independent of LibTorch and of the standard library's
// distributions (whose output differs between implementations), so runs replay bit for bit.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tl_boost {

/// One step of SplitMix64: a well-mixed 64-bit function of x.
std::uint64_t splitmix64(std::uint64_t x) noexcept;

/// FNV-1a, 64 bits: a fixed, portable hash of text (std::hash may differ between libraries).
std::uint64_t fnv1a64(std::string_view text) noexcept;

/// A seed for one purpose ("source", "holdout", ...) of a run, so that streams never overlap
/// and adding a new purpose never shifts the others.
std::uint64_t derive_seed(std::uint64_t base, std::string_view purpose, std::uint64_t index = 0) noexcept;

/// A small, portable pseudo-random generator (SplitMix64 stream).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept : state_(seed) {}
  std::uint64_t next() noexcept;
  /// Uniform integer in [0, bound), bound > 0, without modulo bias.
  std::uint64_t below(std::uint64_t bound) noexcept;

 private:
  std::uint64_t state_;
};

/// In-place Fisher–Yates shuffle driven by Rng(seed).
void shuffle_in_place(std::vector<std::int64_t>& values, std::uint64_t seed);

/// 0..n-1 in the seeded order.
std::vector<std::int64_t> shuffled_range(std::int64_t n, std::uint64_t seed);

/// Parses "0-4", "3", "0,2,5-7" into an ascending list without duplicates.
/// Throws ConfigError on malformed input.
std::vector<std::uint64_t> parse_seed_list(const std::string& text);

}  // namespace tl_boost
