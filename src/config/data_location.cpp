#include "tl_boost/config/data_location.hpp"

namespace tl_boost {

namespace fs = std::filesystem;

namespace {

fs::path working_directory() {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  return ec ? fs::path(".") : cwd;
}

// `written` taken from `base` when relative: the location and what it was taken from.
DataLocation place(DataDirOrigin origin, const std::string& written, const fs::path& base, std::string source) {
  const fs::path given(written);
  if (given.is_absolute()) return {given.lexically_normal(), origin, written, {}, std::move(source)};
  return {(base / given).lexically_normal(), origin, written, base, std::move(source)};
}

}  // namespace

fs::path config_checkout(const fs::path& config_file) {
  const fs::path folder = fs::absolute(config_file).lexically_normal().parent_path();
  return folder.filename() == "configs" ? folder.parent_path() : folder;
}

DataLocation locate_data(const std::string& dir, const fs::path& config_file, bool in_file,
                         const std::optional<std::string>& set_by, const DataDirChoice& choice) {
  if (choice.flag && !choice.flag->empty()) return place(DataDirOrigin::kFlag, *choice.flag, working_directory(), "");
  if (choice.environment && !choice.environment->empty()) {
    return place(DataDirOrigin::kEnvironment, *choice.environment, working_directory(), "");
  }
  if (set_by) return place(DataDirOrigin::kSet, dir, working_directory(), *set_by);
  return place(in_file ? DataDirOrigin::kConfigFile : DataDirOrigin::kDefault, dir, config_checkout(config_file),
               config_file.string());
}

DataLocation unresolved_location(const std::string& dir) {
  const fs::path given(dir);
  return {given, DataDirOrigin::kSet, dir, given.is_absolute() ? fs::path() : working_directory(), ""};
}

std::string describe(const DataLocation& l) {
  const std::string relative = l.base.empty() ? "" : ", taken from ";
  switch (l.origin) {
    case DataDirOrigin::kFlag:
      return "--data-dir '" + l.written + "'" + (l.base.empty() ? "" : relative + "the working directory " + l.base.string());
    case DataDirOrigin::kEnvironment:
      return std::string(kDataDirVariable) + "='" + l.written + "'" +
             (l.base.empty() ? "" : relative + "the working directory " + l.base.string());
    case DataDirOrigin::kSet:
      return "data.dir '" + l.written + "'" + (l.source.empty() ? "" : " set by " + l.source) +
             (l.base.empty() ? "" : relative + "the working directory " + l.base.string());
    case DataDirOrigin::kConfigFile:
      return "data.dir '" + l.written + "' of " + l.source +
             (l.base.empty() ? "" : relative + "its checkout " + l.base.string());
    case DataDirOrigin::kDefault:
      return "the default data.dir '" + l.written + "' (" + l.source + " sets none)" +
             (l.base.empty() ? "" : relative + "its checkout " + l.base.string());
  }
  return l.written;
}

std::string missing_data_message(const DataLocation& l) {
  return l.path.string() + ": no such directory (" + describe(l) +
         "); expected CIFAR-10's cifar-10-batches-bin there. Name the directory with --data-dir DIR or " +
         kDataDirVariable + "=DIR, or fetch it with scripts/fetch-data.sh";
}

}  // namespace tl_boost
