//===- SliceCheck.h - does a state accept a whole token slice? -*- C++ -*-===//
//
// The check behind token slices (TokenSlices.h): how long a string of a
// character class the current Earley set surely keeps alive, and how long
// one it surely rejects. The search graphs they build are kept between
// checks (a matcher's scratch, like its WalkSets): their pairs depend only on
// the grammar and the class.

#ifndef DECC_GRAMMAR_SLICECHECK_H
#define DECC_GRAMMAR_SLICECHECK_H

#include "decc/grammar.h"

#include <memory>
#include <vector>

namespace decc {
namespace grammar {

class SliceSearch {
public:
  SliceSearch();
  ~SliceSearch();
  SliceSearch(const SliceSearch &) = delete;
  SliceSearch &operator=(const SliceSearch &) = delete;

  /// The number of characters of the shortest string of whole characters of
  /// `cls` (class `classIndex` of the vocabulary, always the same one for an
  /// index) that empties every automaton path from `states` (byte edges
  /// only); `limit` + 1 when there is none up to `limit` characters but
  /// longer strings were not explored; UINT32_MAX when there is none at all.
  /// Strings with fewer characters keep at least one of these states' items
  /// alive whatever the Earley closure adds, so a set holding them accepts
  /// every token of a slice whose tokens are that short. Conservative:
  /// closes a bounded number of new (state set, class state) pairs per call
  /// and, past that, answers the depth it fully checked. `rejecting`: the
  /// answer is a rejection the search met (not its limit or budget).
  uint32_t shortestRejected(const CompiledGrammar &g, const std::vector<uint32_t> &states,
                            uint32_t classIndex, const Utf8ClassDfa &cls, uint32_t limit,
                            bool &rejecting);
  /// A count C such that every string of C or more whole characters of
  /// `cls` is rejected by the Earley set whose items started before it are
  /// at `olderStates` (every item when the set is the first), whatever the
  /// older sets hold; UINT32_MAX when the exact search cannot tell within
  /// `limit` characters: a string may complete a rule started before the
  /// set (the context decides), or the search grew too big. Grammars with
  /// lexemes always get UINT32_MAX.
  uint32_t longestSurviving(const CompiledGrammar &g, const std::vector<uint32_t> &olderStates,
                            uint32_t classIndex, const Utf8ClassDfa &cls, uint32_t limit);
  size_t memoryBytes() const;

private:
  struct ClassGraph;
  /// Slot 2c: class c's under-approximating graph, 2c + 1: its exact one.
  ClassGraph &graph(uint32_t classIndex, const Utf8ClassDfa &cls, bool exact);
  std::vector<std::unique_ptr<ClassGraph>> graphs_;
  std::vector<uint32_t> level_, next_; ///< scratch: the pairs of a level
};

} // namespace grammar
} // namespace decc

#endif
