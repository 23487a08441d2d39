#include "tl_boost/report/words.hpp"

namespace tl_boost {

namespace {

std::string expectation_name(ExpectationId id) {
  switch (id) {
    case ExpectationId::kE1: return "E1";
    case ExpectationId::kE2: return "E2";
    case ExpectationId::kE3: return "E3";
    case ExpectationId::kE4: return "E4";
    case ExpectationId::kE5: return "E5";
  }
  return "E?";
}

// "b's", "b's and c's": the protocols an expectation compares its first with.
std::string others_possessive(const Expectation& e) {
  std::string names;
  for (const auto& c : e.comparisons) names += (names.empty() ? "" : " and ") + c.b + "'s";
  return names;
}

}  // namespace

std::string expectation_label(const Expectation& e) {
  const std::string name = expectation_name(e.id);
  return e.depth ? name + " n=" + std::to_string(*e.depth) : name;
}

std::string expectation_statement(const Expectation& e) {
  if (e.comparisons.empty()) return "";
  const Comparison& c = e.comparisons.front();
  switch (e.id) {
    case ExpectationId::kE1: return "final training loss of " + c.a + " ≈ " + c.b;
    case ExpectationId::kE2: return "train−val accuracy gap smaller for " + c.b + " than " + c.a;
    case ExpectationId::kE3: return c.a + " test accuracy above " + c.b;
    case ExpectationId::kE4: return c.a + " test accuracy the highest of all protocols";
    case ExpectationId::kE5:
      return "base-task probe: a linear classifier on " + c.a +
             "'s frozen conv features scores higher on the source task than on " + others_possessive(e);
  }
  return "";
}

std::string headline_label(HeadlineId id) {
  return id == HeadlineId::kVersusSelf ? "AnB+ − BnB+" : "AnB+ − baseB";
}

}  // namespace tl_boost
