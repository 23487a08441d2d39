#pragma once
// Experiment configuration: JSON files (with "extends"), `--set` overrides, defaults and
// validation. The room lives in config/; this header gathers it for its users.
#include "tl_boost/config/experiment_config.hpp"
#include "tl_boost/config/json_text.hpp"
#include "tl_boost/config/overlays.hpp"
