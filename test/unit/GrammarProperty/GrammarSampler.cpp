#include "GrammarSampler.h"

#include <limits>

namespace decc::test {

using grammar::CompiledGrammar;

static constexpr uint64_t kUnreachable = std::numeric_limits<uint64_t>::max() / 4;
static constexpr size_t kMaxBytes = 1 << 16;
static constexpr unsigned kMaxDepth = 400;

GrammarSampler::GrammarSampler(const CompiledGrammar &g) : g_(g) {
  dist_.assign(g.numStates(), kUnreachable);
  for (size_t s = 0; s < g.numStates(); ++s)
    if (g.isFinal[s])
      dist_[s] = 0;
  // Bellman-Ford over all rules at once: a rule edge costs the fewest bytes
  // its rule derives, which the same iteration is still lowering.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t s = 0; s < g.numStates(); ++s)
      for (uint32_t e = g.edgeBegin[s]; e < g.edgeBegin[s + 1]; ++e) {
        uint64_t c = edgeCost(g.edges[e]) + dist_[g.edges[e].target];
        if (c < dist_[s]) {
          dist_[s] = c;
          changed = true;
        }
      }
  }
}

uint64_t GrammarSampler::edgeCost(const CompiledGrammar::Edge &e) const {
  if (e.rule == CompiledGrammar::kByteEdge)
    return 1;
  return std::min(dist_[g_.rules[e.rule].start], kUnreachable);
}

std::optional<std::string> GrammarSampler::sample(std::mt19937_64 &rng, int64_t budget) const {
  std::string out;
  if (!derive(g_.root, rng, budget, out, 0))
    return std::nullopt;
  return out;
}

bool GrammarSampler::derive(uint32_t rule, std::mt19937_64 &rng, int64_t &budget, std::string &out,
                            unsigned depth) const {
  if (depth > kMaxDepth)
    return false;
  uint32_t s = g_.rules[rule].start;
  for (;;) {
    if (out.size() > kMaxBytes)
      return false;
    uint32_t begin = g_.edgeBegin[s], end = g_.edgeBegin[s + 1];
    if (g_.isFinal[s] && (begin == end || budget <= 0 || rng() % 4 == 0))
      return true;
    uint32_t pick = end;
    if (budget > 0) {
      pick = begin + uint32_t(rng() % (end - begin));
    } else {
      // The shortest completion; among equals an edge that reads something,
      // so nullable rule edges cannot cycle.
      uint64_t best = kUnreachable;
      for (uint32_t e = begin; e < end; ++e) {
        uint64_t cost = edgeCost(g_.edges[e]);
        uint64_t c = cost + dist_[g_.edges[e].target];
        if (c < best || (c == best && cost > 0)) {
          best = c;
          pick = e;
        }
      }
    }
    if (pick == end)
      return false;
    const CompiledGrammar::Edge &e = g_.edges[pick];
    if (e.rule == CompiledGrammar::kByteEdge) {
      out += char(e.lo + int(rng() % (unsigned(e.hi - e.lo) + 1)));
      --budget;
    } else if (!derive(e.rule, rng, budget, out, depth + 1)) {
      return false;
    }
    s = e.target;
  }
}

} // namespace decc::test
