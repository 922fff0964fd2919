//===- StateMerge.h - merge equivalent states of rule automata -*- C++ -*-===//
//
// Part of grammar compilation (Compile.cpp). The automaton a rule compiles
// to repeats itself wherever the source spells one continuation several
// times: the complement of an object's known keys ends every branch of its
// name trie in its own copy of `char* "`, and an inlined rule leaves a copy
// per use. Such states accept the same strings, but an Earley set, a walk
// set or a slice check's pair tells them apart, so each copy costs its own
// work at mask time. Merging them (bisimulation: same rule, same finality,
// the same labelled edges into equivalent states) keeps the language and
// shrinks every set that holds them.

#ifndef DECC_GRAMMAR_STATEMERGE_H
#define DECC_GRAMMAR_STATEMERGE_H

#include <cstdint>
#include <vector>

namespace decc {
namespace grammar {

/// An automaton edge during compilation: a byte range, a rule reference
/// (`rule` is the rule's index), or an epsilon (only before elimination).
struct LEdge {
  uint32_t rule; // CompiledGrammar::kByteEdge, kEps, or a rule index
  uint32_t to;
  uint8_t lo, hi;
};

/// For every state kept (`keptState`), the smallest state equivalent to it;
/// states not kept map to themselves. Edges count only when their target is
/// kept and, for rule edges, their rule is (`keptRule`). Equivalent states
/// belong to the same rule (`ruleOf`), so a rule's smallest state, its
/// start, stays its own representative.
std::vector<uint32_t> equivalentStates(const std::vector<std::vector<LEdge>> &out,
                                       const std::vector<uint8_t> &isFinal,
                                       const std::vector<uint32_t> &ruleOf,
                                       const std::vector<uint8_t> &keptState,
                                       const std::vector<uint8_t> &keptRule);

} // namespace grammar
} // namespace decc

#endif
