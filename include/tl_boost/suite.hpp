#pragma once
// A suite's life, in the rooms of suite/: the model (units, completeness, one unit run), the
// schedule (J child processes at a time), the cost estimate and the interpolations.
#include "tl_boost/suite/cost_estimate.hpp"
#include "tl_boost/suite/interpolation.hpp"
#include "tl_boost/suite/schedule.hpp"
#include "tl_boost/suite/suite.hpp"
