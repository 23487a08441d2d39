#include "tl_boost/schedule.hpp"

#include <cmath>

#include "tl_boost/error.hpp"

namespace tl_boost {

double learning_rate_at(const LrSchedule& schedule, int epoch, int total_epochs) {
  switch (schedule.kind) {
    case ScheduleKind::kConstant:
      return schedule.base_lr;
    case ScheduleKind::kStep:
      return schedule.base_lr * std::pow(schedule.gamma, epoch / schedule.step_size);
    case ScheduleKind::kCosine: {
      if (total_epochs <= 1) return schedule.base_lr;
      // Epoch 0 runs at base_lr; the decay reaches min_lr at the end of the stage.
      const double progress = static_cast<double>(epoch) / static_cast<double>(total_epochs);
      return schedule.min_lr + 0.5 * (schedule.base_lr - schedule.min_lr) * (1.0 + std::cos(M_PI * progress));
    }
  }
  return schedule.base_lr;
}

ScheduleKind parse_schedule_kind(const std::string& name) {
  if (name == "constant") return ScheduleKind::kConstant;
  if (name == "step") return ScheduleKind::kStep;
  if (name == "cosine") return ScheduleKind::kCosine;
  throw ConfigError("unknown schedule '" + name + "'; expected constant, step or cosine");
}

std::string to_string(ScheduleKind kind) {
  switch (kind) {
    case ScheduleKind::kConstant: return "constant";
    case ScheduleKind::kStep: return "step";
    case ScheduleKind::kCosine: return "cosine";
  }
  return "constant";
}

}  // namespace tl_boost
