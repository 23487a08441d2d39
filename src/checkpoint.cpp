#include "tl_boost/checkpoint.hpp"

#include "tl_boost/error.hpp"

namespace tl_boost {

void save_weights(ConvNet& net, const std::filesystem::path& path) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  try {
    torch::save(net, temporary.string());
  } catch (const c10::Error& e) {
    std::filesystem::remove(temporary);
    throw IoError(path.string() + ": cannot save weights: " + e.what_without_backtrace());
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw IoError(path.string() + ": cannot rename the weights into place: " + ec.message());
}

void load_weights(ConvNet& net, const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) throw IoError(path.string() + ": no such weights file");
  try {
    torch::load(net, path.string());
  } catch (const c10::Error& e) {
    throw IoError(path.string() + ": cannot load weights: " + e.what_without_backtrace());
  }
}

}  // namespace tl_boost
