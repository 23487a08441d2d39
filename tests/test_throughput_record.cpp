#include "tl_boost/throughput_record.hpp"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "tl_boost/layout.hpp"

namespace tl_boost {
namespace {

ThroughputKey key() {
  return {"node-1", "cpu", 4, "bf16", "channels_last", "conv 32-64 k5, 4 classes", 128, 1000, "0.1.0"};
}

RecordedRates rates(double train) {
  RecordedRates r;
  r.rates.train_images_per_second = train;
  r.rates.eval_images_per_second = 5000;
  r.rates.hvp_images_per_second = 250;
  r.rates.unit_setup_seconds = 6.5;
  r.recorded_at = "2026-12-06 18:01 UTC";
  return r;
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ThroughputRecord, AnAbsentFileFindsNothingAndSaysNothing) {
  testing::TempDir tmp("tl_boost_record");
  const RecordLookup lookup = find_recorded_rates(tmp / "throughputs.json", key());
  EXPECT_FALSE(lookup.found);
  EXPECT_EQ(lookup.problem, "");
}

TEST(ThroughputRecord, RecordedRatesAreFoundUnderTheirKeyWithTheirDate) {
  testing::TempDir tmp("tl_boost_record");
  const auto path = tmp / "cache" / "tl-boost" / "throughputs.json";  // directories created
  record_rates(path, key(), rates(2800));
  const RecordLookup lookup = find_recorded_rates(path, key());
  ASSERT_TRUE(lookup.found) << lookup.problem;
  EXPECT_DOUBLE_EQ(lookup.found->rates.train_images_per_second, 2800);
  EXPECT_DOUBLE_EQ(lookup.found->rates.eval_images_per_second, 5000);
  EXPECT_DOUBLE_EQ(lookup.found->rates.hvp_images_per_second, 250);
  EXPECT_DOUBLE_EQ(lookup.found->rates.probe_feature_images_per_second, 0);
  EXPECT_DOUBLE_EQ(lookup.found->rates.unit_setup_seconds, 6.5);
  EXPECT_EQ(lookup.found->recorded_at, "2026-12-06 18:01 UTC");
}

TEST(ThroughputRecord, AKeyThatDiffersInAnyFieldFindsNothing) {
  testing::TempDir tmp("tl_boost_record");
  const auto path = tmp / "throughputs.json";
  record_rates(path, key(), rates(2800));
  std::vector<ThroughputKey> others(9, key());
  others[0].host = "node-2";
  others[1].device = "cuda:0";
  others[2].threads = 8;
  others[3].precision = "fp32";
  others[4].memory_format = "contiguous";
  others[5].model = "conv 64-128 k5, 4 classes";
  others[6].batch_size = 256;
  others[7].eval_batch_size = 500;
  others[8].version = "0.2.0";
  for (const ThroughputKey& other : others) {
    const RecordLookup lookup = find_recorded_rates(path, other);
    EXPECT_FALSE(lookup.found);
    EXPECT_EQ(lookup.problem, "");
  }
}

TEST(ThroughputRecord, RecordingAKeyAgainReplacesItsRatesAndKeepsTheOtherKeys) {
  testing::TempDir tmp("tl_boost_record");
  const auto path = tmp / "throughputs.json";
  ThroughputKey gpu = key();
  gpu.device = "cuda:0";
  record_rates(path, key(), rates(2800));
  record_rates(path, gpu, rates(40000));
  record_rates(path, key(), rates(3100));
  EXPECT_DOUBLE_EQ(find_recorded_rates(path, key()).found->rates.train_images_per_second, 3100);
  EXPECT_DOUBLE_EQ(find_recorded_rates(path, gpu).found->rates.train_images_per_second, 40000);
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find("2800"), std::string::npos) << text;  // one entry per key
}

TEST(ThroughputRecord, AMalformedFileIsNamedWithWhatIsWrongThenReplacedWhenRecording) {
  testing::TempDir tmp("tl_boost_record");
  const auto path = tmp / "throughputs.json";
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"{\"entries\": [", path.string() + ":1:"},  // truncated: line and column
      {"[]", path.string() + ": /: expected an object, found an array"},
      {"{\"entries\": 3}", path.string() + ": /entries: expected an array"},
      {"{\"entries\": [{\"key\": " + std::string("KEY") + ", \"rates\": {\"train_images_per_second\": \"fast\"}, "
       "\"recorded_at\": \"today\"}]}",
       path.string() + ": /entries/0/rates/train_images_per_second: expected a number, found a string"},
      {"{\"entries\": [{\"key\": KEY, \"rates\": {\"train_images_per_second\": 0, \"eval_images_per_second\": 1}, "
       "\"recorded_at\": \"today\"}]}",
       path.string() + ": /entries/0/rates/train_images_per_second: expected > 0"},
  };
  // A well-formed entry to splice the key of into the broken ones.
  record_rates(path, key(), rates(2800));
  std::ifstream in(path);
  const std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto key_start = good.find("\"key\": ") + 7;
  const std::string key_text = good.substr(key_start, good.find('}', key_start) + 1 - key_start);
  for (auto [text, problem] : broken) {
    if (const auto at = text.find("KEY"); at != std::string::npos) text.replace(at, 3, key_text);
    write(path, text);
    const RecordLookup lookup = find_recorded_rates(path, key());
    EXPECT_FALSE(lookup.found) << text;
    EXPECT_EQ(lookup.problem.rfind(problem, 0), 0u) << lookup.problem;
    record_rates(path, key(), rates(3000));
    const RecordLookup again = find_recorded_rates(path, key());
    ASSERT_TRUE(again.found) << again.problem;
    EXPECT_DOUBLE_EQ(again.found->rates.train_images_per_second, 3000);
  }
}

TEST(ThroughputRecord, TheRecordLivesInTheUsersCacheDirectory) {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const std::string saved_cache = cache ? cache : "", saved_home = home ? home : "";
  ::setenv("XDG_CACHE_HOME", "/tmp/cache", 1);
  EXPECT_EQ(throughput_record_file(), std::filesystem::path("/tmp/cache/tl-boost/throughputs.json"));
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("HOME", "/home/me", 1);
  EXPECT_EQ(throughput_record_file(), std::filesystem::path("/home/me/.cache/tl-boost/throughputs.json"));
  ::unsetenv("HOME");
  EXPECT_EQ(throughput_record_file(), std::nullopt);
  if (cache) ::setenv("XDG_CACHE_HOME", saved_cache.c_str(), 1);
  if (home) ::setenv("HOME", saved_home.c_str(), 1);
}

TEST(ThroughputRecord, TheDateIsWrittenInUtcToTheMinute) {
  const std::string now = utc_now_text();
  ASSERT_EQ(now.size(), 20u) << now;  // 2026-12-06 18:01 UTC
  EXPECT_EQ(now.substr(16), " UTC");
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[13], ':');
}

}  // namespace
}  // namespace tl_boost
