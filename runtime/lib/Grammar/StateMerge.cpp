//===- StateMerge.cpp - merge equivalent states of rule automata ----------===//
//
// Bisimulation in time close to linear, whatever the automaton's shape (a
// rule may hold a chain of 2,000 copies of a character class, or a cycle of
// them). Strongly connected components are visited successors first, so
// every edge leaving a component points to a state whose class is final:
// - a state on no cycle gets the class of its signature (finality and edges
//   with targets written as classes), looked up in a table: hash-consing, as
//   for a DAG;
// - a component (a loop) is refined inside (a worklist of blocks split by
//   their members' signatures) within a work budget; if the budget runs out
//   its states stay apart, which is always sound. The refined component is
//   then encoded canonically (its blocks numbered in the order a walk along
//   sorted edges meets them, from the block whose signature is smallest), so
//   an equal loop in another branch, or one an inlined rule copied, gets the
//   same classes; and a state that enters a loop the way the loop's own
//   states do gets their class through the table.
// Equal signatures mean equal continuations, so merging never changes what a
// rule accepts.

#include "StateMerge.h"

#include "decc/grammar.h"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <unordered_map>

namespace decc {
namespace grammar {

namespace {

constexpr uint32_t kNone = UINT32_MAX;
/// A target inside the component being refined: kInside | its block.
constexpr uint32_t kInside = 0x80000000u;

struct VectorHash {
  size_t operator()(const std::vector<uint32_t> &v) const {
    uint64_t h = 1469598103934665603ull;
    for (uint32_t x : v)
      h = (h ^ x) * 1099511628211ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

class Merger {
public:
  Merger(const std::vector<std::vector<LEdge>> &out, const std::vector<uint8_t> &isFinal,
         const std::vector<uint32_t> &ruleOf, const std::vector<uint8_t> &keptState,
         const std::vector<uint8_t> &keptRule)
      : out_(out), isFinal_(isFinal), ruleOf_(ruleOf), keptState_(keptState),
        keptRule_(keptRule), n_(static_cast<uint32_t>(out.size())), cls_(n_, kNone),
        comp_(n_, kNone), block_(n_, kNone) {}

  std::vector<uint32_t> run();

private:
  bool usable(const LEdge &e) const {
    return keptState_[e.to] && (e.rule == CompiledGrammar::kByteEdge || keptRule_[e.rule]);
  }
  /// A target as a signature writes it: its class, or kInside | its block
  /// when it lies in component `comp` (or kInside alone with `oneMarker`).
  uint32_t targetId(uint32_t t, uint32_t comp, bool oneMarker) const {
    if (comp_[t] != comp)
      return cls_[t];
    return oneMarker ? kInside : kInside | block_[t];
  }
  /// Appends to `sig` the rule, finality and canonical edges of `s`: byte
  /// ranges into one target merged, rule edges deduplicated.
  void sign(uint32_t s, uint32_t comp, bool oneMarker, std::vector<uint32_t> &sig);
  void components(std::vector<std::vector<uint32_t>> &comps);
  /// Refines component `c` into blocks (block_); false past the budget.
  bool refine(const std::vector<uint32_t> &states, uint32_t c);
  uint32_t classOf(const std::vector<uint32_t> &sig);
  /// Classes for a refined component: those of an equal component met
  /// before (same encoding), or new ones.
  void assignComponentClasses(const std::vector<uint32_t> &states, uint32_t c);
  /// The encoding of a refined component from block `root`, blocks numbered
  /// as a walk along canonically ordered edges meets them; false when two
  /// edges tie (the order, so the encoding, would not be canonical).
  bool encode(uint32_t root, std::vector<uint32_t> &enc, std::vector<uint32_t> &order) const;

  const std::vector<std::vector<LEdge>> &out_;
  const std::vector<uint8_t> &isFinal_;
  const std::vector<uint32_t> &ruleOf_;
  const std::vector<uint8_t> &keptState_;
  const std::vector<uint8_t> &keptRule_;
  const uint32_t n_;
  std::vector<uint32_t> cls_, comp_, block_;
  uint32_t numClasses_ = 0;
  std::unordered_map<std::vector<uint32_t>, uint32_t, VectorHash> table_;
  /// Component encodings -> the classes of their blocks in walk order.
  std::unordered_map<std::vector<uint32_t>, std::vector<uint32_t>, VectorHash> components_;
  /// The refined component's blocks (local numbers), a state of each, and
  /// each block's edges: (rule, range, inside?, target class or the rank of
  /// the target block's signature with inside targets as one marker, target
  /// block or kNone).
  struct CEdge {
    uint32_t rule, range, inside, key, local;
  };
  std::vector<uint32_t> compRep_;
  std::vector<std::vector<CEdge>> compEdges_;
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> bytes_;
  std::vector<std::pair<uint32_t, uint32_t>> rules_;
};

void Merger::sign(uint32_t s, uint32_t comp, bool oneMarker, std::vector<uint32_t> &sig) {
  bytes_.clear();
  rules_.clear();
  for (const LEdge &e : out_[s]) {
    if (!usable(e))
      continue;
    const uint32_t t = targetId(e.to, comp, oneMarker);
    if (e.rule == CompiledGrammar::kByteEdge)
      bytes_.push_back({t, e.lo, e.hi});
    else
      rules_.push_back({e.rule, t});
  }
  std::sort(bytes_.begin(), bytes_.end());
  std::sort(rules_.begin(), rules_.end());
  rules_.erase(std::unique(rules_.begin(), rules_.end()), rules_.end());
  sig.push_back(ruleOf_[s]);
  sig.push_back(isFinal_[s]);
  const size_t countAt = sig.size();
  sig.push_back(0);
  for (size_t i = 0; i < bytes_.size();) {
    auto [t, lo, hi] = bytes_[i];
    for (++i; i < bytes_.size() && std::get<0>(bytes_[i]) == t &&
              std::get<1>(bytes_[i]) <= hi + 1;
         ++i)
      hi = std::max(hi, std::get<2>(bytes_[i]));
    sig.push_back(t);
    sig.push_back(lo << 8 | hi);
    ++sig[countAt];
  }
  for (auto [r, t] : rules_) {
    sig.push_back(r);
    sig.push_back(t);
  }
}

// Tarjan's algorithm without recursion (a chain may be 2 M states long);
// components come out successors first.
void Merger::components(std::vector<std::vector<uint32_t>> &comps) {
  std::vector<uint32_t> index(n_, kNone), low(n_, 0), stack;
  std::vector<uint8_t> onStack(n_, 0);
  std::vector<std::pair<uint32_t, size_t>> call;
  uint32_t next = 0;
  for (uint32_t root = 0; root < n_; ++root) {
    if (!keptState_[root] || index[root] != kNone)
      continue;
    call.push_back({root, 0});
    index[root] = low[root] = next++;
    stack.push_back(root);
    onStack[root] = 1;
    while (!call.empty()) {
      auto &[s, i] = call.back();
      if (i < out_[s].size()) {
        const LEdge &e = out_[s][i++];
        if (!usable(e))
          continue;
        const uint32_t t = e.to;
        if (index[t] == kNone) {
          index[t] = low[t] = next++;
          stack.push_back(t);
          onStack[t] = 1;
          call.push_back({t, 0});
        } else if (onStack[t]) {
          low[s] = std::min(low[s], index[t]);
        }
        continue;
      }
      const uint32_t done = s;
      call.pop_back();
      if (!call.empty())
        low[call.back().first] = std::min(low[call.back().first], low[done]);
      if (low[done] != index[done])
        continue;
      comps.emplace_back();
      uint32_t t;
      do {
        t = stack.back();
        stack.pop_back();
        onStack[t] = 0;
        comp_[t] = static_cast<uint32_t>(comps.size() - 1);
        comps.back().push_back(t);
      } while (t != done);
    }
  }
}

bool Merger::refine(const std::vector<uint32_t> &states, uint32_t c) {
  // Work: signature words computed. Splitting a long cycle block by block
  // is quadratic; past this the component's states simply stay apart.
  size_t budget = 64 * states.size() + 4096;
  std::vector<std::vector<uint32_t>> members(2);
  for (uint32_t s : states) {
    block_[s] = isFinal_[s] ? 1 : 0;
    members[block_[s]].push_back(s);
  }
  std::unordered_map<uint32_t, std::vector<uint32_t>> preds;
  for (uint32_t s : states)
    for (const LEdge &e : out_[s])
      if (usable(e) && comp_[e.to] == c)
        preds[e.to].push_back(s);
  std::vector<uint32_t> work{0, 1};
  std::vector<uint8_t> queued{1, 1};
  std::vector<uint32_t> sigs, sigBegin, order;
  auto range = [&](uint32_t i) {
    return std::make_pair(sigs.begin() + sigBegin[i], sigs.begin() + sigBegin[i + 1]);
  };
  while (!work.empty()) {
    const uint32_t b = work.back();
    work.pop_back();
    queued[b] = 0;
    if (members[b].size() < 2)
      continue;
    sigs.clear();
    sigBegin.assign(1, 0);
    for (uint32_t s : members[b]) {
      sign(s, c, /*oneMarker=*/false, sigs);
      sigBegin.push_back(static_cast<uint32_t>(sigs.size()));
    }
    if (sigs.size() > budget)
      return false;
    budget -= sigs.size();
    order.resize(members[b].size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      auto [xb, xe] = range(x);
      auto [yb, ye] = range(y);
      return std::lexicographical_compare(xb, xe, yb, ye);
    });
    std::vector<std::pair<size_t, size_t>> parts;
    for (size_t i = 0; i < order.size();) {
      size_t j = i + 1;
      for (; j < order.size(); ++j) {
        auto [xb, xe] = range(order[i]);
        auto [yb, ye] = range(order[j]);
        if (!std::equal(xb, xe, yb, ye))
          break;
      }
      parts.push_back({i, j});
      i = j;
    }
    if (parts.size() == 1)
      continue;
    // The largest part keeps the block: each state moves O(log n) times.
    size_t keep = 0;
    for (size_t p = 1; p < parts.size(); ++p)
      if (parts[p].second - parts[p].first > parts[keep].second - parts[keep].first)
        keep = p;
    std::vector<uint32_t> old;
    old.swap(members[b]);
    std::vector<uint32_t> moved;
    for (size_t p = 0; p < parts.size(); ++p) {
      uint32_t id = b;
      if (p != keep) {
        id = static_cast<uint32_t>(members.size());
        members.emplace_back();
        queued.push_back(0);
      }
      for (size_t i = parts[p].first; i < parts[p].second; ++i) {
        const uint32_t s = old[order[i]];
        block_[s] = id;
        members[id].push_back(s);
        if (p != keep)
          moved.push_back(s);
      }
    }
    // Only states pointing at moved ones see a different signature.
    for (uint32_t s : moved) {
      auto it = preds.find(s);
      if (it == preds.end())
        continue;
      for (uint32_t q : it->second)
        if (!queued[block_[q]]) {
          queued[block_[q]] = 1;
          work.push_back(block_[q]);
        }
    }
  }
  return true;
}

bool Merger::encode(uint32_t root, std::vector<uint32_t> &enc,
                    std::vector<uint32_t> &order) const {
  std::vector<uint32_t> num(compRep_.size(), kNone);
  enc.clear();
  order.assign(1, root);
  num[root] = 0;
  for (size_t p = 0; p < order.size(); ++p) {
    const std::vector<CEdge> &es = compEdges_[order[p]];
    const uint32_t s = compRep_[order[p]];
    enc.push_back(ruleOf_[s]);
    enc.push_back(isFinal_[s]);
    enc.push_back(static_cast<uint32_t>(es.size()));
    for (size_t i = 0; i < es.size(); ++i) {
      const CEdge &e = es[i];
      if (i > 0 && e.inside && es[i - 1].inside && e.rule == es[i - 1].rule &&
          e.range == es[i - 1].range && e.key == es[i - 1].key && e.local != es[i - 1].local)
        return false;
      uint32_t t = e.key;
      if (e.inside) {
        if (num[e.local] == kNone) {
          num[e.local] = static_cast<uint32_t>(order.size());
          order.push_back(e.local);
        }
        t = kInside | num[e.local];
      }
      enc.push_back(e.rule);
      enc.push_back(e.range);
      enc.push_back(t);
    }
  }
  return order.size() == compRep_.size();
}

void Merger::assignComponentClasses(const std::vector<uint32_t> &states, uint32_t c) {
  // Local block numbers and a state of each.
  std::unordered_map<uint32_t, uint32_t> local;
  compRep_.clear();
  for (uint32_t s : states)
    if (local.emplace(block_[s], static_cast<uint32_t>(compRep_.size())).second)
      compRep_.push_back(s);
  const size_t k = compRep_.size();
  auto fresh = [&] {
    for (uint32_t s : states)
      cls_[s] = numClasses_ + local[block_[s]];
    numClasses_ += static_cast<uint32_t>(k);
  };
  constexpr size_t kMaxBlocks = 256, kMaxRoots = 8;
  if (k > kMaxBlocks) {
    fresh();
    return;
  }
  // Blocks told apart without naming other blocks: the rank of their
  // signature with every inside target written as one marker.
  std::vector<std::vector<uint32_t>> marker(k);
  for (size_t i = 0; i < k; ++i)
    sign(compRep_[i], c, /*oneMarker=*/true, marker[i]);
  std::vector<uint32_t> byMarker(k), rank(k);
  std::iota(byMarker.begin(), byMarker.end(), 0u);
  std::sort(byMarker.begin(), byMarker.end(),
            [&](uint32_t a, uint32_t b) { return marker[a] < marker[b]; });
  for (size_t i = 0, r = 0; i < k; ++i) {
    if (i > 0 && marker[byMarker[i]] != marker[byMarker[i - 1]])
      ++r;
    rank[byMarker[i]] = static_cast<uint32_t>(r);
  }
  compEdges_.assign(k, {});
  for (size_t i = 0; i < k; ++i) {
    std::vector<CEdge> &es = compEdges_[i];
    for (const LEdge &e : out_[compRep_[i]]) {
      if (!usable(e))
        continue;
      const bool inside = comp_[e.to] == c;
      const uint32_t l = inside ? local[block_[e.to]] : kNone;
      es.push_back({e.rule, static_cast<uint32_t>(e.lo) << 8 | e.hi, inside,
                    inside ? rank[l] : cls_[e.to], l});
    }
    // Byte ranges into one target merged, rule edges deduplicated: the
    // same canonical form as `sign`.
    std::sort(es.begin(), es.end(), [](const CEdge &a, const CEdge &b) {
      return std::tie(a.rule, a.inside, a.key, a.local, a.range) <
             std::tie(b.rule, b.inside, b.key, b.local, b.range);
    });
    size_t w = 0;
    for (size_t j = 0; j < es.size(); ++j) {
      if (w > 0) {
        CEdge &last = es[w - 1];
        const bool sameTarget = last.rule == es[j].rule && last.inside == es[j].inside &&
                                last.key == es[j].key && last.local == es[j].local;
        if (sameTarget && es[j].rule != CompiledGrammar::kByteEdge)
          continue;
        if (sameTarget && (es[j].range >> 8) <= (last.range & 0xFF) + 1) {
          last.range = (last.range & ~0xFFu) | std::max(last.range & 0xFF, es[j].range & 0xFF);
          continue;
        }
      }
      es[w++] = es[j];
    }
    es.resize(w);
    std::sort(es.begin(), es.end(), [](const CEdge &a, const CEdge &b) {
      return std::tie(a.rule, a.range, a.inside, a.key) < std::tie(b.rule, b.range, b.inside, b.key);
    });
  }
  // The smallest encoding over the blocks of the lowest rank as roots.
  std::vector<uint32_t> best, bestOrder, enc, order;
  size_t roots = 0;
  for (uint32_t root = 0; root < k; ++root) {
    if (rank[root] != 0)
      continue;
    if (++roots > kMaxRoots || !encode(root, enc, order)) {
      fresh();
      return;
    }
    if (best.empty() || enc < best) {
      best.swap(enc);
      bestOrder.swap(order);
    }
  }
  std::vector<uint32_t> position(k);
  for (size_t p = 0; p < bestOrder.size(); ++p)
    position[bestOrder[p]] = static_cast<uint32_t>(p);
  auto [it, inserted] = components_.emplace(best, std::vector<uint32_t>());
  if (inserted)
    for (size_t p = 0; p < k; ++p)
      it->second.push_back(numClasses_++);
  for (uint32_t s : states)
    cls_[s] = it->second[position[local[block_[s]]]];
}

uint32_t Merger::classOf(const std::vector<uint32_t> &sig) {
  auto [it, inserted] = table_.emplace(sig, numClasses_);
  if (inserted)
    ++numClasses_;
  return it->second;
}

std::vector<uint32_t> Merger::run() {
  std::vector<std::vector<uint32_t>> comps;
  components(comps);
  std::vector<uint32_t> sig;
  for (uint32_t c = 0; c < comps.size(); ++c) {
    const std::vector<uint32_t> &states = comps[c];
    bool cyclic = states.size() > 1;
    for (const LEdge &e : out_[states[0]])
      cyclic |= usable(e) && e.to == states[0];
    if (!cyclic) {
      sig.clear();
      sign(states[0], c, false, sig);
      cls_[states[0]] = classOf(sig);
      continue;
    }
    if (!refine(states, c)) {
      for (uint32_t s : states)
        cls_[s] = numClasses_++;
      continue;
    }
    assignComponentClasses(states, c);
    // A state outside that enters the component as its own states do gets
    // their class: its signature, targets written as classes, is theirs.
    for (uint32_t s : states) {
      sig.clear();
      sign(s, kNone, false, sig);
      table_.emplace(sig, cls_[s]);
    }
  }
  // Each class's smallest state represents it: a rule's start (its smallest
  // state) stays its own.
  std::vector<uint32_t> smallest(numClasses_, kNone), rep(n_);
  std::iota(rep.begin(), rep.end(), 0u);
  for (uint32_t s = 0; s < n_; ++s)
    if (keptState_[s] && smallest[cls_[s]] == kNone)
      smallest[cls_[s]] = s;
  for (uint32_t s = 0; s < n_; ++s)
    if (keptState_[s])
      rep[s] = smallest[cls_[s]];
  return rep;
}

} // namespace

std::vector<uint32_t> equivalentStates(const std::vector<std::vector<LEdge>> &out,
                                       const std::vector<uint8_t> &isFinal,
                                       const std::vector<uint32_t> &ruleOf,
                                       const std::vector<uint8_t> &keptState,
                                       const std::vector<uint8_t> &keptRule) {
  return Merger(out, isFinal, ruleOf, keptState, keptRule).run();
}

} // namespace grammar
} // namespace decc
