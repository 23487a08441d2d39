#include "tl_boost/runtime.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <ATen/Context.h>
#include <spdlog/spdlog.h>
#include <torch/version.h>

#include "tl_boost/error.hpp"
#include "tl_boost_git_sha.hpp"  // generated at build time

#ifndef TL_BOOST_VERSION
#define TL_BOOST_VERSION "unknown"
#endif

namespace tl_boost {

bool cuda_available() { return torch::cuda::is_available(); }

DeviceChoice resolve_device(DeviceKind requested) {
  switch (requested) {
    case DeviceKind::kCpu:
      return {torch::kCPU, ""};
    case DeviceKind::kCuda:
      if (!cuda_available()) {
        throw DeviceError(
            "device 'cuda' requested, but this LibTorch (" + libtorch_version() +
            ") has no CUDA support or sees no GPU; build against a CUDA LibTorch (see docs/BUILDING.md) or use --device cpu");
      }
      return {torch::kCUDA, ""};
    case DeviceKind::kAuto:
      if (cuda_available()) return {torch::kCUDA, ""};
      return {torch::kCPU, "device 'auto': no CUDA available, running on the CPU"};
  }
  return {torch::kCPU, ""};
}

ThreadCount thread_count_for(int requested, unsigned hardware_threads) {
  const int cores = static_cast<int>(std::clamp(hardware_threads, 1u, 1u << 20));
  if (requested <= 0) return {cores, false};
  const int cap = 4 * cores;
  return requested > cap ? ThreadCount{cap, true} : ThreadCount{requested, false};
}

int apply_thread_count(int requested) {
  const unsigned hardware_threads = std::thread::hardware_concurrency();
  const ThreadCount count = thread_count_for(requested, hardware_threads);
  if (count.capped) {
    spdlog::warn("threads: {} asked for, but this machine has {} hardware threads; using {} (at most 4 each)",
                 requested, std::max(1u, hardware_threads), count.threads);
  }
  torch::set_num_threads(count.threads);
  return torch::get_num_threads();
}

DeterminismSettings determinism_settings(bool deterministic, bool cuda) {
  if (!cuda) return {};
  return {deterministic, false, deterministic, true};
}

bool prepare_cuda_determinism(bool deterministic, DeviceKind requested) {
  if (!deterministic || requested == DeviceKind::kCpu) return false;
  // The value PyTorch documents for reproducible cuBLAS (the other is ":16:8", slower).
  return ::setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", /*overwrite=*/0) == 0 &&
         std::string(std::getenv("CUBLAS_WORKSPACE_CONFIG")) == ":4096:8";
}

void apply_determinism(bool deterministic, torch::Device device) {
  const DeterminismSettings settings = determinism_settings(deterministic, device.is_cuda());
  if (!settings.set_global_context) return;
  at::Context& context = at::globalContext();
  context.setDeterministicCuDNN(settings.cudnn_deterministic);
  context.setBenchmarkCuDNN(settings.cudnn_benchmark);
  // Two arguments since LibTorch 1.11 (the second: warn only), unchanged in 2.x.
  // warn_only: an op without a deterministic kernel logs a warning naming it rather than failing
  // the run; every op that has one uses it.
  context.setDeterministicAlgorithms(settings.deterministic_algorithms, /*warn_only=*/true);
}

bool set_freed_memory_reuse(bool on) {
#if defined(__GLIBC__)
  // Blocks above M_MMAP_THRESHOLD are mmap'd and unmapped on free; the heap top above
  // M_TRIM_THRESHOLD is returned to the OS. 1 GiB keeps a stage's activations in the heap;
  // 128 KiB is glibc's documented default for both.
  const int bytes = on ? (1 << 30) : 128 * 1024;
  return mallopt(M_MMAP_THRESHOLD, bytes) == 1 && mallopt(M_TRIM_THRESHOLD, bytes) == 1;
#else
  (void)on;
  return false;
#endif
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos && colon + 2 <= line.size()) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

std::string libtorch_version() { return TORCH_VERSION; }
std::string tl_boost_version() { return TL_BOOST_VERSION; }
std::string git_sha() { return TL_BOOST_GIT_SHA; }

}  // namespace tl_boost
