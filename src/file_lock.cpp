#include "tl_boost/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"

namespace tl_boost {

FileLock::FileLock(const std::filesystem::path& path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw IoError(path.string() + ": cannot open the lock file: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
  if (errno != EWOULDBLOCK) {
    const int error = errno;
    ::close(fd_);
    throw IoError(path.string() + ": cannot lock: " + std::strerror(error));
  }
  waited_ = true;
  for (;;) {
    // SIGINT/SIGTERM interrupt the wait (no SA_RESTART, interrupt.hpp): a unit waiting for another
    // process's lock stops at once instead of when the other process is done.
    if (const int signal = pending_interrupt(); signal != 0) {
      ::close(fd_);
      throw InterruptedError(path.string() + ": interrupted by signal " + std::to_string(signal) +
                                 " while waiting for another process holding this lock",
                             signal);
    }
    if (::flock(fd_, LOCK_EX) == 0) return;
    if (errno == EINTR) continue;
    const int error = errno;
    ::close(fd_);
    throw IoError(path.string() + ": cannot lock: " + std::strerror(error));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
}

}  // namespace tl_boost
