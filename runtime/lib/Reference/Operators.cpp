//===- Operators.cpp - the reference logits operators ---------------------===//
//
// Element-wise arithmetic is f32 with the argument rounded to f32 (what a
// fused kernel does); probabilities, masses and thresholds are computed in
// double from the f32 row. Rank-based filters sort: this is the oracle, not
// the fast path.
//
//===----------------------------------------------------------------------===//
#include "Operators.h"
#include "Softmax.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace decc::ref::detail {

namespace {
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

double clamp01(double p) { return std::fmin(std::fmax(p, 0.0), 1.0); }

std::vector<int64_t> finiteIds(const std::vector<float> &row) {
  std::vector<int64_t> ids;
  for (int64_t t = 0; t < int64_t(row.size()); ++t)
    if (std::isfinite(row[t]))
      ids.push_back(t);
  return ids;
}

// Keeps the tokens whose key is at most the threshold chosen by walking the
// finite tokens in `order` (best first), one group of equal keys at a time,
// until their probability mass reaches p. Shared by top_p (key: -y) and
// typical_p (key: |-log pi - H|).
template <typename KeyFn>
void keepByMass(std::vector<float> &row, double p, KeyFn key) {
  Softmax s = softmax(row);
  std::vector<int64_t> ids = finiteIds(row);
  if (ids.empty())
    return;
  std::vector<double> keys(row.size(), 0.0);
  for (int64_t t : ids)
    keys[t] = key(row[t], s);
  std::sort(ids.begin(), ids.end(), [&](int64_t a, int64_t b) {
    return keys[a] < keys[b] || (keys[a] == keys[b] && a < b);
  });
  double mass = 0;
  double threshold = keys[ids.back()]; // rounding short of p: keep everything
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j < ids.size() && keys[ids[j]] == keys[ids[i]])
      mass += std::exp(s.logProb(row[ids[j++]]));
    if (mass >= p) {
      threshold = keys[ids[i]];
      break;
    }
    i = j;
  }
  for (int64_t t : ids)
    if (keys[t] > threshold)
      row[t] = kNegInf;
}
} // namespace

std::vector<std::pair<int32_t, int64_t>>
windowCounts(const int32_t *history, int64_t historyLen, int64_t window,
             int64_t vocab) {
  std::map<int32_t, int64_t> counts;
  int64_t begin = window > 0 && window < historyLen ? historyLen - window : 0;
  for (int64_t i = begin; i < historyLen; ++i)
    if (history[i] >= 0 && history[i] < vocab)
      ++counts[history[i]];
  return {counts.begin(), counts.end()};
}

void repetitionPenalty(std::vector<float> &row, double r,
                       const std::vector<std::pair<int32_t, int64_t>> &counts) {
  float rf = float(std::fmax(r, 1e-6));
  for (auto [t, n] : counts) {
    (void)n;
    float &y = row[t];
    if (std::isfinite(y))
      y = y > 0 ? y / rf : y * rf;
  }
}

void presencePenalty(std::vector<float> &row, double a,
                     const std::vector<std::pair<int32_t, int64_t>> &counts) {
  float af = float(a);
  for (auto [t, n] : counts) {
    (void)n;
    if (std::isfinite(row[t]))
      row[t] -= af;
  }
}

void frequencyPenalty(std::vector<float> &row, double a,
                      const std::vector<std::pair<int32_t, int64_t>> &counts) {
  float af = float(a);
  for (auto [t, n] : counts)
    if (std::isfinite(row[t]))
      row[t] -= af * float(n);
}

void logitBias(std::vector<float> &row,
               const std::vector<std::pair<int64_t, float>> &biases) {
  for (auto [t, b] : biases)
    if (t >= 0 && t < int64_t(row.size()))
      row[t] += b;
}

void temperature(std::vector<float> &row, double t) {
  t = std::fmax(t, 0.0);
  if (t > 1e-6) {
    float tf = float(t);
    for (float &y : row)
      y = y / tf;
    return;
  }
  // T -> 0 is the argmax limit: keep every token tied at the maximum.
  std::vector<int64_t> ids = finiteIds(row);
  if (ids.empty())
    return;
  float m = row[ids[0]];
  for (int64_t t2 : ids)
    m = std::max(m, row[t2]);
  for (int64_t t2 : ids)
    if (row[t2] != m)
      row[t2] = kNegInf;
}

void topK(std::vector<float> &row, double k) {
  std::vector<int64_t> ids = finiteIds(row);
  if (k <= 0 || k >= double(ids.size()))
    return;
  auto kk = int64_t(k); // truncates a non-integral k toward zero
  if (kk <= 0)
    return;
  std::vector<float> values;
  for (int64_t t : ids)
    values.push_back(row[t]);
  std::sort(values.begin(), values.end(), std::greater<float>());
  float theta = values[size_t(kk - 1)];
  for (int64_t t : ids)
    if (row[t] < theta)
      row[t] = kNegInf;
}

void topP(std::vector<float> &row, double p) {
  p = clamp01(p);
  if (p >= 1)
    return;
  keepByMass(row, p, [](float y, const Softmax &) { return -double(y); });
}

void minP(std::vector<float> &row, double p) {
  p = clamp01(p);
  if (p <= 0)
    return;
  Softmax s = softmax(row);
  if (s.finite == 0)
    return;
  double threshold = s.max + std::log(p);
  for (float &y : row)
    if (std::isfinite(y) && double(y) < threshold)
      y = kNegInf;
}

void typicalP(std::vector<float> &row, double p) {
  p = clamp01(p);
  if (p >= 1)
    return;
  Softmax s = softmax(row);
  double h = 0;
  for (float y : row)
    if (std::isfinite(y))
      h -= std::exp(s.logProb(y)) * s.logProb(y);
  keepByMass(row, p, [h](float y, const Softmax &sm) {
    return std::fabs(-sm.logProb(y) - h);
  });
}

} // namespace decc::ref::detail
