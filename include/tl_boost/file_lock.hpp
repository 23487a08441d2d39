#pragma once
// An exclusive lock on a file shared by processes (flock): suite units started by separate
// processes or cluster tasks never train the same source network at once.
#include <filesystem>

namespace tl_boost {

class FileLock {
 public:
  /// Creates `path` if needed and blocks until this process holds the lock. Throws IoError if the
  /// file cannot be opened or locked, InterruptedError when SIGINT/SIGTERM (interrupt.hpp) arrives
  /// while it waits. The operating system releases the lock if the process dies.
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  /// Whether another process held the lock when this one asked for it (it had to wait).
  bool waited() const { return waited_; }

 private:
  int fd_ = -1;
  bool waited_ = false;
};

}  // namespace tl_boost
