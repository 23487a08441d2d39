#pragma once
// Learning-rate schedules as pure functions of the epoch.
#include <string>

namespace tl_boost {

enum class ScheduleKind { kConstant, kStep, kCosine };

struct LrSchedule {
  ScheduleKind kind = ScheduleKind::kConstant;
  double base_lr = 0.01;
  int step_size = 10;     // kStep: epochs between decays
  double gamma = 0.1;     // kStep: factor per decay
  double min_lr = 0.0;    // kCosine: the rate reached after the last epoch
};

/// Learning rate used throughout epoch `epoch` (0-based) of a stage of `total_epochs` epochs.
double learning_rate_at(const LrSchedule& schedule, int epoch, int total_epochs);

/// "constant" | "step" | "cosine"; throws ConfigError otherwise.
ScheduleKind parse_schedule_kind(const std::string& name);
std::string to_string(ScheduleKind kind);

}  // namespace tl_boost
