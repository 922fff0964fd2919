//===- KernelPlan.cpp - Grouping logits operators into row passes ---------===//
#include "decc/Conversion/KernelPlan.h"

namespace decc::kernel {

const char *opName(OpKind op) {
  switch (op) {
  case OpKind::RepetitionPenalty: return "repetition_penalty";
  case OpKind::PresencePenalty: return "presence_penalty";
  case OpKind::FrequencyPenalty: return "frequency_penalty";
  case OpKind::LogitBias: return "logit_bias";
  case OpKind::Temperature: return "temperature";
  case OpKind::TopK: return "top_k";
  case OpKind::TopP: return "top_p";
  case OpKind::MinP: return "min_p";
  case OpKind::TypicalP: return "typical_p";
  case OpKind::Entropy: return "entropy";
  case OpKind::MaxProb: return "max_prob";
  case OpKind::Greedy: return "greedy";
  case OpKind::Sample: return "sample";
  }
  return "?";
}

static bool isSparse(OpKind op) {
  return op == OpKind::RepetitionPenalty || op == OpKind::PresencePenalty ||
         op == OpKind::FrequencyPenalty || op == OpKind::LogitBias;
}

static bool isFeature(OpKind op) {
  return op == OpKind::Entropy || op == OpKind::MaxProb;
}

unsigned KernelPlan::rowPasses() const {
  unsigned n = 1; // the scan
  for (const PlanStep &s : steps)
    for (const PassDesc &p : s.passes)
      n += p.extent == Extent::Row && !p.conditional;
  return n;
}

static const char *extentName(Extent e) {
  switch (e) {
  case Extent::Row: return "row";
  case Extent::List: return "list";
  case Extent::Window: return "window";
  case Extent::Constant: return "const";
  case Extent::Chunks: return "chunks";
  }
  return "?";
}

std::string KernelPlan::str() const {
  std::string out = scanCopies ? "scan+copy(check,mask,max)"
                   : scanSoftmax ? "scan+softmax(check,mask,max)"
                                 : "scan(check,mask,max)";
  for (const PlanStep &s : steps) {
    out += " | ";
    out += opName(s.op);
    out += ":";
    if (s.materialize)
      out += " materialize";
    if (s.reuseSoftmax)
      out += " reuse-softmax";
    if (s.passes.empty() && !s.materialize && !s.reuseSoftmax)
      out += " pending";
    for (const PassDesc &p : s.passes) {
      out += " ";
      out += p.name;
      out += "@";
      out += extentName(p.extent);
    }
  }
  out += " | row-passes=" + std::to_string(rowPasses());
  return out;
}

KernelPlan planKernel(const std::vector<OpKind> &ops) {
  KernelPlan plan;
  // Copy during the scan only when the first operator updates the row in
  // place; anything else reads the caller's row directly.
  plan.scanCopies = !ops.empty() && isSparse(ops.front());
  RowForm form = plan.scanCopies ? RowForm::Dense : RowForm::Raw;
  bool pending = false;     // a temperature waits to be applied on read
  // A feature of the caller's row takes its sums from the scan.
  plan.scanSoftmax = !ops.empty() && isFeature(ops.front());
  bool softmaxValid = plan.scanSoftmax; // Z and the entropy sum of the current row
  // The scan's chunk lane maxima describe the current row (only pending,
  // monotone ops since).
  bool laneMax = true;
  // With the scan's softmax sums come the lane sets' sums (see topP).
  bool setSums = plan.scanSoftmax;
  auto extent = [&] { return form == RowForm::List ? Extent::List : Extent::Row; };

  for (OpKind op : ops) {
    PlanStep step;
    step.op = op;
    step.before = form;
    if (isSparse(op)) {
      if (form == RowForm::Raw || pending) {
        step.materialize = true;
        step.passes.push_back({"materialize", extent()});
        if (form == RowForm::Raw)
          form = RowForm::Dense;
        pending = false;
      }
      laneMax = false;
      step.passes.push_back(
          {op == OpKind::LogitBias ? "bias" : "penalty",
           op == OpKind::LogitBias ? Extent::Constant : Extent::Window});
      // Only when an update changed an entry holding the max.
      step.passes.push_back({"max-if-touched", extent(), /*conditional=*/true});
      softmaxValid = false;
    } else if (op == OpKind::Temperature) {
      pending = true;
      softmaxValid = false;
    } else if (isFeature(op)) {
      if (softmaxValid)
        step.reuseSoftmax = true;
      else
        step.passes.push_back({"softmax", extent()});
      softmaxValid = true;
    } else if (op == OpKind::Greedy) {
      step.passes.push_back({"softmax+argmax", extent()});
    } else if (op == OpKind::Sample) {
      step.passes.push_back({"softmax", extent()});
      // Over the per-chunk sums of the softmax pass, then one chunk.
      step.passes.push_back({"chunk-walk", Extent::Constant});
    } else {
      // Filters. top_k / top_p: a value histogram (count or exp mass) finds
      // the bucket of the threshold, exact rounds on that bucket's entries.
      Extent e = extent();
      switch (op) {
      case OpKind::TopK:
        // Pivots on the chunk lane maxima (or, on a list, on its entries),
        // compaction of what passes, exact rounds; the histogram only when
        // the pivots leave too many candidates (not in the plan).
        if (form != RowForm::List && laneMax) {
          step.passes.push_back({"lane-max-pivots", Extent::Chunks});
          step.passes.push_back({"chunk-compact", Extent::Chunks});
        } else {
          step.passes.push_back({"pivots", e});
          step.passes.push_back({"compact", e});
        }
        step.passes.push_back({"select-rounds", Extent::List});
        step.passes.push_back({"compact", Extent::List});
        break;
      case OpKind::TopP:
        if (form == RowForm::List) {
          // A short list: rounds on all of it (a long one: the histogram).
          step.passes.push_back({"mass-rounds", Extent::List});
          break;
        }
        // First the lane-set bounds on Z, which decide the nucleus of a
        // peaked row from a few chunks (the rest of the strategy is then
        // emitted for both outcomes). Otherwise (the passes below): the
        // weight pass also copies the row (pending ops applied) and keeps
        // the weights, which the next softmax reads instead of recomputing
        // exp; then the subsample bracket's exact pass (the value histogram
        // only when its check fails, not listed).
        if (laneMax && setSums)
          step.passes.push_back({"set-bounds+visit", Extent::Chunks});
        step.passes.push_back({"weights+copy", e});
        step.passes.push_back({"bracket", e});
        step.passes.push_back({"select-rounds", Extent::List});
        break;
      case OpKind::TypicalP:
        if (softmaxValid)
          step.reuseSoftmax = true;
        else
          step.passes.push_back({"softmax", e});
        step.passes.push_back({"mass-pivots", e});
        break;
      default:
        break;
      }
      softmaxValid = false;
      if (op == OpKind::TopP) {
        // The threshold stays a pending floor: no compaction (a nucleus can
        // be most of a flat row).
        if (form != RowForm::List)
          form = RowForm::Dense;
        pending = true;
        laneMax = false;
      } else {
        if (op != OpKind::TopK)
          step.passes.push_back({"compact", e});
        if (op == OpKind::TypicalP) {
          step.passes.push_back({"select-rounds", Extent::List});
          // It can drop the most likely token.
          step.passes.push_back({"max", Extent::List});
        }
        form = RowForm::List;
        pending = false;
        laneMax = false;
      }
    }
    step.after = form;
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

} // namespace decc::kernel
