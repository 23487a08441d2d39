#include "tl_boost/report/hypotheses_file.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "tl_boost/config/json_reader.hpp"
#include "tl_boost/config/json_text.hpp"
#include "tl_boost/error.hpp"
#include "tl_boost/suggest.hpp"

namespace tl_boost {

using nlohmann::json;

namespace {

constexpr const char* kBoostPrefix = "boost.";

// A name of `names`, else "unknown <what> 'x' (did you mean 'y'?); one of ...".
template <class Enum>
Enum read_named(const json& v, const JsonWhere& at, const std::map<std::string, Enum>& names, const std::string& what) {
  std::string name;
  read_value(v, at, name);
  if (const auto it = names.find(name); it != names.end()) return it->second;
  std::vector<std::string> known;
  std::string list;
  for (const auto& [n, e] : names) {
    known.push_back(n);
    list += (list.empty() ? "" : ", ") + n;
  }
  const auto near = closest_match(name, known);
  at.fail("unknown " + what + " '" + name + "'" + (near ? " (did you mean '" + *near + "'?)" : "") + "; one of " +
          list);
}

// A positive finite number; accuracies are written in points and kept as fractions.
double read_effect(const json& v, const JsonWhere& at, bool accuracy) {
  double x = 0.0;
  read_value(v, at, x);
  if (!(x > 0) || !std::isfinite(x)) at.fail("expected a number > 0, found " + v.dump());
  return accuracy ? x / 100.0 : x;
}

void read_sesoi(JsonObject sesoi, StudyHypotheses& h) {
  sesoi.read("why", h.sesoi_why);
  for (const auto& [name, measure] : measure_names()) {
    if (const json* v = sesoi.find(name)) h.sesoi[measure] = read_effect(*v, sesoi.at(name), is_accuracy(measure));
  }
  sesoi.reject_unknown_keys(/*list_known=*/true);
}

void read_boost(JsonObject boost, StudyHypotheses& h) {
  boost.read("why", h.sets_why);
  for (const char* member : {"with", "without"}) {
    ProtocolSet set{std::string(kBoostPrefix) + member, {}};
    if (boost.read(member, set.protocols) && set.protocols.empty()) boost.at(member).fail("expected protocol names");
    if (!set.protocols.empty()) h.sets.push_back(set);
  }
  boost.reject_unknown_keys(/*list_known=*/true);
}

void read_gap_level(JsonObject gap, StudyHypotheses& h) {
  std::string why;
  gap.read("why", why);
  const double level = gap.required<double>("train_acc");
  if (!(level > 0 && level <= 1)) gap.at("train_acc").fail("expected a training accuracy in (0, 1]");
  h.gap_level = level;
  gap.reject_unknown_keys(/*list_known=*/true);
}

std::vector<DeclaredHypothesis> read_declared(const json* v, const JsonWhere& at) {
  if (v == nullptr || !v->is_array() || v->empty()) at.fail("expected a non-empty array of {\"id\", \"name\", \"statement\"}");
  std::vector<DeclaredHypothesis> out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < v->size(); ++i) {
    JsonObject o((*v)[i], at.child(i));
    DeclaredHypothesis h{o.required<std::string>("id"), o.required<std::string>("name"), ""};
    o.read("statement", h.statement);
    o.reject_unknown_keys(/*list_known=*/true);
    if (!ids.insert(h.id).second) o.at("id").fail("a second hypothesis '" + h.id + "'; give each its own id");
    out.push_back(h);
  }
  return out;
}

// A protocol name, a declared set, or [x, y] for x − y.
Side read_side(const json& v, const JsonWhere& at, const StudyHypotheses& h) {
  if (v.is_array()) {
    if (v.size() != 2 || !v[0].is_string() || !v[1].is_string() || v[0] == v[1]) {
      at.fail("expected a protocol, a set or two protocols [x, y] for x − y, found " + v.dump());
    }
    return {SideKind::kDifference, "", {{v[0].get<std::string>(), 1.0}, {v[1].get<std::string>(), -1.0}}};
  }
  std::string name;
  read_value(v, at, name);
  if (name.rfind(kBoostPrefix, 0) != 0) return {SideKind::kProtocol, name, {{name, 1.0}}};
  for (const ProtocolSet& set : h.sets) {
    if (set.name != name) continue;
    Side side{SideKind::kSet, name, {}};
    for (const auto& p : set.protocols) side.terms.push_back({p, 1.0 / static_cast<double>(set.protocols.size())});
    return side;
  }
  at.fail("no set '" + name + "': declare it under /boost");
}

Prediction read_prediction(const json& v, const JsonWhere& at, const StudyHypotheses& h) {
  JsonObject o(v, at);
  Prediction p;
  p.id = o.required<std::string>("id");
  p.hypothesis = o.required<std::string>("hypothesis");
  const json* measure = o.find("measure");
  p.measure = measure ? read_named(*measure, o.at("measure"), measure_names(), "measure") : MeasureId::kTestAcc;
  const json *a = o.find("a"), *b = o.find("b"), *kind = o.find("kind"), *sesoi = o.find("sesoi");
  if (a == nullptr || b == nullptr || kind == nullptr) at.fail("expected \"a\", \"b\" and \"kind\"");
  p.a = read_side(*a, o.at("a"), h);
  p.b = read_side(*b, o.at("b"), h);
  p.kind = read_named(*kind, o.at("kind"), predicted_names(), "kind");
  if (sesoi != nullptr) p.sesoi = read_effect(*sesoi, o.at("sesoi"), is_accuracy(p.measure));
  o.read("post_hoc", p.post_hoc);
  o.read("why", p.why);
  o.reject_unknown_keys(/*list_known=*/true);
  return p;
}

// What makes a prediction unjudgeable, found once the whole file is read.
void check_prediction(const Prediction& p, const JsonWhere& at, const StudyHypotheses& h) {
  const bool declared = std::any_of(h.hypotheses.begin(), h.hypotheses.end(),
                                    [&](const DeclaredHypothesis& d) { return d.id == p.hypothesis; });
  if (!declared) at.child("hypothesis").fail("no hypothesis '" + p.hypothesis + "' under /hypotheses");
  if (needs_two_protocols(p.measure) && (p.a.kind != SideKind::kProtocol || p.b.kind != SideKind::kProtocol)) {
    at.child("measure").fail(measure_name(p.measure) + " compares the curves of two protocols; a and b must each name one");
  }
  if (!h.sesoi_of(p)) {
    at.child("sesoi").fail("no smallest effect of interest for " + measure_name(p.measure) +
                           ": give this prediction a \"sesoi\" or declare /sesoi/" + measure_name(p.measure));
  }
}

std::vector<Prediction> read_predictions(const json* v, const JsonWhere& at, const StudyHypotheses& h) {
  if (v == nullptr || !v->is_array() || v->empty()) at.fail("expected a non-empty array of predictions");
  std::vector<Prediction> out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < v->size(); ++i) {
    Prediction p = read_prediction((*v)[i], at.child(i), h);
    check_prediction(p, at.child(i), h);
    if (!ids.insert(p.id).second) at.child(i).child("id").fail("a second prediction '" + p.id + "'; give each its own id");
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

StudyHypotheses hypotheses_from_json(const json& j, const std::string& origin) {
  JsonObject root(j, JsonWhere{origin, ""});
  StudyHypotheses h;
  h.origin = origin;
  root.find("description");  // free text
  if (root.find("sesoi") != nullptr) read_sesoi(root.object("sesoi"), h);
  if (root.find("boost") != nullptr) read_boost(root.object("boost"), h);
  if (root.find("gap_level") != nullptr) read_gap_level(root.object("gap_level"), h);
  const json* hypotheses = root.find("hypotheses");
  const json* predictions = root.find("predictions");
  root.reject_unknown_keys(/*list_known=*/true);
  h.hypotheses = read_declared(hypotheses, root.at("hypotheses"));
  h.predictions = read_predictions(predictions, root.at("predictions"), h);
  return h;
}

StudyHypotheses read_hypotheses_file(const std::filesystem::path& path) {
  return hypotheses_from_json(read_config_file(path, "hypotheses file"), path.string());
}

void set_sesoi(StudyHypotheses& h, const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string key = assignment.substr(0, eq);
  std::string measure = "test_acc";
  if (key.rfind("sesoi.", 0) == 0) {
    measure = key.substr(6);
  } else if (key != "sesoi") {
    throw ConfigError("--set " + assignment + ": a report takes sesoi=X (test accuracy, points) or sesoi.<measure>=X");
  }
  if (eq == std::string::npos) throw ConfigError("--set " + assignment + ": expected " + key + "=<number>");
  const json value = parse_config_text(assignment.substr(eq + 1), "--set " + assignment);
  JsonWhere at{"--set " + assignment, "/sesoi/" + measure};
  const MeasureId id = read_named(json(measure), at, measure_names(), "measure");
  h.sesoi[id] = read_effect(value, at, is_accuracy(id));
}

}  // namespace tl_boost
