#pragma once
// Numeric precision of training and evaluation: fp32, or autocast to bfloat16.
#include <torch/torch.h>

#include "tl_boost/compute_settings.hpp"

namespace tl_boost {

/// Whether this CPU computes bfloat16 natively (AVX512-BF16); without it CPU autocast still works,
/// but emulated and slower than fp32.
bool cpu_has_native_bf16();

/// While alive, runs convolutions and matrix products on `device` in bfloat16 (autocast), when
/// `precision` is kBf16; parameters and their updates stay fp32. A no-op for kFp32.
/// Restores the previous autocast state on destruction.
class AutocastScope {
 public:
  AutocastScope(Precision precision, torch::Device device);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool active_ = false;
  bool cuda_ = false;
  bool was_enabled_ = false;
  at::ScalarType previous_dtype_ = at::kFloat;
};

}  // namespace tl_boost
