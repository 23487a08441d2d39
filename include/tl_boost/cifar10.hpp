#pragma once
// Reader for the official CIFAR-10 binary layout (cifar-10-batches-bin/).
#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace tl_boost {

/// One split in memory: images uint8 [N, 3, 32, 32] (RGB planes, rows top to bottom) and
/// labels int64 [N], with the labels also as a plain vector for the LibTorch-free splits.
struct Cifar10Split {
  torch::Tensor images;
  torch::Tensor labels;
  std::vector<int> label_list;
};

struct Cifar10 {
  Cifar10Split train;  // data_batch_1..5.bin, 50,000 records
  Cifar10Split test;   // test_batch.bin, 10,000 records
};

/// Reads and checks every file of `dir`. Throws DataError naming the file (and the record) for a
/// missing file, a size other than 10,000 × 3,073 bytes, a label above 9, or class names in
/// batches.meta.txt that are not CIFAR-10's.
Cifar10 read_cifar10(const std::filesystem::path& dir);

/// read_cifar10's first check, without reading: throws its DataError when `dir` is no directory.
void check_cifar10_dir(const std::filesystem::path& dir);

/// 16 hex digits identifying the records' content (labels and pixels, train then test), so that
/// results say which copy of the data produced them.
std::string data_fingerprint(const Cifar10& data);

/// Reads one batch file of `expected_records` records (used by read_cifar10; exposed for tests).
Cifar10Split read_cifar10_batches(const std::vector<std::filesystem::path>& files, std::int64_t records_per_file);

}  // namespace tl_boost
