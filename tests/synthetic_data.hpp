#pragma once
// A small in-memory CIFAR-10 stand-in whose classes are easy to tell apart: class c has a
// brighter channel c % 3 and a bright band at rows 3c..3c+2. Labels cycle 0..9.
#include "tl_boost/cifar10.hpp"

namespace tl_boost::testing {

inline Cifar10Split synthetic_split(std::int64_t records, std::uint64_t seed) {
  torch::manual_seed(seed);
  Cifar10Split split;
  split.labels = torch::arange(records, torch::kInt64).remainder(10);
  auto images = torch::randint(0, 100, {records, 3, 32, 32}, torch::kInt64);
  for (std::int64_t i = 0; i < records; ++i) {
    const auto c = split.labels[i].item<std::int64_t>();
    images[i][c % 3] += 80;
    images[i].narrow(1, 3 * c, 3) += 70;
  }
  split.images = images.to(torch::kUInt8);
  split.label_list.assign(split.labels.data_ptr<std::int64_t>(), split.labels.data_ptr<std::int64_t>() + records);
  return split;
}

inline Cifar10 synthetic_cifar10(std::int64_t train_records = 400, std::int64_t test_records = 200) {
  return {synthetic_split(train_records, 1), synthetic_split(test_records, 2)};
}

}  // namespace tl_boost::testing
