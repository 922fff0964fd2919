//===- MaskCache.h - masks of context-independent tokens per Earley set ---===//
//
// A token whose trie walk never completes an item that started before the
// current position is accepted or rejected whatever the older sets hold: the
// decision depends only on the current set's (state, origin-is-current)
// pairs. For such a key the cache keeps the mask of those tokens and the
// trie nodes where the walk first became context-dependent (the frontier);
// a later fill copies the mask and walks only the frontier's subtrees. Token
// slices taken whole (grammar.h, TokenSlice) are context-independent too:
// the check that takes them reads only the current set's states.
// Shared by all matchers of one grammar and vocabulary (and their clones),
// hence the lock.

#ifndef DECC_GRAMMAR_MASKCACHE_H
#define DECC_GRAMMAR_MASKCACHE_H

#include "decc/grammar.h"

#include <mutex>
#include <unordered_map>

namespace decc {
namespace grammar {

struct MaskCacheEntry {
  /// Context-independent accepted tokens, the slices taken whole included.
  std::vector<uint32_t> mask;
  /// A trie the first fill walked (the whole vocabulary's, or a slice's or
  /// the rest's when slices were taken) and its frontier nodes in preorder.
  struct Walked {
    const TokenTrie *trie;
    std::vector<uint32_t> frontier;
  };
  std::vector<Walked> walked;
};

struct MaskCache {
  /// Entries kept at most (each holds one vocabulary-sized mask).
  static constexpr size_t kMaxEntries = 1024;

  std::shared_ptr<const MaskCacheEntry> find(const std::string &key) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = map.find(key);
    return it == map.end() ? nullptr : it->second;
  }
  void insert(std::string key, std::shared_ptr<const MaskCacheEntry> e) {
    std::lock_guard<std::mutex> lock(mu);
    if (map.size() < kMaxEntries)
      map.emplace(std::move(key), std::move(e));
  }
  size_t memoryBytes() {
    std::lock_guard<std::mutex> lock(mu);
    size_t n = 0;
    for (const auto &[k, e] : map) {
      n += k.size() + e->mask.size() * 4 + 64;
      for (const MaskCacheEntry::Walked &w : e->walked)
        n += w.frontier.size() * 4 + sizeof(w);
    }
    return n;
  }

  std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<const MaskCacheEntry>> map;
};

} // namespace grammar
} // namespace decc

#endif
