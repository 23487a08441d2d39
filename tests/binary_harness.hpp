// The tl-boost binary driven as a user drives it: run it and read what it printed and wrote.
// Shared by the end-to-end tests (real CIFAR-10) and the command-line tests (no dataset).
#pragma once

#include <fcntl.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_paths.hpp"

namespace binary_harness {

namespace fs = std::filesystem;
using nlohmann::json;

inline const fs::path kSource = tl_boost_test::source_dir();
inline const fs::path kBinary = tl_boost_test::binary();
inline const fs::path kData = tl_boost_test::data_dir();

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::vector<std::string> lines_of(const fs::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// "--set key.path=value" for every leaf of smoke.json except the inheritance and naming keys,
// so each protocol config runs with exactly the smoke settings CI uses.
inline void flatten(const json& node, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& [key, value] : node.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object()) {
      flatten(value, path, out);
    } else {
      out.push_back("--set");
      out.push_back(path + "=" + value.dump());
    }
  }
}

inline std::vector<std::string> smoke_settings() {
  json smoke = json::parse(read_text(kSource / "configs/smoke.json"));
  for (const char* key : {"extends", "name", "description"}) smoke.erase(key);
  std::vector<std::string> args;
  flatten(smoke, "", args);
  return args;
}

// Runs the tl-boost binary as a user does, each test in a fresh output directory.
class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = fs::temp_directory_path() / ("tl_boost_bin_" + std::to_string(std::random_device{}()));
    fs::create_directories(out_);
    // Each test's own throughput record (suite --plan's), so that none finds another's, nor the user's.
    ::setenv("XDG_CACHE_HOME", (out_ / "cache").c_str(), 1);
  }
  void TearDown() override { fs::remove_all(out_); }

  // Runs tl-boost with `args`; returns its exit code, with stdout in stdout_, stderr in stderr_
  // and both (stdout first) in output_. TL_BOOST_DATA is unset unless `env` (NAME=value) sets it,
  // so a developer's own never redirects a test.
  int run(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    std::string command = "env -u TL_BOOST_DATA";
    for (const auto& e : env) command += " " + quote(e);
    command += " " + quote(kBinary.string());
    for (const auto& a : args) command += " " + quote(a);
    const fs::path out_log = out_ / "stdout.log";
    const fs::path err_log = out_ / "stderr.log";
    const int status =
        std::system((command + " > " + quote(out_log.string()) + " 2> " + quote(err_log.string())).c_str());
    stdout_ = read_text(out_log);
    stderr_ = read_text(err_log);
    output_ = stdout_ + stderr_;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Starts tl-boost in the background, output to `log`; returns its pid.
  pid_t start(const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> argv_storage{kBinary.string()};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    const pid_t pid = fork();
    if (pid == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      std::vector<char*> argv;
      for (auto& a : argv_storage) argv.push_back(a.data());
      argv.push_back(nullptr);
      unsetenv("TL_BOOST_DATA");  // as run(): the test's --set data.dir decides
      execv(argv[0], argv.data());
      _exit(127);
    }
    return pid;
  }

  // Waits until `file` has at least `lines` lines (or 120 s pass).
  static bool wait_for_lines(const fs::path& file, std::size_t lines) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      if (fs::exists(file) && lines_of(file).size() >= lines) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // Waits until `file` contains `text` (or 120 s pass).
  static bool wait_for_text(const fs::path& file, const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline) {
      if (read_text(file).find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  static int wait_exit(pid_t pid, int* signal_out = nullptr) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (signal_out != nullptr) *signal_out = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::vector<std::string> run_args(const std::string& config, const fs::path& out) {
    std::vector<std::string> args{"run", (kSource / "configs" / config).string(), "--out", out.string(), "--set",
                                  "data.dir=" + json(kData.string()).dump()};
    for (const auto& a : smoke_settings()) args.push_back(a);
    // One thread: ctest runs a test per core, and idle OpenMP workers would spin on the other's core.
    args.insert(args.end(), {"--set", "threads=1"});
    return args;
  }

  fs::path out_;
  std::string output_;
  std::string stdout_;
  std::string stderr_;
};

}  // namespace binary_harness
