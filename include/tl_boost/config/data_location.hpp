#pragma once
// Where a run reads CIFAR-10 from, and why. A relative data.dir from a config file is taken from
// the config's checkout (not the working directory), so a run started anywhere finds the data the
// checkout holds; --data-dir and the TL_BOOST_DATA variable name another place without changing
// the config (data.dir is part of the experiment's identity, the place it is read from is not).
// LibTorch-free.
#include <filesystem>
#include <optional>
#include <string>

namespace tl_boost {

/// The environment variable naming the data directory: below --data-dir, above every config.
inline constexpr const char* kDataDirVariable = "TL_BOOST_DATA";

/// What decided the data directory, in the order of precedence from the lowest.
enum class DataDirOrigin {
  kDefault,      // no data.dir anywhere: the default, taken from the config's checkout
  kConfigFile,   // the config file (or a parent it extends): relative to its checkout
  kSet,          // a --set or a suite file's override: relative to the working directory
  kEnvironment,  // TL_BOOST_DATA: relative to the working directory
  kFlag,         // --data-dir: relative to the working directory
};

/// --data-dir and TL_BOOST_DATA as a command received them (unset or empty: not given).
struct DataDirChoice {
  std::optional<std::string> flag;
  std::optional<std::string> environment;
};

/// The data directory a config reads, and how it was found.
struct DataLocation {
  std::filesystem::path path;  // the directory read: absolute where `written` was relative
  DataDirOrigin origin = DataDirOrigin::kDefault;
  std::string written;         // the path as given
  std::filesystem::path base;  // what a relative `written` was taken from; empty when it was absolute
  std::string source;          // the config file (kConfigFile, kDefault) or the --set (kSet)
};

/// The checkout a config file belongs to, absolute: the parent of its folder when that folder is
/// named "configs" (/repo/configs/a.json -> /repo), else its folder.
std::filesystem::path config_checkout(const std::filesystem::path& config_file);

/// The data directory of a config loaded from `config_file` whose data.dir is `dir`: --data-dir,
/// else TL_BOOST_DATA, else `dir` (set by `set_by`, an override's origin such as "--set 'data.dir=x'",
/// when an override put it there; from the file when `in_file`; the default otherwise).
DataLocation locate_data(const std::string& dir, const std::filesystem::path& config_file, bool in_file,
                         const std::optional<std::string>& set_by, const DataDirChoice& choice);

/// `dir` as it stands, relative to the working directory: a config not loaded from a file.
DataLocation unresolved_location(const std::string& dir);

/// How the location was found, in words: "data.dir 'data/x' of configs/a.json, taken from its
/// checkout /repo".
std::string describe(const DataLocation& location);

/// The error for a data directory that is not there: the path tried, how, and the three fixes
/// (--data-dir, TL_BOOST_DATA, scripts/fetch-data.sh). Starts "<path>: no such directory".
std::string missing_data_message(const DataLocation& location);

}  // namespace tl_boost
