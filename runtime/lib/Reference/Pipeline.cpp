//===- Pipeline.cpp - operators in written order, then selection ----------===//
#include "Operators.h"
#include "Softmax.h"
#include "decc/reference.h"

#include <cmath>
#include <limits>

namespace decc::ref {

namespace {
// NaN or +inf anywhere: the row (or an operator's result) is unusable.
bool hasInvalidValue(const std::vector<float> &row) {
  for (float y : row)
    if (std::isnan(y) || y == std::numeric_limits<float>::infinity())
      return true;
  return false;
}

bool isPenalty(OpKind k) {
  return k == OpKind::RepetitionPenalty || k == OpKind::PresencePenalty ||
         k == OpKind::FrequencyPenalty;
}

// Applies one operator; false when its argument evaluated to NaN.
bool applyOp(const RefOp &op, const RowInput &in, std::vector<float> &row) {
  if (op.kind == OpKind::LogitBias) {
    detail::logitBias(row, op.biases);
    return true;
  }
  FeatureView features(row, in.step, in.historyLen);
  double arg = op.value(features);
  if (std::isnan(arg))
    return false;
  if (isPenalty(op.kind)) {
    auto counts = detail::windowCounts(in.history, in.historyLen, op.window,
                                       in.vocab);
    if (op.kind == OpKind::RepetitionPenalty)
      detail::repetitionPenalty(row, arg, counts);
    else if (op.kind == OpKind::PresencePenalty)
      detail::presencePenalty(row, arg, counts);
    else
      detail::frequencyPenalty(row, arg, counts);
    return true;
  }
  switch (op.kind) {
  case OpKind::Temperature:
    detail::temperature(row, arg);
    break;
  case OpKind::TopK:
    detail::topK(row, arg);
    break;
  case OpKind::TopP:
    detail::topP(row, arg);
    break;
  case OpKind::MinP:
    detail::minP(row, arg);
    break;
  case OpKind::TypicalP:
    detail::typicalP(row, arg);
    break;
  default:
    break;
  }
  return true;
}
} // namespace

int32_t applyPipeline(const RefPipeline &pipeline, const RowInput &in,
                      std::vector<float> &row) {
  row.assign(in.logits, in.logits + in.vocab);
  if (hasInvalidValue(row))
    return DECC_STATUS_INVALID_LOGITS;
  if (in.mask)
    for (int64_t t = 0; t < in.vocab; ++t)
      if (!((in.mask[t / 32] >> (t % 32)) & 1u))
        row[t] = -std::numeric_limits<float>::infinity();
  for (const RefOp &op : pipeline.ops)
    if (!applyOp(op, in, row) || hasInvalidValue(row))
      return DECC_STATUS_INVALID_LOGITS;
  return DECC_OK;
}

RefResult run(const RefPipeline &pipeline, const RowInput &in) {
  std::vector<float> row;
  int32_t status = applyPipeline(pipeline, in, row);
  if (status != DECC_OK)
    return {status, -1, 0.0f};
  return pipeline.selection == DECC_SELECT_GREEDY
             ? selectGreedy(row)
             : selectSample(row, in.seed, in.step);
}

RefResult run(const RefPipeline &pipeline, const float *logits, int64_t vocab,
              const uint32_t *mask, const int32_t *history, int64_t historyLen,
              uint64_t seed, uint64_t step) {
  return run(pipeline,
             RowInput{logits, vocab, mask, history, historyLen, seed, step});
}

std::vector<double> finalDistribution(const RefPipeline &pipeline,
                                      const RowInput &in) {
  std::vector<float> row;
  if (applyPipeline(pipeline, in, row) != DECC_OK)
    return {};
  std::vector<double> pi(row.size(), 0.0);
  detail::Softmax s = detail::softmax(row);
  if (s.finite == 0)
    return pi;
  for (size_t t = 0; t < row.size(); ++t)
    if (std::isfinite(row[t]))
      pi[t] = std::exp(s.logProb(row[t]));
  return pi;
}

} // namespace decc::ref
