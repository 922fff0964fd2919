//===- ItemDedup.h - Earley items already in the set being built -*- C++ -*-===//
//
// Both the matcher's sets and the mask walk's sets add (state, origin) items
// one at a time and must skip repeats. Open addressing over 64-bit keys; a
// new set is an O(1) clear (a generation stamp per slot), and the table
// doubles when half full by re-inserting its own live keys.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_RUNTIME_GRAMMAR_ITEMDEDUP_H
#define DECC_RUNTIME_GRAMMAR_ITEMDEDUP_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace decc::grammar {

class ItemDedup {
public:
  explicit ItemDedup(size_t slots = 256) { reset(slots); }

  /// Starts a new set.
  void clear() {
    count_ = 0;
    if (++gen_ == 0) {
      std::fill(stamp_.begin(), stamp_.end(), 0);
      gen_ = 1;
    }
  }

  /// Adds (state, origin); false when the set has it already.
  bool insert(uint32_t state, uint32_t origin) {
    const uint64_t key = (uint64_t(state) << 32) | origin;
    size_t h = hash(key) & mask_;
    while (stamp_[h] == gen_) {
      if (keys_[h] == key)
        return false;
      h = (h + 1) & mask_;
    }
    stamp_[h] = gen_;
    keys_[h] = key;
    if (++count_ * 2 > keys_.size())
      grow();
    return true;
  }

  /// Empties the set and gives back memory beyond `slots` (a power of two).
  void reset(size_t slots) {
    keys_.assign(slots, 0);
    keys_.shrink_to_fit();
    stamp_.assign(slots, 0);
    stamp_.shrink_to_fit();
    mask_ = slots - 1;
    gen_ = 1;
    count_ = 0;
  }

  size_t slots() const { return keys_.size(); }
  size_t memoryBytes() const { return keys_.capacity() * 8 + stamp_.capacity() * 4; }

private:
  static size_t hash(uint64_t key) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20); }

  void grow() {
    std::vector<uint64_t> live;
    live.reserve(count_);
    for (size_t i = 0; i < keys_.size(); ++i)
      if (stamp_[i] == gen_)
        live.push_back(keys_[i]);
    size_t slots = keys_.size() * 2;
    keys_.assign(slots, 0);
    stamp_.assign(slots, 0);
    mask_ = slots - 1;
    gen_ = 1;
    for (uint64_t key : live) {
      size_t h = hash(key) & mask_;
      while (stamp_[h] == gen_)
        h = (h + 1) & mask_;
      stamp_[h] = gen_;
      keys_[h] = key;
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> stamp_;
  uint32_t gen_ = 1;
  size_t mask_ = 0, count_ = 0;
};

} // namespace decc::grammar

#endif
