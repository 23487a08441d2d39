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

/// What config key `deterministic` sets for a run on CUDA (`cuda`) or the CPU. On the CPU nothing
/// is touched: its kernels give the same results for the same threads already.
struct DeterminismSettings {
  bool cudnn_deterministic = false;       // at::Context::setDeterministicCuDNN
  bool cudnn_benchmark = false;           // at::Context::setBenchmarkCuDNN: off, it picks kernels by timing
  bool deterministic_algorithms = false;  // at::Context::setDeterministicAlgorithms: every op that has a
                                          // deterministic kernel uses it; one without warns, naming itself
  bool set_global_context = false;        // false: leave LibTorch's settings as they are
};
DeterminismSettings determinism_settings(bool deterministic, bool cuda);

/// cuBLAS reproduces its results only with a fixed workspace; it reads CUBLAS_WORKSPACE_CONFIG
/// when CUDA starts, so this runs before the first CUDA call. Sets it to ":4096:8" for a
/// deterministic run that may use CUDA (`requested` cuda or auto), unless the user has set it.
/// Returns whether the variable holds ":4096:8" now.
bool prepare_cuda_determinism(bool deterministic, DeviceKind requested);

/// Applies determinism_settings(deterministic, device is CUDA) to LibTorch's global context.
void apply_determinism(bool deterministic, torch::Device device);

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
