//===- SyntheticModel.h - a deterministic stand-in for a language model ---===//
//
// Until the model host exists, decrun draws logits from this source. It is the
// only file that knows where logits come from, so the model host can replace
// it without touching the driver. Formula: docs/abi.md, "decrun".
//
//===----------------------------------------------------------------------===//
#ifndef DECC_DECRUN_SYNTHETICMODEL_H
#define DECC_DECRUN_SYNTHETICMODEL_H

#include <cstdint>
#include <vector>

namespace decc::decrun {

class SyntheticModel {
public:
  // Zipf exponent of the rank distribution.
  static constexpr double kZipfExponent = 1.1;

  explicit SyntheticModel(int64_t vocab);
  int64_t vocab() const { return int64_t(zipf_.size()); }

  // Writes the logits of step `t` after token `previous` (-1 before the first
  // token) into out[0, vocab).
  void logits(int32_t previous, uint64_t t, float *out) const;

  // The affine permutation rank -> token for (previous, t): token =
  // (a * rank + b) mod vocab with gcd(a, vocab) = 1.
  void permutation(int32_t previous, uint64_t t, uint64_t &a,
                   uint64_t &b) const;

private:
  std::vector<float> zipf_; // logit of each rank: -s * ln(1 + rank)
};

uint64_t splitmix64(uint64_t x);

} // namespace decc::decrun

#endif
