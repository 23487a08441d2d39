#include "tl_boost/collect.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tl_boost/error.hpp"

namespace tl_boost {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream row(line);
  for (std::string field; std::getline(row, field, ',');) fields.push_back(field);
  return fields;
}

// metrics.csv's rows without the seconds column: what the same arithmetic reproduces.
std::vector<std::vector<std::string>> curves_of(const fs::path& metrics) {
  std::stringstream text(read_text(metrics));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(text, line);) rows.push_back(fields_of(line));
  if (rows.empty()) return rows;
  for (std::size_t column = 0; column < rows[0].size(); ++column) {
    if (rows[0][column] != "seconds") continue;
    for (auto& row : rows) {
      if (column < row.size()) row.erase(row.begin() + static_cast<std::ptrdiff_t>(column));
    }
    break;
  }
  return rows;
}

// The runs of `protocols` under a suite directory, relative to it: seed-<N> directories.
std::vector<fs::path> runs_of(const SuiteLayout& suite, const std::set<std::string>& protocols) {
  std::vector<fs::path> runs;
  for (auto it = fs::recursive_directory_iterator(suite.root()); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& path = it->path();
    if (path == suite.sources() || path == suite.logs() || path == suite.interpolations()) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_directory() || path.filename().string().rfind("seed-", 0) != 0) continue;
    it.disable_recursion_pending();
    const std::string protocol = path.parent_path().filename().string();
    if (!protocols.empty() && !protocols.count(protocol)) continue;
    runs.push_back(fs::relative(path, suite.root()));
  }
  std::sort(runs.begin(), runs.end());
  return runs;
}

std::vector<fs::path> interpolation_files(const SuiteLayout& suite) {
  std::vector<fs::path> files;
  if (!fs::is_directory(suite.interpolations())) return files;
  for (const auto& entry : fs::recursive_directory_iterator(suite.interpolations())) {
    if (entry.is_regular_file() && entry.path().extension() == ".csv")
      files.push_back(fs::relative(entry.path(), suite.root()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

void copy_into(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (!ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) throw IoError("cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
}

}  // namespace

CollectedRuns collect_runs(const SuiteLayout& from, const SuiteLayout& into, const std::set<std::string>& protocols) {
  CollectedRuns collected;
  const std::vector<fs::path> interpolations = interpolation_files(from);
  std::vector<fs::path> new_interpolations;
  for (const fs::path& file : interpolations) {
    const fs::path there = into.root() / file;
    if (!fs::exists(there)) {
      new_interpolations.push_back(file);
    } else if (read_text(there) != read_text(from.root() / file)) {
      throw IoError(there.string() + " differs from " + (from.root() / file).string() +
                    "; nothing was collected: compare the two, then remove the one that is wrong");
    }
  }
  for (const fs::path& run : runs_of(from, protocols)) {
    const RunLayout source(from.root() / run), target(into.root() / run);
    if (!fs::exists(source.summary())) {
      collected.unfinished.push_back(run);
      continue;
    }
    if (fs::exists(target.summary())) {
      collected.kept.push_back(run);
      if (curves_of(source.metrics()) != curves_of(target.metrics())) collected.other_curves.push_back(run);
      continue;
    }
    const std::vector<fs::path> files = source.record();
    for (const fs::path& file : files) copy_into(file, target.dir() / file.filename());
    collected.copied.push_back(run);
  }
  for (const fs::path& file : new_interpolations) copy_into(from.root() / file, into.root() / file);
  collected.interpolations_copied = new_interpolations.size();
  collected.interpolations_kept = interpolations.size() - new_interpolations.size();
  return collected;
}

}  // namespace tl_boost
