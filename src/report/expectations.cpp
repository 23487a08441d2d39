#include "tl_boost/report/expectations.hpp"

#include <algorithm>
#include <utility>

namespace tl_boost {

namespace {

// Yosinski et al. 2014, Fig. 2 (ImageNet halves), averaged over n = 1..7 transferred layers.
constexpr double kYosinskiAnBPlusMinusBnBPlus = 1.4;
constexpr double kYosinskiAnBPlusMinusBaseB = 1.6;

using Pairs = std::vector<std::pair<std::string, std::string>>;

// One expectation (or headline row) a rule asks at a depth: its pairs a − b.
struct Ask {
  HeadlineId headline = HeadlineId::kVersusSelf;  // the headline's rows only
  Pairs pairs;
};

struct Context {
  const RolePlacement& roles;
  const std::vector<std::string>& protocols;  // the manifest's, in the suite file's order
};

using Asks = std::vector<Ask> (*)(const Context&, const DepthRoles&);

std::vector<Ask> transfer_vs_self(const Context& c, const DepthRoles& d) {
  if (!d.self) return {};
  return {{HeadlineId::kVersusSelf, {{c.roles.name(d.transfer), c.roles.name(*d.self)}}}};
}

// A smaller gap for the transfer: the self-source gap minus the transfer's is positive.
std::vector<Ask> self_vs_transfer(const Context& c, const DepthRoles& d) {
  if (!d.self) return {};
  return {{HeadlineId::kVersusSelf, {{c.roles.name(*d.self), c.roles.name(d.transfer)}}}};
}

// No expectation asks about a twin, its protocol again with another target seed (Neyshabur's basin
// test), nor about a titrated protocol (fewer target images): a smaller target set tests lower
// whatever the source, so beating it says nothing.
bool set_aside(const Context& c, const std::string& protocol) {
  const auto& placed = c.roles.placed;
  const auto p = std::find_if(placed.begin(), placed.end(), [&](const auto& q) { return q.protocol == protocol; });
  return p != placed.end() && (p->config.target_seed_offset != 0 || p->role.titrated);
}

std::vector<Ask> related_sources(const Context& c, const DepthRoles& d, SourceRelation relation) {
  std::vector<Ask> asks;
  const PlacedProtocol& t = c.roles.placed[d.transfer];
  for (const auto& p : c.roles.placed) {
    if (relate_sources(p.config, t.config) != relation || set_aside(c, p.protocol)) continue;
    Ask ask;
    if (relation == SourceRelation::kMoreDiverse) ask.pairs.push_back({p.protocol, t.protocol});
    for (const auto& other : c.protocols) {
      if (relation == SourceRelation::kLarger && other != p.protocol && !set_aside(c, other)) {
        ask.pairs.push_back({p.protocol, other});
      }
    }
    asks.push_back(ask);
  }
  return asks;
}

std::vector<Ask> more_diverse_vs_transfer(const Context& c, const DepthRoles& d) {
  return related_sources(c, d, SourceRelation::kMoreDiverse);
}

std::vector<Ask> larger_vs_every_other(const Context& c, const DepthRoles& d) {
  return related_sources(c, d, SourceRelation::kLarger);
}

// E5: after fine-tuning on B, the network transferred from A still encodes A better than one
// that never saw A (a linear probe of its frozen conv features on A), against BnB+ and baseB.
std::vector<Ask> transfer_vs_self_and_baseline(const Context& c, const DepthRoles& d) {
  Ask ask;
  if (d.self) ask.pairs.push_back({c.roles.name(d.transfer), c.roles.name(*d.self)});
  if (c.roles.baseline) ask.pairs.push_back({c.roles.name(d.transfer), c.roles.name(*c.roles.baseline)});
  return {ask};
}

// The headline: AnB+ against BnB+ and baseB, each a row of its own.
std::vector<Ask> headline_rows(const Context& c, const DepthRoles& d) {
  std::vector<Ask> asks = transfer_vs_self(c, d);
  if (c.roles.baseline) {
    asks.push_back({HeadlineId::kVersusBaseline, {{c.roles.name(d.transfer), c.roles.name(*c.roles.baseline)}}});
  }
  return asks;
}

struct Rule {
  std::optional<ExpectationId> expectation;  // none: the headline
  Figure figure;
  bool equivalence;  // TOST against the loss margin; else one-sided, a > b
  Asks asks;
};

constexpr Rule kRules[] = {
    {ExpectationId::kE1, Figure::kFinalTrainLoss, true, transfer_vs_self},
    {ExpectationId::kE2, Figure::kTrainValGap, false, self_vs_transfer},
    {ExpectationId::kE3, Figure::kTestAcc, false, more_diverse_vs_transfer},
    {ExpectationId::kE4, Figure::kTestAcc, false, larger_vs_every_other},
    {ExpectationId::kE5, Figure::kProbeAcc, false, transfer_vs_self_and_baseline},
    {std::nullopt, Figure::kTestAcc, false, headline_rows},
};

// Every directional comparison with a test, Holm-adjusted together and judged by the adjusted p.
std::size_t judge_directional(JudgedExpectations& j, double alpha) {
  std::vector<Comparison*> family;
  for (auto& e : j.expectations) {
    for (auto& c : e.comparisons) {
      if (c.alternative != Alternative::kTwoSided && c.test) family.push_back(&c);
    }
  }
  for (auto& h : j.headline) {
    if (h.comparison.test) family.push_back(&h.comparison);
  }
  std::vector<OneSidedP> p;
  for (const Comparison* c : family) p.push_back({c->p(), c->p_opposite()});
  const std::vector<FamilyResult> results = judge_family(p, alpha);
  for (std::size_t i = 0; i < family.size(); ++i) {
    family[i]->p_holm = results[i].p_holm;
    family[i]->p_holm_opposite = results[i].p_holm_opposite;
    family[i]->verdict = results[i].verdict;
  }
  return family.size();
}

// Every comparison supported: supported; any contradicted: contradicted; else inconclusive.
Verdict all_of(const std::vector<Comparison>& comparisons) {
  bool all_supported = true;
  for (const auto& c : comparisons) {
    if (c.verdict == Verdict::kContradicted) return c.verdict;
    all_supported = all_supported && c.verdict == Verdict::kSupported;
  }
  return all_supported ? Verdict::kSupported : Verdict::kInconclusive;
}

}  // namespace

Figure expectation_figure(ExpectationId id) {
  for (const Rule& rule : kRules) {
    if (rule.expectation == id) return rule.figure;
  }
  return Figure::kTestAcc;  // every id has a rule
}

JudgedExpectations judge_expectations(const ProtocolFigures& figures, const RolePlacement& roles,
                                      const std::vector<std::string>& protocols,
                                      const std::vector<std::string>& split_order, double alpha, double loss_margin) {
  JudgedExpectations j;
  const bool several_depths = roles.by_depth.size() > 1;
  const Context context{roles, protocols};
  for (const Rule& rule : kRules) {
    bool asked = false, answered = false;
    for (const DepthRoles& d : roles.by_depth) {
      for (const Ask& ask : rule.asks(context, d)) {
        asked = asked || !ask.pairs.empty();
        std::vector<Comparison> comparisons;
        for (const auto& [a, b] : ask.pairs) {
          if (!figures.comparable(rule.figure, a) || !figures.comparable(rule.figure, b)) continue;
          const Alternative alternative = rule.equivalence ? Alternative::kTwoSided : Alternative::kGreater;
          comparisons.push_back(compare_protocols(figures.of(rule.figure, a), figures.of(rule.figure, b), split_order,
                                                  a, b, alternative));
        }
        if (comparisons.empty()) continue;
        if (!rule.expectation) {
          const double points =
              ask.headline == HeadlineId::kVersusSelf ? kYosinskiAnBPlusMinusBnBPlus : kYosinskiAnBPlusMinusBaseB;
          j.headline.push_back({comparisons.front(), ask.headline, points});
          continue;
        }
        Comparison& first = comparisons.front();
        if (rule.equivalence && first.test) {
          const EquivalenceResult e = judge_equivalence(*first.test, loss_margin, alpha);
          first.equivalence = e.test;
          first.verdict = e.verdict;
        }
        const std::optional<int> depth = several_depths ? std::optional<int>(d.n) : std::nullopt;
        j.expectations.push_back({*rule.expectation, depth, std::move(comparisons), first.verdict});
        answered = true;
      }
    }
    if (rule.expectation && !answered && !roles.by_depth.empty()) {
      j.missing.push_back({*rule.expectation, asked ? MissingReason::kTooFewRuns : MissingReason::kNoProtocol});
    }
  }
  j.family_size = judge_directional(j, alpha);
  for (auto& e : j.expectations) {
    if (e.id != ExpectationId::kE1) e.verdict = all_of(e.comparisons);
  }
  return j;
}

}  // namespace tl_boost
