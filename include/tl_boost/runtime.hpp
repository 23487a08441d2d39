#pragma once
// The execution environment: device choice, thread count, versions.
#include <string>

#include <torch/torch.h>

namespace tl_boost {

struct DeviceChoice {
  torch::Device device{torch::kCPU};
  std::string note;  // non-empty when "auto" fell back to the CPU: say so to the user
};

/// "cpu" | "cuda" | "auto". "cuda" without a CUDA-enabled LibTorch or a visible GPU throws
/// DeviceError; "auto" picks CUDA when available, else the CPU.
DeviceChoice resolve_device(const std::string& requested);

/// Sets LibTorch's intra-op threads (0: every core) and returns the number in use.
int apply_thread_count(int requested);

std::string libtorch_version();
std::string tl_boost_version();
std::string git_sha();
bool cuda_available();

}  // namespace tl_boost
