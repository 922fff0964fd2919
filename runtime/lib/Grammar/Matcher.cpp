//===- Matcher.cpp - byte-level Earley recogniser -------------------------===//
//
// Items are (automaton state, origin set). All sets live in one flat item
// array with a start offset per set, so advancing pushes a set, rollback
// and the mask walk's backtracking pop them, and nothing is allocated per
// byte once the arrays have grown. Items are deduplicated per set with an
// open-addressing table whose slots are invalidated by a generation stamp.
// Nullable rules are handled as Aycock and Horspool do: predicting a
// nullable rule also steps over it at once.
//
// Lexemes (docs/grammars.md, "Lexemes") are completed greedily: the closure
// leaves a lexeme's final items pending, and pushByte(b) completes those
// whose origin has no lexeme item reading b into the set before scanning b
// (the set is extended in place; popSet gives the extension back). The end
// of the input completes every pending lexeme (isComplete), and so does a
// byte that no item of the set reads, which makes the set's byte map the
// union of its own and of that one extension's.

#include "ByteBits.h"
#include "ItemDedup.h"
#include "MaskCache.h"
#include "SliceCheck.h"
#include "WalkSets.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

namespace decc {
namespace grammar {

namespace {
/// The mask cache of every matcher of one grammar and vocabulary: a server
/// creates a matcher per request, and each would otherwise walk the whole
/// trie again for every key its predecessors already filled. Entries depend
/// only on the grammar's states and the vocabulary. The registry holds weak
/// references: a live cache has a live matcher, which keeps its grammar and
/// vocabulary alive, so their addresses identify them.
std::shared_ptr<MaskCache> sharedCache(const CompiledGrammar *g, const Vocabulary *v) {
  static std::mutex mu;
  static std::map<std::pair<const void *, const void *>, std::weak_ptr<MaskCache>> registry;
  static size_t created = 0;
  std::lock_guard<std::mutex> lock(mu);
  std::weak_ptr<MaskCache> &slot = registry[{g, v}];
  if (std::shared_ptr<MaskCache> c = slot.lock())
    return c;
  auto c = std::make_shared<MaskCache>();
  slot = c;
  // Dead entries of grammars gone: swept now and then, so that the registry
  // stays as big as the set of live grammars.
  if (++created % 256 == 0)
    for (auto it = registry.begin(); it != registry.end();)
      it = it->second.expired() ? registry.erase(it) : std::next(it);
  return c;
}

constexpr uint8_t kPending = 1;  ///< the set has a final lexeme item
constexpr uint8_t kComplete = 2; ///< complete once its pending lexemes are

} // namespace

Matcher::Matcher(std::shared_ptr<const CompiledGrammar> g,
                 std::shared_ptr<const Vocabulary> vocab)
    : g_(std::move(g)), vocab_(std::move(vocab)), cache_(sharedCache(g_.get(), vocab_.get())),
      dedup_(std::make_unique<ItemDedup>(1024)), walk_(std::make_unique<WalkSets>()),
      missWalk_(std::make_unique<WalkSets>()), sliceSearch_(std::make_unique<SliceSearch>()) {
  pushInitial();
}

Matcher::Matcher(const Matcher &o)
    : g_(o.g_), vocab_(o.vocab_), cache_(o.cache_), items_(o.items_), setBegin_(o.setBegin_),
      setBytes_(o.setBytes_), tokenEnds_(o.tokenEnds_), baseEnd_(o.baseEnd_),
      setFlags_(o.setFlags_), terminated_(o.terminated_),
      dedup_(std::make_unique<ItemDedup>(o.dedup_->slots())), walk_(std::make_unique<WalkSets>()),
      missWalk_(std::make_unique<WalkSets>()), sliceSearch_(std::make_unique<SliceSearch>()) {}

Matcher::~Matcher() = default;

void Matcher::pushInitial() {
  items_.clear();
  setBegin_.assign(1, 0);
  setBytes_.clear();
  baseEnd_.clear();
  setFlags_.clear();
  dedup_->clear();
  addItem(g_->rules[g_->root].start, 0);
  closeLastSet();
}

void Matcher::reset() {
  missStale_ = true;
  tokenEnds_.clear();
  terminated_ = false;
  pushInitial();
}

void Matcher::addItem(uint32_t state, uint32_t origin) {
  if (dedup_->insert(state, origin))
    items_.push_back({state, origin});
}

void Matcher::closeItems(size_t from) {
  const CompiledGrammar &g = *g_;
  const uint32_t k = static_cast<uint32_t>(setBegin_.size() - 1);
  for (size_t i = from; i < items_.size(); ++i) {
    const Item it = items_[i];
    // A lexeme's completion waits for the next byte (completeLexemes).
    if (g.isFinal[it.state] && !g.isLexemeState(it.state)) {
      const uint32_t r = g.ruleOf[it.state];
      // The set being built is read up to its current end: items added
      // later that expect r get it from nullable prediction.
      size_t to = it.origin == k ? items_.size() : setBegin_[it.origin + 1];
      for (size_t j = setBegin_[it.origin]; j < to; ++j) {
        const Item p = items_[j];
        for (uint32_t e = g.ruleEdgeBegin[p.state], end = g.edgeBegin[p.state + 1]; e < end; ++e)
          if (g.edges[e].rule == r)
            addItem(g.edges[e].target, p.origin);
      }
    }
    for (uint32_t e = g.ruleEdgeBegin[it.state], end = g.edgeBegin[it.state + 1]; e < end; ++e) {
      const CompiledGrammar::Edge &ed = g.edges[e];
      const CompiledGrammar::RuleInfo &ri = g.rules[ed.rule];
      addItem(ri.start, k);
      // An empty lexeme is the lexeme left out: no greedy choice to make.
      if (ri.nullable)
        addItem(ed.target, it.origin);
    }
  }
}

void Matcher::completeLexemes(size_t begin, size_t baseEnd, int b) {
  const CompiledGrammar &g = *g_;
  const uint32_t k = static_cast<uint32_t>(setBegin_.size() - 1);
  for (size_t i = begin; i < baseEnd; ++i) {
    const Item it = items_[i];
    if (!g.isFinal[it.state] || !g.isLexemeState(it.state) || it.origin == k)
      continue;
    bool continues = false;
    for (size_t j = begin; j < baseEnd && b >= 0 && !continues; ++j) {
      const Item q = items_[j];
      if (q.origin != it.origin || !g.isLexemeState(q.state))
        continue;
      for (uint32_t e = g.edgeBegin[q.state], end = g.ruleEdgeBegin[q.state]; e < end; ++e)
        if (b >= g.edges[e].lo && b <= g.edges[e].hi) {
          continues = true;
          break;
        }
    }
    if (continues)
      continue;
    const uint32_t r = g.ruleOf[it.state];
    for (size_t j = setBegin_[it.origin], to = setBegin_[it.origin + 1]; j < to; ++j) {
      const Item p = items_[j];
      for (uint32_t e = g.ruleEdgeBegin[p.state], end = g.edgeBegin[p.state + 1]; e < end; ++e)
        if (g.edges[e].rule == r)
          addItem(g.edges[e].target, p.origin);
    }
  }
}

void Matcher::closeLastSet() {
  const CompiledGrammar &g = *g_;
  const uint32_t k = static_cast<uint32_t>(setBegin_.size() - 1);
  const uint32_t begin = setBegin_.back();
  closeItems(begin);
  const size_t baseEnd = items_.size();
  size_t w = setBytes_.size();
  setBytes_.resize(w + 4, 0);
  uint64_t *bits = &setBytes_[w];
  auto addBits = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      uint32_t s = items_[i].state;
      for (uint32_t e = g.edgeBegin[s], end = g.ruleEdgeBegin[s]; e < end; ++e)
        setByteRange(bits, g.edges[e].lo, g.edges[e].hi);
    }
  };
  addBits(begin, baseEnd);
  if (g.hasLexemes) {
    uint8_t flags = 0;
    for (size_t i = begin; i < baseEnd; ++i)
      if (g.isFinal[items_[i].state] && g.isLexemeState(items_[i].state) && items_[i].origin != k)
        flags |= kPending;
    if (flags & kPending) {
      // The extension of every byte the set's items do not read (and of the
      // end of the input): all pending lexemes end. Measured, then dropped.
      completeLexemes(begin, baseEnd, -1);
      closeItems(baseEnd);
      addBits(baseEnd, items_.size());
    }
    for (size_t i = begin; i < items_.size(); ++i)
      if (items_[i].origin == 0 && g.isFinal[items_[i].state] && g.ruleOf[items_[i].state] == g.root)
        flags |= kComplete;
    items_.resize(baseEnd);
    baseEnd_.push_back(static_cast<uint32_t>(baseEnd));
    setFlags_.push_back(flags);
  }
  setBegin_.push_back(static_cast<uint32_t>(items_.size()));
}

bool Matcher::setAllows(size_t set, uint8_t b) const {
  return (setBytes_[set * 4 + (b >> 6)] >> (b & 63)) & 1;
}

bool Matcher::pushByte(uint8_t b) {
  const CompiledGrammar &g = *g_;
  size_t prev = setBegin_.size() - 2;
  if (!setAllows(prev, b))
    return false;
  if (g.hasLexemes && (setFlags_[prev] & kPending)) {
    // Set prev gets the lexemes that b ends, and their closure.
    setBegin_.pop_back();
    dedup_->clear();
    for (size_t i = setBegin_[prev]; i < baseEnd_[prev]; ++i)
      dedup_->insert(items_[i].state, items_[i].origin);
    completeLexemes(setBegin_[prev], baseEnd_[prev], b);
    closeItems(baseEnd_[prev]);
    setBegin_.push_back(static_cast<uint32_t>(items_.size()));
  }
  dedup_->clear();
  // The new set starts at the current end; setBegin_.back() already says so.
  size_t from = setBegin_[prev], to = setBegin_[prev + 1];
  for (size_t i = from; i < to; ++i) {
    const Item it = items_[i];
    for (uint32_t e = g.edgeBegin[it.state], end = g.ruleEdgeBegin[it.state]; e < end; ++e) {
      const CompiledGrammar::Edge &ed = g.edges[e];
      if (b >= ed.lo && b <= ed.hi)
        addItem(ed.target, it.origin);
    }
  }
  closeLastSet();
  return true;
}

void Matcher::popSet() {
  setBegin_.pop_back();
  // Set missBase_ - 1 popped: the kept miss walk may hold what it read.
  if (setBegin_.size() - 1 < missBase_)
    missStale_ = true;
  items_.resize(setBegin_.back());
  setBytes_.resize(setBytes_.size() - 4);
  if (g_->hasLexemes) {
    baseEnd_.pop_back();
    setFlags_.pop_back();
    // The set before it loses what pushByte added for the popped byte.
    if (!baseEnd_.empty()) {
      items_.resize(baseEnd_.back());
      setBegin_.back() = baseEnd_.back();
    }
  }
}

bool Matcher::acceptBytes(std::string_view bytes) {
  if (terminated_ || bytes.empty())
    return false;
  size_t sets = setBegin_.size();
  for (char c : bytes) {
    if (!pushByte(static_cast<uint8_t>(c))) {
      while (setBegin_.size() > sets)
        popSet();
      return false;
    }
  }
  tokenEnds_.push_back(static_cast<uint32_t>(setBegin_.size()));
  return true;
}

bool Matcher::acceptToken(int32_t id) {
  if (terminated_)
    return false;
  if (vocab_->isEos(id)) {
    if (!isComplete())
      return false;
    terminated_ = true;
    tokenEnds_.push_back(static_cast<uint32_t>(setBegin_.size()));
    return true;
  }
  return acceptBytes(vocab_->bytes(id));
}

bool Matcher::rollback(size_t n) {
  if (n > tokenEnds_.size())
    return false;
  if (n == 0)
    return true;
  // Only the last token can be EOS: nothing is accepted after it.
  terminated_ = false;
  tokenEnds_.resize(tokenEnds_.size() - n);
  size_t keep = tokenEnds_.empty() ? 2 : tokenEnds_.back();
  while (setBegin_.size() > keep)
    popSet();
  return true;
}

size_t Matcher::validateTokens(const int32_t *ids, size_t count) {
  size_t n = 0;
  while (n < count && acceptToken(ids[n]))
    ++n;
  rollback(n);
  return n;
}

bool Matcher::isComplete() const {
  const CompiledGrammar &g = *g_;
  size_t k = setBegin_.size() - 2;
  if (g.hasLexemes)
    return (setFlags_[k] & kComplete) != 0;
  for (size_t i = setBegin_[k]; i < setBegin_[k + 1]; ++i) {
    const Item &it = items_[i];
    if (it.origin == 0 && g.isFinal[it.state] && g.ruleOf[it.state] == g.root)
      return true;
  }
  return false;
}

std::string Matcher::forcedBytes() {
  std::string out;
  if (terminated_)
    return out;
  size_t sets = setBegin_.size();
  // A forced path cannot be longer than the automata are big, unless it
  // loops through recursion; the cap keeps `a ::= "x" a | "x" "y"`-like
  // cases bounded.
  constexpr size_t kMax = 1 << 16;
  while (out.size() < kMax && !isComplete()) {
    const uint64_t *bits = &setBytes_[(setBegin_.size() - 2) * 4];
    int count = 0, byte = -1;
    for (int w = 0; w < 4; ++w) {
      count += __builtin_popcountll(bits[w]);
      if (bits[w] && byte < 0)
        byte = w * 64 + __builtin_ctzll(bits[w]);
    }
    if (count != 1 || !pushByte(static_cast<uint8_t>(byte)))
      break;
    out += static_cast<char>(byte);
  }
  while (setBegin_.size() > sets)
    popSet();
  return out;
}

void Matcher::beginWalk(bool miss) {
  static_assert(sizeof(Item) == sizeof(WalkSets::SetItem), "WalkSets reads the matcher's items");
  const uint32_t k = static_cast<uint32_t>(setBegin_.size() - 2);
  // With lexemes a step's touched mark depends on the cache key's reads,
  // which change from fill to fill: nothing is kept.
  const bool keep = miss && !missStale_ && !g_->hasLexemes;
  if (miss) {
    missBase_ = keep ? std::max(missBase_, k) : k;
    missStale_ = false;
  }
  activeWalk_ = miss ? missWalk_.get() : walk_.get();
  // fillMask listed the lexeme reads for this set (cacheKey).
  pathSet_[0] = activeWalk_->begin(*g_, reinterpret_cast<const WalkSets::SetItem *>(items_.data()),
                                   setBegin_.data(), k,
                                   g_->hasLexemes ? &walk_->lexemeReads() : nullptr, keep);
  depthTouched_[0] = 0;
}

void Matcher::walkAll(uint32_t *bitmask, MaskCacheEntry &record) {
  const Vocabulary &v = *vocab_;
  beginWalk(/*miss=*/true);
  // Per class: strings of fewer than rejectedAt characters are all kept
  // (their tiers are taken whole), strings of survivesBelow or more are all
  // rejected (their tiers are left out); the tiers between are walked.
  // Widest class first: a narrower one inherits both answers, and asks only
  // when they leave some of its tiers to walk.
  std::vector<uint32_t> states, olderStates;
  const size_t k = setBegin_.size() - 2;
  for (size_t i = setBegin_[k]; i < setBegin_[k + 1]; ++i) {
    states.push_back(items_[i].state);
    if (items_[i].origin != k || k == 0)
      olderStates.push_back(items_[i].state);
  }
  const size_t numClasses = v.sliceClasses.size();
  // The checks' depths: the last tier's lower bound, past which the search
  // could only take (or leave out) that tier, and only if it closes.
  std::vector<uint32_t> depth(numClasses, 0);
  std::vector<uint32_t> rejectedAt(numClasses, 0), survivesBelow(numClasses, UINT32_MAX);
  for (const TokenSlice &s : v.slices)
    depth[s.cls] = std::max(depth[s.cls], s.minChars);
  auto toWalk = [&](size_t c) {
    for (const TokenSlice &s : v.slices)
      if (s.cls == c && s.longestChars >= rejectedAt[c] && s.minChars + 1 < survivesBelow[c])
        return true;
    return false;
  };
  for (size_t c = numClasses; c-- > 0;) {
    if (c == v.partialClass) {
      // Its tokens are prefixes of strings of partialOf's class with as many
      // characters as they start: kept as far as those are, never left out.
      rejectedAt[c] = rejectedAt[v.partialOf];
      continue;
    }
    for (size_t p = c + 1; p < numClasses; ++p)
      if ((v.sliceClassWithin[c] >> p) & 1) {
        rejectedAt[c] = std::max(rejectedAt[c], rejectedAt[p]);
        survivesBelow[c] = std::min(survivesBelow[c], survivesBelow[p]);
      }
    const uint32_t cls = static_cast<uint32_t>(c);
    bool rejecting = false;
    // Not asked when the answers a wider class gave cannot be improved: it
    // kept every string as long as this class's search would look (a
    // bounded string's first positions; the search could only add a loop it
    // closes, which the wider one did not find), or its two answers meet
    // (every string shorter than a bound survives, every longer one dies).
    if (toWalk(c) && rejectedAt[c] <= depth[c] && rejectedAt[c] < survivesBelow[c])
      rejectedAt[c] = std::max(rejectedAt[c], sliceSearch_->shortestRejected(*g_, states, cls, v.sliceClasses[c],
                                                                             depth[c], rejecting));
    // Strings shorter than rejectedAt survive, so a bound is at least that:
    // the exact search runs only where the first one met a rejection (a
    // bound near), not where it stopped at its depth or budget.
    if (toWalk(c) && rejecting)
      survivesBelow[c] = std::min(
          survivesBelow[c], sliceSearch_->longestSurviving(*g_, olderStates, cls, v.sliceClasses[c],
                                                           std::min(depth[c], rejectedAt[c]) + 1));
  }
  // Whole tiers are a prefix of their class's: one OR of the last one's
  // running mask.
  const size_t words = record.mask.size();
  std::vector<const TokenTrie *> walk;
  std::vector<uint32_t> taken(numClasses, 0);
  std::vector<const TokenSlice *> walkTiers;
  for (size_t i = 0; i < v.slices.size(); ++i) {
    const TokenSlice &s = v.slices[i];
    if (s.longestChars < rejectedAt[s.cls]) {
      ++taken[s.cls];
      const bool lastWhole = i + 1 == v.slices.size() || v.slices[i + 1].cls != s.cls ||
                             v.slices[i + 1].longestChars >= rejectedAt[s.cls];
      if (lastWhole)
        for (size_t w = 0; w < words; ++w)
          record.mask[w] |= s.maskThrough[w];
    } else if (s.minChars + 1 >= survivesBelow[s.cls]) {
      ++taken[s.cls]; // every token of the tier is rejected
    } else {
      walkTiers.push_back(&s);
    }
  }
  // A class none of whose tiers is taken is walked in one trie (prefixes
  // shared across tiers); nothing taken at all: the whole vocabulary's.
  if (std::count(taken.begin(), taken.end(), 0u) == static_cast<ptrdiff_t>(numClasses)) {
    walk.assign(1, &v.trie);
  } else {
    for (size_t c = 0; c < numClasses; ++c)
      if (taken[c] == 0)
        walk.push_back(&v.classTries[c]);
    for (const TokenSlice *s : walkTiers)
      if (taken[s->cls] > 0)
        walk.push_back(&s->trie);
    walk.push_back(&v.rest);
  }
  for (const TokenTrie *t : walk) {
    record.walked.push_back({t, {}});
    walkNodes<true>(*t, 1, t->numNodes(), bitmask, record.mask.data(),
                    &record.walked.back().frontier);
  }
}

void Matcher::walkFrontier(uint32_t *bitmask, const MaskCacheEntry &entry) {
  beginWalk(/*miss=*/false);
  WalkSets &w = *activeWalk_;
  // Straight to each frontier node: its path's bytes are the first bytes of
  // the first token in its subtree, and the steps along the path are
  // context-independent (they were when the entry was recorded), so only the
  // part below the previous node's path is stepped.
  for (const MaskCacheEntry::Walked &walked : entry.walked) {
    const TokenTrie &t = *walked.trie;
    std::string_view prev;
    for (uint32_t f : walked.frontier) {
      const uint32_t depth = t.nodeDepth[f];
      std::string_view path = vocab_->bytes(t.tokenIds[t.tokenBegin[f]]).substr(0, depth);
      size_t d = 0;
      while (d < prev.size() && d + 1 < depth && prev[d] == path[d])
        ++d;
      bool ok = true;
      for (; d + 1 < depth; ++d) {
        uint32_t next = w.step(pathSet_[d], static_cast<uint8_t>(path[d]));
        if (next == WalkSets::kReject) {
          ok = false;
          break;
        }
        pathSet_[d + 1] = next & WalkSets::kIdMask;
      }
      prev = path.substr(0, d);
      if (ok)
        walkNodes<false>(t, f, t.subtreeEnd[f], bitmask, nullptr, nullptr);
    }
  }
}

namespace {
constexpr uint32_t kTakeWholeMinNodes = 8;
// TokenTrie::subtreeHeight's cap: a subtree that high may be higher.
constexpr uint8_t kHeightCap = 255;

// Whether WalkSets::acceptsAll may save more than it costs: following a
// chain costs a few instructions per level, a walked node tens; learning a
// chain steps every byte of the buckets from each of `height` sets, once per
// set. Where the first step is learnt already (the chain after ".s" serves
// ".g") the bucket count does not matter.
constexpr uint32_t kNodesPerLevel = 8;
bool worthAsking(const WalkSets &w, uint32_t set, uint64_t buckets, uint32_t height, uint32_t nodes) {
  return height < kHeightCap && nodes >= kNodesPerLevel * height &&
         (w.knowsUniform(set, buckets) || nodes >= height * static_cast<uint32_t>(__builtin_popcountll(buckets)));
}
} // namespace

template <bool Record>
void Matcher::walkNodes(const TokenTrie &trie, uint32_t begin, uint32_t end, uint32_t *bitmask,
                        uint32_t *ciMask, std::vector<uint32_t> *frontier) {
  // Two loops: the one that may take subtrees whole costs a few
  // instructions more per node, paid only where there are buckets to ask.
  if (trie.subtreeBuckets.empty())
    walkNodesOf<Record, false>(trie, begin, end, bitmask, ciMask, frontier);
  else
    walkNodesOf<Record, true>(trie, begin, end, bitmask, ciMask, frontier);
}

template <bool Record, bool TakeWhole>
void Matcher::walkNodesOf(const TokenTrie &trie, uint32_t begin, uint32_t end, uint32_t *bitmask,
                          uint32_t *ciMask, std::vector<uint32_t> *frontier) {
  WalkSets &w = *activeWalk_;
  const uint8_t *nodeByte = trie.nodeByte.data();
  const uint32_t *nodeDepth = trie.nodeDepth.data();
  const uint32_t *subtreeEnd = trie.subtreeEnd.data();
  const uint32_t *tokenBegin = trie.tokenBegin.data();
  const int32_t *tokenIds = trie.tokenIds.data();
  const uint64_t *subtreeBuckets = trie.subtreeBuckets.data();
  const uint8_t *subtreeHeight = trie.subtreeHeight.data();
  uint32_t *pathSet = pathSet_.data();
  uint8_t *touchedAt = depthTouched_.data();
  uint32_t i = begin;
  while (i < end) {
    const uint32_t d = nodeDepth[i];
    const uint32_t from = pathSet[d - 1];
    const uint32_t next = w.step(from, nodeByte[i]);
    if (next == WalkSets::kReject) {
      i = subtreeEnd[i];
      continue;
    }
    pathSet[d] = next & WalkSets::kIdMask;
    uint32_t *out = bitmask;
    if (Record) {
      const uint8_t parentTouched = touchedAt[d - 1];
      const uint8_t touched = parentTouched | ((next & WalkSets::kTouched) ? 1 : 0);
      touchedAt[d] = touched;
      if (!touched)
        out = ciMask;
      else if (!parentTouched)
        frontier->push_back(i);
    }
    // Every string below accepted, each step untouched: the whole subtree
    // is, as the node-by-node walk would find. A loop (the set steps to
    // itself on every byte below: an unbounded string, an e-mail atom) is
    // learnt per bucket; otherwise (a bounded repetition far from its
    // bound: the next DNS label's letters) the chain of sets is followed
    // as deep as the subtree goes, by first walks only (a cache hit's
    // frontier walks are short: the question cost them more than it saved,
    // JSON stream +2.5% instructions). Asked only of subtrees big enough to
    // repay the question (inside a JSON string the rest's subtrees all hold
    // a quote or a control byte: it has no buckets).
    uint32_t last = i + 1;
    if (TakeWhole && subtreeEnd[i] >= i + kTakeWholeMinNodes &&
        (next == from ? w.loopsOver(from, subtreeBuckets[i])
                      : Record && worthAsking(w, next & WalkSets::kIdMask, subtreeBuckets[i], subtreeHeight[i],
                                    subtreeEnd[i] - i) &&
                            w.acceptsAll(next & WalkSets::kIdMask, subtreeBuckets[i], subtreeHeight[i])))
      last = subtreeEnd[i];
    for (uint32_t t = tokenBegin[i], te = tokenBegin[last]; t < te; ++t) {
      const uint32_t id = static_cast<uint32_t>(tokenIds[t]);
      out[id >> 5] |= 1u << (id & 31);
    }
    i = last;
  }
}

void Matcher::fillMask(uint32_t *bitmask, size_t vocabPadded) {
  const Vocabulary &v = *vocab_;
  const size_t words = (vocabPadded + 31) / 32;
  const size_t vocabWords = (v.size() + 31) / 32;
  if (terminated_ || vocabPadded < v.size()) {
    std::memset(bitmask, 0, words * sizeof(uint32_t));
    if (terminated_)
      return;
    // The caller's row is shorter than the vocabulary: compute into a full
    // row and copy the part that fits.
    std::vector<uint32_t> full(vocabWords, 0);
    fillMask(full.data(), v.size());
    std::memcpy(bitmask, full.data(), words * sizeof(uint32_t));
    if (vocabPadded % 32)
      bitmask[words - 1] &= (1u << (vocabPadded % 32)) - 1;
    return;
  }
  // Words past the vocabulary; the others are written whole below.
  std::memset(bitmask + vocabWords, 0, (words - vocabWords) * sizeof(uint32_t));

  // One entry per depth, root included: the walks index them without checks.
  pathSet_.resize(v.maxDepth() + 1);
  depthTouched_.resize(v.maxDepth() + 1);
  std::string key = cacheKey();
  std::shared_ptr<const MaskCacheEntry> hit = cache_->find(key);
  if (hit) {
    std::memcpy(bitmask, hit->mask.data(), vocabWords * sizeof(uint32_t));
    walkFrontier(bitmask, *hit);
  } else {
    auto entry = std::make_shared<MaskCacheEntry>();
    entry->mask.assign(vocabWords, 0);
    std::memset(bitmask, 0, vocabWords * sizeof(uint32_t));
    walkAll(bitmask, *entry);
    for (size_t i = 0; i < vocabWords; ++i)
      bitmask[i] |= entry->mask[i];
    cache_->insert(std::move(key), std::move(entry));
  }
  if (isComplete())
    for (int32_t e : v.eosIds())
      if (e >= 0 && static_cast<size_t>(e) < v.size())
        bitmask[e >> 5] |= 1u << (e & 31);
}

std::string Matcher::cacheKey() const {
  // The walk up to the first completion that reads a set older than the
  // current one depends only on the current set's (state, is-local) pairs.
  size_t k = setBegin_.size() - 2;
  keyScratch_.clear();
  if (g_->hasLexemes) {
    // Ending the pending lexemes reads older sets at almost every first
    // byte: the key holds what those reads yield, so that the walk may take
    // them as context-independent (LexemeReads.h). The walk reads this list.
    static_assert(sizeof(Item) == sizeof(LexemeReads::SetItem), "LexemeReads reads the matcher's items");
    LexemeReads &reads = walk_->lexemeReads();
    reads.compute(*g_, reinterpret_cast<const LexemeReads::SetItem *>(items_.data()),
                  setBegin_.data(), static_cast<uint32_t>(k));
    reads.appendKey(keyScratch_);
  } else {
    // Items at a state without edges (a completed rule, such as the last
    // character of a string) read nothing and were completed when the set
    // was closed: leaving them out lets the second position of a string
    // share the first one's entry.
    for (size_t i = setBegin_[k]; i < setBegin_[k + 1]; ++i) {
      const uint32_t st = items_[i].state;
      if (g_->edgeBegin[st] != g_->edgeBegin[st + 1])
        keyScratch_.push_back((st << 1) | (items_[i].origin == k ? 1u : 0u));
    }
    std::sort(keyScratch_.begin(), keyScratch_.end());
    keyScratch_.erase(std::unique(keyScratch_.begin(), keyScratch_.end()), keyScratch_.end());
  }
  return std::string(reinterpret_cast<const char *>(keyScratch_.data()),
                     keyScratch_.size() * sizeof(uint32_t));
}

size_t Matcher::memoryBytes() const {
  return sizeof(*this) + items_.capacity() * sizeof(Item) +
         (setBegin_.capacity() + tokenEnds_.capacity()) *
             sizeof(uint32_t) +
         setBytes_.capacity() * sizeof(uint64_t) + baseEnd_.capacity() * sizeof(uint32_t) +
         setFlags_.capacity() + dedup_->memoryBytes() +
         walk_->memoryBytes() + missWalk_->memoryBytes() + sliceSearch_->memoryBytes() +
         (pathSet_.capacity() + depthTouched_.capacity()) * 4;
}

} // namespace grammar
} // namespace decc
