#include "tl_boost/runtime.hpp"

#include <cstdlib>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

TEST(Runtime, ThreadCountIsEveryCoreForZeroAndAtMostFourPerCore) {
  EXPECT_EQ(thread_count_for(0, 16).threads, 16);
  EXPECT_EQ(thread_count_for(0, 0).threads, 1);  // unknown hardware: one
  EXPECT_EQ(thread_count_for(3, 16).threads, 3);
  EXPECT_EQ(thread_count_for(64, 16).threads, 64);
  EXPECT_FALSE(thread_count_for(64, 16).capped);
  const ThreadCount capped = thread_count_for(1024, 16);
  EXPECT_EQ(capped.threads, 64);
  EXPECT_TRUE(capped.capped);
  EXPECT_EQ(thread_count_for(5, 0).threads, 4);
}

TEST(Runtime, DeterminismOnCudaChoosesDeterministicKernelsAndLeavesTheCpuAlone) {
  const DeterminismSettings cuda = determinism_settings(true, true);
  EXPECT_TRUE(cuda.set_global_context);
  EXPECT_TRUE(cuda.cudnn_deterministic);
  EXPECT_FALSE(cuda.cudnn_benchmark);
  EXPECT_TRUE(cuda.deterministic_algorithms);
  const DeterminismSettings fast = determinism_settings(false, true);
  EXPECT_TRUE(fast.set_global_context);
  EXPECT_FALSE(fast.cudnn_deterministic);
  EXPECT_FALSE(fast.deterministic_algorithms);
  EXPECT_FALSE(determinism_settings(true, false).set_global_context);
  EXPECT_FALSE(determinism_settings(false, false).set_global_context);
}

// Restores CUBLAS_WORKSPACE_CONFIG as the test found it.
class CublasWorkspaceEnv : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* value = std::getenv(kName)) saved_ = value;
    ::unsetenv(kName);
  }
  void TearDown() override {
    if (saved_) {
      ::setenv(kName, saved_->c_str(), 1);
    } else {
      ::unsetenv(kName);
    }
  }
  static std::optional<std::string> value() {
    const char* v = std::getenv(kName);
    return v ? std::optional<std::string>(v) : std::nullopt;
  }
  static constexpr const char* kName = "CUBLAS_WORKSPACE_CONFIG";
  std::optional<std::string> saved_;
};

TEST_F(CublasWorkspaceEnv, IsSetForADeterministicRunThatMayUseCuda) {
  EXPECT_FALSE(prepare_cuda_determinism(true, DeviceKind::kCpu));
  EXPECT_FALSE(prepare_cuda_determinism(false, DeviceKind::kCuda));
  EXPECT_EQ(value(), std::nullopt);
  EXPECT_TRUE(prepare_cuda_determinism(true, DeviceKind::kAuto));
  EXPECT_EQ(value(), ":4096:8");
  ::unsetenv(kName);
  EXPECT_TRUE(prepare_cuda_determinism(true, DeviceKind::kCuda));
  EXPECT_EQ(value(), ":4096:8");
}

TEST_F(CublasWorkspaceEnv, AUsersOwnValueIsKept) {
  ::setenv(kName, ":16:8", 1);
  EXPECT_FALSE(prepare_cuda_determinism(true, DeviceKind::kCuda));
  EXPECT_EQ(value(), ":16:8");
}

}  // namespace
}  // namespace tl_boost
