//===- ReferenceRow.cpp - The row semantics, written plainly --------------===//
#include "ReferenceRow.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

namespace decc::test {

static constexpr float kNegInf = -std::numeric_limits<float>::infinity();

static float maxOf(const std::vector<float> &y) {
  float m = kNegInf;
  for (float v : y)
    m = std::max(m, v);
  return m;
}

static std::vector<double> probs(const std::vector<float> &y) {
  float m = maxOf(y);
  std::vector<double> p(y.size(), 0.0);
  double z = 0;
  for (size_t t = 0; t < y.size(); ++t)
    if (y[t] != kNegInf)
      z += p[t] = std::exp(double(y[t]) - m);
  for (double &v : p)
    v /= z;
  return p;
}

float refEntropy(const std::vector<float> &y) {
  std::vector<double> p = probs(y);
  double h = 0;
  for (double v : p)
    if (v > 0)
      h -= v * std::log(v);
  return float(std::max(h, 0.0));
}

float refMaxProb(const std::vector<float> &y) {
  std::vector<double> p = probs(y);
  return float(*std::max_element(p.begin(), p.end()));
}

static void keepAtLeast(std::vector<float> &y, const std::function<bool(size_t)> &keep) {
  for (size_t t = 0; t < y.size(); ++t)
    if (!keep(t))
      y[t] = kNegInf;
}

int applyPipeline(const RefRow &row, const std::vector<RefOp> &ops, std::vector<float> &y) {
  const size_t V = row.logits.size();
  y = row.logits;
  for (float v : y)
    if (std::isnan(v) || v == std::numeric_limits<float>::infinity())
      return 2;
  if (!row.mask.empty())
    for (size_t t = 0; t < V; ++t)
      if (!((row.mask[t / 32] >> (t % 32)) & 1u))
        y[t] = kNegInf;
  for (const RefOp &op : ops) {
    switch (op.kind) {
    case RefOp::Repetition:
    case RefOp::Presence:
    case RefOp::Frequency: {
      size_t L = row.history.size();
      size_t start = (op.window == 0 || size_t(op.window) >= L) ? 0 : L - op.window;
      std::map<int32_t, int> count;
      for (size_t j = start; j < L; ++j)
        if (row.history[j] >= 0 && size_t(row.history[j]) < V)
          ++count[row.history[j]];
      for (auto [t, c] : count) {
        float &v = y[t];
        if (op.kind == RefOp::Repetition) {
          float r = std::max(op.value, 1e-6f);
          if (std::isfinite(v))
            v = v > 0 ? v / r : v * r;
        } else if (op.kind == RefOp::Presence) {
          v -= op.value;
        } else {
          v -= op.value * float(c);
        }
      }
      break;
    }
    case RefOp::Bias:
      for (auto [t, b] : op.bias)
        if (t >= 0 && size_t(t) < V)
          y[t] += b;
      break;
    case RefOp::Temperature:
    case RefOp::TemperatureByEntropy:
    case RefOp::TemperatureByMaxProb: {
      float T = op.value;
      if (op.kind == RefOp::TemperatureByEntropy)
        T = op.value * refEntropy(y);
      if (op.kind == RefOp::TemperatureByMaxProb)
        T = op.value * refMaxProb(y);
      T = std::max(T, 0.f);
      if (T <= 1e-6f) {
        float m = maxOf(y);
        keepAtLeast(y, [&](size_t t) { return y[t] == m; });
      } else {
        for (float &v : y)
          v /= T;
      }
      break;
    }
    case RefOp::TopK: {
      std::vector<float> fin;
      for (float v : y)
        if (v != kNegInf)
          fin.push_back(v);
      if (op.k <= 0 || size_t(op.k) >= fin.size())
        break;
      std::sort(fin.begin(), fin.end(), std::greater<float>());
      float theta = fin[op.k - 1];
      keepAtLeast(y, [&](size_t t) { return y[t] >= theta; });
      break;
    }
    case RefOp::TopP: {
      float p = std::clamp(op.value, 0.f, 1.f);
      if (p >= 1)
        break;
      std::vector<double> pi = probs(y);
      std::vector<size_t> order;
      for (size_t t = 0; t < V; ++t)
        if (y[t] != kNegInf)
          order.push_back(t);
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return y[a] > y[b]; });
      double mass = 0;
      float theta = y[order.front()];
      for (size_t i = 0; i < order.size(); ++i) {
        mass += pi[order[i]];
        // Mass of {y >= v} only counts once all ties of v are in.
        if (i + 1 < order.size() && y[order[i + 1]] == y[order[i]])
          continue;
        theta = y[order[i]];
        if (mass >= p)
          break;
      }
      keepAtLeast(y, [&](size_t t) { return y[t] >= theta; });
      break;
    }
    case RefOp::MinP: {
      float p = std::clamp(op.value, 0.f, 1.f);
      if (p <= 0)
        break;
      float lo = maxOf(y) + std::log(p);
      keepAtLeast(y, [&](size_t t) { return y[t] >= lo; });
      break;
    }
    case RefOp::Typical: {
      float p = std::clamp(op.value, 0.f, 1.f);
      if (p >= 1)
        break;
      std::vector<double> pi = probs(y);
      double h = 0;
      for (double v : pi)
        if (v > 0)
          h -= v * std::log(v);
      std::vector<double> s(V, 0);
      std::vector<size_t> order;
      for (size_t t = 0; t < V; ++t)
        if (y[t] != kNegInf) {
          s[t] = std::fabs(-std::log(pi[t]) - h);
          order.push_back(t);
        }
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s[a] < s[b]; });
      double mass = 0, theta = s[order.front()];
      for (size_t i = 0; i < order.size(); ++i) {
        mass += pi[order[i]];
        theta = s[order[i]];
        if (mass >= p)
          break;
      }
      keepAtLeast(y, [&](size_t t) { return y[t] != kNegInf && s[t] <= theta; });
      break;
    }
    }
  }
  return maxOf(y) == kNegInf ? 1 : 0;
}

static double logSumExp(const std::vector<float> &y) {
  float m = maxOf(y);
  double z = 0;
  for (float v : y)
    if (v != kNegInf)
      z += std::exp(double(v) - m);
  return m + std::log(z);
}

RowResult refGreedy(const RefRow &row, const std::vector<RefOp> &ops) {
  std::vector<float> y;
  int st = applyPipeline(row, ops, y);
  if (st)
    return {st, -1, 0.f};
  size_t best = 0;
  for (size_t t = 1; t < y.size(); ++t)
    if (y[t] > y[best])
      best = t;
  return {0, int32_t(best), float(y[best] - logSumExp(y))};
}

RowResult refSample(const RefRow &row, const std::vector<RefOp> &ops, float u) {
  std::vector<float> y;
  int st = applyPipeline(row, ops, y);
  if (st)
    return {st, -1, 0.f};
  float m = maxOf(y);
  std::vector<double> w(y.size(), 0.0);
  double z = 0;
  for (size_t t = 0; t < y.size(); ++t)
    if (y[t] != kNegInf)
      z += w[t] = std::exp(double(y[t]) - m);
  double r = double(u) * z, c = 0;
  int32_t tok = -1;
  for (size_t t = 0; t < y.size() && tok < 0; ++t) {
    c += w[t];
    if (c > r)
      tok = int32_t(t);
  }
  if (tok < 0)
    for (size_t t = y.size(); t-- > 0 && tok < 0;)
      if (w[t] > 0)
        tok = int32_t(t);
  return {0, tok, float(y[tok] - m - std::log(z))};
}

} // namespace decc::test
