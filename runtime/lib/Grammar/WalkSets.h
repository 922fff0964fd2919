//===- WalkSets.h - interned Earley sets for the mask walk -----*- C++ -*-===//
//
// The trie walk of one fillMask advances the same few parse situations over
// and over: inside a JSON string, "abc" and "xyz" lead to the same Earley set.
// Here each set the walk builds is interned by its content, where an item's
// origin is either a set of the matcher older than the walk's base
// ("external", by index: those sets do not change during a fill), another
// interned set (by id), or the set itself. The content then determines the
// set's successors completely, so the transition (set id, byte) -> set id is
// computed once per fill with a full Earley step and afterwards costs one
// hash probe per trie node. Sets and transitions are kept from one fill to
// the next (valid while the external sets stay) only for cache misses, which
// build many: a cache hit's few probes are cheaper in fresh tables than in
// the ones full walks leave behind (measured: keeping them for every fill
// made the JSON stream's p50 worse).
//
// Completing an item whose origin is external reads the matcher's older sets:
// such a transition is marked "touched" (context-dependent, see MaskCache.h).
//
// Lexemes are completed as the matcher does (Matcher.cpp): a set with final
// lexeme items is extended, per byte, by the lexemes that byte ends; the
// extended set is interned too (it is what later completions read), and its
// byte map includes the extension of the bytes no item reads. Ending a lexeme
// that started before the walk reads external sets; the reads the matcher
// listed in the cache key (LexemeReads.h) are not marked touched, since the
// key holds what they yield. When a set's extension makes another external
// read, its rejections depend on the older sets: a step into such a set is
// marked touched, so that everything below it is walked again in every
// context.

#ifndef DECC_GRAMMAR_WALKSETS_H
#define DECC_GRAMMAR_WALKSETS_H

#include "ItemDedup.h"
#include "LexemeReads.h"
#include "decc/grammar.h"

#include <cstdint>
#include <vector>

namespace decc {
namespace grammar {

struct WalkSets {
  /// Layout of the matcher's items: (state, origin set index).
  struct SetItem {
    uint32_t state;
    uint32_t origin;
  };

  /// step() results: a set id, with kTouched when the step read an external
  /// set; kReject when the byte empties the set.
  static constexpr uint32_t kReject = 0xFFFFFFFFu;
  static constexpr uint32_t kTouched = 0x40000000u;
  static constexpr uint32_t kIdMask = kTouched - 1;

  /// Starts a fill from the matcher's set `k` (whose items are
  /// items[setBegin[k] .. setBegin[k+1]); earlier sets likewise): returns its
  /// id. Forgets the sets and transitions of earlier fills unless `keep`:
  /// the caller then vouches that the matcher's sets those fills read are
  /// unchanged (they are still kept only while the tables are small).
  /// `keyed` (null without lexemes) lists the external reads that the cache
  /// key holds the results of: they do not count as touched.
  uint32_t begin(const CompiledGrammar &g, const SetItem *items, const uint32_t *setBegin,
                 uint32_t k, const LexemeReads *keyed, bool keep = false);
  /// Forgets every set and transition.
  void clear();
  /// The set after reading `b` from set `id`. Sets stepped from often get a
  /// dense row of 256 transitions (a full walk inside a string steps from
  /// the same few sets at almost every node); the others go through the
  /// hash table.
  uint32_t step(uint32_t id, uint8_t b) {
    const uint32_t row = rowOf_[id];
    if (row != kNoRow) {
      const uint32_t v = rows_[(size_t(row) << 8) | b];
      if (v != 0)
        return v ^ kKnown;
    }
    return stepHashed(id, b);
  }
  /// Does set `id` step to itself, untouched, on every byte of the buckets
  /// `buckets` (ByteBuckets.h)? Each bucket is tried at most once per set,
  /// and none after the first that does not loop.
  bool loopsOver(uint32_t id, uint64_t buckets) {
    if (buckets & loopKnown_[id] & ~loopBits_[id])
      return false;
    const uint64_t unknown = buckets & ~loopKnown_[id];
    return !unknown || learnLoops(id, unknown);
  }
  /// Have the buckets been tried from set `id` (acceptsAll's first step)?
  bool knowsUniform(uint32_t id, uint64_t buckets) const { return !(buckets & ~uniformKnown_[id]); }
  /// Is every string of at most `length` bytes of the buckets read from set
  /// `id` without a rejection or a touched step? Asked where the walk's set
  /// changes with every byte (a bounded repetition far from its bound: a
  /// DNS label's letters, a `maxLength` string): each set of the chain must
  /// step by every byte of the buckets to one same set, the next.
  bool acceptsAll(uint32_t id, uint64_t buckets, uint32_t length) {
    // Bucket 0 (control and non-ASCII bytes) is left to the walk: the lead
    // bytes of multi-byte characters each go their own way.
    if (buckets & 1)
      return false;
    for (uint32_t n = 0; n < length; ++n) {
      if (buckets & uniformKnown_[id] & ~uniformBits_[id])
        return false;
      const uint64_t unknown = buckets & ~uniformKnown_[id];
      if (unknown && !learnUniform(id, unknown))
        return false;
      const uint32_t next = uniformTarget_[id];
      if (next == id)
        return true; // a loop: any length
      id = next;
    }
    return true;
  }
  size_t numSets() const { return setBegin_.empty() ? 0 : setBegin_.size() - 1; }
  /// Scratch for the matcher's cache key (lexeme grammars): kept here, with
  /// the other per-fill scratch that clones do not copy.
  LexemeReads &lexemeReads() { return lexemeReads_; }
  size_t memoryBytes() const;

private:
  // An item's origin reference: an external set index (< kLocal), an
  // interned set (kLocal | id), or the set that holds the item (kSelf).
  static constexpr uint32_t kLocal = 0x80000000u;
  static constexpr uint32_t kSelf = 0xFFFFFFFFu;
  struct Item {
    uint32_t state;
    uint32_t ref;
  };
  static constexpr uint32_t kNoRow = 0xFFFFFFFFu;
  /// Row entries are step() results xor kKnown (bit 31, which a result
  /// only has as kReject), so 0, what a new row is zeroed to, is unknown.
  static constexpr uint32_t kKnown = 0x80000000u;
  static size_t hashKey(uint64_t key) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 24);
  }

  uint32_t stepHashed(uint32_t id, uint8_t b);
  /// Tries the buckets in turn: false at the first that does not loop.
  bool learnLoops(uint32_t id, uint64_t buckets);
  /// Tries the buckets in turn: false at the first whose bytes do not all
  /// step untouched to the set's uniform target (the first bucket's).
  bool learnUniform(uint32_t id, uint64_t buckets);
  uint32_t computeStep(uint32_t id, uint8_t b, size_t slot);
  /// Writes `value`, the step of set `id` by b, into the set's dense row for
  /// every byte of b's segment (the bytes no byte edge of the set tells
  /// apart; a new row when none is left, if the budget allows). False when
  /// the segment is b alone or no row could be had.
  bool fillSegment(uint32_t id, uint8_t b, uint32_t value);
  /// Gives set `id` a dense row, all unknown; false past the budget.
  bool newRow(uint32_t id);
  void add(uint32_t state, uint32_t ref);
  /// Closure of items_[from ..) in the set being built, items_[setStart ..).
  void close(uint32_t setStart, size_t from);
  /// Adds the items of the set being built that expect rule r, started in
  /// the set `ref` refers to, advanced over r.
  void advanceOver(uint32_t r, uint32_t ref, uint32_t setStart);
  /// Completes into the set being built the lexemes of its items
  /// [setStart, baseEnd) that byte b ends (every pending one when b < 0).
  void completeLexemes(uint32_t setStart, size_t baseEnd, int b);
  /// Interns items_[start..) (closed): returns the id of an equal set,
  /// dropping the copy, or commits it as a new set.
  uint32_t intern(uint32_t start);
  void storeTrans(size_t slot, uint64_t key, uint32_t value);
  void growTrans();

  const CompiledGrammar *g_ = nullptr;
  const SetItem *ext_ = nullptr;
  const uint32_t *extBegin_ = nullptr;
  const LexemeReads *keyed_ = nullptr;
  bool touched_ = false;
  /// Tables have been kept across fills: they start bigger.
  bool kept_ = false;
  uint32_t gen_ = 0;

  // Interned sets: set i is items_[setBegin_[i] .. setBegin_[i+1]), sorted;
  // the set being built is items_[setBegin_.back() ..).
  std::vector<Item> items_;
  std::vector<uint32_t> setBegin_;
  std::vector<uint64_t> setHash_;
  std::vector<uint64_t> setBytes_; ///< 256-bit map of readable bytes per set
  std::vector<uint32_t> rowOf_;     ///< dense row of each set, or kNoRow
  /// Per set: kPending (a final lexeme item not started in the set),
  /// kExtensionTouched (the extension that ends every pending lexeme made an
  /// external read the cache key does not hold).
  std::vector<uint8_t> lexFlags_;
  static constexpr uint8_t kPending = 1, kExtensionTouched = 2;
  std::vector<uint32_t> hashedSteps_; ///< steps through the hash table per set
  /// Per set: the byte buckets tried (loopKnown_) and those on whose every
  /// byte it steps to itself untouched (loopBits_).
  std::vector<uint64_t> loopKnown_, loopBits_;
  /// Per set: the byte buckets tried (uniformKnown_), those whose every
  /// byte steps untouched to uniformTarget_ (uniformBits_; the target is
  /// the first such bucket's, kNoRow before).
  std::vector<uint64_t> uniformKnown_, uniformBits_;
  std::vector<uint32_t> uniformTarget_;
  std::vector<uint32_t> rows_;      ///< 256 transitions per row (xor kKnown), 0 unset

  // Open addressing, slots valid when their stamp equals gen_.
  std::vector<uint64_t> transKey_;
  std::vector<uint32_t> transVal_, transStamp_;
  size_t transMask_ = 0, transCount_ = 0;
  std::vector<uint32_t> internId_, internStamp_;
  size_t internMask_ = 0;
  ItemDedup dedup_;
  LexemeReads lexemeReads_;
};

} // namespace grammar
} // namespace decc

#endif
