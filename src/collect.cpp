#include "tl_boost/collect.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tl_boost/error.hpp"
#include "tl_boost/suite_manifest.hpp"

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

// The finished runs of `protocol` in `suite` at the splits and seeds `m` lists.
std::size_t finished_runs(const SuiteLayout& suite, const SuiteManifest& m, const std::string& protocol) {
  std::vector<std::string> splits;
  for (const ClassSplit& split : m.splits) splits.push_back(split.name);
  if (splits.empty()) splits.push_back("");  // a suite without splits
  std::size_t finished = 0;
  for (const std::string& split : splits) {
    for (const std::uint64_t seed : m.seeds) finished += fs::exists(suite.run(split, protocol, seed).summary());
  }
  return finished;
}

// `into`'s suite.json (`from`'s without its protocols where `into` has none) with the splits and
// seeds of `from`'s it lacks: checked before anything is copied.
SuiteManifest merged_manifest(const SuiteLayout& from, const SuiteManifest& theirs, const SuiteLayout& into) {
  if (!fs::exists(into.manifest())) {
    SuiteManifest m = theirs;
    m.protocols.clear();
    return m;
  }
  SuiteManifest m = read_manifest(into.manifest());
  if (m.name != theirs.name) {
    throw IoError(from.manifest().string() + ": expected suite \"" + m.name + "\" as in " + into.manifest().string() +
                  ", found \"" + theirs.name + "\"; collect a suite into the results of the same suite");
  }
  for (const ClassSplit& split : theirs.splits) {
    const auto same = std::find_if(m.splits.begin(), m.splits.end(), [&](const auto& s) { return s.name == split.name; });
    if (same == m.splits.end()) {
      m.splits.push_back(split);
    } else if (same->groups != split.groups) {
      throw IoError(from.manifest().string() + ": split " + split.name + " has other classes than in " +
                    into.manifest().string() + "; give one of them another name");
    }
  }
  for (const std::uint64_t seed : theirs.seeds) {
    if (std::find(m.seeds.begin(), m.seeds.end(), seed) == m.seeds.end()) m.seeds.push_back(seed);
  }
  return m;
}

// Each of `from`'s protocols that `m` does not list joins it once `into` holds its every run.
void join_protocols(const SuiteManifest& theirs, const SuiteLayout& into, const std::set<std::string>& protocols,
                    SuiteManifest& m, CollectedRuns& collected) {
  const std::size_t needed = m.seeds.size() * std::max<std::size_t>(m.splits.size(), 1);
  for (const std::string& protocol : theirs.protocols) {
    if ((!protocols.empty() && !protocols.count(protocol)) ||
        std::find(m.protocols.begin(), m.protocols.end(), protocol) != m.protocols.end())
      continue;
    const std::size_t finished = finished_runs(into, m, protocol);
    if (finished == needed) {
      m.protocols.push_back(protocol);
      collected.joined.push_back(protocol);
    } else {
      collected.waiting.push_back({protocol, finished, needed});
    }
  }
}

}  // namespace

CollectedRuns collect_runs(const SuiteLayout& from, const SuiteLayout& into, const std::set<std::string>& protocols) {
  CollectedRuns collected;
  const SuiteManifest theirs = read_manifest(from.manifest());
  SuiteManifest manifest = merged_manifest(from, theirs, into);
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
  join_protocols(theirs, into, protocols, manifest, collected);
  std::error_code ec;
  fs::create_directories(into.root(), ec);  // a failure is write_manifest's to name
  write_manifest(into.manifest(), manifest);
  return collected;
}

}  // namespace tl_boost
