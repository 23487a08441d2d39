#include "tl_boost/suite_manifest.hpp"

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/run_output.hpp"
#include "test_paths.hpp"

namespace tl_boost {
namespace {

TEST(SuiteManifest, RoundTripsThroughItsFile) {
  testing::TempDir tmp("tl_boost_manifest");
  const SuiteManifest m{"grid", {0, 1, 7}, 0.01, 0.05, {"AnB_1", "baseB"}};
  write_manifest(tmp / "suite.json", m);
  EXPECT_EQ(read_manifest(tmp / "suite.json"), m);
}

// The committed suites' suite.json files were written before the manifest had a type.
TEST(SuiteManifest, ReadsTheCommittedSuites) {
  const SuiteManifest m = read_manifest(std::filesystem::path(tl_boost_test::source_dir()) / "results/suite/suite.json");
  EXPECT_EQ(m.name, "suite");
  EXPECT_EQ(m.seeds, (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(m.protocols.size(), 5u);
  EXPECT_EQ(to_json(m), read_json_file(std::filesystem::path(tl_boost_test::source_dir()) / "results/suite/suite.json"));
}

TEST(SuiteManifest, AMissingFieldNamesTheFileAndWhatWasExpected) {
  try {
    manifest_from_json(nlohmann::json{{"name", "x"}, {"seeds", {0}}}, "runs/x/suite.json");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("runs/x/suite.json: expected a suite manifest", 0), 0u) << message;
  }
}

}  // namespace
}  // namespace tl_boost
