#include "tl_boost/cifar10.hpp"

#include <fstream>

#include "tl_boost/error.hpp"
#include "tl_boost/splits.hpp"

namespace tl_boost {

namespace {

constexpr std::int64_t kRecordsPerFile = 10000;
constexpr std::int64_t kPixelBytes = 3 * 32 * 32;
constexpr std::int64_t kRecordBytes = 1 + kPixelBytes;
constexpr int kTrainFiles = 5;
constexpr const char* kMetaFile = "batches.meta.txt";

// Reads the whole file into `destination`, which holds exactly `expected_bytes`.
void read_exact(const std::filesystem::path& path, std::uint8_t* destination, std::int64_t expected_bytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw DataError(path.string() + ": missing (run scripts/fetch-data.sh, or set data.dir)");
  }
  const auto size = static_cast<std::int64_t>(std::filesystem::file_size(path, ec));
  if (ec) throw DataError(path.string() + ": cannot read its size: " + ec.message());
  if (size != expected_bytes) {
    throw DataError(path.string() + ": expected " + std::to_string(expected_bytes) + " bytes (" +
                    std::to_string(expected_bytes / kRecordBytes) + " records of " + std::to_string(kRecordBytes) +
                    "), found " + std::to_string(size) + (size < expected_bytes ? " (truncated)" : " (oversized)"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(destination), expected_bytes)) {
    throw DataError(path.string() + ": read failed after " + std::to_string(in.gcount()) + " of " +
                    std::to_string(expected_bytes) + " bytes");
  }
}

void check_meta(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw DataError(path.string() + ": missing (run scripts/fetch-data.sh, or set data.dir)");
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) names.push_back(line);
  }
  for (int i = 0; i < kNumCifar10Classes; ++i) {
    const std::string expected(kCifar10ClassNames[i]);
    if (i >= static_cast<int>(names.size()) || names[i] != expected) {
      throw DataError(path.string() + ": line " + std::to_string(i + 1) + ": expected class name '" + expected +
                      "', found '" + (i < static_cast<int>(names.size()) ? names[i] : "<end of file>") + "'");
    }
  }
}

}  // namespace

Cifar10Split read_cifar10_batches(const std::vector<std::filesystem::path>& files, std::int64_t records_per_file) {
  const auto n_files = static_cast<std::int64_t>(files.size());
  // One allocation for all records; each file is read straight into its slice.
  auto raw = torch::empty({n_files * records_per_file, kRecordBytes}, torch::kUInt8);
  for (std::int64_t f = 0; f < n_files; ++f) {
    std::uint8_t* slice = raw.data_ptr<std::uint8_t>() + f * records_per_file * kRecordBytes;
    read_exact(files[f], slice, records_per_file * kRecordBytes);
    for (std::int64_t r = 0; r < records_per_file; ++r) {
      const int label = slice[r * kRecordBytes];
      if (label >= kNumCifar10Classes) {
        throw DataError(files[f].string() + ": record " + std::to_string(r) + " (byte offset " +
                        std::to_string(r * kRecordBytes) + "): expected a label 0..9, found " + std::to_string(label));
      }
    }
  }
  Cifar10Split split;
  split.labels = raw.select(1, 0).to(torch::kInt64);
  split.images = raw.narrow(1, 1, kPixelBytes).reshape({-1, 3, 32, 32}).contiguous();
  const auto* labels = split.labels.data_ptr<std::int64_t>();
  split.label_list.assign(labels, labels + split.labels.numel());
  return split;
}

Cifar10 read_cifar10(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw DataError(dir.string() +
                    ": no such directory; expected cifar-10-batches-bin (run scripts/fetch-data.sh, or set data.dir)");
  }
  check_meta(dir / kMetaFile);
  std::vector<std::filesystem::path> train_files;
  for (int i = 1; i <= kTrainFiles; ++i) train_files.push_back(dir / ("data_batch_" + std::to_string(i) + ".bin"));
  Cifar10 data;
  data.train = read_cifar10_batches(train_files, kRecordsPerFile);
  data.test = read_cifar10_batches({dir / "test_batch.bin"}, kRecordsPerFile);
  return data;
}

}  // namespace tl_boost
