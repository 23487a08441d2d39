#include "tl_boost/config/json_reader.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

using nlohmann::json;

// The message of the error `read` throws, with its kind checked.
template <class Error, class Read>
std::string error_of(Read read) {
  try {
    read();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(JsonReader, AWrongTypeNamesTheFileThePointerWhatWasExpectedAndWhatWasFound) {
  const json j = {{"train", {{"lr", "fast"}, {"epochs", 2.5}, {"classes", {"cat", 3}}}}};
  JsonObject root(j, {"c.json", ""});
  JsonObject train = root.object("train");
  double lr = 0;
  int epochs = 0;
  std::vector<std::string> classes;
  EXPECT_EQ(error_of<ConfigError>([&] { train.read("lr", lr); }), "c.json: /train/lr: expected a number, found a string");
  EXPECT_EQ(error_of<ConfigError>([&] { train.read("epochs", epochs); }),
            "c.json: /train/epochs: expected an integer, found a number");
  EXPECT_EQ(error_of<ConfigError>([&] { train.read("classes", classes); }),
            "c.json: /train/classes/1: expected a string, found an integer");
  EXPECT_EQ(error_of<ConfigError>([&] { JsonObject(json::array(), {"c.json", ""}); }),
            "c.json: /: expected an object, found an array");
}

TEST(JsonReader, AnAbsentKeyKeepsTheValueAndARequiredOneIsNamedMissing) {
  const json j = {{"seed", 3u}};
  JsonObject root(j, {"c.json", ""});
  std::uint64_t seed = 0;
  int threads = 7;
  EXPECT_TRUE(root.read("seed", seed));
  EXPECT_EQ(seed, 3u);
  EXPECT_FALSE(root.read("threads", threads));
  EXPECT_EQ(threads, 7);
  EXPECT_EQ(error_of<ConfigError>([&] { root.required<double>("alpha"); }), "c.json: /alpha: missing");
  EXPECT_TRUE(root.object("absent").find("anything") == nullptr);  // an absent object reads as empty
}

TEST(JsonReader, AnUnknownKeySuggestsTheNearestKnownOneOrListsThem) {
  const json j = {{"protocol", 1}, {"seeds", 2}};
  JsonObject root(j, {"s.json", ""});
  root.find("protocols");
  root.find("seeds");
  EXPECT_EQ(error_of<ConfigError>([&] { root.reject_unknown_keys(); }),
            "s.json: /protocol: unknown key 'protocol' (did you mean 'protocols'?)");
  const json far = {{"colour", 1}};
  JsonObject entry(far, {"s.json", "/protocols/0"});
  entry.find("config");
  entry.find("name");
  EXPECT_EQ(error_of<ConfigError>([&] { entry.reject_unknown_keys(); }), "s.json: /protocols/0/colour: unknown key 'colour'");
  EXPECT_EQ(error_of<ConfigError>([&] { entry.reject_unknown_keys(/*list_known=*/true); }),
            "s.json: /protocols/0/colour: unknown key 'colour' (expected config, name)");
}

TEST(JsonReader, AFileTlBoostWroteThatDoesNotReadBackIsAnIoErrorNotAUsageError) {
  const json j = {{"stages", {{"target", {{"test_acc", "high"}}}}}};
  JsonObject root(j, {"run/summary.json", "", JsonSource::kRecord});
  const std::string message = error_of<IoError>([&] { root.object("stages").object("target").required<double>("test_acc"); });
  EXPECT_EQ(message, "run/summary.json: /stages/target/test_acc: expected a number, found a string");
}

TEST(JsonReader, ASettingNameIsTypedAndAnUnknownOneNamesItsPointer) {
  const auto parse = [](const std::string& name) {
    if (name != "on") throw ConfigError("expected on, found '" + name + "'");
    return true;
  };
  EXPECT_TRUE(read_setting<bool>(json("on"), {"c.json", "/switch"}, +parse));
  EXPECT_EQ(error_of<ConfigError>([&] { read_setting<bool>(json("off"), {"c.json", "/switch"}, +parse); }),
            "c.json: /switch: expected on, found 'off'");
}

}  // namespace
}  // namespace tl_boost
