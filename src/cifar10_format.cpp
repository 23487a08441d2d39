#include "tl_boost/cifar10_format.hpp"

#include <cstring>

#include <sstream>
#include <vector>

#include "tl_boost/error.hpp"
#include "tl_boost/splits.hpp"

namespace tl_boost {

void check_batch_size(const std::string& name, std::int64_t size, std::int64_t records) {
  const std::int64_t expected = records * kCifar10RecordBytes;
  if (size != expected) {
    throw DataError(name + ": expected " + std::to_string(expected) + " bytes (" + std::to_string(records) +
                    " records of " + std::to_string(kCifar10RecordBytes) + "), found " + std::to_string(size) +
                    (size < expected ? " (truncated)" : " (oversized)"));
  }
}

void check_batch_labels(const std::string& name, const std::uint8_t* bytes, std::int64_t records) {
  for (std::int64_t r = 0; r < records; ++r) {
    const int label = bytes[r * kCifar10RecordBytes];
    if (label >= kNumCifar10Classes) {
      throw DataError(name + ": record " + std::to_string(r) + " (byte offset " +
                      std::to_string(r * kCifar10RecordBytes) + "): expected a label 0..9, found " +
                      std::to_string(label));
    }
  }
}

void check_class_names(const std::string& name, const std::string& text) {
  std::vector<std::string> names;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) names.push_back(line);
  }
  for (int i = 0; i < kNumCifar10Classes; ++i) {
    const std::string expected(kCifar10ClassNames[i]);
    if (i >= static_cast<int>(names.size()) || names[i] != expected) {
      throw DataError(name + ": line " + std::to_string(i + 1) + ": expected class name '" + expected + "', found '" +
                      (i < static_cast<int>(names.size()) ? names[i] : "<end of file>") + "'");
    }
  }
}

std::uint64_t fingerprint_bytes(std::uint64_t state, const std::uint8_t* bytes, std::size_t size) {
  // Each 8-byte word is mixed in with a multiply and a xor-shift (the finaliser of SplitMix64),
  // and the length is folded in last so that trailing zeros change the result.
  const auto mix = [](std::uint64_t h, std::uint64_t word) {
    h = (h ^ word) * 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
  };
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes + i, 8);
    state = mix(state, word);
  }
  std::uint64_t tail = 0;
  for (std::size_t k = 0; i + k < size; ++k) tail |= static_cast<std::uint64_t>(bytes[i + k]) << (8 * k);
  state = mix(state, tail);
  return mix(state, static_cast<std::uint64_t>(size)) * 0x94D049BB133111EBULL;
}

}  // namespace tl_boost
