#pragma once
// Moving the first n layers of one network into another, and freezing them.
#include "tl_boost/model.hpp"

namespace tl_boost {

/// Copies the parameters of the first `n` layers of `from` into `to`, bit for bit; the other
/// layers of `to` keep their own (fresh) initialisation. Shapes must match.
void copy_layers(ConvNet& from, ConvNet& to, int n);

/// Stops gradient updates of the first `n` layers. Optimizers built from trainable_parameters()
/// then never touch them, so they get no weight decay either.
void freeze_layers(ConvNet& net, int n);

/// The parameters that still require a gradient, for the optimizer.
std::vector<torch::Tensor> trainable_parameters(ConvNet& net);

}  // namespace tl_boost
