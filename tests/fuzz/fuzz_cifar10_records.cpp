// libFuzzer target: arbitrary bytes as a CIFAR-10 batch file and as batches.meta.txt. The checks
// must accept exactly the well-formed inputs and reject the rest with a DataError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tl_boost/cifar10_format.hpp"
#include "tl_boost/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The batch check, for the number of whole records the input holds (at least one).
  const auto size64 = static_cast<std::int64_t>(size);
  const std::int64_t records = size64 / tl_boost::kCifar10RecordBytes + (size64 < tl_boost::kCifar10RecordBytes);
  try {
    tl_boost::check_batch_size("fuzz.bin", size64, records);
    tl_boost::check_batch_labels("fuzz.bin", data, records);
    // Accepted: every label must really be 0..9.
    for (std::int64_t r = 0; r < records; ++r) {
      if (data[r * tl_boost::kCifar10RecordBytes] > 9) __builtin_trap();
    }
  } catch (const tl_boost::DataError&) {
  }
  try {
    tl_boost::check_class_names("batches.meta.txt", std::string(reinterpret_cast<const char*>(data), size));
  } catch (const tl_boost::DataError&) {
  }
  return 0;
}
