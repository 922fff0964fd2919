//===- decc/reference.h - the reference oracle for logits pipelines -------===//
//
// A plain, unfused, sort-based implementation of every logits operator, applied
// in written order. It defines the semantics compiled kernels must reproduce
// (docs/semantics.md), serves as the oracle of differential tests and as the
// baseline of the step-kernel benchmark. Clarity over speed: one pass per
// operator, std::sort where the semantics talk about ranks.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_REFERENCE_H
#define DECC_REFERENCE_H

#include "decc/abi.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace decc::ref {

// Step features an operator argument may read. They describe the row as it is
// when the operator runs (after every earlier operator), so they are computed
// lazily: a pipeline of constants never pays for a softmax.
class FeatureView {
public:
  FeatureView(const std::vector<float> &row, uint64_t step,
              int64_t historyLen)
      : row_(row), step_(step), historyLen_(historyLen) {}

  // Entropy (nats) of softmax(row); 0 for a single finite token or none.
  double entropy() const;
  // Largest probability of softmax(row); 0 when every token is excluded.
  double maxProb() const;
  double step() const { return double(step_); }
  double vocab() const { return double(row_.size()); }
  double historyLen() const { return double(historyLen_); }

private:
  void computeSoftmaxStats() const;
  const std::vector<float> &row_;
  uint64_t step_;
  int64_t historyLen_;
  mutable bool haveStats_ = false;
  mutable double entropy_ = 0, maxProb_ = 0;
};

// An operator argument: a constant or an expression over the features.
class Arg {
public:
  Arg(double value) // NOLINT: constants convert implicitly on purpose.
      : fn_([value](const FeatureView &) { return value; }) {}
  Arg(std::function<double(const FeatureView &)> fn) : fn_(std::move(fn)) {}
  double operator()(const FeatureView &f) const { return fn_(f); }

private:
  std::function<double(const FeatureView &)> fn_;
};

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
};

struct RefOp {
  OpKind kind;
  Arg value = 0.0;  // unused by LogitBias
  int64_t window = 0; // penalties: last `window` history entries, 0 = all
  std::vector<std::pair<int64_t, float>> biases; // LogitBias only
};

// Builders that read like the source language.
RefOp repetitionPenalty(Arg r, int64_t window = 0);
RefOp presencePenalty(Arg a, int64_t window = 0);
RefOp frequencyPenalty(Arg a, int64_t window = 0);
RefOp logitBias(std::vector<std::pair<int64_t, float>> biases);
RefOp temperature(Arg t);
RefOp topK(Arg k);
RefOp topP(Arg p);
RefOp minP(Arg p);
RefOp typicalP(Arg p);

struct RefPipeline {
  std::vector<RefOp> ops;
  decc_selection selection = DECC_SELECT_SAMPLE;
};

// One row of a step, as the row kernel sees it (decc/abi.h).
struct RowInput {
  const float *logits = nullptr;
  int64_t vocab = 0;
  const uint32_t *mask = nullptr; // NULL or ceil(vocab/32) words
  const int32_t *history = nullptr;
  int64_t historyLen = 0;
  uint64_t seed = 0;
  uint64_t step = 0;
};

struct RefResult {
  int32_t status; // decc_status
  int32_t token;  // -1 unless status == DECC_OK
  float logprob;  // under the final distribution; 0 unless DECC_OK
};

// Validates the row, applies the mask and every operator in order, leaving the
// filtered row (-inf = excluded) in `row`. Returns DECC_OK or
// DECC_STATUS_INVALID_LOGITS.
int32_t applyPipeline(const RefPipeline &pipeline, const RowInput &in,
                      std::vector<float> &row);

// The selection rules on an already filtered row.
RefResult selectGreedy(const std::vector<float> &row);
RefResult selectSample(const std::vector<float> &row, uint64_t seed,
                       uint64_t step);

// applyPipeline followed by the pipeline's selection.
RefResult run(const RefPipeline &pipeline, const RowInput &in);
RefResult run(const RefPipeline &pipeline, const float *logits, int64_t vocab,
              const uint32_t *mask, const int32_t *history, int64_t historyLen,
              uint64_t seed, uint64_t step);

// The exact distribution `sample` draws from: softmax of the filtered row, in
// double. Empty when the row is invalid; all zeros when every token is
// excluded. Statistical tests compare empirical frequencies against it.
std::vector<double> finalDistribution(const RefPipeline &pipeline,
                                      const RowInput &in);

const char *opName(OpKind kind);

} // namespace decc::ref

#endif // DECC_REFERENCE_H
