// Serialised CompiledGrammar tables (docs/grammars.md, "Serialised tables").
//
// The table travels inside a compiled .so (decc_strategy_desc.constraint_table)
// and is read back by decrun, so the loader treats it as untrusted input: every
// count is checked against the bytes that remain before anything is allocated,
// and every index the matcher follows is range-checked, so a corrupt table is
// an error naming the field, never an out-of-bounds read in the matcher.
#include "decc/grammar.h"

#include <cstring>

namespace decc {
namespace grammar {

namespace {

constexpr char kMagic[4] = {'D', 'G', 'R', 'M'};
// 2: each rule record has a lexeme flag after its nullable flag.
constexpr uint32_t kFormatVersion = 2;
// Rule names are diagnostics only; a cap keeps a corrupt length from
// swallowing the rest of the table unnoticed.
constexpr uint32_t kMaxRuleName = 1u << 16;

class Writer {
public:
  void u8(uint8_t v) { out_.push_back(v); }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i)
      out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void bytes(const void *p, size_t n) {
    const uint8_t *b = static_cast<const uint8_t *>(p);
    out_.insert(out_.end(), b, b + n);
  }
  std::vector<uint8_t> take() { return std::move(out_); }

private:
  std::vector<uint8_t> out_;
};

class Reader {
public:
  Reader(const uint8_t *data, size_t size) : p_(data), left_(size) {}
  bool u8(uint8_t &v) {
    if (left_ < 1)
      return false;
    v = *p_++;
    --left_;
    return true;
  }
  bool u32(uint32_t &v) {
    if (left_ < 4)
      return false;
    v = uint32_t(p_[0]) | uint32_t(p_[1]) << 8 | uint32_t(p_[2]) << 16 | uint32_t(p_[3]) << 24;
    p_ += 4;
    left_ -= 4;
    return true;
  }
  bool bytes(void *out, size_t n) {
    if (left_ < n)
      return false;
    if (n)
      std::memcpy(out, p_, n);
    p_ += n;
    left_ -= n;
    return true;
  }
  /// Can `count` records of `recordBytes` each still be present?
  bool fits(uint64_t count, uint64_t recordBytes) const { return count * recordBytes <= left_; }
  size_t left() const { return left_; }

private:
  const uint8_t *p_;
  size_t left_;
};

std::shared_ptr<const CompiledGrammar> fail(std::string *error, const std::string &msg) {
  if (error)
    *error = "grammar table: " + msg;
  return nullptr;
}

/// States from which the rule's automaton can reach a final state, the way
/// compile() leaves every state. With `epsilonOnly`, only through rule edges
/// whose rule derives the empty string (the state derives epsilon); otherwise
/// through any edge whose rule derives something. Returns the state marks;
/// `ruleMarks` gets the mark of each rule's start state. A worklist over
/// edges indexed by target and by rule keeps this linear in the table size.
std::vector<uint8_t> reachFinal(const CompiledGrammar &g, bool epsilonOnly,
                                std::vector<uint8_t> &ruleMarks) {
  const size_t n = g.numStates(), numRules = g.rules.size(), m = g.edges.size();
  std::vector<uint32_t> source(m);
  for (uint32_t s = 0; s < n; ++s)
    for (uint32_t e = g.edgeBegin[s]; e < g.edgeBegin[s + 1]; ++e)
      source[e] = s;
  auto csr = [&](auto keyOf, size_t keys, std::vector<uint32_t> &begin,
                 std::vector<uint32_t> &list) {
    begin.assign(keys + 1, 0);
    for (uint32_t e = 0; e < m; ++e)
      if (keyOf(e) < keys)
        ++begin[keyOf(e) + 1];
    for (size_t k = 0; k < keys; ++k)
      begin[k + 1] += begin[k];
    list.resize(begin[keys]);
    std::vector<uint32_t> fill(begin.begin(), begin.end() - 1);
    for (uint32_t e = 0; e < m; ++e)
      if (keyOf(e) < keys)
        list[fill[keyOf(e)]++] = e;
  };
  std::vector<uint32_t> byTargetBegin, byTarget, byRuleBegin, byRule, startBegin, startOf;
  csr([&](uint32_t e) { return size_t(g.edges[e].target); }, n, byTargetBegin, byTarget);
  csr([&](uint32_t e) { return g.edges[e].rule == CompiledGrammar::kByteEdge ? numRules
                                                                              : size_t(g.edges[e].rule); },
      numRules, byRuleBegin, byRule);
  // Rules by start state (several rules may share none, one or more).
  startBegin.assign(n + 1, 0);
  for (size_t r = 0; r < numRules; ++r)
    ++startBegin[g.rules[r].start + 1];
  for (size_t s = 0; s < n; ++s)
    startBegin[s + 1] += startBegin[s];
  startOf.resize(numRules);
  {
    std::vector<uint32_t> fill(startBegin.begin(), startBegin.end() - 1);
    for (uint32_t r = 0; r < numRules; ++r)
      startOf[fill[g.rules[r].start]++] = r;
  }
  std::vector<uint8_t> mark(n, 0);
  ruleMarks.assign(numRules, 0);
  std::vector<uint32_t> work;
  auto markState = [&](uint32_t s) {
    if (!mark[s]) {
      mark[s] = 1;
      work.push_back(s);
    }
  };
  auto edgeOpen = [&](uint32_t e) {
    const CompiledGrammar::Edge &ed = g.edges[e];
    if (ed.rule == CompiledGrammar::kByteEdge)
      return !epsilonOnly;
    return ruleMarks[ed.rule] != 0;
  };
  for (uint32_t s = 0; s < n; ++s)
    if (g.isFinal[s])
      markState(s);
  while (!work.empty()) {
    uint32_t t = work.back();
    work.pop_back();
    for (uint32_t i = byTargetBegin[t]; i < byTargetBegin[t + 1]; ++i)
      if (edgeOpen(byTarget[i]))
        markState(source[byTarget[i]]);
    for (uint32_t i = startBegin[t]; i < startBegin[t + 1]; ++i) {
      uint32_t r = startOf[i];
      if (ruleMarks[r])
        continue;
      ruleMarks[r] = 1;
      for (uint32_t j = byRuleBegin[r]; j < byRuleBegin[r + 1]; ++j)
        if (mark[g.edges[byRule[j]].target])
          markState(source[byRule[j]]);
    }
  }
  return mark;
}

} // namespace

std::vector<uint8_t> serialize(const CompiledGrammar &g) {
  Writer w;
  w.bytes(kMagic, 4);
  w.u32(kFormatVersion);
  w.u32(static_cast<uint32_t>(g.rules.size()));
  w.u32(g.root);
  for (const CompiledGrammar::RuleInfo &r : g.rules) {
    w.u32(r.start);
    w.u8(r.nullable ? 1 : 0);
    w.u8(r.lexeme ? 1 : 0);
    w.u32(static_cast<uint32_t>(r.name.size()));
    w.bytes(r.name.data(), r.name.size());
  }
  const size_t n = g.numStates();
  w.u32(static_cast<uint32_t>(n));
  w.u32(static_cast<uint32_t>(g.edges.size()));
  for (size_t s = 0; s < n; ++s) {
    w.u8(g.isFinal[s]);
    w.u32(g.ruleOf[s]);
    w.u32(g.edgeBegin[s]);
    w.u32(g.ruleEdgeBegin[s]);
  }
  for (const CompiledGrammar::Edge &e : g.edges) {
    w.u32(e.rule);
    w.u32(e.target);
    w.u8(e.lo);
    w.u8(e.hi);
  }
  return w.take();
}

std::shared_ptr<const CompiledGrammar> deserialize(const uint8_t *data, size_t size,
                                                   std::string *error) {
  if (!data && size)
    return fail(error, "null data");
  Reader r(data, size);
  char magic[4];
  if (!r.bytes(magic, 4) || std::memcmp(magic, kMagic, 4) != 0)
    return fail(error, "bad magic (expected \"DGRM\")");
  uint32_t version = 0;
  if (!r.u32(version))
    return fail(error, "truncated in 'version'");
  if (version != kFormatVersion)
    return fail(error, "unsupported format version " + std::to_string(version) +
                           " (this runtime reads " + std::to_string(kFormatVersion) + ")");
  auto g = std::make_shared<CompiledGrammar>();
  uint32_t numRules = 0;
  if (!r.u32(numRules) || !r.u32(g->root))
    return fail(error, "truncated in 'rules' header");
  if (numRules == 0)
    return fail(error, "'rules' count is 0");
  // A rule record is at least 10 bytes (start, nullable, lexeme, name length).
  if (!r.fits(numRules, 10))
    return fail(error, "'rules' count " + std::to_string(numRules) + " exceeds the table size");
  if (g->root >= numRules)
    return fail(error, "'root' " + std::to_string(g->root) + " out of range");
  g->rules.resize(numRules);
  for (uint32_t i = 0; i < numRules; ++i) {
    CompiledGrammar::RuleInfo &ri = g->rules[i];
    uint8_t nullable = 0, lexeme = 0;
    uint32_t len = 0;
    if (!r.u32(ri.start) || !r.u8(nullable) || !r.u8(lexeme) || !r.u32(len))
      return fail(error, "truncated in 'rules[" + std::to_string(i) + "]'");
    if (nullable > 1)
      return fail(error, "'rules[" + std::to_string(i) + "].nullable' is not 0 or 1");
    if (lexeme > 1)
      return fail(error, "'rules[" + std::to_string(i) + "].lexeme' is not 0 or 1");
    ri.lexeme = lexeme != 0;
    g->hasLexemes |= ri.lexeme;
    if (len > kMaxRuleName || len > r.left())
      return fail(error, "'rules[" + std::to_string(i) + "].name' length out of range");
    ri.nullable = nullable != 0;
    ri.name.resize(len);
    if (!r.bytes(&ri.name[0], len))
      return fail(error, "truncated in 'rules[" + std::to_string(i) + "].name'");
  }
  uint32_t numStates = 0, numEdges = 0;
  if (!r.u32(numStates) || !r.u32(numEdges))
    return fail(error, "truncated in 'states' header");
  if (numStates == 0)
    return fail(error, "'states' count is 0");
  if (!r.fits(numStates, 13))
    return fail(error, "'states' count " + std::to_string(numStates) + " exceeds the table size");
  if (!r.fits(uint64_t(numStates) * 13 + uint64_t(numEdges) * 10, 1))
    return fail(error, "'edges' count " + std::to_string(numEdges) + " exceeds the table size");
  for (uint32_t i = 0; i < numRules; ++i)
    if (g->rules[i].start >= numStates)
      return fail(error, "'rules[" + std::to_string(i) + "].start' out of range");
  g->isFinal.resize(numStates);
  g->ruleOf.resize(numStates);
  g->edgeBegin.resize(size_t(numStates) + 1);
  g->ruleEdgeBegin.resize(numStates);
  for (uint32_t s = 0; s < numStates; ++s) {
    const std::string at = "[" + std::to_string(s) + "]'";
    if (!r.u8(g->isFinal[s]) || !r.u32(g->ruleOf[s]) || !r.u32(g->edgeBegin[s]) ||
        !r.u32(g->ruleEdgeBegin[s]))
      return fail(error, "truncated in 'states" + at);
    if (g->isFinal[s] > 1)
      return fail(error, "'isFinal" + at + " is not 0 or 1");
    if (g->ruleOf[s] >= numRules)
      return fail(error, "'ruleOf" + at + " out of range");
    const uint32_t prev = s == 0 ? 0 : g->edgeBegin[s - 1];
    if ((s == 0 && g->edgeBegin[0] != 0) || g->edgeBegin[s] < prev || g->edgeBegin[s] > numEdges)
      return fail(error, "'edgeBegin" + at + " out of order or range");
    if (g->ruleEdgeBegin[s] < g->edgeBegin[s] || g->ruleEdgeBegin[s] > numEdges)
      return fail(error, "'ruleEdgeBegin" + at + " out of range");
  }
  g->edgeBegin[numStates] = numEdges;
  for (uint32_t s = 0; s < numStates; ++s)
    if (g->ruleEdgeBegin[s] > g->edgeBegin[s + 1])
      return fail(error, "'ruleEdgeBegin[" + std::to_string(s) + "]' past the state's edges");
  g->edges.resize(numEdges);
  uint32_t state = 0;
  for (uint32_t e = 0; e < numEdges; ++e) {
    CompiledGrammar::Edge &ed = g->edges[e];
    const std::string at = "'edges[" + std::to_string(e) + "]";
    if (!r.u32(ed.rule) || !r.u32(ed.target) || !r.u8(ed.lo) || !r.u8(ed.hi))
      return fail(error, "truncated in " + at + "'");
    while (g->edgeBegin[state + 1] <= e)
      ++state;
    const bool byteEdge = e < g->ruleEdgeBegin[state];
    if (byteEdge) {
      if (ed.rule != CompiledGrammar::kByteEdge)
        return fail(error, at + ".rule' is a rule in the byte-edge range");
      if (ed.lo > ed.hi)
        return fail(error, at + "' byte range is empty");
    } else if (ed.rule >= numRules) {
      return fail(error, at + ".rule' out of range");
    } else if (g->rules[g->ruleOf[state]].lexeme) {
      // The matcher completes a lexeme's items greedily and never predicts
      // inside one.
      return fail(error, at + ".rule' is a rule edge in lexeme '" +
                             g->rules[g->ruleOf[state]].name + "'");
    }
    if (ed.target >= numStates)
      return fail(error, at + ".target' out of range");
    // Each rule is its own automaton: completions report ruleOf[state].
    if (g->ruleOf[ed.target] != g->ruleOf[state])
      return fail(error, at + ".target' leaves the automaton of its rule");
  }
  if (r.left() != 0)
    return fail(error, std::to_string(r.left()) + " trailing bytes");
  for (uint32_t i = 0; i < numRules; ++i)
    if (g->ruleOf[g->rules[i].start] != i)
      return fail(error, "'rules[" + std::to_string(i) + "].start' belongs to another rule");
  // The matcher relies on what compile() guarantees: no useless states
  // (forcedBytes() and mask walks end because every item can complete) and
  // exact nullable flags (prediction steps over nullable rules at once).
  std::vector<uint8_t> ruleDerives, ruleNullable;
  std::vector<uint8_t> productive = reachFinal(*g, false, ruleDerives);
  for (uint32_t s = 0; s < numStates; ++s)
    if (!productive[s])
      return fail(error, "state " + std::to_string(s) + " cannot reach a final state");
  reachFinal(*g, true, ruleNullable);
  for (uint32_t i = 0; i < numRules; ++i)
    if (g->rules[i].nullable != (ruleNullable[i] != 0))
      return fail(error, "'rules[" + std::to_string(i) + "].nullable' disagrees with the automaton");
  return g;
}

} // namespace grammar
} // namespace decc
