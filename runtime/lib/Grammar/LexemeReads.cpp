//===- LexemeReads.cpp - older sets the mask walk reads to end lexemes ----===//
//
// The reads are found as the walk's closure (WalkSets::close) would make
// them: ending a lexeme of rule r started at set o advances o's items that
// expect r; an advanced item that is final completes its own rule at its own
// origin (another read), and one that expects a nullable rule also steps over
// it. Predictions start at the current set and read nothing older.

#include "LexemeReads.h"

#include <algorithm>

namespace decc {
namespace grammar {

void LexemeReads::compute(const CompiledGrammar &g, const SetItem *items, const uint32_t *setBegin,
                          uint32_t k) {
  g_ = &g;
  items_ = items;
  setBegin_ = setBegin;
  k_ = k;
  reads_.clear();
  work_.clear();
  visited_.clear();
  for (uint32_t i = setBegin[k]; i < setBegin[k + 1]; ++i)
    if (items[i].origin != k && g.isLexemeState(items[i].state))
      want(g.ruleOf[items[i].state], items[i].origin);
  while (!work_.empty()) {
    const uint64_t read = reads_[work_.back()];
    work_.pop_back();
    const uint32_t o = static_cast<uint32_t>(read >> 32), r = static_cast<uint32_t>(read);
    for (uint32_t j = setBegin[o]; j < setBegin[o + 1]; ++j) {
      const SetItem x = items[j];
      for (uint32_t e = g.ruleEdgeBegin[x.state], end = g.edgeBegin[x.state + 1]; e < end; ++e)
        if (g.edges[e].rule == r)
          visit(g.edges[e].target, x.origin);
    }
  }
  std::sort(reads_.begin(), reads_.end());
  origins_.clear();
  for (uint64_t read : reads_)
    if (origins_.empty() || origins_.back() != static_cast<uint32_t>(read >> 32))
      origins_.push_back(static_cast<uint32_t>(read >> 32));
}

void LexemeReads::want(uint32_t rule, uint32_t origin) {
  const uint64_t p = pair(origin, rule);
  // Few reads per set (one per pending lexeme and per rule it completes).
  if (std::find(reads_.begin(), reads_.end(), p) != reads_.end())
    return;
  work_.push_back(static_cast<uint32_t>(reads_.size()));
  reads_.push_back(p);
}

void LexemeReads::visit(uint32_t state, uint32_t origin) {
  const CompiledGrammar &g = *g_;
  stack_.assign(1, state);
  while (!stack_.empty()) {
    const uint32_t s = stack_.back();
    stack_.pop_back();
    if (!visited_.insert(s, origin))
      continue;
    if (g.isFinal[s] && !g.isLexemeState(s))
      want(g.ruleOf[s], origin);
    for (uint32_t e = g.ruleEdgeBegin[s], end = g.edgeBegin[s + 1]; e < end; ++e)
      if (g.rules[g.edges[e].rule].nullable)
        stack_.push_back(g.edges[e].target);
  }
}

bool LexemeReads::covers(uint32_t rule, uint32_t origin) const {
  return std::binary_search(reads_.begin(), reads_.end(), pair(origin, rule));
}

uint32_t LexemeReads::label(uint32_t state, uint32_t origin) const {
  if (origin == k_)
    return 0;
  if (!covers(g_->ruleOf[state], origin))
    return 1;
  return 2 + static_cast<uint32_t>(std::lower_bound(origins_.begin(), origins_.end(), origin) -
                                   origins_.begin());
}

void LexemeReads::appendKey(std::vector<uint32_t> &key) const {
  const CompiledGrammar &g = *g_;
  // Sorted and deduplicated: the key names a set of (state, label) pairs,
  // which is what the walk's untouched steps depend on.
  auto flush = [&] {
    std::sort(scratch_.begin(), scratch_.end());
    scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
    for (uint64_t x : scratch_) {
      key.push_back(static_cast<uint32_t>(x >> 32));
      key.push_back(static_cast<uint32_t>(x));
    }
  };
  scratch_.clear();
  for (uint32_t i = setBegin_[k_]; i < setBegin_[k_ + 1]; ++i)
    scratch_.push_back((uint64_t(items_[i].state) << 32) | label(items_[i].state, items_[i].origin));
  flush();
  for (uint64_t read : reads_) {
    const uint32_t o = static_cast<uint32_t>(read >> 32), r = static_cast<uint32_t>(read);
    // A state id is never 0xFFFFFFFF: the marker starts a read.
    key.push_back(0xFFFFFFFFu);
    key.push_back(r);
    key.push_back(2 + static_cast<uint32_t>(std::lower_bound(origins_.begin(), origins_.end(), o) -
                                            origins_.begin()));
    scratch_.clear();
    for (uint32_t j = setBegin_[o]; j < setBegin_[o + 1]; ++j) {
      const SetItem x = items_[j];
      for (uint32_t e = g.ruleEdgeBegin[x.state], end = g.edgeBegin[x.state + 1]; e < end; ++e)
        if (g.edges[e].rule == r)
          scratch_.push_back((uint64_t(g.edges[e].target) << 32) |
                             label(g.edges[e].target, x.origin));
    }
    flush();
  }
}

size_t LexemeReads::memoryBytes() const {
  return (reads_.capacity() + scratch_.capacity()) * sizeof(uint64_t) +
         (work_.capacity() + stack_.capacity() + origins_.capacity()) * sizeof(uint32_t) +
         visited_.memoryBytes();
}

} // namespace grammar
} // namespace decc
