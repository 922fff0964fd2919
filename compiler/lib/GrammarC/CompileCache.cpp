//===- CompileCache.cpp - compiled grammars by (kind, text, options) ------===//

#include "CompileCache.h"

namespace decc::grammarc {

BuildResult CompileCache::get(const std::string &key,
                              const std::function<BuildResult()> &build) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = map_.find(key);
  if (it != map_.end()) {
    std::shared_ptr<Slot> slot = it->second;
    cv_.wait(lock, [&] { return slot->done; });
    ++stats_.hits;
    if (slot->cached)
      lru_.splice(lru_.begin(), lru_, slot->lru);
    return slot->result;
  }
  ++stats_.misses;
  auto slot = std::make_shared<Slot>();
  auto inserted = map_.emplace(key, slot).first;
  lock.unlock();

  BuildResult result;
  try {
    result = build();
  } catch (const std::bad_alloc &) {
    result.status = DECGRAM_ERR_OUT_OF_MEMORY;
  } catch (...) {
    result.status = DECGRAM_ERR_INTERNAL;
  }
  size_t bytes = key.size() + (result.grammar ? result.grammar->compiled->memoryBytes() : 0);

  lock.lock();
  // Waiters must wake up whatever happens below, so `done` comes first and
  // nothing after it can throw.
  slot->result = std::move(result);
  slot->done = true;
  bool keep = slot->result.status == DECGRAM_OK && limits_.max_entries > 0;
  if (keep) {
    try {
      lru_.push_front(&inserted->first);
    } catch (const std::bad_alloc &) {
      keep = false;
    }
  }
  if (keep) {
    slot->bytes = bytes;
    slot->cached = true;
    slot->lru = lru_.begin();
    stats_.bytes += bytes;
    ++stats_.entries;
    evictLocked();
  } else {
    map_.erase(inserted);
  }
  lock.unlock();
  cv_.notify_all();
  return slot->result;
}

void CompileCache::evictLocked() {
  while (!lru_.empty() &&
         (stats_.entries > limits_.max_entries || stats_.bytes > limits_.max_bytes)) {
    auto it = map_.find(*lru_.back());
    lru_.pop_back();
    stats_.bytes -= it->second->bytes;
    --stats_.entries;
    ++stats_.evictions;
    // A waiter that still holds the slot must not touch the LRU list.
    it->second->cached = false;
    map_.erase(it);
  }
}

decgram_cache_stats CompileCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

} // namespace decc::grammarc
