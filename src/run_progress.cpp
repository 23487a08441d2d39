#include "tl_boost/run_progress.hpp"

#include "tl_boost/error.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

json epoch_to_json(const EpochMetrics& m) {
  return {{"epoch", m.epoch},       {"train_loss", m.train_loss}, {"train_acc", m.train_acc}, {"val_loss", m.val_loss},
          {"val_acc", m.val_acc},   {"lr", m.lr},                 {"seconds", m.seconds}};
}

EpochMetrics epoch_from_json(const json& j) {
  EpochMetrics m;
  m.epoch = j.at("epoch").get<int>();
  m.train_loss = j.at("train_loss").get<double>();
  m.train_acc = j.at("train_acc").get<double>();
  m.val_loss = j.at("val_loss").get<double>();
  m.val_acc = j.at("val_acc").get<double>();
  m.lr = j.at("lr").get<double>();
  m.seconds = j.at("seconds").get<double>();
  return m;
}

json epochs_to_json(const std::vector<EpochMetrics>& epochs) {
  json list = json::array();
  for (const auto& e : epochs) list.push_back(epoch_to_json(e));
  return list;
}

std::vector<EpochMetrics> epochs_from_json(const json& j) {
  std::vector<EpochMetrics> epochs;
  for (const auto& e : j) epochs.push_back(epoch_from_json(e));
  return epochs;
}

}  // namespace

std::size_t RunProgress::metrics_rows() const {
  std::size_t rows = history.size();
  for (const auto& stage : completed) rows += stage.epochs.size();
  return rows;
}

json progress_to_json(const RunProgress& p) {
  json completed = json::array();
  for (const auto& stage : p.completed) {
    completed.push_back({{"name", to_string(stage.plan.stage)},
                         {"epochs", epochs_to_json(stage.epochs)},
                         {"test", {{"loss", stage.test.loss}, {"accuracy", stage.test.accuracy}, {"count", stage.test.count}}},
                         {"train_size", stage.train_size},
                         {"validation_size", stage.validation_size},
                         {"seconds", stage.seconds}});
  }
  return {{"stage_index", p.stage_index},
          {"completed", completed},
          {"history", epochs_to_json(p.history)},
          {"stage_seconds", p.stage_seconds},
          {"state_file", p.state_file}};
}

RunProgress progress_from_json(const json& j, const std::vector<StagePlan>& plans, const std::string& origin) {
  try {
    RunProgress p;
    p.stage_index = j.at("stage_index").get<std::size_t>();
    p.history = epochs_from_json(j.at("history"));
    p.stage_seconds = j.at("stage_seconds").get<double>();
    p.state_file = j.at("state_file").get<std::string>();
    const json& completed = j.at("completed");
    if (p.stage_index > plans.size() || completed.size() != p.stage_index) {
      throw IoError(origin + ": stage " + std::to_string(p.stage_index) + " with " +
                    std::to_string(completed.size()) + " completed stages does not fit the config's " +
                    std::to_string(plans.size()) + " stages");
    }
    for (std::size_t i = 0; i < completed.size(); ++i) {
      StageResult stage;
      stage.plan = plans[i];
      const std::string name = completed[i].at("name").get<std::string>();
      if (parse_stage(name) != plans[i].stage) {
        throw IoError(origin + ": stage " + std::to_string(i) + " is '" + name + "', expected '" +
                      to_string(plans[i].stage) + "'");
      }
      stage.epochs = epochs_from_json(completed[i].at("epochs"));
      const json& test = completed[i].at("test");
      stage.test = {test.at("loss").get<double>(), test.at("accuracy").get<double>(),
                    test.at("count").get<std::int64_t>()};
      stage.train_size = completed[i].at("train_size").get<std::int64_t>();
      stage.validation_size = completed[i].at("validation_size").get<std::int64_t>();
      stage.seconds = completed[i].at("seconds").get<double>();
      p.completed.push_back(std::move(stage));
    }
    if (p.stage_index < plans.size() && p.history.size() > static_cast<std::size_t>(plans[p.stage_index].epochs)) {
      throw IoError(origin + ": " + std::to_string(p.history.size()) + " epochs done, but the stage has only " +
                    std::to_string(plans[p.stage_index].epochs));
    }
    return p;
  } catch (const json::exception& e) {
    throw IoError(origin + ": malformed checkpoint: " + e.what());
  }
}

}  // namespace tl_boost
