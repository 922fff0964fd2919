//===- GrammarSampler.h - Random strings derived from a grammar -*- C++ -*-===//
//
// Draws random derivations from a compiled grammar's byte automata: random
// edges while a byte budget lasts, then the shortest way to finish, so every
// draw ends. Code-point classes are UTF-8 byte-range chains, so any byte of
// each range gives valid UTF-8. Independent of the matcher: it reads only the
// automata.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_TEST_GRAMMARPROPERTY_GRAMMARSAMPLER_H
#define DECC_TEST_GRAMMARPROPERTY_GRAMMARSAMPLER_H

#include "decc/grammar.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace decc::test {

class GrammarSampler {
public:
  explicit GrammarSampler(const grammar::CompiledGrammar &g);
  /// A string of the root's language of roughly `budget` bytes or a little
  /// more (the shortest completion follows once the budget is spent);
  /// nullopt when a draw outgrows the hard caps (pathological grammars).
  std::optional<std::string> sample(std::mt19937_64 &rng, int64_t budget) const;

private:
  bool derive(uint32_t rule, std::mt19937_64 &rng, int64_t &budget, std::string &out,
              unsigned depth) const;
  uint64_t edgeCost(const grammar::CompiledGrammar::Edge &e) const;

  const grammar::CompiledGrammar &g_;
  /// Fewest bytes from a state to a final state of its rule.
  std::vector<uint64_t> dist_;
};

} // namespace decc::test

#endif
