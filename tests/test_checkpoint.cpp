#include "tl_boost/checkpoint.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "temp_dir.hpp"

#include "tl_boost/error.hpp"
#include "tl_boost/run_output.hpp"
#include "tl_boost/transfer.hpp"

namespace tl_boost {
namespace {

namespace fs = std::filesystem;

class CheckpointTest : public ::testing::Test {
 protected:
  testing::TempDir tmp_{"tl_boost_ckpt"};
  const fs::path& dir_ = tmp_.path();
};

ConvNet net_with_seed(std::uint64_t seed) {
  torch::manual_seed(seed);
  ConvNetOptions options;
  options.num_classes = 3;
  return ConvNet(options);
}

void sgd_steps(ConvNet& net, torch::optim::SGD& sgd, int steps) {
  torch::manual_seed(99);
  const auto images = torch::randn({8, 3, 32, 32});
  const auto labels = torch::randint(0, 3, {8}, torch::kInt64);
  for (int i = 0; i < steps; ++i) {
    sgd.zero_grad();
    torch::nn::functional::cross_entropy(net->forward(images), labels).backward();
    sgd.step();
  }
}

TEST_F(CheckpointTest, TrainingStateRestoresTheExactContinuation) {
  // Two steps, checkpoint, two more steps == two steps, restore into a fresh net, two more steps.
  ConvNet a = net_with_seed(1);
  torch::optim::SGD sgd_a(trainable_parameters(a), torch::optim::SGDOptions(0.05).momentum(0.9));
  sgd_steps(a, sgd_a, 2);
  save_training_state(a, sgd_a, dir_ / "state.pt");
  torch::manual_seed(1234);
  const auto expected_draw = torch::rand({4});
  sgd_steps(a, sgd_a, 2);

  ConvNet b = net_with_seed(2);
  torch::optim::SGD sgd_b(trainable_parameters(b), torch::optim::SGDOptions(0.05).momentum(0.9));
  torch::manual_seed(1234);
  load_training_state(b, sgd_b, dir_ / "state.pt");
  // The generator state saved with the checkpoint is back (it was seeded 1234 then).
  EXPECT_FALSE(torch::equal(torch::rand({4}), expected_draw)) << "generator state not restored";
  sgd_steps(b, sgd_b, 2);
  for (std::size_t i = 0; i < a->parameters().size(); ++i) {
    EXPECT_TRUE(torch::equal(a->parameters()[i], b->parameters()[i])) << "parameter " << i;
  }
  EXPECT_FALSE(fs::exists(atomic_temporary(dir_ / "state.pt")));
}

TEST_F(CheckpointTest, WeightsRoundTrip) {
  ConvNet a = net_with_seed(1);
  ConvNet b = net_with_seed(2);
  save_weights(a, dir_ / "w.pt");
  load_weights(b, dir_ / "w.pt");
  EXPECT_TRUE(torch::equal(a->fc->weight, b->fc->weight));
  EXPECT_THROW(load_weights(b, dir_ / "missing.pt"), IoError);
  std::ofstream(dir_ / "junk.pt") << "not an archive";
  EXPECT_THROW(load_weights(b, dir_ / "junk.pt"), IoError);
}

// The temporary file is a link to /dev/full, whose every write fails with ENOSPC: a full disk
// without filling one. LibTorch's own file writer threw that from its destructor (terminate).
TEST_F(CheckpointTest, AFullDiskIsAnIoErrorThatKeepsTheLastGoodFile) {
  ASSERT_TRUE(fs::exists("/dev/full"));
  ConvNet good = net_with_seed(1);
  ConvNet newer = net_with_seed(2);
  torch::optim::SGD sgd(newer->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  sgd_steps(newer, sgd, 1);
  for (const char* name : {"weights.pt", "state.pt"}) {
    SCOPED_TRACE(name);
    const fs::path path = dir_ / name;
    torch::optim::SGD good_sgd(good->parameters(), torch::optim::SGDOptions(0.1));
    const bool weights = std::string(name) == "weights.pt";
    if (weights) {
      save_weights(good, path);
    } else {
      save_training_state(good, good_sgd, path);
    }
    const auto size = fs::file_size(path);
    fs::create_symlink("/dev/full", atomic_temporary(path));
    try {
      if (weights) {
        save_weights(newer, path);
      } else {
        save_training_state(newer, sgd, path);
      }
      ADD_FAILURE() << "no IoError on a full disk";
    } catch (const IoError& e) {
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("No space left"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(fs::symlink_status(atomic_temporary(path))));
    EXPECT_EQ(fs::file_size(path), size);
    if (weights) {
      ConvNet loaded = net_with_seed(3);
      load_weights(loaded, path);
      EXPECT_TRUE(torch::equal(loaded->fc->weight, good->fc->weight));
    }
  }
}

}  // namespace
}  // namespace tl_boost
