#pragma once
// A study's hypotheses file: the hypotheses, the predictions each makes, the smallest effects of
// interest, the protocol sets a mechanism must separate, and the gap level, all declared before
// the runs that test them. Read with the config reader, so every error names the file and the
// JSON pointer. LibTorch-free.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "tl_boost/report/hypotheses.hpp"

namespace tl_boost {

/// {"description", "sesoi": {<measure>: x, "why"}, "boost": {"with": [...], "without": [...],
/// "why"}, "gap_level": {"train_acc": x, "why"}, "hypotheses": [{"id", "name", "statement"}],
/// "predictions": [{"id", "hypothesis", "measure", "a", "b", "kind", "sesoi", "post_hoc", "why"}]}.
/// Accuracies (SESOIs of accuracy measures) are in points. A side is a protocol name, a set
/// ("boost.with", "boost.without") or [x, y] for x − y. ConfigError names `origin` and the pointer.
StudyHypotheses hypotheses_from_json(const nlohmann::json& j, const std::string& origin);
StudyHypotheses read_hypotheses_file(const std::filesystem::path& path);

/// A reader's change of a SESOI, as `report --set` gives it: "sesoi=X" (test accuracy, points) or
/// "sesoi.<measure>=X" (the measure's unit). Predictions that declare their own SESOI keep it.
/// ConfigError for any other assignment.
void set_sesoi(StudyHypotheses& h, const std::string& assignment);

}  // namespace tl_boost
