#pragma once
// What a chart shows, decided before it is drawn: which values lie so far from the rest that an
// axis spanning them would squash the others. The drawing (charts.hpp) computes nothing of the
// kind. LibTorch-free.
#include <vector>

namespace tl_boost {

/// For each value, whether it lies more than 6 median absolute deviations, and more than 0.03
/// (3 accuracy points), from the median of `values`.
std::vector<bool> far_from_the_rest(const std::vector<double>& values);

}  // namespace tl_boost
