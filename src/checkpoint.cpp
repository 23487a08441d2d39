#include "tl_boost/checkpoint.hpp"

#include <mutex>

#include <ATen/CPUGeneratorImpl.h>

#include "tl_boost/error.hpp"

namespace tl_boost {

namespace {

// Writes through a temporary file and a rename, so a crash never leaves a torn archive.
template <class Write>
void save_atomically(const std::filesystem::path& path, const char* what, Write&& write) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  try {
    write(temporary.string());
  } catch (const c10::Error& e) {
    std::filesystem::remove(temporary);
    throw IoError(path.string() + ": cannot save " + what + ": " + e.what_without_backtrace());
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw IoError(path.string() + ": cannot rename the " + what + " into place: " + ec.message());
}

}  // namespace

void save_weights(ConvNet& net, const std::filesystem::path& path) {
  save_atomically(path, "weights", [&](const std::string& file) { torch::save(net, file); });
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
  save_atomically(path, "training state", [&](const std::string& file) {
    torch::serialize::OutputArchive archive, model, optim;
    net->save(model);
    optimizer.save(optim);
    archive.write("model", model);
    archive.write("optimizer", optim);
    // Nothing in training draws from it today (batch order is a function of seed and epoch), but a
    // resumed run must not depend on that staying true.
    archive.write("cpu_rng_state", at::detail::getDefaultCPUGenerator().get_state());
    archive.save_to(file);
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
