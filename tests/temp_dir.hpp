#pragma once
// A fresh directory under the system temp directory, removed with everything in it at scope end.
#include <filesystem>
#include <random>
#include <string>

namespace tl_boost::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "tl_boost_test")
      : path_(std::filesystem::temp_directory_path() / (prefix + "_" + std::to_string(std::random_device{}()))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace tl_boost::testing
