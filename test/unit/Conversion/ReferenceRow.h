//===- ReferenceRow.h - The row semantics, written plainly ------*- C++ -*-===//
//
// A direct, sort-based transcription of the logits-pipeline semantics the row
// kernels implement, for comparison in tests.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_TEST_CONVERSION_REFERENCEROW_H
#define DECC_TEST_CONVERSION_REFERENCEROW_H

#include "KernelJit.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace decc::test {

struct RefOp {
  enum Kind {
    Repetition, Presence, Frequency, Bias, Temperature,
    TemperatureByEntropy, TemperatureByMaxProb, TopK, TopP, MinP, Typical
  } kind;
  float value = 0;  // penalty, temperature (or its scale), p
  int32_t k = 0;
  int64_t window = 0;
  std::vector<std::pair<int64_t, float>> bias;
};

struct RefRow {
  std::vector<float> logits;
  std::vector<uint32_t> mask; // empty: no mask
  std::vector<int32_t> history;
};

/// Applies mask and operators; returns status (0, 1 or 2) and the final row.
int applyPipeline(const RefRow &row, const std::vector<RefOp> &ops, std::vector<float> &y);
float refEntropy(const std::vector<float> &y);
float refMaxProb(const std::vector<float> &y);
RowResult refGreedy(const RefRow &row, const std::vector<RefOp> &ops);
RowResult refSample(const RefRow &row, const std::vector<RefOp> &ops, float u);

} // namespace decc::test

#endif
