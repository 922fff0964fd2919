//===- Features.cpp - lazily computed step features -----------------------===//
#include "Softmax.h"
#include "decc/reference.h"

#include <cmath>

namespace decc::ref {

void FeatureView::computeSoftmaxStats() const {
  if (haveStats_)
    return;
  haveStats_ = true;
  detail::Softmax s = detail::softmax(row_);
  if (s.finite == 0)
    return;
  maxProb_ = 1.0 / s.z;
  double h = 0;
  for (float y : row_) {
    if (!std::isfinite(y))
      continue;
    double lp = s.logProb(y);
    h -= std::exp(lp) * lp;
  }
  // A single token has exactly zero entropy; rounding must not say otherwise.
  entropy_ = s.finite == 1 ? 0.0 : std::fmax(h, 0.0);
}

double FeatureView::entropy() const {
  computeSoftmaxStats();
  return entropy_;
}

double FeatureView::maxProb() const {
  computeSoftmaxStats();
  return maxProb_;
}

} // namespace decc::ref
