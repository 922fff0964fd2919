//===- Softmax.h - softmax statistics shared by the reference operators ---===//
#ifndef DECC_REFERENCE_SOFTMAX_H
#define DECC_REFERENCE_SOFTMAX_H

#include <cstdint>
#include <vector>

namespace decc::ref::detail {

// Softmax of a row in double: weights exp(y - max) summed in id order, the one
// summation order the semantics fix (docs/semantics.md).
struct Softmax {
  int64_t finite = 0; // number of tokens with a finite value
  double max = 0;     // largest finite value (0 when finite == 0)
  double z = 0;       // sum of exp(y - max) over finite tokens
  double logZ = 0;
  // log pi_t for a finite value y_t.
  double logProb(float y) const { return (double(y) - max) - logZ; }
};

Softmax softmax(const std::vector<float> &row);

} // namespace decc::ref::detail

#endif
