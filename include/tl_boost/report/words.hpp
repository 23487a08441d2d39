#pragma once
// Every sentence the report says of its findings, keyed by their ids: what each expectation
// states, how the headline's rows are labelled. The findings carry none of these words; the
// document, the charts and report.json take them from here. LibTorch-free.
#include <string>

#include "tl_boost/report/findings.hpp"

namespace tl_boost {

/// "E1", or "E1 n=2" where the suite spans several transfer depths.
std::string expectation_label(const Expectation& e);

/// What the expectation states of its protocols: "final training loss of transferred ≈ non_transferred".
std::string expectation_statement(const Expectation& e);

/// Yosinski et al.'s name for a headline row: "AnB+ − BnB+", "AnB+ − baseB".
std::string headline_label(HeadlineId id);

}  // namespace tl_boost
