#pragma once
// report.json: the findings as JSON, with the words (words.hpp) a reader of the file needs beside
// them. Its fields stay as earlier reports wrote them. LibTorch-free.
#include <nlohmann/json.hpp>

#include "tl_boost/report/findings.hpp"

namespace tl_boost {

/// What report.json holds.
nlohmann::json to_json(const Report& report);

}  // namespace tl_boost
