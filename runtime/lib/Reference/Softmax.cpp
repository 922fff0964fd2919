//===- Softmax.cpp --------------------------------------------------------===//
#include "Softmax.h"

#include <cmath>

namespace decc::ref::detail {

Softmax softmax(const std::vector<float> &row) {
  Softmax s;
  bool any = false;
  for (float y : row) {
    if (!std::isfinite(y))
      continue;
    s.max = any ? std::fmax(s.max, double(y)) : double(y);
    any = true;
    ++s.finite;
  }
  if (!any)
    return s;
  for (float y : row)
    if (std::isfinite(y))
      s.z += std::exp(double(y) - s.max);
  s.logZ = std::log(s.z);
  return s;
}

} // namespace decc::ref::detail
