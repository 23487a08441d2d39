#include "tl_boost/protocol_role.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <vector>

#include "tl_boost/splits.hpp"

namespace tl_boost {

namespace {

using ClassSet = std::set<std::string>;

ClassSet as_set(const std::vector<std::string>& classes) { return {classes.begin(), classes.end()}; }

std::size_t group_span(const ClassSet& classes, const std::map<std::string, std::vector<std::string>>& groups) {
  std::size_t span = 0;
  for (const auto& [name, members] : groups) {
    span += std::any_of(members.begin(), members.end(), [&](const std::string& c) { return classes.count(c) > 0; });
  }
  return span;
}

bool includes(const ClassSet& outer, const ClassSet& inner) {
  return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
}

}  // namespace

std::string to_string(SourceKind kind) {
  switch (kind) {
    case SourceKind::kNone: return "none";
    case SourceKind::kSelf: return "self";
    case SourceKind::kDisjoint: return "disjoint";
    case SourceKind::kOverlapping: return "overlapping";
  }
  return "none";
}

std::string to_string(SourceRelation relation) {
  switch (relation) {
    case SourceRelation::kUnrelated: return "unrelated";
    case SourceRelation::kLarger: return "larger";
    case SourceRelation::kMoreDiverse: return "more diverse";
  }
  return "unrelated";
}

std::string ProtocolRole::yosinski_label() const {
  const auto n = yosinski_condition.find('n');
  if (source == SourceKind::kNone || n == std::string::npos) return yosinski_condition;
  std::string label = yosinski_condition;
  label.replace(n, 1, std::to_string(depth));
  return label;
}

ProtocolRole protocol_role(const ExperimentConfig& config) {
  ProtocolRole role;
  const ClassSet source = as_set(config.source_classes), target = as_set(config.target_classes);
  role.source_classes = source.size();
  role.source_groups = group_span(source, config.groups);
  role.compute_matched = config.compute_matched;
  role.conv1_init = config.conv1_init;
  role.titrated = config.data.max_per_class_of(Stage::kTarget) != config.data.max_per_class;
  role.source_labels = config.source_labels;
  if (source.empty()) {
    if (!role.control()) role.yosinski_condition = "baseB";
    return role;
  }
  role.transfer_init = config.transfer_init;
  role.frozen = config.freeze_transferred;
  role.depth = config.transfer_layers;
  ClassSet shared;
  std::set_intersection(source.begin(), source.end(), target.begin(), target.end(),
                        std::inserter(shared, shared.end()));
  if (source == target) {
    role.source = SourceKind::kSelf;
    role.yosinski_condition = role.frozen ? "BnB" : "BnB+";
  } else if (shared.empty()) {
    role.source = SourceKind::kDisjoint;
    role.yosinski_condition = role.frozen ? "AnB" : "AnB+";
  } else {
    role.source = SourceKind::kOverlapping;  // no counterpart in Yosinski's grid
  }
  if (role.control()) role.yosinski_condition.clear();
  return role;
}

nlohmann::json to_json(const ProtocolRole& role) {
  return {{"source_kind", to_string(role.source)},
          {"frozen", role.frozen},
          {"depth", role.depth},
          {"source_classes", role.source_classes},
          {"source_groups", role.source_groups},
          {"yosinski_condition", role.yosinski_condition},
          {"yosinski_label", role.yosinski_label()},
          {"transfer_init", to_string(role.transfer_init)},
          {"compute_matched", role.compute_matched}};
}

SourceRelation relate_sources(const ExperimentConfig& a, const ExperimentConfig& b) {
  const ProtocolRole ra = protocol_role(a), rb = protocol_role(b);
  const bool comparable = ra.source == SourceKind::kDisjoint && rb.source == SourceKind::kDisjoint &&
                          !ra.control() && !rb.control() &&
                          ra.depth == rb.depth && ra.frozen == rb.frozen &&
                          as_set(a.target_classes) == as_set(b.target_classes) &&
                          canonical_groups(a.groups) == canonical_groups(b.groups);
  if (!comparable) return SourceRelation::kUnrelated;
  const ClassSet sa = as_set(a.source_classes), sb = as_set(b.source_classes);
  if (includes(sa, sb)) return sa.size() > sb.size() ? SourceRelation::kLarger : SourceRelation::kUnrelated;
  if (sa.size() >= sb.size() && ra.source_groups > rb.source_groups) return SourceRelation::kMoreDiverse;
  return SourceRelation::kUnrelated;
}

}  // namespace tl_boost
