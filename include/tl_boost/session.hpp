#pragma once
// Everything a run needs before training: the device, the threads and the dataset, opened once
// per process and shared by the runs it executes (one run, or a suite's units in this process).
#include <optional>
#include <string>

#include "tl_boost/cifar10.hpp"
#include "tl_boost/config.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/runtime.hpp"

namespace tl_boost {

struct Session {
  DeviceChoice device;
  int threads = 0;
  Cifar10 data;
  std::string data_fingerprint;  // which copy of CIFAR-10 (data_fingerprint())
  std::optional<DataSource> data_source;  // the tarball it came from, when fetch-data.sh recorded it
};

/// Resolves the config's device (DeviceError) and sets its determinism (`deterministic`, CUDA
/// only), reads the dataset (DataError), applies the thread count and keeps freed memory for
/// reuse; warns where bf16 is emulated.
Session open_session(const ExperimentConfig& config);

/// The config's data directory exists (DataError naming the path tried, how it was found and
/// the fixes, otherwise); its files are read_cifar10's to check.
void check_data_dir(const DataConfig& data);

/// open_session's checks that need no reading: the device (DeviceError) and the data directory
/// (DataError). A suite makes them before it writes anything or starts a unit.
void check_session(const ExperimentConfig& config);

/// Where and on what a run happens now, for its summary.
RunEnvironment run_environment(const Session& session);

}  // namespace tl_boost
