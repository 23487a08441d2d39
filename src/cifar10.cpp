#include "tl_boost/cifar10.hpp"

#include <cstdio>
#include <fstream>

#include "tl_boost/cifar10_format.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"
#include "tl_boost/splits.hpp"

namespace tl_boost {

namespace {

constexpr int kTrainFiles = 5;
constexpr const char* kMetaFile = "batches.meta.txt";
constexpr const char* kFetchHint = " (fetch CIFAR-10 with scripts/fetch-data.sh, or name its directory with --data-dir or TL_BOOST_DATA)";

// Reads the whole file into `destination`, which holds exactly `records` records.
void read_batch_file(const std::filesystem::path& path, std::uint8_t* destination, std::int64_t records) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw DataError(path.string() + ": missing" + kFetchHint);
  const auto size = static_cast<std::int64_t>(std::filesystem::file_size(path, ec));
  if (ec) throw DataError(path.string() + ": cannot read its size: " + ec.message());
  check_batch_size(path.string(), size, records);
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(destination), size)) {
    throw DataError(path.string() + ": read failed after " + std::to_string(in.gcount()) + " of " +
                    std::to_string(size) + " bytes");
  }
  check_batch_labels(path.string(), destination, records);
}

}  // namespace

Cifar10Split read_cifar10_batches(const std::vector<std::filesystem::path>& files, std::int64_t records_per_file) {
  const auto n_files = static_cast<std::int64_t>(files.size());
  // One allocation for all records; each file is read straight into its slice.
  auto raw = torch::empty({n_files * records_per_file, kCifar10RecordBytes}, torch::kUInt8);
  for (std::int64_t f = 0; f < n_files; ++f) {
    throw_if_interrupted("reading CIFAR-10");
    read_batch_file(files[f], raw.data_ptr<std::uint8_t>() + f * records_per_file * kCifar10RecordBytes,
                    records_per_file);
  }
  Cifar10Split split;
  split.labels = raw.select(1, 0).to(torch::kInt64);
  split.images = raw.narrow(1, 1, kCifar10PixelBytes).reshape({-1, 3, 32, 32}).contiguous();
  const auto* labels = split.labels.data_ptr<std::int64_t>();
  split.label_list.assign(labels, labels + split.labels.numel());
  return split;
}

std::string data_fingerprint(const Cifar10& data) {
  std::uint64_t state = 0x6369666172313021ULL;  // any fixed start
  for (const Cifar10Split* split : {&data.train, &data.test}) {
    const auto images = split->images.contiguous();
    const auto labels = split->labels.to(torch::kUInt8).contiguous();
    state = fingerprint_bytes(state, labels.data_ptr<std::uint8_t>(), static_cast<std::size_t>(labels.numel()));
    state = fingerprint_bytes(state, images.data_ptr<std::uint8_t>(), static_cast<std::size_t>(images.numel()));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(state));
  return hex;
}

void check_cifar10_dir(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw DataError(dir.string() + ": no such directory; expected cifar-10-batches-bin" + kFetchHint);
  }
}

Cifar10 read_cifar10(const std::filesystem::path& dir) {
  check_cifar10_dir(dir);
  const auto meta = dir / kMetaFile;
  std::ifstream meta_in(meta);
  if (!meta_in) throw DataError(meta.string() + ": missing" + kFetchHint);
  check_class_names(meta.string(), std::string(std::istreambuf_iterator<char>(meta_in), {}));
  std::vector<std::filesystem::path> train_files;
  for (int i = 1; i <= kTrainFiles; ++i) train_files.push_back(dir / ("data_batch_" + std::to_string(i) + ".bin"));
  Cifar10 data;
  data.train = read_cifar10_batches(train_files, kCifar10RecordsPerFile);
  data.test = read_cifar10_batches({dir / "test_batch.bin"}, kCifar10RecordsPerFile);
  return data;
}

}  // namespace tl_boost
