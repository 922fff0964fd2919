//===- LexemeReads.h - older sets the mask walk reads to end lexemes -*- C++ -*-===//
//
// With a lexer, the first byte of almost every token ends a lexeme the input
// left pending (a number, a name, whitespace): completing it reads the set
// where the lexeme started, and whatever that completes reads older sets
// still. Marking each such step context-dependent (MaskCache.h) makes the
// mask cache re-walk most of the vocabulary on every fill. Instead, the
// matcher lists here, before the walk, every read (rule, origin) that ending
// the current set's externally-started lexemes makes, transitively over the
// completions it causes, with what each read yields; the cache key holds that
// content, so the walk may take these reads as context-independent.
//
// An item (state, origin) only ever completes rule ruleOf(state) at origin
// (scanning and stepping over nullable rules stay in the rule), so whether a
// read is listed decides which origins the key must tell apart: an item's
// origin is named in the key (by rank among the listed origins) when its
// completion is a listed read, and is "some older set" otherwise, as it was.
// Lexeme items with older origins all have listed reads, which also tells
// the key which of them share an origin (which a byte ends together).

#ifndef DECC_GRAMMAR_LEXEMEREADS_H
#define DECC_GRAMMAR_LEXEMEREADS_H

#include "ItemDedup.h"
#include "decc/grammar.h"

#include <cstdint>
#include <vector>

namespace decc {
namespace grammar {

struct LexemeReads {
  /// The matcher's item layout (WalkSets::SetItem).
  struct SetItem {
    uint32_t state;
    uint32_t origin;
  };

  /// Lists the reads of set k of the matcher's sets (set i is
  /// items[setBegin[i] .. setBegin[i+1])).
  void compute(const CompiledGrammar &g, const SetItem *items, const uint32_t *setBegin,
               uint32_t k);
  /// Appends to `key` set k's items with their origins as the key tells them
  /// apart, then each read with its result.
  void appendKey(std::vector<uint32_t> &key) const;
  /// Completing rule `rule` started at older set `origin` is a listed read.
  bool covers(uint32_t rule, uint32_t origin) const;
  bool empty() const { return reads_.empty(); }
  size_t memoryBytes() const;

private:
  static uint64_t pair(uint32_t origin, uint32_t rule) { return (uint64_t(origin) << 32) | rule; }
  /// Adds the read (rule, origin) unless listed.
  void want(uint32_t rule, uint32_t origin);
  /// An item produced by a read: lists the reads its completion makes, over
  /// the nullable rules it may step across.
  void visit(uint32_t state, uint32_t origin);
  /// The key's word for an item's origin: 0 the current set, 1 an older set
  /// whose completion is not listed, 2 + rank of a listed origin.
  uint32_t label(uint32_t state, uint32_t origin) const;

  const CompiledGrammar *g_ = nullptr;
  const SetItem *items_ = nullptr;
  const uint32_t *setBegin_ = nullptr;
  uint32_t k_ = 0;
  /// Listed reads, pair(origin, rule); sorted once compute() is done.
  std::vector<uint64_t> reads_;
  std::vector<uint32_t> work_;           ///< indices into reads_ to expand
  std::vector<uint32_t> stack_;          ///< states left to visit
  ItemDedup visited_;                    ///< (state, origin) visited
  std::vector<uint32_t> origins_;        ///< listed origins, sorted
  mutable std::vector<uint64_t> scratch_;
};

} // namespace grammar
} // namespace decc

#endif
