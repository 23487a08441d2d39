#include "tl_boost/checkpoint.hpp"

#include <mutex>
#include <sstream>

#include <ATen/CPUGeneratorImpl.h>

#include "tl_boost/error.hpp"
#include "tl_boost/run_output.hpp"

namespace tl_boost {

namespace {

// Serialises into memory first: LibTorch's file writer reports a failed write (a full disk) by
// throwing from its destructor, which terminates the process. write_file_atomic reports it as an
// IoError, removes its temporary file and leaves the previous file in place.
template <class Write>
void save_atomically(const std::filesystem::path& path, const char* what, Write&& write) {
  std::ostringstream bytes;
  try {
    write(bytes);
  } catch (const c10::Error& e) {
    throw IoError(path.string() + ": cannot save " + what + ": " + e.what_without_backtrace());
  }
  write_file_atomic(path, bytes.str());
}

}  // namespace

void save_weights(ConvNet& net, const std::filesystem::path& path) {
  save_atomically(path, "weights", [&](std::ostream& out) { torch::save(net, out); });
}

void load_weights(ConvNet& net, const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) throw IoError(path.string() + ": no such weights file");
  try {
    torch::load(net, path.string());
  } catch (const c10::Error& e) {
    throw IoError(path.string() + ": cannot load weights: " + e.what_without_backtrace());
  }
}

void save_training_state(ConvNet& net, torch::optim::Optimizer& optimizer, const std::filesystem::path& path) {
  save_atomically(path, "training state", [&](std::ostream& out) {
    torch::serialize::OutputArchive archive, model, optim;
    net->save(model);
    optimizer.save(optim);
    archive.write("model", model);
    archive.write("optimizer", optim);
    // Nothing in training draws from it today (batch order is a function of seed and epoch), but a
    // resumed run must not depend on that staying true.
    archive.write("cpu_rng_state", at::detail::getDefaultCPUGenerator().get_state());
    archive.save_to(out);
  });
}

void load_training_state(ConvNet& net, torch::optim::Optimizer& optimizer, const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) throw IoError(path.string() + ": no such checkpoint file");
  try {
    torch::serialize::InputArchive archive, model, optim;
    archive.load_from(path.string());
    archive.read("model", model);
    archive.read("optimizer", optim);
    net->load(model);
    optimizer.load(optim);
    torch::Tensor rng_state;
    archive.read("cpu_rng_state", rng_state);
    at::Generator generator = at::detail::getDefaultCPUGenerator();  // a handle to the shared generator
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(rng_state);
  } catch (const c10::Error& e) {
    throw IoError(path.string() + ": cannot load checkpoint: " + e.what_without_backtrace());
  }
}

}  // namespace tl_boost
