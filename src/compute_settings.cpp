#include "tl_boost/compute_settings.hpp"

#include "tl_boost/error.hpp"

namespace tl_boost {

DeviceKind parse_device_kind(const std::string& name) {
  if (name == "cpu") return DeviceKind::kCpu;
  if (name == "cuda") return DeviceKind::kCuda;
  if (name == "auto") return DeviceKind::kAuto;
  throw ConfigError("expected cpu, cuda or auto, found '" + name + "'");
}

Precision parse_precision(const std::string& name) {
  if (name == "fp32") return Precision::kFp32;
  if (name == "bf16") return Precision::kBf16;
  throw ConfigError("expected fp32 or bf16, found '" + name + "'");
}

MemoryFormat parse_memory_format(const std::string& name) {
  if (name == "channels_last") return MemoryFormat::kChannelsLast;
  if (name == "contiguous") return MemoryFormat::kContiguous;
  throw ConfigError("expected channels_last or contiguous, found '" + name + "'");
}

std::string to_string(DeviceKind device) {
  switch (device) {
    case DeviceKind::kCpu: return "cpu";
    case DeviceKind::kCuda: return "cuda";
    case DeviceKind::kAuto: return "auto";
  }
  return "cpu";
}

std::string to_string(Precision precision) { return precision == Precision::kBf16 ? "bf16" : "fp32"; }

std::string to_string(MemoryFormat format) {
  return format == MemoryFormat::kContiguous ? "contiguous" : "channels_last";
}

}  // namespace tl_boost
