//===- SliceCheck.cpp - does a state accept a whole token slice? ----------===//
//
// A breadth-first search over (parse set, class state) pairs. A parse set
// holds elements (automaton state, the return states of the rules entered on
// the way there): reading a byte the class allows moves each element along
// its byte edges, then the closure enters rules (up to a small depth) and
// returns from the rules it entered. Completing a rule entered before the
// check started would read older Earley sets: those completions are left
// out, which only loses items, so a set that stays non-empty proves the
// Earley walk's set non-empty too, whatever the context. Breadth-first order
// makes the first empty set the shortest rejected string. Bytes are taken a
// segment at a time: between two consecutive edge or class boundaries every
// byte has the same successors.
//
// A pair's successors depend on the pair alone, so the graph of pairs is
// kept between checks: the next position of a bounded string (or the next
// key of an object) starts at, or soon meets, pairs an earlier check closed.

#include "SliceCheck.h"

#include <algorithm>
#include <cstring>

namespace decc {
namespace grammar {

namespace {
/// Rules entered at most below the starting states, and elements per set:
/// past them the check gives up (answers what it has checked).
constexpr uint32_t kMaxCallDepth = 4;
constexpr size_t kMaxElements = 256;
/// A loop (an unbounded string) closes after a handful of pairs. A bounded
/// one (`maxLength`) never closes and costs ~9 new pairs per character, so
/// past kDeepFrom characters a check goes on only while it has closed at most kSmall
/// new pairs, and it never closes more than kMaxNewPairs nor visits more
/// than kMaxVisits. Pairs earlier checks closed cost a visit each: the next
/// position of a bounded string finds the pairs of the previous one and
/// reaches a character deeper for ~9 new ones.
constexpr uint32_t kDeepFrom = 16;
constexpr size_t kSmall = 320;
constexpr size_t kMaxNewPairs = 1024;
constexpr size_t kMaxVisits = 1 << 14;
/// The exact check (leaving long tiers out) closes at most this many new
/// pairs; its answer is only useful near a bound, where pairs are few.
constexpr size_t kMaxNewExactPairs = 256;
/// A class's graph is dropped when it holds more pairs or elements.
constexpr size_t kMaxGraphPairs = 1 << 16;
constexpr size_t kMaxGraphElements = 1 << 20;

/// An automaton state and the return states of the rules entered on the way
/// there, innermost last: state = s[0], returns s[1 .. n).
struct Element {
  uint32_t n;
  uint32_t s[kMaxCallDepth + 1];
  bool operator==(const Element &o) const {
    return n == o.n && std::memcmp(s, o.s, n * sizeof(uint32_t)) == 0;
  }
  bool operator<(const Element &o) const {
    if (n != o.n)
      return n < o.n;
    return std::memcmp(s, o.s, n * sizeof(uint32_t)) < 0;
  }
};

/// A parse set and its closure. In the under-approximating mode (the check
/// that takes tiers whole) what the closure cannot follow is left out; in
/// the exact mode (the check that leaves tiers out) it makes the set
/// `unbounded`: a rule entered deeper than kMaxCallDepth, a lexeme's return,
/// or, once a byte was scanned, an element that completes a rule entered
/// before the check (completing it reads the context).
class ParseSet {
public:
  ParseSet(const CompiledGrammar &g, bool exact) : g_(g), exact_(exact) {}
  void clear() {
    elements_.clear();
    unbounded_ = false;
  }
  void setScanned(bool scanned) { scanned_ = scanned; }
  bool overflowed() const { return elements_.size() > kMaxElements; }
  bool unbounded() const { return unbounded_ || (exact_ && overflowed()); }
  std::vector<Element> &elements() { return elements_; }

  /// Adds `e` and its closure: entering the rules its state expects (and
  /// stepping over nullable ones), returning from a rule it entered.
  void add(const Element &e) {
    if (overflowed() || std::find(elements_.begin(), elements_.end(), e) != elements_.end())
      return;
    elements_.push_back(e);
    const uint32_t st = e.s[0];
    if (g_.isFinal[st]) {
      // A lexeme's return waits for the next byte (greedy): never taken here.
      if (e.n > 1 && !g_.isLexemeState(st)) {
        Element r = e;
        r.s[0] = e.s[e.n - 1];
        --r.n;
        add(r);
      } else if (exact_ && (e.n > 1 || scanned_)) {
        unbounded_ = true;
      }
    }
    for (uint32_t i = g_.ruleEdgeBegin[st], end = g_.edgeBegin[st + 1]; i < end; ++i) {
      const CompiledGrammar::Edge &ed = g_.edges[i];
      const CompiledGrammar::RuleInfo &r = g_.rules[ed.rule];
      if (r.nullable) {
        Element m = e;
        m.s[0] = ed.target;
        add(m);
      }
      if (e.n <= kMaxCallDepth) {
        Element in = e;
        in.s[0] = r.start;
        in.s[in.n++] = ed.target;
        add(in);
      } else if (exact_) {
        unbounded_ = true;
      }
    }
  }

private:
  const CompiledGrammar &g_;
  const bool exact_;
  bool scanned_ = false;
  bool unbounded_ = false;
  std::vector<Element> elements_;
};

/// Sorted element sets, each with a class state, interned by content in an
/// open-addressing table (a search interns a few thousand sets: a node-based
/// map's allocations were a third of its time).
class ElementSets {
public:
  ElementSets() : slots_(256, 0) { pool_.reserve(1024); }
  /// The id of `set` (sorted) with class state `cls`, and whether it is new.
  std::pair<uint32_t, bool> intern(const std::vector<Element> &set, uint8_t cls) {
    uint64_t h = 1469598103934665603ull ^ cls;
    for (const Element &e : set)
      for (uint32_t j = 0; j < e.n; ++j)
        h = (h ^ e.s[j]) * 1099511628211ull;
    // FNV's multiplier barely moves the low state bits of the last
    // elements into the bits the slot is taken from: mixed once more
    // (murmur3's finaliser), sets that differ in one state no longer share
    // a probe chain.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    size_t mask = slots_.size() - 1, i = (h >> 17) & mask;
    for (; slots_[i]; i = (i + 1) & mask) {
      const uint32_t id = slots_[i] - 1;
      if (hash_[id] == h && cls_[id] == cls &&
          end(id) - begin(id) == static_cast<ptrdiff_t>(set.size()) &&
          std::equal(set.begin(), set.end(), begin(id)))
        return {id, false};
    }
    const uint32_t id = static_cast<uint32_t>(cls_.size());
    slots_[i] = id + 1;
    hash_.push_back(h);
    cls_.push_back(cls);
    pool_.insert(pool_.end(), set.begin(), set.end());
    ends_.push_back(static_cast<uint32_t>(pool_.size()));
    if (2 * cls_.size() > slots_.size())
      grow();
    return {id, true};
  }
  const Element *begin(uint32_t id) const { return pool_.data() + (id ? ends_[id - 1] : 0); }
  const Element *end(uint32_t id) const { return pool_.data() + ends_[id]; }
  uint8_t classState(uint32_t id) const { return cls_[id]; }
  size_t size() const { return cls_.size(); }
  size_t elements() const { return pool_.size(); }
  void clear() {
    pool_.clear();
    ends_.clear();
    cls_.clear();
    hash_.clear();
    slots_.assign(256, 0);
  }
  size_t memoryBytes() const {
    return pool_.capacity() * sizeof(Element) + (ends_.capacity() + slots_.capacity()) * 4 +
           cls_.capacity() + hash_.capacity() * 8;
  }

private:
  void grow() {
    slots_.assign(slots_.size() * 2, 0);
    const size_t mask = slots_.size() - 1;
    for (uint32_t id = 0; id < hash_.size(); ++id) {
      size_t i = (hash_[id] >> 17) & mask;
      while (slots_[i])
        i = (i + 1) & mask;
      slots_[i] = id + 1;
    }
  }

  std::vector<Element> pool_;
  std::vector<uint32_t> ends_;
  std::vector<uint8_t> cls_;
  std::vector<uint64_t> hash_;
  std::vector<uint32_t> slots_; ///< id + 1, 0 = empty
};

/// Sorts the set and drops the elements that read no byte: the closure has
/// added what they lead to, so they change no successor, and without them
/// the set an Earley set starts with (its completed items have no return
/// states) is the pair an earlier check reached by returning from the same
/// rules. Under-approximating, it keeps one element per automaton state: the
/// one with the fewest return states but at least one if any has (it can
/// return where the others can, or can return at all). Any subset of a
/// parse set is still a sound under-approximation; without this the same
/// state entered from several parents multiplies the sets a search meets.
void canonicalize(const CompiledGrammar &g, bool exact, std::vector<Element> &set) {
  std::sort(set.begin(), set.end(), [](const Element &a, const Element &b) {
    if (a.s[0] != b.s[0])
      return a.s[0] < b.s[0];
    const uint32_t ra = a.n == 1 ? UINT32_MAX : a.n, rb = b.n == 1 ? UINT32_MAX : b.n;
    return ra != rb ? ra < rb : a < b;
  });
  size_t w = 0;
  for (size_t i = 0; i < set.size(); ++i) {
    const uint32_t st = set[i].s[0];
    if (g.edgeBegin[st] == g.ruleEdgeBegin[st])
      continue;
    if (w > 0 && set[w - 1].s[0] == st && (!exact || set[w - 1] == set[i]))
      continue;
    set[w++] = set[i];
  }
  set.resize(w);
}

} // namespace

/// One class's pairs, for one mode: a pair is a closed parse set with a
/// class state, and its successors under the class's bytes depend on it
/// alone.
struct SliceSearch::ClassGraph {
  static constexpr uint32_t kNoPair = UINT32_MAX;
  enum : uint8_t {
    kUnexpanded,
    kExpanded,
    /// Under-approximating: some byte of the class empties it (or its
    /// successor is too big to follow), so not every string one byte longer
    /// is kept.
    kRejects,
    /// Exact: a successor is unbounded (ParseSet), so nothing longer can be
    /// ruled out.
    kUnbounded,
  };
  struct Pair {
    uint32_t succBegin = 0, succEnd = 0;
    uint8_t status = kUnexpanded;
  };

  ClassGraph(const Utf8ClassDfa &c, bool exactMode) : cls(c), exact(exactMode) {
    for (int u = 0; u < Utf8ClassDfa::kStates; ++u) {
      classCuts[u][0] = 1; // byte 0 starts the first segment
      for (int b = 1; b < 256; ++b)
        if (cls.next[u][b] != cls.next[u][b - 1])
          classCuts[u][b >> 6] |= uint64_t(1) << (b & 63);
    }
  }
  void clearIfBig() {
    if (pairs.size() <= kMaxGraphPairs && closed.elements() <= kMaxGraphElements)
      return;
    closed.clear();
    scanned.clear();
    scannedPair.clear();
    pairs.clear();
    succ.clear();
    seen.clear();
  }
  uint32_t addPair(const std::vector<Element> &set, uint8_t clsState) {
    std::pair<uint32_t, bool> id = closed.intern(set, clsState);
    if (id.second) {
      pairs.emplace_back();
      seen.push_back(0);
    }
    return id.first;
  }
  bool between(uint32_t id) const { return closed.classState(id) == Utf8ClassDfa::kBetween; }
  void expand(const CompiledGrammar &g, uint32_t id);
  size_t memoryBytes() const {
    return closed.memoryBytes() + scanned.memoryBytes() + scannedPair.capacity() * 4 +
           pairs.capacity() * sizeof(Pair) + (succ.capacity() + seen.capacity()) * 4;
  }

  const Utf8ClassDfa cls;
  const bool exact;
  /// The bytes where the class's successor changes, per class state (a
  /// 256-bit set; byte 0 included): the first bytes of its segments.
  uint64_t classCuts[Utf8ClassDfa::kStates][4] = {};
  /// The pairs' parse sets after the closure, and the sets of scanned
  /// elements before it: many byte segments scan to the same elements, whose
  /// pair is then known already (scannedPair, or kNoPair when the closure
  /// overflowed or, exact, is unbounded).
  ElementSets closed, scanned;
  std::vector<uint32_t> scannedPair;
  std::vector<Pair> pairs;
  std::vector<uint32_t> succ;
  /// The check (or level) that last visited each pair.
  std::vector<uint32_t> seen;
  uint32_t check = 0;
  // Scratch.
  std::vector<Element> from, moved;
};

void SliceSearch::ClassGraph::expand(const CompiledGrammar &g, uint32_t id) {
  // Interning below may move the pool: the pair's elements are copied.
  from.assign(closed.begin(id), closed.end(id));
  const uint8_t state = closed.classState(id);
  // The segments' first bytes, ascending: a bit set, not a sorted list (the
  // sort was a tenth of a bounded string's first check).
  uint64_t cuts[4];
  std::memcpy(cuts, classCuts[state], sizeof(cuts));
  auto cut = [&](unsigned b) {
    if (b < 256)
      cuts[b >> 6] |= uint64_t(1) << (b & 63);
  };
  for (const Element &e : from)
    for (uint32_t i = g.edgeBegin[e.s[0]], ie = g.ruleEdgeBegin[e.s[0]]; i < ie; ++i) {
      cut(g.edges[i].lo);
      cut(g.edges[i].hi + 1u);
    }
  const uint32_t succBegin = static_cast<uint32_t>(succ.size());
  ParseSet set(g, exact);
  set.setScanned(true);
  uint8_t starts[256];
  unsigned numStarts = 0;
  for (unsigned w = 0; w < 4; ++w)
    for (uint64_t word = cuts[w]; word; word &= word - 1)
      starts[numStarts++] = static_cast<uint8_t>(w * 64 + __builtin_ctzll(word));
  for (unsigned c = 0; c < numStarts; ++c) {
    const int b = starts[c];
    const uint8_t next = cls.next[state][b];
    if (next == Utf8ClassDfa::kReject)
      continue;
    moved.clear();
    for (const Element &e : from)
      for (uint32_t i = g.edgeBegin[e.s[0]], ie = g.ruleEdgeBegin[e.s[0]]; i < ie; ++i)
        if (b >= g.edges[i].lo && b <= g.edges[i].hi) {
          Element m = e;
          m.s[0] = g.edges[i].target;
          moved.push_back(m);
        }
    if (moved.empty()) {
      if (exact)
        continue; // these strings die: nothing to follow
      succ.resize(succBegin);
      pairs[id] = {succBegin, succBegin, kRejects};
      return;
    }
    std::sort(moved.begin(), moved.end());
    moved.erase(std::unique(moved.begin(), moved.end()), moved.end());
    uint32_t to = kNoPair;
    std::pair<uint32_t, bool> sc = scanned.intern(moved, next);
    if (!sc.second) {
      to = scannedPair[sc.first];
    } else {
      set.clear();
      for (const Element &m : moved)
        set.add(m);
      if (!set.overflowed() && !set.unbounded()) {
        canonicalize(g, exact, set.elements());
        to = addPair(set.elements(), next);
      }
      scannedPair.push_back(to);
    }
    if (to == kNoPair) {
      succ.resize(succBegin);
      pairs[id] = {succBegin, succBegin, exact ? kUnbounded : kRejects};
      return;
    }
    if (std::find(succ.begin() + succBegin, succ.end(), to) == succ.end())
      succ.push_back(to);
  }
  pairs[id] = {succBegin, static_cast<uint32_t>(succ.size()), kExpanded};
}

SliceSearch::SliceSearch() = default;
SliceSearch::~SliceSearch() = default;

SliceSearch::ClassGraph &SliceSearch::graph(uint32_t classIndex, const Utf8ClassDfa &cls,
                                            bool exact) {
  const size_t slot = 2 * classIndex + (exact ? 1 : 0);
  if (graphs_.size() <= slot)
    graphs_.resize(slot + 1);
  if (!graphs_[slot])
    graphs_[slot] = std::make_unique<ClassGraph>(cls, exact);
  graphs_[slot]->clearIfBig();
  return *graphs_[slot];
}

uint32_t SliceSearch::shortestRejected(const CompiledGrammar &g, const std::vector<uint32_t> &states,
                                       uint32_t classIndex, const Utf8ClassDfa &cls, uint32_t limit,
                                       bool &rejecting) {
  rejecting = false;
  ClassGraph &G = graph(classIndex, cls, /*exact=*/false);
  ParseSet set(g, /*exact=*/false);
  // The starting states are a closed Earley set already; their closure
  // here adds the rules they expect with return states this check can use.
  for (uint32_t s : states)
    set.add(Element{1, {s}});
  if (set.overflowed())
    return 1;
  canonicalize(g, /*exact=*/false, set.elements());
  const uint32_t start = G.addPair(set.elements(), Utf8ClassDfa::kBetween);

  // Breadth-first by characters: a level holds the pairs between
  // characters after `chars` of them and the pairs inside the next one, so
  // the first rejecting pair has the fewest characters before it.
  const uint32_t check = ++G.check;
  level_.assign(1, start);
  G.seen[start] = check;
  size_t closedNow = 0, visits = 0;
  for (uint32_t chars = 0; !level_.empty(); ++chars) {
    // Strings of up to `chars` characters read bytes only from the levels
    // before this one, which were expanded without rejecting.
    if (chars >= limit)
      return limit + 1;
    next_.clear();
    for (size_t n = 0; n < level_.size(); ++n) {
      const uint32_t id = level_[n];
      if (G.pairs[id].status == ClassGraph::kUnexpanded) {
        if (closedNow >= kMaxNewPairs || (chars >= kDeepFrom && closedNow >= kSmall))
          return chars + 1;
        ++closedNow;
        G.expand(g, id);
      }
      if (G.pairs[id].status == ClassGraph::kRejects) {
        rejecting = true;
        return chars + 1;
      }
      if (++visits > kMaxVisits)
        return chars + 1;
      for (uint32_t i = G.pairs[id].succBegin; i < G.pairs[id].succEnd; ++i) {
        const uint32_t to = G.succ[i];
        if (G.seen[to] != check) {
          G.seen[to] = check;
          (G.between(to) ? next_ : level_).push_back(to);
        }
      }
    }
    level_.swap(next_);
  }
  return UINT32_MAX;
}

uint32_t SliceSearch::longestSurviving(const CompiledGrammar &g,
                                       const std::vector<uint32_t> &olderStates,
                                       uint32_t classIndex, const Utf8ClassDfa &cls,
                                       uint32_t limit) {
  if (g.hasLexemes)
    return UINT32_MAX;
  ClassGraph &G = graph(classIndex, cls, /*exact=*/true);
  ParseSet set(g, /*exact=*/true);
  // Items started in the current set are what the closure of the older
  // ones predicts; here it predicts them with their return states.
  for (uint32_t s : olderStates)
    set.add(Element{1, {s}});
  if (set.unbounded())
    return UINT32_MAX;
  canonicalize(g, /*exact=*/true, set.elements());
  level_.assign(1, G.addPair(set.elements(), Utf8ClassDfa::kBetween));

  // Level by level: the pairs between characters after exactly `chars`
  // characters (a pair may be on many levels), and the pairs inside the
  // next character. No pair on the next level: every longer string dies.
  size_t closedNow = 0;
  for (uint32_t chars = 0; chars < limit; ++chars) {
    // Pairs inside the next character, once per level; the pairs after it
    // are deduplicated at the end (one may also be on this level).
    const uint32_t check = ++G.check;
    next_.clear();
    for (size_t n = 0; n < level_.size(); ++n) {
      const uint32_t id = level_[n];
      if (G.pairs[id].status == ClassGraph::kUnexpanded) {
        if (closedNow >= kMaxNewExactPairs)
          return UINT32_MAX;
        ++closedNow;
        G.expand(g, id);
      }
      if (G.pairs[id].status == ClassGraph::kUnbounded)
        return UINT32_MAX;
      for (uint32_t i = G.pairs[id].succBegin; i < G.pairs[id].succEnd; ++i) {
        const uint32_t to = G.succ[i];
        if (G.between(to)) {
          next_.push_back(to);
        } else if (G.seen[to] != check) {
          G.seen[to] = check;
          level_.push_back(to);
        }
      }
      if (level_.size() + next_.size() > kMaxVisits)
        return UINT32_MAX;
    }
    if (next_.empty())
      return chars + 1;
    std::sort(next_.begin(), next_.end());
    next_.erase(std::unique(next_.begin(), next_.end()), next_.end());
    // The same pairs again (a loop, an unbounded string): no bound.
    level_.erase(std::remove_if(level_.begin(), level_.end(),
                                [&](uint32_t id) { return !G.between(id); }),
                 level_.end());
    std::sort(level_.begin(), level_.end());
    if (next_ == level_)
      return UINT32_MAX;
    level_.swap(next_);
  }
  return UINT32_MAX;
}

size_t SliceSearch::memoryBytes() const {
  size_t n = (level_.capacity() + next_.capacity()) * 4;
  for (const auto &G : graphs_)
    if (G)
      n += sizeof(ClassGraph) + G->memoryBytes();
  return n;
}

} // namespace grammar
} // namespace decc
