#include "tl_boost/config/suite_file.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "../temp_dir.hpp"
#include "tl_boost/suite_plan.hpp"
#include "../test_paths.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;
const fs::path kConfigs = fs::path(tl_boost_test::source_dir()) / "configs";

std::string error_of(const fs::path& dir, const std::string& text) {
  std::ofstream(dir / "s.json") << text;
  try {
    read_suite_file(dir / "s.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SuiteFile, ReadsTheShippedSuite) {
  const SuiteConfig suite = read_suite_file(kConfigs / "suite.json");
  EXPECT_EQ(suite.name, "suite");
  EXPECT_EQ(suite.protocols.size(), 5u);
  EXPECT_TRUE(fs::exists(suite.protocols.front().config));
}

TEST(SuiteFile, AMistypedKeyIsAnsweredWithTheNearestOneAndAFarOneWithWhereTheKeysAreListed) {
  const testing::TempDir tmp("tl_boost_suite_file");
  const std::string path = (tmp.path() / "s.json").string();
  EXPECT_EQ(error_of(tmp.path(), R"({"protocol": []})"),
            path + ": /protocol: unknown key 'protocol' (did you mean 'protocols'?)");
  EXPECT_EQ(error_of(tmp.path(), R"({"colour": 1})"),
            path + ": /colour: unknown key 'colour' (see the suite file's keys in docs/CLI.md)");
  EXPECT_EQ(error_of(tmp.path(), R"({"alpha": 0.7})"), path + ": /alpha: expected a number in (0, 0.5), found 0.7");
  EXPECT_EQ(error_of(tmp.path(), R"({"overrides": ["a=1", 2]})"), path + ": /overrides/1: expected a string, found an integer");
  EXPECT_EQ(error_of(tmp.path(), R"({"name": "x"})"), path + ": /protocols: missing");
}

TEST(SuiteFile, EveryMistypedKeyOfTheFileIsReportedAtOnceEachAtItsPointerWithTheNearestKey) {
  const testing::TempDir tmp("tl_boost_suite_file_typos");
  const std::string path = (tmp.path() / "s.json").string();
  const std::string text = R"({"nmae": "s", "protocls": [{"cofig": "x.json"}, "y.json"], "alpah": 0.1,
      "splits": ["default", {"name": "a", "gropus": {}}, {"radnom": 2, "seed": 1}],
      "intrpolation": {"pairs": []}, "interpolation": {"pairs": [], "point": 3}})";
  EXPECT_EQ(error_of(tmp.path(), text),
            path + ": 7 unknown keys:\n"
                   "  /alpah: unknown key 'alpah' (did you mean 'alpha'?)\n"
                   "  /intrpolation: unknown key 'intrpolation' (did you mean 'interpolation'?)\n"
                   "  /nmae: unknown key 'nmae' (did you mean 'name'?)\n"
                   "  /protocls: unknown key 'protocls' (did you mean 'protocols'?)\n"
                   "  /splits/1/gropus: unknown key 'gropus' (did you mean 'groups'?)\n"
                   "  /splits/2/radnom: unknown key 'radnom' (did you mean 'random'?)\n"
                   "  /interpolation/point: unknown key 'point' (did you mean 'points'?)");
}

TEST(SuiteFile, ASuiteCarriesItsSeedsAndNamesAHypothesesFileThatIsReadAtOnce) {
  const testing::TempDir tmp("tl_boost_suite_file_keys");
  const std::string path = (tmp.path() / "s.json").string();
  EXPECT_EQ(error_of(tmp.path(), R"({"seeds": "0-x"})").rfind(path + ": /seeds: ", 0), 0u);
  EXPECT_EQ(error_of(tmp.path(), R"({"hypotheses": "h.json"})"),
            path + ": /hypotheses: '" + (tmp.path() / "h.json").string() + "' does not exist");
  std::ofstream(tmp.path() / "h.json") << R"({"hypotheses": [{"id": "H1", "name": "m"}], "predictions": [
      {"id": "x", "hypothesis": "H2", "a": "t", "b": "s", "kind": "greater", "sesoi": 1}]})";
  EXPECT_EQ(error_of(tmp.path(), R"({"hypotheses": "h.json"})"),
            (tmp.path() / "h.json").string() + ": /predictions/0/hypothesis: no hypothesis 'H2' under /hypotheses");
  const SuiteConfig study = read_suite_file(kConfigs / "study.json");
  EXPECT_EQ(study.seeds, "0-2");
  EXPECT_EQ(read_suite_file(kConfigs / "suite.json").seeds, "0-4");  // a file without "seeds": the default
}

// A suite file over the shipped transferred, non_transferred and scratch configs, with `more` keys.
std::string suite_text(const std::string& more) {
  return R"({"protocols": [")" + (kConfigs / "transferred.json").string() + R"(", ")" +
         (kConfigs / "non_transferred.json").string() + R"(", ")" + (kConfigs / "scratch.json").string() + R"("], )" +
         more + "}";
}

TEST(SuiteFile, OverlappingGroupsNameTheSplitsPointerInTheSuiteFile) {
  const testing::TempDir tmp("tl_boost_suite_file");
  const std::string path = (tmp.path() / "s.json").string();
  EXPECT_EQ(error_of(tmp.path(), suite_text(R"("splits": [{"name": "x", "groups": {"A": ["cat", "dog"], "B": ["cat", "frog"]}}])")),
            path + ": /splits/0/groups/B/0: class 'cat' is already in group 'A'; groups must be disjoint");
  // A split that leaves out a group a protocol names is the split's error too, not its protocol's.
  const std::string missing = error_of(tmp.path(), suite_text(R"("splits": ["default", {"name": "x", "groups": {"A": ["cat", "dog"]}}])"));
  EXPECT_EQ(missing.rfind(path + ": /splits/1: split 'x' does not fit protocol " +
                              (kConfigs / "transferred.json").string() + " (give the split every group its protocols name): ", 0),
            0u)
      << missing;
  EXPECT_EQ(missing.find("--set"), std::string::npos) << missing;
}

TEST(SuiteFile, AnOverrideThatBreaksAProtocolIsBlamedOnItsPlaceInTheSuiteFile) {
  const testing::TempDir tmp("tl_boost_suite_file");
  const std::string path = (tmp.path() / "s.json").string();
  const std::string transferred = (kConfigs / "transferred.json").string();
  EXPECT_EQ(error_of(tmp.path(), suite_text(R"("overrides": ["train.batch_size=16", "train.lr=\"NaN\""])")),
            path + ": /overrides/1: 'train.lr=\"NaN\"': " + transferred + ": /train/lr: expected a number, found a string");
  const std::string in_set = error_of(
      tmp.path(), R"({"protocols": [{"config": ")" + transferred + R"(", "set": ["name=\"t2\"", "probe.epochs=-1"]}]})");
  EXPECT_EQ(in_set.rfind(path + ": /protocols/0/set/1: 'probe.epochs=-1': " + transferred + ": /probe/epochs: ", 0), 0u)
      << in_set;
  // The mechanism keys where they cannot apply, set by a protocol: blamed on its "set" with the fix.
  const std::string scratch = (kConfigs / "scratch.json").string();
  const std::string shuffled =
      error_of(tmp.path(), R"({"protocols": [{"config": ")" + scratch + R"(", "set": ["source_labels=shuffled"]}]})");
  EXPECT_EQ(shuffled.rfind(path + ": /protocols/0/set/0: 'source_labels=shuffled': " + scratch +
                               ": /source_labels: 'shuffled' shuffles the source stage's labels, but there is no "
                               "source stage; set source_classes or use \"true\"", 0), 0u)
      << shuffled;
  const std::string pca = error_of(
      tmp.path(), R"({"protocols": [{"config": ")" + transferred + R"(", "set": ["conv1_init=pca_patches"]}]})");
  EXPECT_EQ(pca.rfind(path + ": /protocols/0/set/0: 'conv1_init=pca_patches': " + transferred + ": /conv1_init: ", 0), 0u)
      << pca;
}

// Hostile values for every key the study added to suite files and configs: each is refused with the
// suite file and the JSON pointer of the key (and, for an override, the key it sets).
TEST(SuiteFile, HostileValuesOfEveryStudyKeyNameTheFileAndThePointer) {
  const testing::TempDir tmp("tl_boost_suite_file");
  const std::string path = (tmp.path() / "s.json").string();
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"("alpha": -0.1)", "/alpha: expected a number in (0, 0.5), found -0.1"},
      {R"("alpha": "NaN")", R"(/alpha: expected a number in (0, 0.5), found "NaN")"},
      {R"("loss_margin": 0)", "/loss_margin: expected a number > 0, found 0"},
      {R"("name": 5)", "/name: expected a string, found an integer"},
      {R"("overrides": "x")", "/overrides: expected an array of strings, found a string"},
      {R"("overrides": ["landscape.sharpness_subset=-1"])", "/overrides/0: 'landscape.sharpness_subset=-1': "},
      {R"("overrides": ["landscape.sharpness_iterations=0"])", "/landscape/sharpness_iterations: must be >= 2"},
      {R"("overrides": ["landscape.sharpness_tolerance=\"NaN\""])", "/landscape/sharpness_tolerance: expected a number"},
      {R"("overrides": ["landscape.distance=\"yes\""])", "/landscape/distance: expected true or false"},
      {R"("overrides": ["transfer_init=\"perm\""])", "/transfer_init: unknown transfer_init 'perm'"},
      {R"("overrides": ["compute_matched=1"])", "/compute_matched: expected true or false, found an integer"},
      {R"("overrides": ["probe.epochs=1e12"])", "/overrides/0: 'probe.epochs=1e12': "},
      {R"("splits": 3)", "/splits: expected a non-empty array"},
      {R"("splits": [])", "/splits: expected a non-empty array"},
      {R"("splits": [7])", R"(/splits/0: expected {"name", "groups"})"},
      {R"("splits": [{"random": -1}])", "/splits/0/random: expected the number of splits to draw (> 0), found -1"},
      {R"("splits": [{"random": 0}])", "/splits/0/random: expected the number of splits to draw (> 0), found 0"},
      {R"("splits": [{"random": 1e9}])", "/splits/0/random: expected the number of splits to draw (> 0), found 1000000000.0"},
      {R"("splits": [{"random": "NaN"}])", R"(/splits/0/random: expected the number of splits to draw (> 0), found "NaN")"},
      {R"("splits": [{"random": 99999999999}])", "/splits/0: asked for 99999999999 distinct class splits"},
      {R"("splits": [{"random": 2, "seed": -1}])", "/splits/0/seed: expected an integer >= 0, found -1"},
      {R"("splits": [{"random": 2, "seed": "NaN"}])", R"(/splits/0/seed: expected an integer >= 0, found "NaN")"},
      {R"("splits": [{"name": "x", "groups": []}])", "/splits/0/groups: expected an object of class lists, found an array"},
      {R"("splits": [{"name": "x", "groups": {"A": []}}])", "/splits/0/groups/A: group is empty"},
      {R"("splits": [{"name": "x", "groups": {"cat": ["dog"]}}])", "/splits/0/groups/cat: a group must not be named like a class"},
      {R"("splits": [{"name": "x", "groups": {"A": ["dog", "kitten"]}}])", "/splits/0/groups/A/1: unknown class 'kitten'"},
      {R"("splits": [{"name": "", "groups": {"A": ["cat"]}}])", "/splits/0/name: expected a non-empty string"},
      {R"("splits": [{"name": "sources", "groups": {"A": ["cat"]}}])", "/splits/0/name: 'sources' cannot name a split directory"},
      {R"("splits": [{"name": "interpolation", "groups": {"A": ["cat"]}}])", "/splits/0/name: 'interpolation' cannot"},
      {R"("splits": [{"name": "suite.json", "groups": {"A": ["cat"]}}])", "/splits/0/name: 'suite.json' cannot"},
      {R"("splits": [{"name": "../x", "groups": {"A": ["cat"]}}])", "/splits/0/name: '../x' must be a non-empty file name"},
      {R"("interpolation": {"pairs": [["transferred", "scratch"]], "points": -5})", "/interpolation/points: expected an integer in 2..1001"},
      {R"("interpolation": {"pairs": [["transferred", "scratch"]], "points": 0})", "/interpolation/points: expected an integer in 2..1001"},
      {R"("interpolation": {"pairs": [["transferred", "scratch"]], "points": 1e9})", "/interpolation/points: expected an integer in 2..1001"},
      {R"("interpolation": {"pairs": [["transferred", "scratch"]], "points": "NaN"})", R"(/interpolation/points: expected an integer in 2..1001 (values of alpha from 0 to 1), found "NaN")"},
      {R"("interpolation": {"pairs": [["transferred", "scratch"]], "points": 2.5})", "/interpolation/points: expected an integer in 2..1001"},
      {R"("interpolation": {"pairs": [["transferred", "scratch"]], "subset": -1})", "/interpolation/subset: expected an integer >= 1"},
      {R"("interpolation": {"pairs": [["transferred", "scratch"]], "subset": 99999999999})", "/interpolation/subset: expected an integer >= 1"},
      {R"("interpolation": {"pairs": [["transferred", 3]]})", "/interpolation/pairs/0: expected two protocol names"},
      {R"("interpolation": {"pairs": "transferred"})", "/interpolation/pairs: expected an array of"},
      {R"("interpolation": {"pairs": [["transferred", "scratch"]], "seeds": 1})",
       "/interpolation/seeds: expected true, false or a list of protocol names, found 1"},
  };
  for (const auto& [keys, expected] : cases) {
    const std::string error = error_of(tmp.path(), suite_text(keys));
    EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << keys << " -> " << error;
    EXPECT_NE(error.find(expected), std::string::npos) << keys << " -> " << error;
  }
}

}  // namespace
}  // namespace tl_boost
