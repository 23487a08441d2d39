#include "tl_boost/model_options.hpp"

#include "tl_boost/config.hpp"

namespace tl_boost {

ConvNetOptions model_options(const ExperimentConfig& config, std::int64_t num_classes) {
  ConvNetOptions options;
  options.num_classes = num_classes;
  options.conv1_channels = config.model.conv1_channels;
  options.conv2_channels = config.model.conv2_channels;
  options.kernel_size = config.model.kernel_size;
  options.channels_last = config.memory_format == MemoryFormat::kChannelsLast;
  return options;
}

}  // namespace tl_boost
