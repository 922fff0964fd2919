//===- ByteDfa.h - Minimal DFAs of rule-free automata -----------*- C++ -*-===//
//
// Plain C++ over the runtime's CompiledGrammar (no MLIR), so that the
// runtime matcher can adopt the same construction when it gets a lexer split.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_DIALECT_GRAM_TRANSFORMS_BYTEDFA_H
#define DECC_DIALECT_GRAM_TRANSFORMS_BYTEDFA_H

#include "decc/grammar.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace decc {
namespace gram {

/// A deterministic automaton over bytes: state 0 starts, missing transitions
/// reject.
struct ByteDfa {
  struct Edge {
    uint32_t from;
    uint8_t lo, hi;
    uint32_t to;
  };
  uint32_t numStates = 0;
  std::vector<uint32_t> finals; ///< sorted
  std::vector<Edge> edges;      ///< by (from, lo); ranges of a state disjoint
};

/// The minimal DFA of rule `rule` of `g`, whose automaton must have byte
/// edges only (no rule edges). Subset construction, then Moore partition
/// refinement; states are renumbered breadth-first from the start so that
/// equal languages give identical automata. nullopt when the subset
/// construction exceeds `maxStates` states.
std::optional<ByteDfa> minimalDfa(const grammar::CompiledGrammar &g, uint32_t rule,
                                  size_t maxStates);

} // namespace gram
} // namespace decc

#endif
