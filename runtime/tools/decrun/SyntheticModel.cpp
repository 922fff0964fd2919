//===- SyntheticModel.cpp -------------------------------------------------===//
#include "SyntheticModel.h"

#include <cmath>
#include <numeric>

namespace decc::decrun {

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

SyntheticModel::SyntheticModel(int64_t vocab) : zipf_(size_t(vocab)) {
  for (int64_t r = 0; r < vocab; ++r)
    zipf_[size_t(r)] = float(-kZipfExponent * std::log1p(double(r)));
}

void SyntheticModel::permutation(int32_t previous, uint64_t t, uint64_t &a,
                                 uint64_t &b) const {
  const uint64_t v = uint64_t(vocab());
  uint64_t h = splitmix64((uint64_t(uint32_t(previous + 1)) << 32) |
                          uint64_t(uint32_t(t)));
  if (v == 1) {
    a = 1;
    b = 0;
    return;
  }
  // Any a coprime to v makes r -> a r + b a bijection of [0, v).
  a = 1 + h % (v - 1);
  while (std::gcd(a, v) != 1)
    a = a + 1 == v ? 1 : a + 1;
  b = splitmix64(h) % v;
}

void SyntheticModel::logits(int32_t previous, uint64_t t, float *out) const {
  uint64_t a = 0, b = 0;
  permutation(previous, t, a, b);
  const uint64_t v = uint64_t(vocab());
  uint64_t token = b;
  for (uint64_t r = 0; r < v; ++r) {
    out[token] = zipf_[r];
    token += a; // (a * r + b) mod v, incrementally; a < v so one subtraction
    if (token >= v)
      token -= v;
  }
}

} // namespace decc::decrun
