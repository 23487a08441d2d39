#pragma once
// Where and how a run computes: device, numeric precision, image and weight layout. Typed once when
// the config is read, so no later code compares setting names; the names are the config's JSON
// values. LibTorch-free.
#include <string>

namespace tl_boost {

enum class DeviceKind { kCpu, kCuda, kAuto };  // kAuto: CUDA when available, else the CPU
enum class Precision { kFp32, kBf16 };          // kBf16: autocast of convolutions and the classifier
enum class MemoryFormat { kChannelsLast, kContiguous };  // kContiguous: NCHW

/// "cpu" | "cuda" | "auto"; anything else throws ConfigError "expected cpu, cuda or auto, found '<name>'".
DeviceKind parse_device_kind(const std::string& name);
/// "fp32" | "bf16"; anything else throws ConfigError "expected fp32 or bf16, found '<name>'".
Precision parse_precision(const std::string& name);
/// "channels_last" | "contiguous"; anything else throws ConfigError naming both.
MemoryFormat parse_memory_format(const std::string& name);

std::string to_string(DeviceKind device);
std::string to_string(Precision precision);
std::string to_string(MemoryFormat format);

}  // namespace tl_boost
