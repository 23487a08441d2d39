#pragma once
// The execution environment: device choice, thread count, versions.
#include <string>

#include <torch/torch.h>

#include "tl_boost/compute_settings.hpp"

namespace tl_boost {

struct DeviceChoice {
  torch::Device device{torch::kCPU};
  std::string note;  // non-empty when "auto" fell back to the CPU: say so to the user
};

/// kCuda without a CUDA-enabled LibTorch or a visible GPU throws DeviceError; kAuto picks CUDA
/// when available, else the CPU.
DeviceChoice resolve_device(DeviceKind requested);

/// The intra-op threads for `requested` (0: every hardware thread) on a machine with
/// `hardware_threads` (0: unknown, taken as 1): at most 4 per hardware thread, since more only
/// contend, and a count far beyond the cores stalls thread creation or exhausts process ids.
struct ThreadCount {
  int threads = 1;
  bool capped = false;  // `requested` was above the cap
};
ThreadCount thread_count_for(int requested, unsigned hardware_threads);

/// Sets LibTorch's intra-op threads (thread_count_for, warning when capped) and returns the number in use.
int apply_thread_count(int requested);

/// Whether memory freed by a tensor stays in this process for the next allocation (on) or large
/// blocks go back to the operating system at once (off, the C library's default). Every training
/// step and evaluation batch allocates the same large activations again; returning them costs a
/// page fault per 4 KiB on each reuse. Returns false where the C library offers no such control.
bool set_freed_memory_reuse(bool on);

/// The processor's model name (/proc/cpuinfo), or "unknown".
std::string cpu_model();

std::string libtorch_version();
std::string tl_boost_version();
std::string git_sha();
bool cuda_available();

}  // namespace tl_boost
