//===- CompileCache.h - compiled grammars by (kind, text, options) --------===//
//
// Per-request schemas repeat (one schema per tool, per endpoint), so each is
// compiled once: a size-bounded LRU map from key to grammar. Concurrent
// requests for a key that is being compiled wait for that compilation instead
// of starting their own. Failures are not cached (the next call retries and
// gets its own message).
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMARC_COMPILECACHE_H
#define DECC_GRAMMARC_COMPILECACHE_H

#include "Handles.h"

#include <condition_variable>
#include <functional>
#include <list>
#include <string>
#include <unordered_map>

namespace decc::grammarc {

struct BuildResult {
  decgram_status status = DECGRAM_ERR_INTERNAL;
  std::string error;
  std::shared_ptr<const GrammarState> grammar;
};

class CompileCache {
public:
  explicit CompileCache(const decgram_cache_limits &limits) : limits_(limits) {}

  /// The grammar for `key`, from the cache or built by `build` (called
  /// without the lock held; it must not throw).
  BuildResult get(const std::string &key, const std::function<BuildResult()> &build);
  decgram_cache_stats stats() const;

private:
  struct Slot {
    bool done = false;
    BuildResult result;
    size_t bytes = 0;
    bool cached = false;
    std::list<const std::string *>::iterator lru;
  };
  void evictLocked();

  const decgram_cache_limits limits_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, std::shared_ptr<Slot>> map_;
  /// Finished entries, most recently used first; the strings are map_'s keys
  /// (node-based: their addresses are stable).
  std::list<const std::string *> lru_;
  decgram_cache_stats stats_{};
};

} // namespace decc::grammarc

#endif
