#include "tl_boost/file_lock.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/interrupt.hpp"

namespace tl_boost {
namespace {

TEST(FileLock, SecondProcessWaitsUntilTheFirstReleases) {
  testing::TempDir tmp("tl_boost_lock");
  const auto lock_path = tmp.path() / "source.lock";
  const auto marker = tmp.path() / "child-has-lock";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    {
      FileLock lock(lock_path);
      std::ofstream(marker) << "x";
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      std::ofstream(tmp.path() / "child-done") << "x";
    }
    ::_exit(0);
  }
  while (!std::filesystem::exists(marker)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto start = std::chrono::steady_clock::now();
  {
    FileLock lock(lock_path);
    EXPECT_TRUE(lock.waited());
    // The child wrote its last file before releasing: holding the lock means it is there.
    EXPECT_TRUE(std::filesystem::exists(tmp.path() / "child-done"));
    EXPECT_GT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
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
  const auto held = tmp.path() / "holder-has-lock";
  const auto waiting = tmp.path() / "waiter-is-waiting";
  const pid_t holder = ::fork();
  ASSERT_GE(holder, 0);
  if (holder == 0) {  // holds the lock until it is killed
    FileLock lock(lock_path);
    std::ofstream(held) << "x";
    for (;;) ::pause();
  }
  while (!std::filesystem::exists(held)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const pid_t waiter = ::fork();
  ASSERT_GE(waiter, 0);
  if (waiter == 0) {  // handlers in a child: the flag would stay set in the test process
    install_interrupt_handlers();
    std::ofstream(waiting) << "x";
    try {
      FileLock lock(lock_path);
    } catch (const InterruptedError& e) {
      ::_exit(e.exit_code());
    }
    ::_exit(1);
  }
  while (!std::filesystem::exists(waiting)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // inside flock by now
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
