#pragma once
// Network weights on disk.
#include <filesystem>

#include "tl_boost/model.hpp"

namespace tl_boost {

/// Saves the parameters of `net` (torch::save archive) via a temporary file and a rename.
void save_weights(ConvNet& net, const std::filesystem::path& path);

/// Loads weights saved by save_weights into `net`, whose shape must match. Throws IoError.
void load_weights(ConvNet& net, const std::filesystem::path& path);

/// Saves network and optimizer state (momentum buffers) in one archive, atomically.
void save_training_state(ConvNet& net, torch::optim::Optimizer& optimizer, const std::filesystem::path& path);

/// Restores what save_training_state wrote. Throws IoError.
void load_training_state(ConvNet& net, torch::optim::Optimizer& optimizer, const std::filesystem::path& path);

}  // namespace tl_boost
