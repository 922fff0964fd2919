//===- ByteDfa.cpp - Minimal DFAs of rule-free automata ------------------===//
#include "decc/Dialect/Gram/Transforms/ByteDfa.h"

#include <algorithm>
#include <array>
#include <map>

namespace decc {
namespace gram {
namespace {

constexpr int32_t kDead = -1;
using Row = std::array<int32_t, 256>;

/// Subset construction. False when more than `maxStates` states are needed.
bool determinize(const grammar::CompiledGrammar &g, uint32_t start, size_t maxStates,
                 std::vector<Row> &trans, std::vector<bool> &final) {
  std::map<std::vector<uint32_t>, int32_t> ids;
  std::vector<std::vector<uint32_t>> sets;
  auto intern = [&](std::vector<uint32_t> set) -> int32_t {
    auto [it, inserted] = ids.try_emplace(set, int32_t(sets.size()));
    if (inserted)
      sets.push_back(std::move(set));
    return it->second;
  };
  intern({start});
  std::array<std::vector<uint32_t>, 256> buckets;
  for (size_t d = 0; d < sets.size(); ++d) {
    if (sets.size() > maxStates)
      return false;
    for (auto &b : buckets)
      b.clear();
    bool fin = false;
    for (uint32_t s : sets[d]) {
      fin |= g.isFinal[s] != 0;
      for (uint32_t i = g.edgeBegin[s]; i < g.ruleEdgeBegin[s]; ++i) {
        const auto &e = g.edges[i];
        for (unsigned b = e.lo; b <= e.hi; ++b)
          buckets[b].push_back(e.target);
      }
    }
    Row row;
    for (unsigned b = 0; b < 256; ++b) {
      std::vector<uint32_t> &t = buckets[b];
      if (t.empty()) {
        row[b] = kDead;
        continue;
      }
      std::sort(t.begin(), t.end());
      t.erase(std::unique(t.begin(), t.end()), t.end());
      row[b] = intern(t);
    }
    trans.push_back(row);
    final.push_back(fin);
  }
  return sets.size() <= maxStates;
}

} // namespace

std::optional<ByteDfa> minimalDfa(const grammar::CompiledGrammar &g, uint32_t rule,
                                  size_t maxStates) {
  std::vector<Row> trans;
  std::vector<bool> final;
  if (!determinize(g, g.rules[rule].start, maxStates, trans, final))
    return std::nullopt;
  size_t n = trans.size();

  // Moore refinement: split classes by (class, class of each successor)
  // until the number of classes is stable.
  std::vector<int32_t> cls(n);
  for (size_t s = 0; s < n; ++s)
    cls[s] = final[s] ? 1 : 0;
  size_t numClasses = 0;
  for (;;) {
    std::map<std::vector<int32_t>, int32_t> sig;
    std::vector<int32_t> next(n);
    for (size_t s = 0; s < n; ++s) {
      std::vector<int32_t> key;
      key.reserve(257);
      key.push_back(cls[s]);
      for (int32_t t : trans[s])
        key.push_back(t == kDead ? kDead : cls[t]);
      next[s] = sig.try_emplace(std::move(key), int32_t(sig.size())).first->second;
    }
    cls = std::move(next);
    if (sig.size() == numClasses)
      break;
    numClasses = sig.size();
  }

  // Breadth-first numbering of the classes from the start's.
  std::vector<int32_t> number(numClasses, -1), repr(numClasses, -1);
  for (size_t s = 0; s < n; ++s)
    if (repr[cls[s]] < 0)
      repr[cls[s]] = int32_t(s);
  std::vector<int32_t> order{cls[0]};
  number[cls[0]] = 0;
  for (size_t i = 0; i < order.size(); ++i)
    for (int32_t t : trans[repr[order[i]]])
      if (t != kDead && number[cls[t]] < 0) {
        number[cls[t]] = int32_t(order.size());
        order.push_back(cls[t]);
      }

  ByteDfa dfa;
  dfa.numStates = uint32_t(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    const Row &row = trans[repr[order[i]]];
    if (final[repr[order[i]]])
      dfa.finals.push_back(uint32_t(i));
    for (unsigned b = 0; b < 256;) {
      if (row[b] == kDead) {
        ++b;
        continue;
      }
      int32_t to = number[cls[row[b]]];
      unsigned e = b;
      while (e + 1 < 256 && row[e + 1] != kDead && number[cls[row[e + 1]]] == to)
        ++e;
      dfa.edges.push_back({uint32_t(i), uint8_t(b), uint8_t(e), uint32_t(to)});
      b = e + 1;
    }
  }
  return dfa;
}

} // namespace gram
} // namespace decc
