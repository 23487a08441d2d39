#include "tl_boost/cifar10.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "synthetic_data.hpp"
#include "temp_dir.hpp"
#include "tl_boost/cifar10_format.hpp"

#include "tl_boost/error.hpp"
#include "tl_boost/splits.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kRecordBytes = 3073;

// Record r of a synthetic file: label (r + offset) % 10, pixel p of channel c = (r + c + p) % 256.
std::vector<char> synthetic_records(std::int64_t records, int offset) {
  std::vector<char> bytes(static_cast<std::size_t>(records * kRecordBytes));
  for (std::int64_t r = 0; r < records; ++r) {
    char* rec = bytes.data() + r * kRecordBytes;
    rec[0] = static_cast<char>((r + offset) % 10);
    for (int c = 0; c < 3; ++c) {
      for (int p = 0; p < 1024; ++p) rec[1 + c * 1024 + p] = static_cast<char>((r + c + p) % 256);
    }
  }
  return bytes;
}

class Cifar10Test : public ::testing::Test {
 protected:

  fs::path write(const std::string& name, const std::vector<char>& bytes) {
    std::ofstream(dir_ / name, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return dir_ / name;
  }

  // A complete synthetic dataset in the official layout.
  void write_dataset() {
    std::ofstream meta(dir_ / "batches.meta.txt");
    for (auto name : kCifar10ClassNames) meta << name << "\n";
    meta << "\n";
    const auto records = synthetic_records(10000, 0);
    for (int i = 1; i <= 5; ++i) write("data_batch_" + std::to_string(i) + ".bin", records);
    write("test_batch.bin", synthetic_records(10000, 3));
  }

  std::string data_error(const std::function<void()>& action) {
    try {
      action();
    } catch (const DataError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no DataError";
    return "";
  }

  testing::TempDir tmp_{"tl_boost_cifar"};
  const fs::path& dir_ = tmp_.path();
};

TEST_F(Cifar10Test, RoundTripKeepsLabelsAndPixelLayout) {
  const auto a = write("a.bin", synthetic_records(5, 0));
  const auto b = write("b.bin", synthetic_records(5, 4));
  const Cifar10Split split = read_cifar10_batches({a, b}, 5);
  ASSERT_EQ(split.images.sizes(), (std::vector<std::int64_t>{10, 3, 32, 32}));
  EXPECT_EQ(split.images.dtype(), torch::kUInt8);
  EXPECT_EQ(split.labels.dtype(), torch::kInt64);
  EXPECT_EQ(split.label_list, (std::vector<int>{0, 1, 2, 3, 4, 4, 5, 6, 7, 8}));
  // Record 2 of file a: channel 1 (green), row 3, column 4 -> pixel index 3*32+4 = 100.
  EXPECT_EQ(split.images[2][1][3][4].item<int>(), (2 + 1 + 100) % 256);
  // Record 1 of file b (index 6): blue channel, last pixel.
  EXPECT_EQ(split.images[6][2][31][31].item<int>(), (1 + 2 + 1023) % 256);
  EXPECT_EQ(split.labels[6].item<std::int64_t>(), 5);
}

TEST_F(Cifar10Test, ReadsTheOfficialLayout) {
  write_dataset();
  const Cifar10 data = read_cifar10(dir_);
  EXPECT_EQ(data.train.images.size(0), 50000);
  EXPECT_EQ(data.test.images.size(0), 10000);
  EXPECT_EQ(data.test.label_list[0], 3);
}

TEST_F(Cifar10Test, MissingFilesAreNamed) {
  EXPECT_NE(data_error([&] { read_cifar10(dir_ / "nope"); }).find("nope"), std::string::npos);
  write_dataset();
  fs::remove(dir_ / "data_batch_3.bin");
  const auto message = data_error([&] { read_cifar10(dir_); });
  EXPECT_NE(message.find("data_batch_3.bin: missing"), std::string::npos) << message;
}

TEST_F(Cifar10Test, WrongSizesAreNamedWithExpectedAndFound) {
  auto records = synthetic_records(3, 0);
  records.pop_back();
  const auto truncated = write("short.bin", records);
  auto message = data_error([&] { read_cifar10_batches({truncated}, 3); });
  EXPECT_NE(message.find("short.bin"), std::string::npos) << message;
  EXPECT_NE(message.find("expected 9219 bytes"), std::string::npos) << message;
  EXPECT_NE(message.find("found 9218"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;

  records = synthetic_records(4, 0);
  const auto oversized = write("long.bin", records);
  message = data_error([&] { read_cifar10_batches({oversized}, 3); });
  EXPECT_NE(message.find("oversized"), std::string::npos) << message;
}

TEST_F(Cifar10Test, LabelAboveNineNamesFileAndRecord) {
  auto records = synthetic_records(4, 0);
  records[2 * kRecordBytes] = 10;
  const auto path = write("bad_label.bin", records);
  const auto message = data_error([&] { read_cifar10_batches({path}, 4); });
  EXPECT_NE(message.find("bad_label.bin: record 2"), std::string::npos) << message;
  EXPECT_NE(message.find("found 10"), std::string::npos) << message;
}

TEST_F(Cifar10Test, MetaFileMustListCifarClasses) {
  write_dataset();
  std::ofstream(dir_ / "batches.meta.txt") << "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nboat\ntruck\n";
  const auto message = data_error([&] { read_cifar10(dir_); });
  EXPECT_NE(message.find("line 9"), std::string::npos) << message;
  EXPECT_NE(message.find("'boat'"), std::string::npos) << message;
}

}  // namespace
}  // namespace tl_boost

namespace tl_boost {
namespace {

TEST(Cifar10Fingerprint, ChangesWithAnyByteAndWithLength) {
  std::vector<std::uint8_t> bytes(1000);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7);
  const auto base = fingerprint_bytes(1, bytes.data(), bytes.size());
  EXPECT_EQ(fingerprint_bytes(1, bytes.data(), bytes.size()), base);
  for (const std::size_t at : {0u, 8u, 500u, 997u, 999u}) {  // words and the tail
    auto changed = bytes;
    changed[at] ^= 1;
    EXPECT_NE(fingerprint_bytes(1, changed.data(), changed.size()), base) << at;
  }
  auto longer = bytes;
  longer.push_back(0);  // a trailing zero byte
  EXPECT_NE(fingerprint_bytes(1, longer.data(), longer.size()), base);
  EXPECT_NE(fingerprint_bytes(2, bytes.data(), bytes.size()), base);
}

TEST(Cifar10Fingerprint, IdentifiesTheRecords) {
  const Cifar10 a = testing::synthetic_cifar10(40, 20);
  const Cifar10 b = testing::synthetic_cifar10(40, 20);
  EXPECT_EQ(data_fingerprint(a), data_fingerprint(b));
  EXPECT_EQ(data_fingerprint(a).size(), 16u);
  Cifar10 relabelled = testing::synthetic_cifar10(40, 20);
  relabelled.test.labels[3] = 9;
  EXPECT_NE(data_fingerprint(relabelled), data_fingerprint(a));
  Cifar10 repainted = testing::synthetic_cifar10(40, 20);
  repainted.train.images[0][1][2][3] += 1;
  EXPECT_NE(data_fingerprint(repainted), data_fingerprint(a));
}

}  // namespace
}  // namespace tl_boost
