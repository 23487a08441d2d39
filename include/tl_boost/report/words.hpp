#pragma once
// Every sentence the report says of its findings, keyed by their ids: what each expectation
// states, how the headline's rows are labelled, what each prediction measures and predicts, why
// one was not tested, and the hypothesis table's closing paragraph. The findings carry none of these words; the
// document, the charts and report.json take them from here. LibTorch-free.
#include <string>

#include "tl_boost/report/findings.hpp"

namespace tl_boost {

// figures.hpp's, declared here so that the words need not include the suite's reader.
enum class Figure;

/// "E1", or "E1 n=2" where the suite spans several transfer depths.
std::string expectation_label(const Expectation& e);

/// What the expectation states of its protocols: "final training loss of transferred ≈ non_transferred".
std::string expectation_statement(const Expectation& e);

/// Yosinski et al.'s name for a headline row: "AnB+ − BnB+", "AnB+ − baseB".
std::string headline_label(HeadlineId id);

/// A grid condition's name as Yosinski et al. write it: "AnB", "AnB+", "BnB", "BnB+".
std::string grid_condition_name(GridCondition condition);

/// Why an expectation was not asked: "E3 (…): not run — no protocol …".
std::string missing_expectation_text(const MissingExpectation& m);

/// One sentence of the findings for a headline row: its label, a − b with its 95% CI in points,
/// the Holm-adjusted p and the result.
std::string headline_finding(const HeadlineComparison& h);

/// One sentence of the findings for a declared hypothesis: its verdict, the row that decides it
/// with its estimate, 95% CI and Holm-adjusted p, and its rows counted.
std::string hypothesis_finding(const HypothesisFinding& f, const HypothesisTable& t);

/// What a chart's or a table's interval is over: "95% CI over split means", "95% CI over seeds".
std::string ci_over(bool several_splits);

/// "H0 (longer training)": a declared hypothesis by its id.
std::string hypothesis_label(const HypothesisTable& t, const std::string& id);

/// A side of a prediction: the protocol, the set's name, "(x − y)".
std::string side_text(const Side& side);

/// What a measure is: "test acc", "log Hessian top eigenvalue at the final network (converged estimates)".
std::string measure_label(MeasureId measure, const HypothesisTable& t);

/// What a prediction compares: "test acc: transferred − scratch_compute_matched".
std::string prediction_measure(const Prediction& p, const HypothesisTable& t);

/// What it predicts with its SESOI: "> 0, by at least 0.37 points", "≈ 0 within ±0.100".
std::string prediction_predicts(const Prediction& p, const HypothesisTable& t);

/// Why a prediction was not tested.
std::string not_tested_text(const NotTested& n);

/// "5 pairs", "9 splits (27 pairs)", "9 splits (27 pairs), OLS over the split means; 3 runs left out".
std::string measured_over(const MeasuredOver& over);

/// "held", "contradicted", "inconclusive", "not tested: <why>".
std::string outcome_text(const HypothesisRow& row);

/// The outcome alone: "held", "contradicted", "inconclusive", "not tested".
std::string to_string(Outcome outcome);

/// What a difference of the measure is in: "accuracy" (a fraction: 0.01 is one point), "loss",
/// "summed log loss", "log eigenvalue", "relative distance".
std::string measure_unit(MeasureId measure);
std::string figure_unit(Figure figure);  // "accuracy", "loss"

/// The verdict paragraph: per declared hypothesis, which predictions were contradicted, which
/// held (marked when all were declared after their data), which stayed open; then the hypotheses
/// with a prediction held and none contradicted. It never calls a hypothesis favoured when one
/// of its predictions was contradicted.
std::string closing_paragraph(const HypothesisTable& t);

/// The report's fixed passages.
enum class Passage {
  kNoBoost,            // no protocols to measure the boost between
  kNoExpectations,     // none of E1–E5 applies
  kExpectationsGuide,  // how to read the expectations' table
  kGridKey,            // AnB, AnB+, BnB, BnB+
  kCurvesGuide,        // what the comparisons along the curves measure
  kFindingsGuide,      // how a sentence of the findings reads
  kNoFindings,         // a suite with neither hypotheses nor a headline
};
std::string passage(Passage p);

/// The probe of reference features, over the split means with several splits.
std::string probe_references_passage(bool several_splits);

/// How the report tests: the tests, the two-stage estimate with several splits, Holm over the family.
std::string tests_passage(bool several_splits, std::size_t family_size);

/// Which copies of CIFAR-10 the runs loaded, and the tarball each came from where fetch-data.sh
/// recorded it; "not recorded" without any.
std::string data_source_text(const Provenance& prov);

/// Failed and unreadable runs one by one; runs with no summary yet (a suite still running) one by
/// one while few, then counted per protocol, so that a report of a suite under way stays readable.
std::string absent_runs_text(const std::vector<AbsentRun>& absent);

}  // namespace tl_boost
