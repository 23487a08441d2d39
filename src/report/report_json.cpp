#include "tl_boost/report/report_json.hpp"

#include "tl_boost/report/words.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

json summary_json(const SampleSummary& s) {
  return {{"n", s.n}, {"mean", s.mean}, {"sd", s.sd}, {"ci_low", s.ci_low}, {"ci_high", s.ci_high}};
}

json band_json(const CurveBand& band) { return {{"mean", band.mean}, {"min", band.min}, {"max", band.max}}; }

json protocol_json(const ProtocolSummary& p) {
  json j = {{"seeds", p.seeds},
            {"test_acc", summary_json(p.test_acc)},
            {"best_val_acc", summary_json(p.best_val_acc)},
            {"final_val_acc", summary_json(p.final_val_acc)},
            {"final_train_acc", summary_json(p.final_train_acc)},
            {"train_val_gap", summary_json(p.train_val_gap)},
            {"final_train_loss", summary_json(p.final_train_loss)},
            {"curves",
             {{"epoch", p.curves.epochs},
              {"train_acc", band_json(p.curves.train_acc)},
              {"val_acc", band_json(p.curves.val_acc)},
              {"train_loss", band_json(p.curves.train_loss)}}}};
  // Added later: they keep the fields above as they were.
  if (!p.curves.val_loss.mean.empty()) j["curves"]["val_loss"] = band_json(p.curves.val_loss);
  j["curves"]["gap"] = band_json(p.curves.gap);
  if (p.splits > 0) j["splits"] = p.splits;  // its summaries are then over the split means
  if (!p.source_curves.epochs.empty()) {
    const ProtocolCurves& c = p.source_curves;
    j["source_curves"] = {{"epoch", c.epochs},
                          {"train_acc", band_json(c.train_acc)},
                          {"val_acc", band_json(c.val_acc)},
                          {"train_loss", band_json(c.train_loss)},
                          {"gap", band_json(c.gap)}};
    if (!c.val_loss.mean.empty()) j["source_curves"]["val_loss"] = band_json(c.val_loss);
  }
  if (p.probe) {
    j["probe_test_acc"] = summary_json(p.probe->final_network);
    json references = json::object();
    if (p.probe->source_network) references["source_network"] = summary_json(*p.probe->source_network);
    if (p.probe->random_network) references["random_network"] = summary_json(*p.probe->random_network);
    if (p.probe->conv1_only) references["conv1_only"] = summary_json(*p.probe->conv1_only);
    if (!references.empty()) j["probe_references_test_acc"] = references;
  }
  return j;
}

json split_estimate_json(const SplitComparison& s) {
  const SplitLevelEstimate& e = s.estimate;
  json per_split = json::array();
  for (std::size_t i = 0; i < s.splits.size(); ++i) {
    per_split.push_back({{"split", s.splits[i]},
                         {"n", e.per_split[i].n},
                         {"mean", e.per_split[i].mean},
                         {"ci_low", e.per_split[i].ci_low},
                         {"ci_high", e.per_split[i].ci_high}});
  }
  json j = {{"splits", e.splits},
            {"observations", e.observations},
            {"per_split", per_split},
            {"mean", e.mean},
            {"ci_low", e.ci_low},
            {"ci_high", e.ci_high},
            {"sd_of_split_means", e.sd_of_split_means},
            {"standard_error", e.standard_error},
            {"t", e.t},
            {"df", e.df},
            {"p", e.p},
            {"alternative", to_string(e.alternative)}};
  if (e.has_variance_components) {
    j["variance_between"] = e.variance_between;
    j["variance_within"] = e.variance_within;
    j["between_share"] = e.between_share;
  }
  return j;
}

json comparison_json(const Comparison& c) {
  json j = {{"a", c.a},
            {"b", c.b},
            {"test", c.test_name()},
            {"alternative", to_string(c.alternative)},
            {"verdict", to_string(c.verdict)}};
  if (!c.unpaired.empty()) j["unpaired"] = c.unpaired;
  if (c.splits) j["two_stage"] = split_estimate_json(*c.splits);
  if (!c.test) return j;
  const TTest& t = *c.test;
  j.update({{"difference", t.difference},
            {"ci_low", t.ci_low},
            {"ci_high", t.ci_high},
            {"standard_error", t.standard_error},
            {"t", t.t},
            {"df", t.df},
            {"p", c.p()},
            {"p_two_sided", t.p},
            {"effect_size", c.effect_size_name()}});
  // Keyed by what it is: d_z (paired and over split means), Cohen's d only after Welch's test.
  j[c.effect_size_name() == "d_z" ? "d_z" : "cohens_d"] = t.cohens_d;
  if (c.p_holm) j["p_holm"] = *c.p_holm;
  if (c.equivalence) {
    const EquivalenceTest& e = *c.equivalence;
    j["equivalence"] = {{"margin", e.margin},
                        {"p_lower", e.p_lower},
                        {"p_upper", e.p_upper},
                        {"p", e.p},
                        {"test", "two one-sided tests (TOST)"}};
  }
  return j;
}

json accuracy_json(const GridAccuracy& a) {
  json j = {{"protocol", a.protocol}, {"seeds", a.seeds}, {"mean", a.mean}, {"ci_low", a.ci_low}, {"ci_high", a.ci_high}};
  if (a.vs_baseline) {
    const TTest& t = *a.vs_baseline;
    j["vs_baseline"] = {{"difference", t.difference}, {"ci_low", t.ci_low}, {"ci_high", t.ci_high}, {"p_two_sided", t.p}};
  }
  return j;
}

json grid_json(const TransferGrid& grid) {
  json points = json::array();
  for (const auto& p : grid.points) {
    json point = accuracy_json(p.accuracy);
    point["condition"] = grid_condition_name(p.condition);
    point["n"] = p.n;
    points.push_back(point);
  }
  return {{"points", points}, {"baseline", grid.baseline ? accuracy_json(*grid.baseline) : json(nullptr)}};
}

json paired_json(const std::optional<PairedEstimate>& e) {
  if (!e) return nullptr;
  json j = {
      {"pairs", e->pairs}, {"splits", e->splits}, {"mean", e->mean}, {"ci_low", e->ci_low}, {"ci_high", e->ci_high}};
  if (e->has_test) j.update({{"standard_error", e->standard_error}, {"t", e->t}, {"df", e->df}, {"p", e->p}});
  return j;
}

json ols_json(const OlsCoefficient& c) {
  return {{"estimate", c.estimate},
          {"standard_error", c.standard_error},
          {"t", c.t},
          {"df", c.df},
          {"ci_low", c.ci_low},
          {"ci_high", c.ci_high},
          {"p", c.p}};
}

json epochs_json(const std::vector<std::optional<int>>& epochs) {
  json j = json::array();
  for (const auto& e : epochs) j.push_back(e ? json(*e) : json(nullptr));  // null: not reached
  return j;
}

json curves_json(const CurveComparison& c) {
  json per_epoch = json::array();
  for (const auto& e : c.log_loss) {
    json point = paired_json(e.log_loss);
    point["epoch"] = e.epoch;
    per_epoch.push_back(point);
  }
  json reach = json::array();
  for (const auto& r : c.reach) {
    reach.push_back({{"train_loss", r.loss},
                     {"epochs_a", epochs_json(r.epochs_a)},
                     {"epochs_b", epochs_json(r.epochs_b)},
                     {"excluded", r.excluded},
                     {"difference", paired_json(r.difference)}});
  }
  json fit = json::array();
  for (const auto& f : c.matched_fit) {
    fit.push_back({{"train_acc", f.accuracy ? json(*f.accuracy) : json("final epoch")},
                   {"pairs", f.pairs},
                   {"excluded", f.excluded},
                   {"val_acc", paired_json(f.val_acc)},
                   {"gap", paired_json(f.gap)}});
  }
  json j = {{"a", c.a},
            {"b", c.b},
            {"pairs", c.pairs},
            {"log_train_loss_difference", per_epoch},
            {"log_train_loss_area", paired_json(c.log_loss_area)},
            {"epochs_to_train_loss", reach},
            {"matched_fit", fit},
            {"val_acc_at_common_train_loss", paired_json(c.val_acc_at_common_loss)}};
  if (c.ancova) {
    j["ancova_test_acc_on_log_train_loss"] = {{"pairs", c.ancova->pairs},
                                              {"splits", c.ancova->splits},
                                              {"units", c.ancova->units},
                                              {"protocol_offset", ols_json(c.ancova->protocol)},
                                              {"log_train_loss", ols_json(c.ancova->log_train_loss)}};
  }
  return j;
}

json hypotheses_json(const HypothesisTable& t) {
  json rows = json::array();
  for (const auto& row : t.rows) {
    const Prediction& p = row.prediction;
    json j = {{"id", p.id},
              {"hypothesis", p.hypothesis},
              {"measure", measure_name(p.measure)},
              {"compares", prediction_measure(p, t)},
              {"predicts", prediction_predicts(p, t)},
              {"post_hoc", p.post_hoc},
              {"outcome", outcome_text(row)}};
    if (row.value && row.tests) {
      const Measured& v = *row.value;
      const RowTests& k = *row.tests;
      j["measured"] = {{"estimate", v.estimate}, {"ci_low", v.ci_low},          {"ci_high", v.ci_high},
                       {"ci90_low", k.ci90_low}, {"ci90_high", k.ci90_high},    {"standard_error", v.standard_error},
                       {"df", v.df},             {"over", measured_over(v.over)}, {"left_out", v.over.left_out}};
      j["sesoi"] = k.sesoi;
      j["p_for"] = k.p_for;
      j["p_against"] = k.p_against;
      j["deciding_test"] = k.decided_against() ? "against" : "for";
      j["p_holm"] = k.p_holm;
    }
    rows.push_back(j);
  }
  return {{"declared_in", t.declared.origin}, {"family_size", t.family_size}, {"rows", rows},
          {"paragraph", closing_paragraph(t)}};
}

// The findings as the report opens with them: a sentence per headline row and per declared
// hypothesis, with the prediction that decides it.
json findings_json(const Report& report) {
  json findings = json::array();
  for (const auto& h : report.headline) {
    findings.push_back({{"headline", headline_label(h.id)}, {"sentence", headline_finding(h)}});
  }
  for (const auto& f : report.findings) {
    findings.push_back({{"hypothesis", f.tally.id},
                        {"deciding_predictions", f.deciding_rows},
                        {"sentence", hypothesis_finding(f, *report.hypotheses)}});
  }
  return findings;
}

json provenance_json(const Provenance& prov) {
  json sources = json::object();
  for (const auto& [fingerprint, source] : prov.data_sources) {
    sources[fingerprint] = source ? json{{"tarball_md5", source->tarball_md5},
                                         {"tarball_sha256", source->tarball_sha256},
                                         {"official", source->official}}
                                  : json(nullptr);
  }
  return {{"hosts", prov.hosts},
          {"cpus", prov.cpus},
          {"devices", prov.devices},
          {"threads", prov.threads},
          {"libtorch", prov.libtorch},
          {"git_shas", prov.git_shas},
          {"data_dirs", prov.data_dirs},
          {"data_fingerprints", prov.data_fingerprints},
          {"data_sources", sources},
          {"runs_per_machine", prov.runs_per_machine}};
}

json expectation_json(const Expectation& e) {
  json comparisons = json::array();
  for (const auto& c : e.comparisons) comparisons.push_back(comparison_json(c));
  return {{"id", expectation_label(e)},
          {"statement", expectation_statement(e)},
          {"comparisons", comparisons},
          {"verdict", to_string(e.verdict)}};
}

json headline_json(const HeadlineComparison& h) {
  json c = comparison_json(h.comparison);
  c["yosinski_2014_points"] = h.yosinski_2014_points;
  c["yosinski_2014_label"] = headline_label(h.id);
  return c;
}

json absent_json(const AbsentRun& a) {
  json entry = {{"protocol", a.protocol}, {"seed", a.seed}, {"reason", absent_reason(a)}};
  if (!a.split.empty()) entry["split"] = a.split;
  return entry;
}

json barrier_json(const BarrierSummary& b) {
  json entry = {{"a", b.a}, {"b", b.b}, {"between", barrier_kind_text(b.kind)}, {"interpolations", b.pairs},
                {"train_loss_barrier", summary_json(b.barrier)}};
  if (b.splits > 0) entry["splits"] = b.splits;  // then over the split means
  return entry;
}

// Each of `items` through `to`, as a JSON array.
template <typename Items, typename To>
json array_of(const Items& items, To to) {
  json a = json::array();
  for (const auto& item : items) a.push_back(to(item));
  return a;
}

}  // namespace

json to_json(const Report& report) {
  json protocols = json::object();
  for (const auto& [name, p] : report.protocols) protocols[name] = protocol_json(p);
  json j = {{"suite", report.suite},
            {"alpha", report.alpha},
            {"loss_margin", report.loss_margin},
            {"provenance", provenance_json(report.provenance)},
            {"seeds", report.seeds},
            {"protocols", protocols},
            {"expectations", array_of(report.expectations, expectation_json)},
            {"headline", array_of(report.headline, headline_json)},
            {"multiple_comparisons",
             {{"method", "Holm"},
              {"family_size", report.family_size},
              {"family", "every directional comparison (E2–E5 and the headline), one-sided (greater)"},
              {"verdicts", "by the Holm-adjusted p"}}},
            {"protocol_order", report.protocol_order},
            {"findings", findings_json(report)}};
  if (!report.splits.empty()) j["splits"] = report.splits;
  for (const auto& shared : report.shared_groups) {
    j["shared_groups"].push_back({{"group", shared.group}, {"splits", shared.splits}});
  }
  if (!report.absent.empty()) j["absent_runs"] = array_of(report.absent, absent_json);
  if (report.grid) j["grid"] = grid_json(*report.grid);
  if (!report.along_curves.empty()) j["along_curves"] = array_of(report.along_curves, curves_json);
  if (!report.barriers.empty()) j["interpolation_barriers"] = array_of(report.barriers, barrier_json);
  if (report.hypotheses) j["hypotheses"] = hypotheses_json(*report.hypotheses);
  for (const auto& m : report.missing_expectations) j["expectations_not_run"].push_back(missing_expectation_text(m));
  return j;
}

}  // namespace tl_boost
