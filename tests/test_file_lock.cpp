#include "tl_boost/file_lock.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "lock_probe.hpp"
#include "temp_dir.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"

namespace tl_boost {
namespace {

using testing::Pipe;
using testing::wait_until_blocked;

TEST(FileLock, SecondProcessWaitsUntilTheFirstReleases) {
  testing::TempDir tmp("tl_boost_lock");
  const auto lock_path = tmp.path() / "source.lock";
  const Pipe held, release;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    {
      FileLock lock(lock_path);
      held.send();
      release.receive();  // until the parent is waiting for the lock
      std::ofstream(tmp.path() / "child-done") << "x";
    }
    ::_exit(0);
  }
  ASSERT_TRUE(held.receive());
  // The child lets go only once this process is blocked on the lock, so this process must wait.
  std::atomic<bool> blocked{false};
  std::thread releaser([&] {
    blocked = wait_until_blocked(lock_path);
    release.send();
  });
  {
    FileLock lock(lock_path);
    releaser.join();
    EXPECT_TRUE(blocked);
    EXPECT_TRUE(lock.waited());
    // The child wrote its last file before releasing: holding the lock means it is there.
    EXPECT_TRUE(std::filesystem::exists(tmp.path() / "child-done"));
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  FileLock again(lock_path);  // free now
  EXPECT_FALSE(again.waited());
}

TEST(FileLock, SigtermStopsAProcessWaitingForTheLockWithInterruptedError) {
  testing::TempDir tmp("tl_boost_lock");
  const auto lock_path = tmp.path() / "run.lock";
  const Pipe held;
  const pid_t holder = ::fork();
  ASSERT_GE(holder, 0);
  if (holder == 0) {  // holds the lock until it is killed
    FileLock lock(lock_path);
    held.send();
    for (;;) ::pause();
  }
  ASSERT_TRUE(held.receive());
  const pid_t waiter = ::fork();
  ASSERT_GE(waiter, 0);
  if (waiter == 0) {  // handlers in a child: the flag would stay set in the test process
    install_interrupt_handlers();
    try {
      FileLock lock(lock_path);
    } catch (const InterruptedError& e) {
      ::_exit(e.exit_code());
    }
    ::_exit(1);
  }
  // Signalled only once it is inside flock: the signal must interrupt the wait itself.
  EXPECT_TRUE(wait_until_blocked(lock_path));
  ::kill(waiter, SIGTERM);
  // The holder never lets go: the waiter ends only if the signal interrupts its wait.
  int status = 0;
  pid_t ended = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((ended = ::waitpid(waiter, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (ended == 0) ::kill(waiter, SIGKILL), ::waitpid(waiter, &status, 0);
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  ASSERT_EQ(ended, waiter) << "the waiting process did not stop within 20 s";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 143) << status;
}

TEST(FileLock, UnopenablePathIsAnIoError) {
  EXPECT_THROW(FileLock("/nonexistent-dir/x.lock"), IoError);
}

}  // namespace
}  // namespace tl_boost
