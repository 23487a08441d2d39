#include "tl_boost/interpolation_csv.hpp"

#include <gtest/gtest.h>

namespace tl_boost {
namespace {

TEST(InterpolationCsv, HeaderNamesEveryColumnInTheFilesOrder) {
  EXPECT_EQ(interpolation_csv_header(), "alpha,train_loss,train_acc,test_loss,test_acc\n");
}

TEST(InterpolationCsv, EachColumnHasItsOwnName) {
  EXPECT_STREQ(column_name(InterpolationColumn::kAlpha), "alpha");
  EXPECT_STREQ(column_name(InterpolationColumn::kTrainLoss), "train_loss");
  EXPECT_STREQ(column_name(InterpolationColumn::kTestAcc), "test_acc");
  EXPECT_EQ(kInterpolationColumns.size(), 5u);
}

}  // namespace
}  // namespace tl_boost
