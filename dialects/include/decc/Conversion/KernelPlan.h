//===- KernelPlan.h - Grouping logits operators into row passes -*- C++ -*-===//
//
// The fusion decisions of the row kernel, as a pure function of the operator
// sequence: where the row lives before and after each operator (the caller's
// logits read in place, a dense copy in the workspace, or a compact list of
// surviving (id, value) pairs), and which streaming passes each operator
// costs. The lowering follows this plan and attaches plan.str() to the row
// function as `decc.plan`.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_CONVERSION_KERNELPLAN_H
#define DECC_CONVERSION_KERNELPLAN_H

#include <string>
#include <vector>

namespace decc::kernel {

enum class OpKind {
  RepetitionPenalty,
  PresencePenalty,
  FrequencyPenalty,
  LogitBias,
  Temperature,
  TopK,
  TopP,
  MinP,
  TypicalP,
  Entropy,
  MaxProb,
  Greedy,
  Sample,
};

/// Where the current row lives.
enum class RowForm {
  Raw,   ///< the caller's logits, mask and pending scalar ops applied on read
  Dense, ///< a V-entry copy in the workspace (point updates possible)
  List,  ///< survivors of a filter: (id, value) pairs in id order
};

/// What a pass streams over.
/// Chunks: the scan's per-chunk lane maxima (V / 16 words) and the few
/// chunks they select; not a pass over the row.
enum class Extent { Row, List, Window, Constant, Chunks };

struct PassDesc {
  std::string name;
  Extent extent;
  /// Runs only when a runtime test asks for it (not counted in rowPasses).
  bool conditional = false;
};

struct PlanStep {
  OpKind op;
  RowForm before, after;
  /// Apply the pending scalar ops (temperature) to the row first.
  bool materialize = false;
  /// Reuse the softmax sums computed for this same row by an earlier step.
  bool reuseSoftmax = false;
  std::vector<PassDesc> passes;
};

struct KernelPlan {
  /// The first pass (validation + max) also copies the row into the
  /// workspace, because the first operator that touches the row updates it
  /// in place.
  bool scanCopies = false;
  /// The first pass also keeps per-lane online softmax sums (running max,
  /// sum e, sum e (x - max)), because a feature observes the caller's row:
  /// the entropy needs no pass of its own.
  bool scanSoftmax = false;
  std::vector<PlanStep> steps;

  /// Unconditional streaming passes over all V entries of the row (the cost
  /// that matters).
  unsigned rowPasses() const;
  /// e.g. "scan(check,mask,max) | temperature: pending | top_k: ..."
  std::string str() const;
};

const char *opName(OpKind op);

/// Plans `ops`, which ends with Greedy or Sample. Features (Entropy, MaxProb)
/// appear right after the operator producing the row they observe.
KernelPlan planKernel(const std::vector<OpKind> &ops);

} // namespace decc::kernel

#endif // DECC_CONVERSION_KERNELPLAN_H
