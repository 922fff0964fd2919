#include "Bpe.h"

#include <queue>

namespace decc::tok {

namespace {
struct Symbol {
  int32_t id;
  int32_t prev, next; // -1 at the ends
  uint32_t len;       // 0 once merged into its left neighbour
};
struct Candidate {
  int32_t rank;
  int32_t pos;
  int32_t newId;
  // std::priority_queue pops the largest: lowest rank first, then leftmost.
  bool operator<(const Candidate &o) const {
    return rank != o.rank ? rank > o.rank : pos > o.pos;
  }
};
// Caching very long words (Gemma/Llama-2 see whole lines as one word) would
// only fill memory.
constexpr size_t kMaxCachedWordBytes = 256;
constexpr size_t kMaxCacheEntries = 1 << 16;
} // namespace

void BpeModel::mergeWord(std::string_view w, std::vector<int32_t> &out) const {
  std::vector<Symbol> syms;
  syms.reserve(w.size());
  auto add = [&](int32_t id, uint32_t len) {
    int32_t n = (int32_t)syms.size();
    syms.push_back({id, n - 1, -1, len});
    if (n > 0)
      syms[n - 1].next = n;
  };
  // Pending <unk> and its byte length (fused across consecutive unknowns).
  int32_t pendingUnk = -1;
  uint32_t pendingLen = 0;
  for (size_t i = 0; i < w.size();) {
    unsigned b0 = (unsigned char)w[i];
    size_t len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    if (i + len > w.size())
      len = w.size() - i;
    std::string_view ch = w.substr(i, len);
    i += len;
    int32_t id = vocab.find(ch);
    if (id >= 0) {
      if (pendingUnk >= 0) {
        add(pendingUnk, pendingLen);
        pendingUnk = -1;
      }
      add(id, (uint32_t)len);
      continue;
    }
    if (byteFallback) {
      bool all = true;
      for (unsigned char b : ch)
        all = all && byteTokens[b] >= 0;
      if (all) {
        // HF adds the byte tokens without flushing a pending <unk> first.
        for (unsigned char b : ch)
          add(byteTokens[b], 1);
        continue;
      }
    }
    if (unkId < 0)
      continue; // HF drops characters it cannot represent
    if (pendingUnk >= 0 && fuseUnk) {
      pendingLen += (uint32_t)len;
    } else {
      if (pendingUnk >= 0)
        add(pendingUnk, pendingLen);
      pendingUnk = unkId;
      pendingLen = (uint32_t)len;
    }
  }
  if (pendingUnk >= 0)
    add(pendingUnk, pendingLen);

  std::priority_queue<Candidate> queue;
  for (size_t k = 0; k + 1 < syms.size(); ++k)
    if (const PairMap::Value *m = merges.find(syms[k].id, syms[k + 1].id))
      queue.push({m->rank, (int32_t)k, m->newId});
  while (!queue.empty()) {
    Candidate top = queue.top();
    queue.pop();
    if (syms[top.pos].len == 0 || syms[top.pos].next < 0)
      continue;
    int32_t rightPos = syms[top.pos].next;
    // Skip entries made stale by an earlier merge of either symbol.
    const PairMap::Value *m = merges.find(syms[top.pos].id, syms[rightPos].id);
    if (!m || m->newId != top.newId)
      continue;
    Symbol &cur = syms[top.pos];
    Symbol &right = syms[rightPos];
    cur.id = top.newId;
    cur.len += right.len;
    cur.next = right.next;
    right.len = 0;
    if (cur.next >= 0)
      syms[cur.next].prev = top.pos;
    if (cur.prev >= 0)
      if (const PairMap::Value *p = merges.find(syms[cur.prev].id, cur.id))
        queue.push({p->rank, cur.prev, p->newId});
    if (cur.next >= 0)
      if (const PairMap::Value *p = merges.find(cur.id, syms[cur.next].id))
        queue.push({p->rank, top.pos, p->newId});
  }
  for (const Symbol &s : syms)
    if (s.len != 0)
      out.push_back(s.id);
}

void BpeModel::encodeWord(std::string_view word, std::vector<int32_t> &out) const {
  if (word.empty())
    return;
  if (ignoreMerges) {
    int32_t id = vocab.find(word);
    if (id >= 0) {
      out.push_back(id);
      return;
    }
  }
  bool cacheable = word.size() <= kMaxCachedWordBytes;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    auto it = cache_.find(std::string(word));
    if (it != cache_.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  size_t first = out.size();
  mergeWord(word, out);
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (cache_.size() >= kMaxCacheEntries)
      cache_.clear();
    cache_.emplace(std::string(word),
                   std::vector<int32_t>(out.begin() + first, out.end()));
  }
}

} // namespace decc::tok
