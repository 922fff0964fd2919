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

#include "TokenSlices.h"

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
/// one (`maxLength`) never closes and costs ~9 pairs per byte, so past
/// kDeepFrom bytes the search goes on only while it is small, and it never
/// holds more than kMaxPairs.
constexpr uint32_t kDeepFrom = 16;
constexpr size_t kSmall = 64;
constexpr size_t kMaxPairs = 1024;

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

class ParseSet {
public:
  explicit ParseSet(const CompiledGrammar &g) : g_(g) {}
  void clear() { elements_.clear(); }
  bool empty() const { return elements_.empty(); }
  bool overflowed() const { return elements_.size() > kMaxElements; }
  std::vector<Element> &elements() { return elements_; }

  /// Adds `e` and its closure: entering the rules its state expects (and
  /// stepping over nullable ones), returning from a rule it entered.
  void add(const Element &e) {
    if (overflowed() || std::find(elements_.begin(), elements_.end(), e) != elements_.end())
      return;
    elements_.push_back(e);
    const uint32_t st = e.s[0];
    // A lexeme's return waits for the next byte (greedy): never taken here.
    if (g_.isFinal[st] && e.n > 1 && !g_.isLexemeState(st)) {
      Element r = e;
      r.s[0] = e.s[e.n - 1];
      --r.n;
      add(r);
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
      }
    }
  }

private:
  const CompiledGrammar &g_;
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

/// Keeps one element per automaton state: the one with the fewest return
/// states but at least one if any has (it can return where the others
/// can, or can return at all), and sorts. Any subset of a parse set is still
/// a sound under-approximation; without this the same state entered from
/// several parents multiplies the sets a search meets.
void onePerState(std::vector<Element> &set) {
  std::sort(set.begin(), set.end(), [](const Element &a, const Element &b) {
    if (a.s[0] != b.s[0])
      return a.s[0] < b.s[0];
    const uint32_t ra = a.n == 1 ? UINT32_MAX : a.n, rb = b.n == 1 ? UINT32_MAX : b.n;
    return ra != rb ? ra < rb : a < b;
  });
  size_t w = 0;
  for (size_t i = 0; i < set.size(); ++i)
    if (w == 0 || set[w - 1].s[0] != set[i].s[0])
      set[w++] = set[i];
  set.resize(w);
}

struct Pair {
  uint32_t set; ///< in the closed sets
  uint8_t cls;
  uint32_t depth;
};
} // namespace

uint32_t shortestRejected(const CompiledGrammar &g, const std::vector<uint32_t> &states,
                          const Utf8ClassDfa &cls, uint32_t limit) {
  std::vector<Pair> pairs;
  // Parse sets after the closure (the pairs), and the sets of scanned
  // elements before it: many byte segments scan to the same elements, whose
  // closure and pair are then known already.
  ElementSets closed, scanned;
  // Where the class's successor changes, per class state.
  std::vector<int> classCuts[Utf8ClassDfa::kStates];
  for (int c = 0; c < Utf8ClassDfa::kStates; ++c)
    for (int b = 1; b < 256; ++b)
      if (cls.next[c][b] != cls.next[c][b - 1])
        classCuts[c].push_back(b);

  ParseSet set(g);
  // The starting states are a closed Earley set already; their closure
  // here adds the rules they expect with return states this check can use.
  for (uint32_t s : states)
    set.add(Element{1, {s}});
  if (set.overflowed())
    return 1;
  {
    std::vector<Element> &start = set.elements();
    onePerState(start);
    closed.intern(start, 0);
    pairs.push_back({0, 0, 0});
  }
  std::vector<int> cuts;
  std::vector<Element> moved;
  bool cut = false; // a pair at the limit was left unexplored
  for (size_t n = 0; n < pairs.size(); ++n) {
    const Pair p = pairs[n];
    if (p.depth >= limit) {
      cut = true;
      continue;
    }
    if (pairs.size() > kMaxPairs || (p.depth >= kDeepFrom && pairs.size() > kSmall))
      return p.depth + 1; // strings up to p.depth bytes are all checked
    cuts.assign({0, 256});
    cuts.insert(cuts.end(), classCuts[p.cls].begin(), classCuts[p.cls].end());
    for (const Element *e = closed.begin(p.set), *end = closed.end(p.set); e != end; ++e)
      for (uint32_t i = g.edgeBegin[e->s[0]], ie = g.ruleEdgeBegin[e->s[0]]; i < ie; ++i) {
        cuts.push_back(g.edges[i].lo);
        cuts.push_back(g.edges[i].hi + 1);
      }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    for (size_t c = 0; c + 1 < cuts.size(); ++c) {
      const int b = cuts[c];
      const uint8_t next = cls.next[p.cls][b];
      if (next == Utf8ClassDfa::kReject)
        continue;
      moved.clear();
      for (const Element *e = closed.begin(p.set), *end = closed.end(p.set); e != end; ++e)
        for (uint32_t i = g.edgeBegin[e->s[0]], ie = g.ruleEdgeBegin[e->s[0]]; i < ie; ++i)
          if (b >= g.edges[i].lo && b <= g.edges[i].hi) {
            Element m = *e;
            m.s[0] = g.edges[i].target;
            moved.push_back(m);
          }
      if (moved.empty())
        return p.depth + 1;
      std::sort(moved.begin(), moved.end());
      moved.erase(std::unique(moved.begin(), moved.end()), moved.end());
      if (!scanned.intern(moved, next).second)
        continue; // followed from an earlier segment or pair
      set.clear();
      for (const Element &m : moved)
        set.add(m);
      if (set.overflowed())
        return p.depth + 1; // too big to follow any further
      std::vector<Element> &after = set.elements();
      onePerState(after);
      std::pair<uint32_t, bool> id = closed.intern(after, next);
      if (id.second)
        pairs.push_back({id.first, next, p.depth + 1});
    }
  }
  return cut ? limit + 1 : UINT32_MAX;
}

} // namespace grammar
} // namespace decc
