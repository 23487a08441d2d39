#pragma once
// What a protocol *is* in the experiment design, read from its resolved config rather than its
// name, so the report can ask "the self-source run at depth 1" or "a source larger than the
// transferred one" under any class split and any protocol naming. LibTorch-free.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "tl_boost/config.hpp"

namespace tl_boost {

/// How the source classes S relate to the target classes T (as sets).
enum class SourceKind {
  kNone,         // S empty: no source stage (scratch, Yosinski's baseB)
  kSelf,         // S == T: the network only ever sees the target classes (BnB, BnB+, non_transferred)
  kDisjoint,     // S ∩ T == ∅: transfer from other classes (AnB, AnB+, transferred and its variants)
  kOverlapping,  // anything else: part of the target classes in the source
};
std::string to_string(SourceKind kind);  // "none", "self", "disjoint", "overlapping"

struct ProtocolRole {
  SourceKind source = SourceKind::kNone;
  bool frozen = false;                 // freeze_transferred; false without a source stage
  int depth = 0;                       // transfer_layers (Yosinski's n); 0 without a source stage
  std::size_t source_classes = 0;      // |S|
  std::size_t source_groups = 0;       // groups of the config's `groups` that S draws from
  std::string yosinski_condition;      // "baseB", "AnB", "AnB+", "BnB", "BnB+"; "" when overlapping or a control
  std::string yosinski_label() const;  // the paper's notation with n filled in: "A1B+", "B2B", "baseB"
  // The controls keep their source kind (a compute-matched scratch has none; the weight-statistics
  // controls transfer from their source) but stand for none of the grid's conditions.
  TransferInit transfer_init = TransferInit::kCopy;
  bool compute_matched = false;
  // The mechanism protocols too: a source trained on shuffled labels, a data-derived conv1, a
  // titrated target set (the grid's conditions train on every target record).
  SourceLabels source_labels = SourceLabels::kTrue;
  Conv1Init conv1_init = Conv1Init::kDefault;
  bool titrated = false;  // data.target_max_per_class caps the target stage below data.max_per_class
  bool control() const {
    return transfer_init != TransferInit::kCopy || compute_matched || source_labels != SourceLabels::kTrue ||
           conv1_init != Conv1Init::kDefault || titrated;
  }
};

/// The role of a resolved config (load_config or expand_suite output).
ProtocolRole protocol_role(const ExperimentConfig& config);

/// "source_kind", "frozen", "depth", "source_classes", "source_groups", "yosinski_condition",
/// "yosinski_label", "transfer_init", "compute_matched".
nlohmann::json to_json(const ProtocolRole& role);

/// How the source of `a` relates to the source of `b`, for the report's expectations about
/// Transferred-More-Data and Transferred-Diverse against Transferred.
///
/// Only comparable configs relate: both kDisjoint, the same depth and freezing, the same target
/// classes, and the same partition into groups (same_partition in splits.hpp). Otherwise, and
/// when neither definition below holds, the answer is kUnrelated. With S_a, S_b the source class
/// sets and span(S) the number of groups S draws at least one class from:
///   kLarger       S_a ⊋ S_b: a sees every source class of b and more (More-Data vs Transferred:
///                 A ∪ C ⊋ A).
///   kMoreDiverse  not S_a ⊇ S_b, |S_a| >= |S_b| and span(S_a) > span(S_b): at least as many
///                 classes, spread over more groups, and not merely b's plus extra (Diverse vs
///                 Transferred: C + A[:2] spans 2 groups with 4 classes, A spans 1).
/// Both are asymmetric: relate(a, b) != kUnrelated implies relate(b, a) == kUnrelated. "Shares
/// only part of b's source" is not enough on its own: b would then be more diverse than a too.
/// Groups, not class names, carry the definition to any split.
enum class SourceRelation { kUnrelated, kLarger, kMoreDiverse };
std::string to_string(SourceRelation relation);  // "unrelated", "larger", "more diverse"
SourceRelation relate_sources(const ExperimentConfig& a, const ExperimentConfig& b);

}  // namespace tl_boost
