#include "tl_boost/file_lock.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "tl_boost/error.hpp"

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

TEST(FileLock, UnopenablePathIsAnIoError) {
  EXPECT_THROW(FileLock("/nonexistent-dir/x.lock"), IoError);
}

}  // namespace
}  // namespace tl_boost
