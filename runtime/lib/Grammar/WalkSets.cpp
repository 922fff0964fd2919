//===- WalkSets.cpp - interned Earley sets for the mask walk --------------===//
//
// One Earley step (scan, then closure with Aycock-Horspool prediction) over
// sets whose origins are references (WalkSets.h). The closure is the
// matcher's: completing an item reads its origin set, predicting a nullable
// rule also steps over it; the result does not depend on the order in which
// items are processed, so sets are sorted before interning and equal sets
// reached by different paths share one id and one row of transitions.

#include "WalkSets.h"

#include "ByteBits.h"
#include "ByteBuckets.h"

#include <algorithm>

namespace decc {
namespace grammar {

namespace {

/// Gives back what a walk over huge sets grew (every trie node may intern
/// one): a matcher keeps at most this much between fills.
template <typename T> void release(std::vector<T> &v, size_t keepElements) {
  if (v.capacity() > keepElements) {
    v.clear();
    v.shrink_to_fit();
  }
}

template <typename T> void resetTable(std::vector<T> &stamps, size_t minSize) {
  if (stamps.size() < minSize)
    stamps.assign(minSize, 0);
}
} // namespace

namespace {
// Tables start this big (kept ones bigger: they hold several fills'
// transitions); a full walk grows them, and the next fill starts again from
// small ones so that its probes stay in cache.
constexpr size_t kInitialTransSlots = size_t(1) << 12;
constexpr size_t kInitialKeptTransSlots = size_t(1) << 14;
// A set gets a dense row after this many steps through the hash table; at
// most kMaxRows rows (1 KB each) in a fill's tables, kMaxKeptRows in tables
// kept across fills, of which at most kMaxRowsBeforeFill when a fill starts.
constexpr uint32_t kRowAfterSteps = 32;
constexpr size_t kMaxRows = 512;
constexpr size_t kMaxKeptRows = 2048;
constexpr size_t kMaxRowsBeforeFill = kMaxKeptRows - kMaxRows;
// Sets a fill may start with, kept from earlier fills (a 200-character
// string's walk builds ~190 sets, most with a row, at its first position and
// ~60 at each next one).
constexpr size_t kMaxKeptSets = 4096;
} // namespace

void WalkSets::clear() {
  if (++gen_ == 0) {
    // Stamps of every table restart from a clean slate.
    std::fill(transStamp_.begin(), transStamp_.end(), 0);
    std::fill(internStamp_.begin(), internStamp_.end(), 0);
    gen_ = 1;
  }
  const size_t initial = kept_ ? kInitialKeptTransSlots : kInitialTransSlots;
  if (transStamp_.size() < initial || transStamp_.size() > (initial << 6)) {
    transStamp_.assign(initial, 0);
    transStamp_.shrink_to_fit();
    transKey_.assign(initial, 0);
    transKey_.shrink_to_fit();
    transVal_.assign(initial, 0);
    transVal_.shrink_to_fit();
  }
  transMask_ = transStamp_.size() - 1;
  transCount_ = 0;
  constexpr size_t kKeepSets = size_t(1) << 16, kKeepItems = size_t(1) << 18;
  release(internStamp_, 2 * kKeepSets);
  release(internId_, 2 * kKeepSets);
  release(items_, kKeepItems);
  release(setBegin_, kKeepSets);
  release(setHash_, kKeepSets);
  release(setBytes_, 4 * kKeepSets);
  release(rowOf_, kKeepSets);
  release(hashedSteps_, kKeepSets);
  release(loopKnown_, kKeepSets);
  release(loopBits_, kKeepSets);
  release(uniformKnown_, kKeepSets);
  release(uniformBits_, kKeepSets);
  release(uniformTarget_, kKeepSets);
  release(lexFlags_, kKeepSets);
  resetTable(internStamp_, 1 << 8);
  internId_.resize(internStamp_.size());
  internMask_ = internStamp_.size() - 1;
  items_.clear();
  setBegin_.assign(1, 0);
  setHash_.clear();
  setBytes_.clear();
  rowOf_.clear();
  hashedSteps_.clear();
  loopKnown_.clear();
  loopBits_.clear();
  uniformKnown_.clear();
  uniformBits_.clear();
  uniformTarget_.clear();
  lexFlags_.clear();
  rows_.clear();
}

uint32_t WalkSets::begin(const CompiledGrammar &g, const SetItem *items, const uint32_t *setBegin,
                         uint32_t k, const LexemeReads *keyed, bool keep) {
  kept_ = kept_ || keep;
  // Kept tables stay small enough for their probes to hit the cache, and
  // leave room for the rows and transitions this fill adds (a transition
  // table that doubles in a fill copies all it holds: 1.1M instructions).
  if (!keep || g_ != &g || numSets() > kMaxKeptSets || rows_.size() > (kMaxRowsBeforeFill << 8) ||
      4 * transCount_ > transStamp_.size())
    clear();
  g_ = &g;
  ext_ = items;
  extBegin_ = setBegin;
  keyed_ = keyed;
  const uint32_t start = static_cast<uint32_t>(items_.size());
  dedup_.clear();
  for (uint32_t i = setBegin[k]; i < setBegin[k + 1]; ++i)
    add(items[i].state, items[i].origin == k ? kSelf : items[i].origin);
  touched_ = false;
  // The matcher's set is closed already: intern it as it is.
  return intern(start);
}

void WalkSets::add(uint32_t state, uint32_t ref) {
  if (dedup_.insert(state, ref))
    items_.push_back({state, ref});
}

void WalkSets::advanceOver(uint32_t r, uint32_t ref, uint32_t setStart) {
  const CompiledGrammar &g = *g_;
  auto advance = [&](uint32_t state, uint32_t parentRef) {
    for (uint32_t e = g.ruleEdgeBegin[state], end = g.edgeBegin[state + 1]; e < end; ++e)
      if (g.edges[e].rule == r)
        add(g.edges[e].target, parentRef);
  };
  if (ref == kSelf) {
    // Read up to the current end: items added later that expect r get it
    // from nullable prediction.
    for (size_t j = setStart; j < items_.size(); ++j)
      advance(items_[j].state, items_[j].ref);
  } else if (ref & kLocal) {
    const uint32_t x = ref & ~kLocal;
    for (uint32_t j = setBegin_[x]; j < setBegin_[x + 1]; ++j)
      advance(items_[j].state, items_[j].ref == kSelf ? ref : items_[j].ref);
  } else {
    // What the cache key holds does not depend on the older sets.
    if (!keyed_ || !keyed_->covers(r, ref))
      touched_ = true;
    for (uint32_t j = extBegin_[ref]; j < extBegin_[ref + 1]; ++j)
      advance(ext_[j].state, ext_[j].origin);
  }
}

void WalkSets::close(uint32_t setStart, size_t from) {
  const CompiledGrammar &g = *g_;
  for (size_t i = from; i < items_.size(); ++i) {
    const Item it = items_[i];
    // A lexeme's completion waits for the next byte (completeLexemes).
    if (g.isFinal[it.state] && !g.isLexemeState(it.state))
      advanceOver(g.ruleOf[it.state], it.ref, setStart);
    for (uint32_t e = g.ruleEdgeBegin[it.state], end = g.edgeBegin[it.state + 1]; e < end; ++e) {
      const CompiledGrammar::Edge &ed = g.edges[e];
      const CompiledGrammar::RuleInfo &ri = g.rules[ed.rule];
      add(ri.start, kSelf);
      if (ri.nullable)
        add(ed.target, it.ref);
    }
  }
}

void WalkSets::completeLexemes(uint32_t setStart, size_t baseEnd, int b) {
  const CompiledGrammar &g = *g_;
  for (size_t i = setStart; i < baseEnd; ++i) {
    const Item it = items_[i];
    if (!g.isFinal[it.state] || !g.isLexemeState(it.state) || it.ref == kSelf)
      continue;
    bool continues = false;
    for (size_t j = setStart; j < baseEnd && b >= 0 && !continues; ++j) {
      const Item q = items_[j];
      if (q.ref != it.ref || !g.isLexemeState(q.state))
        continue;
      for (uint32_t e = g.edgeBegin[q.state], end = g.ruleEdgeBegin[q.state]; e < end; ++e)
        if (b >= g.edges[e].lo && b <= g.edges[e].hi) {
          continues = true;
          break;
        }
    }
    if (!continues)
      advanceOver(g.ruleOf[it.state], it.ref, setStart);
  }
}

uint32_t WalkSets::intern(uint32_t start) {
  // Items at a state without edges read no byte and expect no rule: a
  // completed one was completed by the closure. Left in, their origins
  // would tell apart sets that step alike (the position after each
  // character of a string names the set where that character began).
  // Final lexeme items stay: the next byte decides their completion.
  const CompiledGrammar &gr = *g_;
  items_.erase(std::remove_if(items_.begin() + start, items_.end(),
                              [&](const Item &it) {
                                return gr.edgeBegin[it.state] == gr.edgeBegin[it.state + 1] &&
                                       !(gr.isFinal[it.state] && gr.isLexemeState(it.state));
                              }),
               items_.end());
  std::sort(items_.begin() + start, items_.end(), [](const Item &a, const Item &b) {
    return a.state != b.state ? a.state < b.state : a.ref < b.ref;
  });
  uint64_t hash = 1469598103934665603ull;
  for (size_t i = start; i < items_.size(); ++i)
    hash = (hash ^ ((uint64_t(items_[i].state) << 32) | items_[i].ref)) * 1099511628211ull;
  const size_t n = items_.size() - start;
  size_t h = hashKey(hash) & internMask_;
  while (internStamp_[h] == gen_) {
    uint32_t id = internId_[h];
    if (setHash_[id] == hash && setBegin_[id + 1] - setBegin_[id] == n &&
        std::equal(items_.begin() + start, items_.end(), items_.begin() + setBegin_[id],
                   [](const Item &a, const Item &b) { return a.state == b.state && a.ref == b.ref; })) {
      items_.resize(start);
      return id;
    }
    h = (h + 1) & internMask_;
  }
  const uint32_t id = static_cast<uint32_t>(setHash_.size());
  internStamp_[h] = gen_;
  internId_[h] = id;
  setHash_.push_back(hash);
  setBegin_.push_back(static_cast<uint32_t>(items_.size()));
  rowOf_.push_back(kNoRow);
  hashedSteps_.push_back(0);
  loopKnown_.push_back(0);
  loopBits_.push_back(0);
  uniformKnown_.push_back(0);
  uniformBits_.push_back(0);
  uniformTarget_.push_back(kNoRow);
  size_t w = setBytes_.size();
  setBytes_.resize(w + 4, 0);
  const CompiledGrammar &g = *g_;
  const size_t end = items_.size();
  uint8_t flags = 0;
  for (size_t i = start; i < end; ++i) {
    uint32_t s = items_[i].state;
    for (uint32_t e = g.edgeBegin[s], end = g.ruleEdgeBegin[s]; e < end; ++e)
      setByteRange(&setBytes_[w], g.edges[e].lo, g.edges[e].hi);
    if (g.hasLexemes && g.isFinal[s] && g.isLexemeState(s) && items_[i].ref != kSelf)
      flags |= kPending;
  }
  if (flags & kPending) {
    // The extension of the bytes no item reads: every pending lexeme ends.
    // Measured on scratch items past the committed set (the dedup table holds
    // the set's items: computeStep and begin built it), then dropped; whether
    // it read external sets beyond what the cache key holds is the caller's
    // business (kExtensionTouched).
    const bool touched = touched_;
    touched_ = false;
    completeLexemes(start, end, -1);
    close(start, end);
    if (touched_)
      flags |= kExtensionTouched;
    for (size_t i = end; i < items_.size(); ++i) {
      uint32_t s = items_[i].state;
      for (uint32_t e = g.edgeBegin[s], ee = g.ruleEdgeBegin[s]; e < ee; ++e)
        setByteRange(&setBytes_[w], g.edges[e].lo, g.edges[e].hi);
    }
    items_.resize(end);
    touched_ = touched;
  }
  lexFlags_.push_back(flags);
  if (setHash_.size() * 2 > internStamp_.size()) {
    size_t cap = internStamp_.size() * 2;
    internStamp_.assign(cap, 0);
    internId_.assign(cap, 0);
    internMask_ = cap - 1;
    for (uint32_t i = 0; i < setHash_.size(); ++i) {
      size_t p = hashKey(setHash_[i]) & internMask_;
      while (internStamp_[p] == gen_)
        p = (p + 1) & internMask_;
      internStamp_[p] = gen_;
      internId_[p] = i;
    }
  }
  return id;
}

uint32_t WalkSets::stepHashed(uint32_t id, uint8_t b) {
  const uint64_t key = (uint64_t(id) << 8) | b;
  size_t h = hashKey(key) & transMask_;
  uint32_t value;
  for (;;) {
    if (transStamp_[h] != gen_) {
      value = computeStep(id, b, h);
      if (value != kReject && !(lexFlags_[id] & kPending) && fillSegment(id, b, value))
        return value;
      break;
    }
    if (transKey_[h] == key) {
      value = transVal_[h];
      break;
    }
    h = (h + 1) & transMask_;
  }
  if (rowOf_[id] != kNoRow || (++hashedSteps_[id] >= kRowAfterSteps && newRow(id)))
    rows_[(size_t(rowOf_[id]) << 8) | b] = value ^ kKnown;
  return value;
}

bool WalkSets::learnLoops(uint32_t id, uint64_t buckets) {
  const ByteBucketTable &t = byteBuckets();
  for (uint64_t m = buckets; m; m &= m - 1) {
    const unsigned k = static_cast<unsigned>(__builtin_ctzll(m));
    bool all = true;
    for (unsigned j = t.begin[k]; j < t.begin[k + 1] && all; ++j) {
      const uint8_t b = t.bytes[j];
      // An unreadable byte rejects: no step needed. Steps may add sets, so
      // the per-set vectors are indexed afresh below.
      all = ((setBytes_[id * 4 + (b >> 6)] >> (b & 63)) & 1) && step(id, b) == id;
    }
    loopKnown_[id] |= uint64_t(1) << k;
    if (!all)
      return false;
    loopBits_[id] |= uint64_t(1) << k;
  }
  return true;
}

bool WalkSets::learnUniform(uint32_t id, uint64_t buckets) {
  const ByteBucketTable &t = byteBuckets();
  for (uint64_t m = buckets; m; m &= m - 1) {
    const unsigned k = static_cast<unsigned>(__builtin_ctzll(m));
    uint32_t target = uniformTarget_[id];
    bool all = true;
    for (unsigned j = t.begin[k]; j < t.begin[k + 1] && all; ++j) {
      const uint8_t b = t.bytes[j];
      if (!((setBytes_[id * 4 + (b >> 6)] >> (b & 63)) & 1)) {
        all = false;
        break;
      }
      // Untouched (kReject has the touched bit too), and where the others go.
      const uint32_t next = step(id, b);
      if (next & kTouched)
        all = false;
      else if (target == kNoRow)
        target = next;
      else
        all = next == target;
    }
    uniformKnown_[id] |= uint64_t(1) << k;
    if (!all)
      return false;
    uniformTarget_[id] = target;
    uniformBits_[id] |= uint64_t(1) << k;
  }
  return true;
}

bool WalkSets::newRow(uint32_t id) {
  const size_t maxRows = kept_ ? kMaxKeptRows : kMaxRows;
  if (rows_.size() >= (maxRows << 8))
    return false;
  // A string's first fill makes ~100 rows, a long bounded string's more than
  // 128: growing the table by doubling copied more than the rows' own
  // zeroing (131K instructions of a 1.6M fill). The budget's worth is
  // reserved once per matcher; pages are touched only as rows are used.
  if (rows_.capacity() < (maxRows << 8))
    rows_.reserve(maxRows << 8);
  rowOf_[id] = static_cast<uint32_t>(rows_.size() >> 8);
  rows_.resize(rows_.size() + 256);
  return true;
}

bool WalkSets::fillSegment(uint32_t id, uint8_t b, uint32_t value) {
  // The bytes around b that no byte edge of the set tells apart: a step
  // scans by edge membership only, so they all lead where b leads.
  const CompiledGrammar &g = *g_;
  int lo = 0, hi = 255;
  for (uint32_t i = setBegin_[id]; i < setBegin_[id + 1]; ++i)
    for (uint32_t e = g.edgeBegin[items_[i].state], end = g.ruleEdgeBegin[items_[i].state]; e < end; ++e) {
      const CompiledGrammar::Edge &ed = g.edges[e];
      if (ed.hi < b)
        lo = std::max(lo, ed.hi + 1);
      else if (ed.lo > b)
        hi = std::min(hi, ed.lo - 1);
      else {
        lo = std::max(lo, int(ed.lo));
        hi = std::min(hi, int(ed.hi));
      }
    }
  if (lo == hi)
    return false;
  if (rowOf_[id] == kNoRow && !newRow(id))
    return false;
  std::fill(rows_.begin() + ((size_t(rowOf_[id]) << 8) | lo),
            rows_.begin() + ((size_t(rowOf_[id]) << 8) | hi) + 1, value ^ kKnown);
  return true;
}

uint32_t WalkSets::computeStep(uint32_t id, uint8_t b, size_t slot) {
  const uint64_t key = (uint64_t(id) << 8) | b;
  if (!((setBytes_[id * 4 + (b >> 6)] >> (b & 63)) & 1)) {
    storeTrans(slot, key, kReject);
    return kReject;
  }
  const CompiledGrammar &g = *g_;
  uint32_t start = static_cast<uint32_t>(items_.size());
  dedup_.clear();
  touched_ = false;
  uint32_t from = id;
  if (lexFlags_[id] & kPending) {
    // The set extended by the lexemes that b ends, interned as a set of its
    // own: completions of items scanned from it read it.
    for (uint32_t i = setBegin_[id]; i < setBegin_[id + 1]; ++i)
      add(items_[i].state, items_[i].ref);
    const size_t baseEnd = items_.size();
    completeLexemes(start, baseEnd, b);
    if (items_.size() == baseEnd) {
      items_.resize(start);
    } else {
      close(start, baseEnd);
      from = intern(start);
    }
    start = static_cast<uint32_t>(items_.size());
    dedup_.clear();
  }
  for (uint32_t i = setBegin_[from]; i < setBegin_[from + 1]; ++i) {
    const Item it = items_[i];
    for (uint32_t e = g.edgeBegin[it.state], end = g.ruleEdgeBegin[it.state]; e < end; ++e) {
      const CompiledGrammar::Edge &ed = g.edges[e];
      if (b >= ed.lo && b <= ed.hi)
        add(ed.target, it.ref == kSelf ? (kLocal | from) : it.ref);
    }
  }
  close(start, start);
  uint32_t next = intern(start);
  const bool touched = touched_ || (lexFlags_[next] & kExtensionTouched);
  uint32_t value = next | (touched ? kTouched : 0);
  storeTrans(slot, key, value);
  return value;
}

void WalkSets::storeTrans(size_t slot, uint64_t key, uint32_t value) {
  if ((transCount_ + 1) * 2 > transStamp_.size()) {
    growTrans();
    slot = hashKey(key) & transMask_;
    while (transStamp_[slot] == gen_)
      slot = (slot + 1) & transMask_;
  }
  transStamp_[slot] = gen_;
  transKey_[slot] = key;
  transVal_[slot] = value;
  ++transCount_;
}

void WalkSets::growTrans() {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> vals;
  keys.reserve(transCount_);
  vals.reserve(transCount_);
  for (size_t i = 0; i < transStamp_.size(); ++i)
    if (transStamp_[i] == gen_) {
      keys.push_back(transKey_[i]);
      vals.push_back(transVal_[i]);
    }
  size_t cap = transStamp_.size() * 2;
  transStamp_.assign(cap, 0);
  transKey_.assign(cap, 0);
  transVal_.assign(cap, 0);
  transMask_ = cap - 1;
  for (size_t i = 0; i < keys.size(); ++i) {
    size_t p = hashKey(keys[i]) & transMask_;
    while (transStamp_[p] == gen_)
      p = (p + 1) & transMask_;
    transStamp_[p] = gen_;
    transKey_[p] = keys[i];
    transVal_[p] = vals[i];
  }
}

size_t WalkSets::memoryBytes() const {
  return items_.capacity() * sizeof(Item) + lexFlags_.capacity() +
         (setBegin_.capacity() + rowOf_.capacity() + hashedSteps_.capacity() + rows_.capacity() + transVal_.capacity() + transStamp_.capacity() +
          2 * (loopKnown_.capacity() + loopBits_.capacity() + uniformKnown_.capacity() + uniformBits_.capacity()) +
          uniformTarget_.capacity() +
          internId_.capacity() + internStamp_.capacity()) *
             sizeof(uint32_t) +
         (setHash_.capacity() + setBytes_.capacity() + transKey_.capacity()) *
             sizeof(uint64_t) +
         dedup_.memoryBytes() + lexemeReads_.memoryBytes();
}

} // namespace grammar
} // namespace decc
