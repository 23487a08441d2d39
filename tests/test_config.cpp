#include "tl_boost/config.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

#include "tl_boost/error.hpp"
#include "test_paths.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }

  // The message of the ConfigError that loading `text` (as a file extending nothing) throws.
  std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
    const auto path = write("bad.json", text);
    try {
      load_config(path, overrides);
    } catch (const ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no ConfigError for " << text;
    return "";
  }

  testing::TempDir tmp_{"tl_boost_config"};
  const fs::path& dir_ = tmp_.path();
};

constexpr const char* kMinimal = R"({"target_classes": ["horse", "cat"]})";

TEST_F(ConfigTest, DefaultsFillEverythingNotGiven) {
  const auto c = load_config(write("minimal.json", kMinimal));
  EXPECT_EQ(c.name, "minimal");
  EXPECT_FALSE(c.has_source_stage());
  EXPECT_DOUBLE_EQ(c.train.lr, 0.01);
  EXPECT_EQ(c.train.batch_size, 64);
  EXPECT_DOUBLE_EQ(c.data.validation_fraction, 0.1);
  EXPECT_EQ(c.transfer_layers, 1);
  EXPECT_EQ(c.split_seed(), c.seed);
  EXPECT_EQ(to_string(c.precision), "fp32");
  EXPECT_EQ(to_string(c.memory_format), "channels_last");
}

TEST_F(ConfigTest, ProbeClassesExpandGroups) {
  const auto c = load_config(fs::path(tl_boost_test::source_dir()) / "configs" / "transferred.json");
  EXPECT_EQ(c.probe.classes, (std::vector<std::string>{"airplane", "truck", "ship", "deer"}));  // group A
  EXPECT_EQ(to_json(c)["probe"]["classes"].size(), 4u);
  EXPECT_TRUE(load_config(write("np.json", kMinimal)).probe.classes.empty());  // off unless asked for
}

TEST_F(ConfigTest, LandscapeMeasuresAreOffUnlessAskedForAndRoundTrip) {
  const auto off = load_config(write("l.json", kMinimal));
  EXPECT_FALSE(off.landscape.any());
  const auto on = load_config(write("l.json", kMinimal),
                              {"landscape.distance=true", "landscape.sharpness=true", "landscape.sharpness_subset=512",
                               "landscape.sharpness_iterations=12", "landscape.sharpness_tolerance=0.01"});
  EXPECT_TRUE(on.landscape.distance);
  EXPECT_TRUE(on.landscape.sharpness);
  EXPECT_EQ(on.landscape.sharpness_subset, 512);
  EXPECT_EQ(on.landscape.sharpness_iterations, 12);
  EXPECT_DOUBLE_EQ(on.landscape.sharpness_tolerance, 0.01);
  EXPECT_EQ(to_json(parse_config(to_json(on), "resolved", "x")), to_json(on));
  EXPECT_EQ(to_json(on)["landscape"]["sharpness_subset"], 512);
}

TEST_F(ConfigTest, PrecisionAndMemoryFormatAreSettable) {
  const auto c = load_config(write("p.json", kMinimal), {"precision=bf16", "memory_format=contiguous"});
  EXPECT_EQ(to_string(c.precision), "bf16");
  EXPECT_EQ(to_string(c.memory_format), "contiguous");
  EXPECT_EQ(to_json(c)["precision"], "bf16");
  EXPECT_EQ(to_json(c)["memory_format"], "contiguous");
}

TEST_F(ConfigTest, ComputeSettingsAreTypedFromTheirNamesAndWrittenBackUnchanged) {
  for (const std::string device : {"cpu", "cuda", "auto"}) {
    const auto c = load_config(write("d.json", kMinimal), {"device=" + device});
    EXPECT_EQ(c.device, parse_device_kind(device));
    EXPECT_EQ(to_json(c)["device"], device);
    EXPECT_EQ(parse_config(to_json(c), "resolved", "x").device, c.device);
  }
  for (const std::string precision : {"fp32", "bf16"}) {
    const auto c = load_config(write("p.json", kMinimal), {"precision=" + precision});
    EXPECT_EQ(c.precision, parse_precision(precision));
    EXPECT_EQ(to_json(c)["precision"], precision);
    EXPECT_EQ(parse_config(to_json(c), "resolved", "x").precision, c.precision);
  }
  for (const std::string format : {"channels_last", "contiguous"}) {
    const auto c = load_config(write("m.json", kMinimal), {"memory_format=" + format});
    EXPECT_EQ(c.memory_format, parse_memory_format(format));
    EXPECT_EQ(to_json(c)["memory_format"], format);
    EXPECT_EQ(parse_config(to_json(c), "resolved", "x").memory_format, c.memory_format);
  }
  const auto c = load_config(write("e.json", kMinimal), {"device=auto", "precision=bf16", "memory_format=contiguous"});
  EXPECT_EQ(c.device, DeviceKind::kAuto);
  EXPECT_EQ(c.precision, Precision::kBf16);
  EXPECT_EQ(c.memory_format, MemoryFormat::kContiguous);
}

TEST_F(ConfigTest, UnknownComputeSettingNamesThePathAndTheAllowedValues) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"device=tpu", "bad.json: /device: expected cpu, cuda or auto, found 'tpu'"},
      {"precision=fp16", "bad.json: /precision: expected fp32 or bf16, found 'fp16'"},
      {"memory_format=nhwc", "bad.json: /memory_format: expected channels_last or contiguous, found 'nhwc'"},
      {"device=1", "bad.json: /device: expected a string, found an integer"},
  };
  for (const auto& [assignment, expected] : cases) {
    const auto message = error_of(kMinimal, {assignment});
    EXPECT_NE(message.find(expected), std::string::npos) << assignment << " -> " << message;
  }
}

TEST_F(ConfigTest, EveryShippedConfigIsValid) {
  for (const auto* name : {"transferred", "non_transferred", "transferred_diverse", "transferred_more_data",
                           "scratch", "smoke", "scratch_compute_matched", "transferred_matched_statistics",
                           "transferred_permuted_taps", "transferred_shuffled_labels", "pca_filters",
                           "transferred_1000", "non_transferred_1000", "scratch_1000"}) {
    SCOPED_TRACE(name);
    const auto c = load_config(fs::path(tl_boost_test::source_dir()) / "configs" / (std::string(name) + ".json"));
    EXPECT_EQ(c.name, name);
    EXPECT_EQ(c.target_classes, (std::vector<std::string>{"horse", "automobile", "bird", "cat"}));
  }
  const auto diverse = load_config(fs::path(tl_boost_test::source_dir()) / "configs/transferred_diverse.json");
  EXPECT_EQ(diverse.source_classes, (std::vector<std::string>{"frog", "dog", "airplane", "truck"}));
  const auto more = load_config(fs::path(tl_boost_test::source_dir()) / "configs/transferred_more_data.json");
  EXPECT_EQ(more.source_classes.size(), 6u);
  const auto smoke = load_config(fs::path(tl_boost_test::source_dir()) / "configs/smoke.json");
  EXPECT_LE(smoke.data.max_per_class, 100);
  EXPECT_LE(smoke.train.target_epochs, 2);
  EXPECT_TRUE(load_config(fs::path(tl_boost_test::source_dir()) / "configs/scratch_compute_matched.json").compute_matched);
  EXPECT_EQ(load_config(fs::path(tl_boost_test::source_dir()) / "configs/transferred_permuted_taps.json").transfer_init,
            TransferInit::kPermutedTaps);
  EXPECT_EQ(load_config(fs::path(tl_boost_test::source_dir()) / "configs/transferred_shuffled_labels.json").source_labels,
            SourceLabels::kShuffled);
  EXPECT_EQ(load_config(fs::path(tl_boost_test::source_dir()) / "configs/pca_filters.json").conv1_init,
            Conv1Init::kPcaPatches);
  EXPECT_EQ(load_config(fs::path(tl_boost_test::source_dir()) / "configs/scratch_1000.json").data.target_max_per_class,
            1000);
}

TEST_F(ConfigTest, ExtendsMergesObjectsKeyByKey) {
  write("parent.json", R"({"groups": {"B": ["horse", "cat"]}, "target_classes": ["B"],
                           "train": {"lr": 0.5, "batch_size": 8}})");
  const auto c = load_config(write("child.json", R"({"extends": "parent.json", "train": {"lr": 0.2}})"));
  EXPECT_DOUBLE_EQ(c.train.lr, 0.2);
  EXPECT_EQ(c.train.batch_size, 8);
  EXPECT_EQ(c.name, "child");
  EXPECT_EQ(c.target_classes, (std::vector<std::string>{"horse", "cat"}));
}

TEST_F(ConfigTest, OverridesApplyAfterTheFile) {
  const auto c = load_config(write("o.json", kMinimal),
                             {"train.lr=0.05", "device=auto", "data.max_per_class=10", "source_classes=[\"deer\",\"frog\"]"});
  EXPECT_DOUBLE_EQ(c.train.lr, 0.05);
  EXPECT_EQ(to_string(c.device), "auto");
  EXPECT_EQ(c.data.max_per_class, 10);
  EXPECT_EQ(c.source_classes, (std::vector<std::string>{"deer", "frog"}));
}

TEST_F(ConfigTest, ResolvedJsonRoundTrips) {
  const auto c = load_config(fs::path(tl_boost_test::source_dir()) / "configs/transferred.json", {"train.schedule=cosine"});
  const auto again = parse_config(to_json(c), "resolved", "x");
  EXPECT_EQ(to_json(again), to_json(c));
}

TEST_F(ConfigTest, UnknownKeyNamesThePathAndSuggests) {
  const auto message = error_of(R"({"target_classes": ["horse", "cat"], "train": {"lrr": 0.1}})");
  EXPECT_NE(message.find("bad.json"), std::string::npos) << message;
  EXPECT_NE(message.find("/train/lrr"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean 'lr'"), std::string::npos) << message;
}

TEST_F(ConfigTest, WrongTypeNamesTheKey) {
  const auto message = error_of(R"({"target_classes": ["horse", "cat"], "train": {"batch_size": "64"}})");
  EXPECT_NE(message.find("/train/batch_size"), std::string::npos) << message;
  EXPECT_NE(message.find("expected an integer, found a string"), std::string::npos) << message;
  EXPECT_NE(error_of(kMinimal, {"freeze_transferred=1"}).find("/freeze_transferred"), std::string::npos);
}

TEST_F(ConfigTest, UnknownClassNameListsTheValidOnes) {
  const auto message = error_of(R"({"groups": {"B": ["horse", "kat"]}, "target_classes": ["B"]})");
  EXPECT_NE(message.find("/groups/B/1"), std::string::npos) << message;
  EXPECT_NE(message.find("'kat'"), std::string::npos) << message;
  EXPECT_NE(message.find("airplane, automobile"), std::string::npos) << message;
  EXPECT_NE(error_of(R"({"target_classes": ["horse", "D"]})").find("/target_classes"), std::string::npos);
}

TEST_F(ConfigTest, OutOfRangeValuesNameTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"train.lr=0", "/train/lr"},
      {"train.lr=-1", "/train/lr"},
      {"train.source_epochs=0", "/train/source_epochs"},
      {"train.target_epochs=0", "/train/target_epochs"},
      {"train.batch_size=0", "/train/batch_size"},
      {"train.momentum=1", "/train/momentum"},
      {"data.validation_fraction=0", "/data/validation_fraction"},
      {"data.validation_fraction=1", "/data/validation_fraction"},
      {"data.max_per_class=1", "/data/max_per_class"},
      {"transfer_layers=4", "/transfer_layers"},
      {"transfer_layers=0", "/transfer_layers"},
      {"model.kernel_size=4", "/model/kernel_size"},
      {"device=tpu", "/device"},
      {"threads=-1", "/threads"},
      {"precision=fp16", "/precision"},
      {"probe.epochs=0", "/probe/epochs"},
      {"probe.lr=0", "/probe/lr"},
      {"probe.classes=[\"cat\"]", "/probe/classes"},
      {"probe.classes=[\"kat\", \"dog\"]", "/probe/classes"},
      {"memory_format=nhwc", "/memory_format"},
      {"landscape.sharpness_subset=0", "/landscape/sharpness_subset"},
      {"landscape.sharpness_iterations=1", "/landscape/sharpness_iterations"},
      {"landscape.sharpness_tolerance=0", "/landscape/sharpness_tolerance"},
      {"landscape.sharpness_tolerance=1", "/landscape/sharpness_tolerance"},
      {"landscape.distance=1", "/landscape/distance"},
      {"landscape.sharpnes=true", "/landscape/sharpnes"},
      {"seed=-1", "/seed"},
      {"name=\"a/b\"", "/name"},
  };
  for (const auto& [assignment, pointer] : cases) {
    const auto message = error_of(kMinimal, {assignment});
    EXPECT_NE(message.find(pointer), std::string::npos) << assignment << " -> " << message;
  }
}

TEST_F(ConfigTest, ClassSetsMustBeUsable) {
  EXPECT_NE(error_of(R"({"groups": {"A": ["cat"], "B": ["cat", "dog"]}, "target_classes": ["B"]})")
                .find("groups must be disjoint"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"target_classes": ["cat"]})").find("at least 2"), std::string::npos);
  EXPECT_NE(error_of(R"({"target_classes": []})").find("/target_classes"), std::string::npos);
  EXPECT_NE(error_of(R"({"target_classes": ["cat", "cat"]})").find("listed twice"), std::string::npos);
}

TEST_F(ConfigTest, GroupSlicesResolveAndNameTheKeyWhenOutOfRange) {
  const std::string groups = R"("groups": {"A": ["ship", "cat", "dog"], "B": ["horse", "bird"]}, "target_classes": ["B"])";
  const auto c = load_config(write("slice.json", "{" + groups + R"(, "source_classes": ["A[1:]"]})"));
  EXPECT_EQ(c.source_classes, (std::vector<std::string>{"cat", "dog"}));
  const auto message = error_of("{" + groups + R"(, "source_classes": ["A[:4]"]})");
  EXPECT_NE(message.find("/source_classes"), std::string::npos) << message;
  EXPECT_NE(message.find("A[:4]"), std::string::npos) << message;
  EXPECT_NE(message.find("has 3 classes"), std::string::npos) << message;
}

TEST_F(ConfigTest, ExtendsProblemsAreReported) {
  write("a.json", R"({"extends": "b.json"})");
  write("b.json", R"({"extends": "a.json"})");
  try {
    load_config(dir_ / "a.json");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("cycle"), std::string::npos) << e.what();
  }
  EXPECT_NE(error_of(R"({"extends": "missing.json"})").find("does not exist"), std::string::npos);
}

TEST_F(ConfigTest, SyntaxErrorsGiveLineAndColumn) {
  const auto message = error_of("{\n  \"seed\": 1,\n  \"train\": {\"lr\": 0.1,}\n}");
  EXPECT_NE(message.find("bad.json:3:"), std::string::npos) << message;
  EXPECT_THROW(load_config(dir_ / "nope.json"), ConfigError);
}

TEST_F(ConfigTest, UnrepresentableNumbersAreConfigErrors) {
  // Found by fuzz_config: a number overflowing a double used to escape as a JSON library exception.
  EXPECT_NE(error_of(R"({"target_classes": ["horse", "cat"], "train": {"lr": 1e999}})").find("invalid JSON"),
            std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"train.lr=1e999"}).find("--set 'train.lr=1e999'"), std::string::npos);
}

TEST_F(ConfigTest, MalformedOverridesAreRejected) {
  EXPECT_NE(error_of(kMinimal, {"train.lr"}).find("key.path=value"), std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"train..lr=1"}).find("empty key"), std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"target_classes.x=1"}).find("/target_classes/x"), std::string::npos);
}

TEST_F(ConfigTest, ThreadsAboveTheHardBoundAreRefusedNamingIt) {
  EXPECT_EQ(load_config(write("t.json", kMinimal), {"threads=0"}).threads, 0);  // every core
  EXPECT_EQ(load_config(write("t.json", kMinimal), {"threads=1024"}).threads, 1024);
  const std::string message = error_of(kMinimal, {"threads=100000"});
  EXPECT_NE(message.find("/threads"), std::string::npos) << message;
  EXPECT_NE(message.find("1024"), std::string::npos) << message;
  EXPECT_NE(message.find("--threads"), std::string::npos) << message;
}

TEST_F(ConfigTest, DeterministicDefaultsToTrueAndRoundTrips) {
  const auto c = load_config(write("d.json", kMinimal));
  EXPECT_TRUE(c.deterministic);
  EXPECT_EQ(to_json(c)["deterministic"], true);
  const auto fast = load_config(write("d.json", kMinimal), {"deterministic=false"});
  EXPECT_FALSE(fast.deterministic);
  EXPECT_EQ(to_json(parse_config(to_json(fast), "resolved", "x")), to_json(fast));
  EXPECT_NE(error_of(kMinimal, {"deterministic=1"}).find("/deterministic: expected true or false"),
            std::string::npos);
}

TEST_F(ConfigTest, ControlKeysAreTypedRoundTripAndRefuseWhereTheyCannotApply) {
  constexpr const char* kTransfer = R"({"source_classes": ["ship", "dog"], "target_classes": ["horse", "cat"]})";
  const auto c = load_config(write("c.json", kTransfer));
  EXPECT_EQ(c.transfer_init, TransferInit::kCopy);
  EXPECT_FALSE(c.compute_matched);
  EXPECT_EQ(c.train.train_eval_subset, 0);
  EXPECT_TRUE(c.probe.standardize);
  for (const char* init : {"copy", "matched_statistics", "permuted_taps", "shrink_perturb"}) {
    const auto set = load_config(write("c.json", kTransfer), {std::string("transfer_init=") + init});
    EXPECT_EQ(to_string(set.transfer_init), init);
    EXPECT_EQ(to_json(parse_config(to_json(set), "resolved", "x")), to_json(set));
  }
  const auto subset = load_config(write("c.json", kTransfer), {"train.train_eval_subset=500", "probe.references=false"});
  EXPECT_EQ(to_json(parse_config(to_json(subset), "resolved", "x")), to_json(subset));
  const auto matched = load_config(write("m.json", kMinimal), {"compute_matched=true"});
  EXPECT_TRUE(matched.compute_matched);
  EXPECT_EQ(to_json(parse_config(to_json(matched), "resolved", "x")), to_json(matched));

  std::string message = error_of(kTransfer, {"compute_matched=true"});
  EXPECT_NE(message.find("/compute_matched: only applies without a source stage"), std::string::npos) << message;
  message = error_of(kMinimal, {"transfer_init=permuted_taps"});
  EXPECT_NE(message.find("/transfer_init"), std::string::npos) << message;
  EXPECT_NE(message.find("no source stage"), std::string::npos) << message;
  message = error_of(kTransfer, {"transfer_init=shuffled"});
  EXPECT_NE(message.find("/transfer_init: unknown transfer_init 'shuffled'"), std::string::npos) << message;
  EXPECT_NE(error_of(kMinimal, {"train.train_eval_subset=-1"}).find("/train/train_eval_subset"), std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"probe.standardize=1"}).find("/probe/standardize"), std::string::npos);
}

// The mechanism protocols' keys: source_labels, conv1_init and the target stage's own cap.
TEST_F(ConfigTest, MechanismKeysAreTypedRoundTripAndRefuseWhereTheyCannotApply) {
  constexpr const char* kTransfer = R"({"source_classes": ["ship", "dog"], "target_classes": ["horse", "cat"]})";
  const auto c = load_config(write("c.json", kTransfer));
  EXPECT_EQ(c.source_labels, SourceLabels::kTrue);
  EXPECT_EQ(c.conv1_init, Conv1Init::kDefault);
  EXPECT_EQ(c.data.target_max_per_class, 0);
  const auto shuffled = load_config(write("c.json", kTransfer), {"source_labels=shuffled", "data.target_max_per_class=1000"});
  EXPECT_EQ(shuffled.source_labels, SourceLabels::kShuffled);
  EXPECT_EQ(shuffled.data.max_per_class_of(Stage::kTarget), 1000);
  EXPECT_EQ(shuffled.data.max_per_class_of(Stage::kSource), 0);
  EXPECT_EQ(to_json(parse_config(to_json(shuffled), "resolved", "x")), to_json(shuffled));
  const auto pca = load_config(write("p.json", kMinimal), {"conv1_init=pca_patches"});
  EXPECT_EQ(pca.conv1_init, Conv1Init::kPcaPatches);
  EXPECT_EQ(to_json(pca)["conv1_init"], "pca_patches");
  EXPECT_EQ(to_json(parse_config(to_json(pca), "resolved", "x")), to_json(pca));

  const std::vector<std::pair<std::vector<std::string>, std::string>> refused{
      {{"source_labels=shuffled"}, "bad.json: /source_labels: 'shuffled' shuffles the source stage's labels, but there is no source stage; set source_classes"},
      {{"source_labels=random"}, "bad.json: /source_labels: unknown source_labels 'random' (expected true or shuffled"},
      {{"source_labels=true"}, "bad.json: /source_labels: expected \"true\" or \"shuffled\" (a string), found true without quotes"},
      {{"conv1_init=pca"}, "bad.json: /conv1_init: unknown conv1_init 'pca' (expected default or pca_patches)"},
      {{"conv1_init=pca_patches", "model.conv1_channels=76"},
       "bad.json: /conv1_init: 'pca_patches' gives at most 75 filters (a 5x5x3 patch's dimensions), but model.conv1_channels is 76"},
      {{"data.target_max_per_class=1"}, "bad.json: /data/target_max_per_class: must be 0 (as data.max_per_class) or >= 2, found 1"},
  };
  for (const auto& [overrides, expected] : refused) {
    const std::string message = error_of(kMinimal, overrides);
    EXPECT_NE(message.find(expected), std::string::npos) << overrides.front() << " -> " << message;
  }
  const std::string message = error_of(kTransfer, {"conv1_init=pca_patches"});
  EXPECT_NE(message.find("bad.json: /conv1_init: 'pca_patches' initialises conv1 of a network without a source stage"),
            std::string::npos) << message;
  EXPECT_EQ(load_config(write("c.json", kMinimal), {"data.max_per_class=600", "data.target_max_per_class=1000"})
                .data.max_per_class_of(Stage::kTarget), 600);  // the smaller cap
}

TEST_F(ConfigTest, ShrinkAndPerturbFactorsRoundTripAndApplyOnlyToShrinkPerturb) {
  constexpr const char* kSelf = R"({"source_classes": ["horse", "cat"], "target_classes": ["horse", "cat"]})";
  const auto c = load_config(write("s.json", kSelf),
                             {"transfer_init=shrink_perturb", "transfer_shrink=0.5", "transfer_perturb=0.2"});
  EXPECT_EQ(c.transfer_shrink, 0.5);
  EXPECT_EQ(c.transfer_perturb, 0.2);
  EXPECT_EQ(to_json(parse_config(to_json(c), "resolved", "x")), to_json(c));
  std::string message = error_of(kSelf, {"transfer_shrink=0.5"});
  EXPECT_NE(message.find("/transfer_init: transfer_shrink and transfer_perturb apply only to \"shrink_perturb\""),
            std::string::npos) << message;
  EXPECT_NE(error_of(kSelf, {"transfer_init=shrink_perturb", "transfer_shrink=1.5"}).find("/transfer_shrink"),
            std::string::npos);
}

TEST_F(ConfigTest, TransferringAllThreeLayersKeepsTheClassifierSoNeedsAsManySourceAsTargetClasses) {
  const auto same = load_config(write("s.json", R"({"source_classes": ["horse", "cat"], "target_classes": ["cat", "horse"]})"),
                                {"transfer_layers=3"});
  EXPECT_EQ(same.transfer_layers, 3);
  const std::string message =
      error_of(R"({"source_classes": ["ship", "dog", "frog"], "target_classes": ["horse", "cat"]})", {"transfer_layers=3"});
  EXPECT_NE(message.find("/transfer_layers: 3 transfers the classifier too"), std::string::npos) << message;
  EXPECT_NE(message.find("(found 3 and 2)"), std::string::npos) << message;
}

// The JSON library copies, compares and prints values recursively: 100,000 nested objects in a
// value overflowed the stack (a segfault), in a file and in a --set value alike.
TEST_F(ConfigTest, DeeplyNestedValuesAreRefusedBeforeParsing) {
  const int levels = 100000;
  std::string objects, arrays;
  for (int i = 0; i < levels; ++i) objects += "{\"a\":";
  objects += "1" + std::string(levels, '}');
  arrays = std::string(levels, '[') + std::string(levels, ']');
  for (const std::string* value : {&objects, &arrays}) {
    const std::string file_message =
        error_of(R"({"target_classes": ["horse", "cat"], "description": )" + *value + "}");
    EXPECT_NE(file_message.find("bad.json:1:"), std::string::npos) << file_message.substr(0, 200);
    EXPECT_NE(file_message.find("nested more than 64 levels"), std::string::npos) << file_message.substr(0, 200);
    const std::string set_message = error_of(kMinimal, {"description=" + *value});
    EXPECT_NE(set_message.find("--set description="), std::string::npos) << set_message.substr(0, 200);
    EXPECT_NE(set_message.find("more than 64 levels"), std::string::npos) << set_message.substr(0, 200);
  }
  // Brackets inside strings do not count; 64 levels are fine.
  std::string deep_enough;
  for (int i = 0; i < 62; ++i) deep_enough += "{\"a\":";
  deep_enough += "\"[[[[{{{{\"" + std::string(62, '}');
  EXPECT_NE(error_of(R"({"target_classes": ["horse", "cat"], "description": )" + deep_enough + "}")
                .find("/description: expected a string, found an object"),
            std::string::npos);
}

TEST_F(ConfigTest, InvalidUtf8InASetValueIsAConfigErrorNamingTheSet) {
  const std::string message = error_of(kMinimal, {"description=caf\xE9 au lait"});
  EXPECT_NE(message.find("--set 'description=caf? au lait'"), std::string::npos) << message;
  EXPECT_NE(message.find("byte 16 (0xE9) is not UTF-8"), std::string::npos) << message;
  EXPECT_NO_THROW(nlohmann::json(message).dump());  // the message itself prints anywhere
  EXPECT_NE(error_of(kMinimal, {"data.dir=\"/data/\xC0\xAF\""}).find("not UTF-8"), std::string::npos);  // overlong
  EXPECT_EQ(load_config(write("u.json", kMinimal), {"description=caf\xC3\xA9"}).description, "caf\xC3\xA9");
}

// Messages give bounds as a person writes them: no 309-digit DBL_MAX, no "0.000000".
TEST_F(ConfigTest, RangeMessagesStateTheAllowedRangeReadably) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"train.lr=-1", "must be > 0, found -1"},
      {"data.validation_fraction=2", "must lie in (0, 1), found 2"},
      {"train.momentum=1e300", "must lie in [0, 1), found 1e+300"},
      {"threads=-1", "must lie in [0, 1024]"},
  };
  for (const auto& [assignment, expected] : cases) {
    const std::string message = error_of(kMinimal, {assignment});
    EXPECT_NE(message.find(expected), std::string::npos) << assignment << " -> " << message;
    std::size_t digits = 0, longest = 0;  // the longest run of digits
    for (char c : message) {
      digits = std::isdigit(static_cast<unsigned char>(c)) ? digits + 1 : 0;
      longest = std::max(longest, digits);
    }
    EXPECT_LE(longest, 12u) << message;
  }
}


TEST_F(ConfigTest, AnErrorInAnOverriddenValueNamesTheSetBeforeTheFile) {
  const std::string file = (dir_ / "bad.json").string();
  const std::vector<std::pair<std::string, std::string>> cases{
      {"train.lr=-1", "--set 'train.lr=-1': " + file + ": /train/lr: must be > 0, found -1"},
      {"train.lr=abc", "--set 'train.lr=abc': " + file + ": /train/lr: expected a number, found a string"},
      {"nosuchkey=1", "--set 'nosuchkey=1': " + file + ": /nosuchkey: unknown key 'nosuchkey'"},
      {"train.lrr=1", "--set 'train.lrr=1': " + file + ": /train/lrr: unknown key 'lrr' (did you mean 'lr'?)"},
      {"train={\"lr\": 0}", "--set 'train={\"lr\": 0}': " + file + ": /train/lr: must be > 0, found 0"},
      {"train.lr", "--set 'train.lr': expected key.path=value"},
      {"seed=1.5", "--set 'seed=1.5': " + file + ": /seed: expected a non-negative integer"},
  };
  for (const auto& [assignment, expected] : cases) {
    const auto message = error_of(kMinimal, {"train.momentum=0.5", assignment});
    EXPECT_EQ(message.rfind(expected, 0), 0u) << assignment << " -> " << message;
  }
}

TEST_F(ConfigTest, AnErrorInTheFileNamesTheFileEvenWithOverrides) {
  const auto message = error_of(R"({"target_classes": ["horse", "cat"], "train": {"lr": -1}})", {"train.momentum=0.5"});
  EXPECT_EQ(message.rfind((dir_ / "bad.json").string() + ": /train/lr: must be > 0", 0), 0u) << message;
  // The last --set of a key is the one that counts.
  EXPECT_EQ(error_of(kMinimal, {"train.lr=-1", "train.lr=0.1", "train.min_lr=0.5"}).rfind("--set 'train.min_lr=0.5'", 0),
            0u);
  EXPECT_EQ(error_of(kMinimal, {"train.lr=-2", "train.lr=-1"}).rfind("--set 'train.lr=-1'", 0), 0u);
}

}  // namespace
}  // namespace tl_boost
