#pragma once
// The columns of a suite's interpolation CSV (layout.hpp's SuiteLayout::interpolation), named once:
// the suite writes them in this order, the report reads them by these names. LibTorch-free.
#include <array>
#include <cstddef>
#include <string>

namespace tl_boost {

enum class InterpolationColumn { kAlpha, kTrainLoss, kTrainAcc, kTestLoss, kTestAcc };

/// Every column, in the file's order.
inline constexpr std::array<InterpolationColumn, 5> kInterpolationColumns{
    InterpolationColumn::kAlpha, InterpolationColumn::kTrainLoss, InterpolationColumn::kTrainAcc,
    InterpolationColumn::kTestLoss, InterpolationColumn::kTestAcc};

/// The column's name in the header line: alpha, train_loss, train_acc, test_loss, test_acc.
inline constexpr const char* column_name(InterpolationColumn column) {
  constexpr const char* names[] = {"alpha", "train_loss", "train_acc", "test_loss", "test_acc"};
  return names[static_cast<std::size_t>(column)];
}

/// The header line, newline included: "alpha,train_loss,train_acc,test_loss,test_acc\n".
inline std::string interpolation_csv_header() {
  std::string line;
  for (const InterpolationColumn column : kInterpolationColumns) {
    line += (line.empty() ? "" : ",") + std::string(column_name(column));
  }
  return line + "\n";
}

}  // namespace tl_boost
