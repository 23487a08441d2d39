// Handshakes between the processes of a lock test, in place of sleeps: a byte through a pipe, and
// whether a process is blocked waiting for a lock file.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace tl_boost::testing {

// One byte through a pipe: the handshake between the processes of a test, in place of sleeps.
struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() { EXPECT_EQ(::pipe(fd), 0); }
  ~Pipe() {
    for (const int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  void send() const { EXPECT_EQ(::write(fd[1], "x", 1), 1); }
  bool receive() const {
    char byte = 0;
    return ::read(fd[0], &byte, 1) == 1;
  }
};

// Whether some process is blocked in flock on `path`: the kernel lists a waiting request in
// /proc/locks as "-> FLOCK ... <major>:<minor>:<inode> ...".
inline bool someone_blocked_on(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  const std::string inode = ":" + std::to_string(st.st_ino) + " ";
  std::ifstream locks("/proc/locks");
  for (std::string line; std::getline(locks, line);) {
    if (line.find("-> FLOCK") != std::string::npos && line.find(inode) != std::string::npos) return true;
  }
  return false;
}

// Returns once another process (or thread) waits for the lock on `path`; false after 20 s.
inline bool wait_until_blocked(const std::filesystem::path& path) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!someone_blocked_on(path)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace tl_boost::testing
