#pragma once
// The CIFAR-10 binary format as plain bytes: record layout and the checks every file passes.
// LibTorch-free, so the checks are fuzzed and tested without tensors.
#include <cstddef>
#include <cstdint>
#include <string>

namespace tl_boost {

inline constexpr std::int64_t kCifar10RecordsPerFile = 10000;
inline constexpr std::int64_t kCifar10PixelBytes = 3 * 32 * 32;
inline constexpr std::int64_t kCifar10RecordBytes = 1 + kCifar10PixelBytes;

/// Throws DataError naming `name` unless `size` is exactly `records` records:
/// "expected N bytes (...), found M (truncated|oversized)".
void check_batch_size(const std::string& name, std::int64_t size, std::int64_t records);

/// Throws DataError naming `name`, the record and its byte offset for the first label above 9.
void check_batch_labels(const std::string& name, const std::uint8_t* bytes, std::int64_t records);

/// Throws DataError naming `name` and the line unless `text` (batches.meta.txt) lists the ten
/// CIFAR-10 class names in order (blank lines and trailing spaces or CR ignored).
void check_class_names(const std::string& name, const std::string& text);

/// Continues a 64-bit fingerprint `state` over `size` bytes (8 at a time, then the tail): a fast,
/// well-mixed hash that tells copies of the data apart; not cryptographic.
std::uint64_t fingerprint_bytes(std::uint64_t state, const std::uint8_t* bytes, std::size_t size);

}  // namespace tl_boost
