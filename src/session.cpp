#include "tl_boost/session.hpp"

#include <chrono>
#include <ctime>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "tl_boost/error.hpp"
#include "tl_boost/precision.hpp"

namespace tl_boost {

namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

std::string host_name() {
  char name[256] = {};
  return ::gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

}  // namespace

Session open_session(const ExperimentConfig& config) {
  Session session;
  // Before resolve_device: asking whether CUDA is available is the first CUDA call.
  prepare_cuda_determinism(config.deterministic, config.device);
  session.device = resolve_device(config.device);
  if (!session.device.note.empty()) spdlog::warn("{}", session.device.note);
  apply_determinism(config.deterministic, session.device.device);
  const auto start = std::chrono::steady_clock::now();
  check_data_dir(config.data);
  session.data = read_cifar10(config.data.path());
  session.data_fingerprint = data_fingerprint(session.data);
  session.data_source = read_data_source(config.data.path());
  spdlog::debug("read CIFAR-10 from {} ({}) in {:.3f}s", config.data.path().string(), describe(config.data.where()),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  session.threads = apply_thread_count(config.threads);
  if (!set_freed_memory_reuse(true)) spdlog::debug("this C library cannot keep freed memory for reuse");
  if (config.precision == Precision::kBf16 && !session.device.device.is_cuda() &&
      !cpu_has_native_bf16()) {
    spdlog::warn("precision bf16: this CPU has no AVX512-BF16, so bfloat16 is emulated and slower than fp32");
  }
  return session;
}

void check_data_dir(const DataConfig& data) {
  std::error_code ec;
  if (!std::filesystem::is_directory(data.path(), ec)) throw DataError(missing_data_message(data.where()));
}

void check_session(const ExperimentConfig& config) {
  resolve_device(config.device);
  check_data_dir(config.data);
}

RunEnvironment run_environment(const Session& session) {
  RunEnvironment env;
  env.cpu = cpu_model();
  env.data_fingerprint = session.data_fingerprint;
  env.data_source = session.data_source;
  env.device = session.device.device.str();
  env.threads = session.threads;
  env.libtorch_version = libtorch_version();
  env.tl_boost_version = tl_boost_version();
  env.git_sha = git_sha();
  env.started_at = utc_now();
  env.hostname = host_name();
  return env;
}

}  // namespace tl_boost
