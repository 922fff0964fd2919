//===- Stats.h - goodness-of-fit helpers for sampling tests ---------------===//
//
// Sampling tests draw N tokens with fixed seeds and compare the counts with an
// exact distribution. Pearson's chi-square and the G statistic (2 N KL) both
// follow chi-square(df) under the null hypothesis; a test fails when the
// p-value falls below its stated significance level. With fixed seeds the
// outcome is deterministic, so a correct sampler passes every time.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_TEST_STATS_H
#define DECC_TEST_STATS_H

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace decc::test {

// Regularized upper incomplete gamma Q(a, x) (Numerical Recipes 6.2).
inline double gammaQ(double a, double x) {
  if (x <= 0)
    return 1.0;
  double lg = std::lgamma(a);
  if (x < a + 1) {
    double sum = 1.0 / a, term = sum;
    for (int n = 1; n < 1000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * 1e-15)
        break;
    }
    return 1.0 - sum * std::exp(-x + a * std::log(x) - lg);
  }
  double b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < 1e-300)
      d = 1e-300;
    c = b + an / c;
    if (std::fabs(c) < 1e-300)
      c = 1e-300;
    d = 1 / d;
    double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-15)
      break;
  }
  return std::exp(-x + a * std::log(x) - lg) * h;
}

// P(X >= x) for X ~ chi-square(df).
inline double chiSquareSurvival(double x, int df) {
  return gammaQ(df / 2.0, x / 2.0);
}

// The x with chiSquareSurvival(x, df) == alpha (bisection).
inline double chiSquareQuantile(double alpha, int df) {
  double lo = 0, hi = 10.0 * df + 100;
  for (int i = 0; i < 200; ++i) {
    double mid = (lo + hi) / 2;
    (chiSquareSurvival(mid, df) > alpha ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

struct FitResult {
  int df = 0;
  double chiSquare = 0, chiSquareP = 1;
  double kl = 0;      // KL(empirical || expected), nats
  double klBound = 0; // chi-square quantile / (2 N) at the significance level
  int64_t countsOutsideSupport = 0;
  std::string describe() const {
    return "df=" + std::to_string(df) + " chi2=" + std::to_string(chiSquare) +
           " p=" + std::to_string(chiSquareP) + " KL=" + std::to_string(kl) +
           " bound=" + std::to_string(klBound) +
           " outside=" + std::to_string(countsOutsideSupport);
  }
};

// Cells whose expected count is below kMinExpected are pooled into one cell
// (the usual validity condition of the chi-square approximation).
inline FitResult goodnessOfFit(const std::vector<int64_t> &counts,
                               const std::vector<double> &expected,
                               double alpha) {
  constexpr double kMinExpected = 5.0;
  FitResult r;
  int64_t n = 0;
  for (int64_t c : counts)
    n += c;
  int cells = 0;
  double pooledExpected = 0;
  int64_t pooledCount = 0;
  auto addCell = [&](int64_t observed, double p) {
    ++cells;
    double e = p * double(n);
    r.chiSquare += (double(observed) - e) * (double(observed) - e) / e;
    if (observed > 0) {
      double q = double(observed) / double(n);
      r.kl += q * std::log(q / p);
    }
  };
  for (size_t t = 0; t < counts.size(); ++t) {
    if (expected[t] <= 0) {
      r.countsOutsideSupport += counts[t];
    } else if (expected[t] * double(n) < kMinExpected) {
      pooledExpected += expected[t];
      pooledCount += counts[t];
    } else {
      addCell(counts[t], expected[t]);
    }
  }
  if (pooledExpected > 0)
    addCell(pooledCount, pooledExpected);
  r.df = cells > 1 ? cells - 1 : 1;
  r.chiSquareP = cells > 1 ? chiSquareSurvival(r.chiSquare, r.df) : 1.0;
  r.klBound = chiSquareQuantile(alpha, r.df) / (2.0 * double(n));
  return r;
}

} // namespace decc::test

#endif
