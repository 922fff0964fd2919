//===- SliceCheck.h - does a state accept a whole token slice? -*- C++ -*-===//
//
// The check behind token slices (TokenSlices.h): how long a string of a
// character class the current Earley set surely keeps alive. The search
// graph it builds is kept between checks (a matcher's scratch, like its
// WalkSets): its pairs depend only on the grammar and the class.

#ifndef DECC_GRAMMAR_SLICECHECK_H
#define DECC_GRAMMAR_SLICECHECK_H

#include "decc/grammar.h"

#include <memory>
#include <utility>
#include <vector>

namespace decc {
namespace grammar {

class SliceSearch {
public:
  SliceSearch();
  ~SliceSearch();
  SliceSearch(const SliceSearch &) = delete;
  SliceSearch &operator=(const SliceSearch &) = delete;

  /// The length of the shortest byte string that `cls` (class `classIndex`
  /// of the vocabulary, always the same one for an index) accepts but that
  /// empties every automaton path from `states` (byte edges only); `limit` +
  /// 1 when there is none up to `limit` bytes but longer strings were not
  /// explored; UINT32_MAX when there is none at all. Strings shorter than
  /// the result keep at least one of these states' items alive whatever the
  /// Earley closure adds, so a set holding them accepts every token of a
  /// slice whose tokens are that short. Conservative: closes a bounded
  /// number of new (state set, class state) pairs per call and, past that,
  /// answers the depth it fully checked.
  uint32_t shortestRejected(const CompiledGrammar &g, const std::vector<uint32_t> &states,
                            uint32_t classIndex, const Utf8ClassDfa &cls, uint32_t limit);
  size_t memoryBytes() const;

private:
  struct ClassGraph;
  std::vector<std::unique_ptr<ClassGraph>> graphs_;
  std::vector<std::pair<uint32_t, uint32_t>> queue_; ///< (pair, depth)
};

} // namespace grammar
} // namespace decc

#endif
