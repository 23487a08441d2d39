#pragma once
// A session on the synthetic CIFAR-10 stand-in, and the configs' settings made tiny, so that the
// run and suite rooms are tested end to end without the dataset and in seconds.
#include <string>
#include <vector>

#include "synthetic_data.hpp"
#include "tl_boost/session.hpp"

namespace tl_boost::testing {

inline const Session& synthetic_session() {
  static const Session session{DeviceChoice{torch::kCPU, ""}, 1, synthetic_cifar10(400, 200), "synthetic"};
  return session;
}

/// Overrides that shrink any protocol config: a small network, one epoch a stage, a short probe.
inline std::vector<std::string> tiny_settings() {
  return {"model.conv1_channels=4", "model.conv2_channels=8", "model.kernel_size=3", "train.batch_size=16",
          "train.source_epochs=1",  "train.target_epochs=2",  "probe.epochs=1",      "threads=1"};
}

}  // namespace tl_boost::testing
