// End-to-end runs of the tl-boost binary on the real CIFAR-10 files (a small subset), as a user
// runs it. Needs the dataset in TL_BOOST_DATA_DIR: scripts/fetch-data.sh puts it there.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSource = TL_BOOST_SOURCE_DIR;
const fs::path kBinary = TL_BOOST_BINARY;
const fs::path kData = TL_BOOST_DATA_DIR;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const fs::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// "--set key.path=value" for every leaf of smoke.json except the inheritance and naming keys,
// so each protocol config runs with exactly the smoke settings CI uses.
void flatten(const json& node, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& [key, value] : node.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object()) {
      flatten(value, path, out);
    } else {
      out.push_back("--set");
      out.push_back(path + "=" + value.dump());
    }
  }
}

std::vector<std::string> smoke_settings() {
  json smoke = json::parse(read_text(kSource / "configs/smoke.json"));
  for (const char* key : {"extends", "name", "description"}) smoke.erase(key);
  std::vector<std::string> args;
  flatten(smoke, "", args);
  return args;
}

class EndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kData / "data_batch_1.bin"))
        << "CIFAR-10 not found in " << kData << ": run scripts/fetch-data.sh (see README)";
    out_ = fs::temp_directory_path() / ("tl_boost_e2e_" + std::to_string(std::random_device{}()));
    fs::create_directories(out_);
  }
  void TearDown() override { fs::remove_all(out_); }

  // Runs tl-boost with `args`; returns its exit code, with stdout+stderr in output_.
  int run(const std::vector<std::string>& args) {
    std::string command = quote(kBinary.string());
    for (const auto& a : args) command += " " + quote(a);
    const fs::path log = out_ / "command.log";
    const int status = std::system((command + " > " + quote(log.string()) + " 2>&1").c_str());
    output_ = read_text(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::vector<std::string> run_args(const std::string& config, const fs::path& out) {
    std::vector<std::string> args{"run", (kSource / "configs" / config).string(), "--out", out.string(), "--set",
                                  "data.dir=" + json(kData.string()).dump()};
    for (const auto& a : smoke_settings()) args.push_back(a);
    return args;
  }

  fs::path out_;
  std::string output_;
};

TEST_F(EndToEnd, EveryProtocolRunsAndLearns) {
  const std::vector<std::pair<std::string, bool>> protocols{{"transferred", true},
                                                            {"non_transferred", true},
                                                            {"transferred_diverse", true},
                                                            {"transferred_more_data", true},
                                                            {"scratch", false}};
  const json smoke = json::parse(read_text(kSource / "configs/smoke.json"));
  const int source_epochs = smoke["train"]["source_epochs"];
  const int target_epochs = smoke["train"]["target_epochs"];
  for (const auto& [protocol, has_source] : protocols) {
    SCOPED_TRACE(protocol);
    ASSERT_EQ(run(run_args(protocol + ".json", out_)), 0) << output_;
    const fs::path dir = out_ / protocol / "seed-0";

    const auto rows = lines_of(dir / "metrics.csv");
    const std::size_t expected_rows = 1 + (has_source ? source_epochs : 0) + target_epochs;
    ASSERT_EQ(rows.size(), expected_rows);
    EXPECT_EQ(rows[0], "stage,epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds");
    EXPECT_EQ(rows[1].rfind(has_source ? "source,1," : "target,1,", 0), 0u) << rows[1];
    EXPECT_EQ(rows.back().rfind("target," + std::to_string(target_epochs) + ",", 0), 0u) << rows.back();
    for (std::size_t i = 1; i < rows.size(); ++i) {
      EXPECT_EQ(std::count(rows[i].begin(), rows[i].end(), ','), 7) << rows[i];
    }

    const json summary = json::parse(read_text(dir / "summary.json"));
    EXPECT_EQ(summary["status"], "completed");
    EXPECT_EQ(summary["stages"].contains("source"), has_source);
    const json& target = summary["stages"]["target"];
    EXPECT_EQ(target["test_size"], 4000);  // every test image of B
    EXPECT_EQ(target["train_size"].get<int>() + target["validation_size"].get<int>(), 400);
    // Four classes: chance is 0.25; 4,000 test images put its noise near 0.007.
    EXPECT_GT(target["test_acc"].get<double>(), 0.30) << summary.dump(2);
    EXPECT_EQ(target["transferred_layers"], has_source ? 1 : 0);
    EXPECT_EQ(summary["config"]["name"], protocol);
    EXPECT_TRUE(fs::exists(dir / "config.json"));
    EXPECT_TRUE(fs::exists(dir / "target.pt"));
    EXPECT_EQ(fs::exists(dir / "source.pt"), has_source);
  }
}

TEST_F(EndToEnd, SameSeedAndThreadsGiveIdenticalMetrics) {
  std::vector<std::string> rows[2];
  for (int i = 0; i < 2; ++i) {
    const fs::path out = out_ / ("repeat" + std::to_string(i));
    auto args = run_args("smoke.json", out);
    args.insert(args.end(), {"--threads", "1", "--seed", "3"});
    ASSERT_EQ(run(args), 0) << output_;
    // Every column but the last (wall seconds) must match exactly.
    for (const auto& line : lines_of(out / "smoke" / "seed-3" / "metrics.csv")) {
      rows[i].push_back(line.substr(0, line.rfind(',')));
    }
  }
  EXPECT_EQ(rows[0], rows[1]);
  EXPECT_GT(rows[0].size(), 1u);
}

TEST_F(EndToEnd, ErrorsExitWithTheirCodeAndWriteNothing) {
  // Data error: 3, and no run directory.
  auto args = run_args("scratch.json", out_ / "missing-data");
  args.insert(args.end(), {"--set", "data.dir=\"/nonexistent/cifar\""});
  EXPECT_EQ(run(args), 3) << output_;
  EXPECT_NE(output_.find("/nonexistent/cifar"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "missing-data"));

  // Config error: 2, naming the key.
  args = run_args("scratch.json", out_ / "bad-config");
  args.insert(args.end(), {"--set", "train.lr=-1"});
  EXPECT_EQ(run(args), 2) << output_;
  EXPECT_NE(output_.find("/train/lr"), std::string::npos) << output_;
  EXPECT_FALSE(fs::exists(out_ / "bad-config"));

  // Unknown flag: usage error 2.
  EXPECT_EQ(run({"run", (kSource / "configs/scratch.json").string(), "--no-such-flag"}), 2) << output_;

  // An existing run is refused without --force: 4.
  args = run_args("scratch.json", out_ / "twice");
  args.insert(args.end(), {"--set", "train.target_epochs=1"});
  ASSERT_EQ(run(args), 0) << output_;
  EXPECT_EQ(run(args), 4) << output_;
  EXPECT_NE(output_.find("--force"), std::string::npos) << output_;
  args.push_back("--force");
  EXPECT_EQ(run(args), 0) << output_;
}

TEST_F(EndToEnd, CudaRequestFailsClearlyWithoutCuda) {
  ASSERT_EQ(run({"--version"}), 0);
  EXPECT_NE(output_.find("LibTorch "), std::string::npos) << output_;
  const bool has_cuda = output_.find("CUDA available: yes") != std::string::npos;
  auto args = run_args("scratch.json", out_);
  args.insert(args.end(), {"--device", "cuda", "--set", "train.target_epochs=1"});
  if (has_cuda) {
    EXPECT_EQ(run(args), 0) << output_;
  } else {
    EXPECT_EQ(run(args), 5) << output_;
    EXPECT_NE(output_.find("CUDA"), std::string::npos) << output_;
    // auto falls back to the CPU and says so.
    args = run_args("scratch.json", out_);
    args.insert(args.end(), {"--device", "auto", "--set", "train.target_epochs=1"});
    EXPECT_EQ(run(args), 0) << output_;
    EXPECT_NE(output_.find("running on the CPU"), std::string::npos) << output_;
  }
}

TEST_F(EndToEnd, ValidatePrintsTheResolvedConfig) {
  ASSERT_EQ(run({"validate", (kSource / "configs/transferred_diverse.json").string(), "--set", "train.lr=0.02"}), 0)
      << output_;
  const json resolved = json::parse(output_);
  EXPECT_EQ(resolved["source_classes"], json({"frog", "dog", "airplane", "truck"}));
  EXPECT_DOUBLE_EQ(resolved["train"]["lr"].get<double>(), 0.02);
  EXPECT_EQ(run({"validate", (kSource / "configs/nope.json").string()}), 2);
}

}  // namespace
