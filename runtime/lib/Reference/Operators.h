//===- Operators.h - the reference logits operators -----------------------===//
//
// Each function applies one operator, with its argument already evaluated, to
// a row in place (-inf = excluded). Semantics: docs/semantics.md.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_REFERENCE_OPERATORS_H
#define DECC_REFERENCE_OPERATORS_H

#include <cstdint>
#include <utility>
#include <vector>

namespace decc::ref::detail {

// The distinct ids of the last `window` history entries (all when window is
// 0) that lie in [0, vocab), with their counts in that window.
std::vector<std::pair<int32_t, int64_t>>
windowCounts(const int32_t *history, int64_t historyLen, int64_t window,
             int64_t vocab);

void repetitionPenalty(std::vector<float> &row, double r,
                       const std::vector<std::pair<int32_t, int64_t>> &counts);
void presencePenalty(std::vector<float> &row, double a,
                     const std::vector<std::pair<int32_t, int64_t>> &counts);
void frequencyPenalty(std::vector<float> &row, double a,
                      const std::vector<std::pair<int32_t, int64_t>> &counts);
void logitBias(std::vector<float> &row,
               const std::vector<std::pair<int64_t, float>> &biases);
void temperature(std::vector<float> &row, double t);
void topK(std::vector<float> &row, double k);
void topP(std::vector<float> &row, double p);
void minP(std::vector<float> &row, double p);
void typicalP(std::vector<float> &row, double p);

} // namespace decc::ref::detail

#endif
