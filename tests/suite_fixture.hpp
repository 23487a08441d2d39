#pragma once
// What the suite rooms' tests share: a temporary output root, a session source on the synthetic
// dataset that counts how often a session is opened, the smoke suite and its invocation.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "synthetic_session.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"
#include "tl_boost/suite.hpp"

namespace tl_boost::testing {

/// The repository's configs/ directory.
inline std::filesystem::path configs_dir() { return std::filesystem::path(tl_boost_test::source_dir()) / "configs"; }

class SuiteFixture : public ::testing::Test {
 protected:
  TempDir tmp_{"tl_boost_suite"};
  int sessions_opened_ = 0;
  SessionSource session_{[](const ExperimentConfig&) {},
                         [this](const ExperimentConfig&) -> const Session& {
                           ++sessions_opened_;
                           return synthetic_session();
                         }};

  Suite smoke_suite(const std::vector<std::uint64_t>& seeds = {0}) const {
    return Suite(load_suite_config(configs_dir() / "smoke_suite.json"), seeds, tiny_settings(), tmp_.path());
  }
  SuiteInvocation invocation(const std::string& self = "unused") const {
    return {self, configs_dir() / "smoke_suite.json", "0", tmp_.path(), std::nullopt, {}, ""};
  }
};

}  // namespace tl_boost::testing
