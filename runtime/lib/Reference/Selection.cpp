//===- Selection.cpp - greedy and sampled selection (reference) -----------===//
#include "Softmax.h"
#include "decc/philox.h"
#include "decc/reference.h"

#include <cmath>

namespace decc::ref {

namespace {
RefResult noToken(int32_t status) { return {status, -1, 0.0f}; }
} // namespace

RefResult selectGreedy(const std::vector<float> &row) {
  detail::Softmax s = detail::softmax(row);
  if (s.finite == 0)
    return noToken(DECC_STATUS_NO_VALID_TOKEN);
  for (int64_t t = 0; t < int64_t(row.size()); ++t)
    if (std::isfinite(row[t]) && double(row[t]) == s.max)
      return {DECC_OK, int32_t(t), float(s.logProb(row[t]))};
  return noToken(DECC_STATUS_NO_VALID_TOKEN); // unreachable: max is attained
}

RefResult selectSample(const std::vector<float> &row, uint64_t seed,
                       uint64_t step) {
  detail::Softmax s = detail::softmax(row);
  if (s.finite == 0)
    return noToken(DECC_STATUS_NO_VALID_TOKEN);
  double r = double(philox_uniform(seed, step)) * s.z;
  double cumulative = 0;
  int64_t lastPositive = -1;
  for (int64_t t = 0; t < int64_t(row.size()); ++t) {
    if (!std::isfinite(row[t]))
      continue;
    double w = std::exp(double(row[t]) - s.max);
    if (w > 0)
      lastPositive = t;
    cumulative += w;
    if (cumulative > r)
      return {DECC_OK, int32_t(t), float(s.logProb(row[t]))};
  }
  // Rounding left r at or above the final partial sum: take the last token
  // that carries any weight (the maximum itself has weight 1, so one exists).
  return {DECC_OK, int32_t(lastPositive), float(s.logProb(row[lastPositive]))};
}

} // namespace decc::ref
