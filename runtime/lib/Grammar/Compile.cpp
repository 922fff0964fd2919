//===- Compile.cpp - grammar IR -> byte-level rule automata ----------------===//
//
// Steps: validate (undefined rules, counts, nesting) -> choose rules to
// inline (small, non-recursive) -> Thompson automaton per remaining rule,
// over bytes and rule references -> epsilon elimination -> productive and
// nullable analyses (linear worklists) -> errors for reachable rules that
// derive no finite string -> trim useless states and unreachable rules ->
// merge equivalent states (StateMerge.h) -> flat arrays.
//
// Repetitions become loops and bounded copies inside the rule's automaton
// rather than helper rules: an Earley item then stays in the same rule
// while it reads `[^"]*`, so no completion reaches back to older sets. That
// keeps sets small and makes masks inside long lexemes context-independent
// (the mask cache relies on it).

#include "decc/grammar.h"

#include "StateMerge.h"

#include <algorithm>
#include <sstream>
#include <tuple>
#include <unordered_map>

namespace decc {
namespace grammar {
namespace {

constexpr uint32_t kEps = UINT32_MAX - 1;
constexpr uint32_t kByte = CompiledGrammar::kByteEdge;
constexpr uint32_t kNone = UINT32_MAX;
constexpr uint64_t kHuge = uint64_t(1) << 40;

std::vector<CodepointRange> classRanges(const Expr &e) {
  if (!e.negated)
    return e.ranges;
  std::vector<CodepointRange> rs = e.ranges;
  std::sort(rs.begin(), rs.end(),
            [](const CodepointRange &a, const CodepointRange &b) { return a.lo < b.lo; });
  std::vector<CodepointRange> out;
  uint32_t next = 0;
  for (const CodepointRange &r : rs) {
    if (r.lo > r.hi)
      continue;
    if (r.lo > next)
      out.push_back({next, r.lo - 1});
    if (r.hi >= 0x10FFFF)
      return out;
    next = std::max(next, r.hi + 1);
  }
  out.push_back({next, 0x10FFFF});
  return out;
}

class Compiler {
public:
  Compiler(const Grammar &g, std::vector<Diagnostic> &diags, const Limits &lim)
      : g_(g), diags_(diags), lim_(lim) {}

  std::shared_ptr<const CompiledGrammar> run();

private:
  void error(Loc loc, std::string msg) { diags_.push_back({loc, std::move(msg)}); }
  void validate(const Expr &e, uint32_t depth, std::vector<uint32_t> &refs);
  void chooseInlining(const std::vector<std::vector<uint32_t>> &refs);
  void checkLexemes(const std::vector<std::vector<uint32_t>> &refs);
  uint64_t sizeOf(const Expr &e) const;
  uint32_t newState();
  uint32_t emit(const Expr &e, uint32_t from, uint32_t depth);
  void edge(uint32_t from, uint32_t rule, uint32_t to, uint8_t lo = 0, uint8_t hi = 0) {
    if (!tooBig_)
      nfa_[from].push_back({rule, to, lo, hi});
  }
  void buildRule(uint32_t r);

  const Grammar &g_;
  std::vector<Diagnostic> &diags_;
  const Limits &lim_;
  std::vector<uint64_t> inlineSize_; // kHuge = not inlined
  std::vector<uint8_t> inlinable_;
  /// Building a lexeme rule: every reference is inlined.
  bool inLexeme_ = false;

  // Thompson automaton of the rule being built (local numbering).
  std::vector<std::vector<LEdge>> nfa_;
  bool tooBig_ = false;
  size_t totalStates_ = 0;

  // Epsilon-free automata of all built rules (global numbering).
  std::vector<std::vector<LEdge>> out_;
  std::vector<uint8_t> final_;
  std::vector<uint32_t> ruleOf_;
  std::vector<uint32_t> start_; // per source rule, kNone when not built

  using Sequences = std::vector<std::vector<std::pair<uint8_t, uint8_t>>>;
  /// The UTF-8 sequences of a class, computed once per class expression:
  /// `x{0,24}` and inlined rules emit the same class many times, and the
  /// expansion dominated the compile time of JSON Schema grammars.
  const Sequences &sequences(const Expr &e) const {
    auto it = sequences_.find(&e);
    if (it == sequences_.end())
      it = sequences_.emplace(&e, utf8Sequences(classRanges(e))).first;
    return it->second;
  }
  mutable std::unordered_map<const Expr *, Sequences> sequences_;
};

void Compiler::validate(const Expr &e, uint32_t depth, std::vector<uint32_t> &refs) {
  if (depth > lim_.maxNesting) {
    error(e.loc, "expression nested deeper than the limit of " +
                     std::to_string(lim_.maxNesting));
    return;
  }
  switch (e.kind) {
  case Expr::Kind::Literal:
  case Expr::Kind::Class:
    return;
  case Expr::Kind::Ref:
    if (e.rule >= g_.rules.size())
      error(e.loc, "reference to rule #" + std::to_string(e.rule) + " which does not exist");
    else
      refs.push_back(e.rule);
    return;
  case Expr::Kind::Repeat:
    if (e.items.size() != 1) {
      error(e.loc, "repetition needs exactly one operand");
      return;
    }
    if (e.min > lim_.maxRepeat || (e.max != kUnbounded && e.max > lim_.maxRepeat)) {
      error(e.loc, "repetition count " +
                       std::to_string(e.max != kUnbounded ? std::max(e.min, e.max) : e.min) +
                       " exceeds the limit of " + std::to_string(lim_.maxRepeat));
      return;
    }
    if (e.max < e.min) {
      error(e.loc, "repetition {" + std::to_string(e.min) + "," + std::to_string(e.max) +
                       "} has a maximum below its minimum");
      return;
    }
    break;
  case Expr::Kind::Seq:
  case Expr::Kind::Alt:
    break;
  }
  for (const Expr &c : e.items)
    validate(c, depth + 1, refs);
}

// A lexeme inlines every rule it refers to, so none of them may lead back to
// a rule on the way (its language would not be regular).
void Compiler::checkLexemes(const std::vector<std::vector<uint32_t>> &refs) {
  std::optional<std::pair<uint32_t, uint32_t>> bad = lexemeReachingCycle(
      static_cast<uint32_t>(g_.rules.size()), [&](uint32_t r) -> const std::vector<uint32_t> & { return refs[r]; },
      [&](uint32_t r) { return g_.rules[r].lexeme; }, [&](uint32_t r) { return g_.rules[r].defined; });
  if (bad)
    error(g_.rules[bad->first].loc, lexemeCycleMessage(g_.rules[bad->first].name, g_.rules[bad->second].name));
}

uint64_t Compiler::sizeOf(const Expr &e) const {
  auto sat = [](uint64_t v) { return std::min(v, kHuge); };
  switch (e.kind) {
  case Expr::Kind::Literal:
    return e.bytes.size() + 1;
  case Expr::Kind::Class: {
    uint64_t n = 2;
    for (const auto &s : sequences(e))
      n += s.size();
    return n;
  }
  case Expr::Kind::Ref:
    return inlinable_[e.rule] ? inlineSize_[e.rule] : 2;
  case Expr::Kind::Seq:
  case Expr::Kind::Alt: {
    uint64_t n = 2;
    for (const Expr &c : e.items)
      n = sat(n + sizeOf(c));
    return n;
  }
  case Expr::Kind::Repeat: {
    uint64_t copies = e.max == kUnbounded ? uint64_t(e.min) + 1 : std::max<uint64_t>(e.max, 1);
    return sat(copies * sizeOf(e.items[0]) + 2);
  }
  }
  return kHuge;
}

// Post-order over the reference graph (iteratively: generated grammars can
// chain thousands of rules). The target of every back edge is recursive and
// stays a rule; every cycle has a back edge, so inlining always terminates.
void Compiler::chooseInlining(const std::vector<std::vector<uint32_t>> &refs) {
  size_t n = g_.rules.size();
  inlineSize_.assign(n, kHuge);
  inlinable_.assign(n, 0);
  std::vector<uint8_t> state(n, 0), recursive(n, 0);
  std::vector<std::pair<uint32_t, size_t>> stack;
  for (uint32_t r0 = 0; r0 < n; ++r0) {
    if (state[r0] != 0 || !g_.rules[r0].defined)
      continue;
    stack.push_back({r0, 0});
    state[r0] = 1;
    while (!stack.empty()) {
      auto &[r, i] = stack.back();
      if (i < refs[r].size()) {
        uint32_t q = refs[r][i++];
        if (state[q] == 1)
          recursive[q] = 1;
        else if (state[q] == 0 && g_.rules[q].defined) {
          state[q] = 1;
          stack.push_back({q, 0});
        }
        continue;
      }
      state[r] = 2;
      // A lexeme stays a rule: the matcher completes it greedily.
      if (r != g_.root && !recursive[r] && !g_.rules[r].lexeme) {
        uint64_t s = sizeOf(g_.rules[r].body);
        if (s <= lim_.inlineMaxStates) {
          inlineSize_[r] = s;
          inlinable_[r] = 1;
        }
      }
      stack.pop_back();
    }
  }
}

uint32_t Compiler::newState() {
  if (++totalStates_ > lim_.maxStates) {
    tooBig_ = true;
    return 0;
  }
  nfa_.emplace_back();
  return static_cast<uint32_t>(nfa_.size() - 1);
}

uint32_t Compiler::emit(const Expr &e, uint32_t from, uint32_t depth) {
  if (tooBig_)
    return from;
  switch (e.kind) {
  case Expr::Kind::Literal: {
    uint32_t cur = from;
    for (unsigned char c : e.bytes) {
      uint32_t next = newState();
      edge(cur, kByte, next, c, c);
      cur = next;
    }
    return cur;
  }
  case Expr::Kind::Class: {
    uint32_t end = newState();
    for (const auto &seq : sequences(e)) {
      uint32_t cur = from;
      for (size_t i = 0; i < seq.size(); ++i) {
        uint32_t next = i + 1 == seq.size() ? end : newState();
        edge(cur, kByte, next, seq[i].first, seq[i].second);
        cur = next;
      }
    }
    return end;
  }
  case Expr::Kind::Ref: {
    if (inlinable_[e.rule] || inLexeme_)
      return emit(g_.rules[e.rule].body, from, depth + 1);
    uint32_t next = newState();
    edge(from, e.rule, next);
    return next;
  }
  case Expr::Kind::Seq: {
    uint32_t cur = from;
    for (const Expr &c : e.items)
      cur = emit(c, cur, depth + 1);
    return cur;
  }
  case Expr::Kind::Alt: {
    uint32_t end = newState();
    for (const Expr &c : e.items) {
      uint32_t entry = newState();
      edge(from, kEps, entry);
      edge(emit(c, entry, depth + 1), kEps, end);
    }
    return end;
  }
  case Expr::Kind::Repeat: {
    const Expr &x = e.items[0];
    uint32_t cur = from;
    for (uint32_t i = 0; i < e.min && !tooBig_; ++i) {
      uint32_t entry = newState();
      edge(cur, kEps, entry);
      cur = emit(x, entry, depth + 1);
    }
    if (e.max == kUnbounded) {
      uint32_t loop = newState();
      edge(cur, kEps, loop);
      edge(emit(x, loop, depth + 1), kEps, loop);
      return loop;
    }
    uint32_t end = newState();
    for (uint32_t i = e.min; i < e.max && !tooBig_; ++i) {
      edge(cur, kEps, end);
      uint32_t entry = newState();
      edge(cur, kEps, entry);
      cur = emit(x, entry, depth + 1);
    }
    edge(cur, kEps, end);
    return end;
  }
  }
  return from;
}

void Compiler::buildRule(uint32_t r) {
  nfa_.clear();
  nfa_.emplace_back();
  inLexeme_ = g_.rules[r].lexeme;
  uint32_t end = emit(g_.rules[r].body, 0, 0);
  inLexeme_ = false;
  if (tooBig_)
    return;
  size_t n = nfa_.size();
  // Essential states: the start and every target of a consuming edge.
  std::vector<uint32_t> map(n, kNone);
  uint32_t base = static_cast<uint32_t>(out_.size());
  uint32_t count = 0;
  map[0] = count++;
  for (size_t s = 0; s < n; ++s)
    for (const LEdge &e : nfa_[s])
      if (e.rule != kEps && map[e.to] == kNone)
        map[e.to] = count++;
  out_.resize(base + count);
  final_.resize(base + count, 0);
  ruleOf_.resize(base + count, r);
  start_[r] = base;
  std::vector<uint32_t> stamp(n, kNone), work;
  for (size_t s = 0; s < n; ++s) {
    if (map[s] == kNone)
      continue;
    uint32_t g = base + map[s];
    work.assign(1, static_cast<uint32_t>(s));
    stamp[s] = static_cast<uint32_t>(s);
    while (!work.empty()) {
      uint32_t u = work.back();
      work.pop_back();
      if (u == end)
        final_[g] = 1;
      for (const LEdge &e : nfa_[u]) {
        if (e.rule == kEps) {
          if (stamp[e.to] != s) {
            stamp[e.to] = static_cast<uint32_t>(s);
            work.push_back(e.to);
          }
        } else {
          out_[g].push_back({e.rule, base + map[e.to], e.lo, e.hi});
        }
      }
    }
  }
}

/// Marks states from which a final state is reachable through edges that
/// `usable` admits, where a rule edge also needs its rule marked (its start
/// state marked). Linear worklist over reverse edges.
template <typename Usable>
std::vector<uint8_t> markStates(const std::vector<std::vector<LEdge>> &out,
                                const std::vector<uint8_t> &final_,
                                const std::vector<uint32_t> &start, size_t numRules,
                                Usable usable, std::vector<uint8_t> &ruleMarked) {
  size_t n = out.size();
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> rev(n); // (source, rule)
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> byRule(numRules);
  std::vector<std::vector<uint32_t>> startOf(n);
  for (uint32_t r = 0; r < numRules; ++r)
    if (start[r] != kNone)
      startOf[start[r]].push_back(r);
  for (uint32_t s = 0; s < n; ++s)
    for (const LEdge &e : out[s]) {
      if (!usable(e))
        continue;
      rev[e.to].push_back({s, e.rule});
      if (e.rule != kByte)
        byRule[e.rule].push_back({s, e.to});
    }
  std::vector<uint8_t> marked(n, 0);
  ruleMarked.assign(numRules, 0);
  std::vector<uint32_t> work;
  auto mark = [&](uint32_t s) {
    if (!marked[s]) {
      marked[s] = 1;
      work.push_back(s);
    }
  };
  for (uint32_t s = 0; s < n; ++s)
    if (final_[s])
      mark(s);
  while (!work.empty()) {
    uint32_t t = work.back();
    work.pop_back();
    for (uint32_t r : startOf[t]) {
      ruleMarked[r] = 1;
      for (auto [s, to] : byRule[r])
        if (marked[to])
          mark(s);
    }
    for (auto [s, rule] : rev[t])
      if (rule == kByte || ruleMarked[rule])
        mark(s);
  }
  return marked;
}

std::shared_ptr<const CompiledGrammar> Compiler::run() {
  size_t before = diags_.size();
  size_t n = g_.rules.size();
  if (g_.root >= n || !g_.rules[g_.root].defined) {
    error({}, "the grammar has no root rule (define 'root ::= ...')");
    return nullptr;
  }
  std::vector<std::vector<uint32_t>> refs(n);
  for (uint32_t r = 0; r < n; ++r)
    if (g_.rules[r].defined)
      validate(g_.rules[r].body, 0, refs[r]);
  for (uint32_t r = 0; r < n; ++r) {
    if (g_.rules[r].defined)
      continue;
    error(g_.rules[r].firstUse, "undefined rule '" + g_.rules[r].name + "'");
  }
  if (diags_.size() != before)
    return nullptr;
  checkLexemes(refs);
  if (diags_.size() != before)
    return nullptr;

  chooseInlining(refs);
  start_.assign(n, kNone);
  for (uint32_t r = 0; r < n && !tooBig_; ++r)
    if (g_.rules[r].defined && !inlinable_[r])
      buildRule(r);
  nfa_ = {};
  if (tooBig_) {
    error(g_.rules[g_.root].loc, "the grammar expands to more than " +
                                     std::to_string(lim_.maxStates) +
                                     " automaton states (repetition counts too large?)");
    return nullptr;
  }

  std::vector<uint8_t> productiveRule;
  std::vector<uint8_t> productive =
      markStates(out_, final_, start_, n, [](const LEdge &) { return true; }, productiveRule);

  // Rules reachable from the root, for the errors.
  std::vector<uint8_t> reach(n, 0);
  std::vector<uint32_t> work{g_.root};
  reach[g_.root] = 1;
  auto reachFrom = [&](auto usableEdge) {
    while (!work.empty()) {
      uint32_t r = work.back();
      work.pop_back();
      // States of rule r are contiguous from start_[r].
      for (uint32_t s = start_[r]; s < out_.size() && ruleOf_[s] == r; ++s)
        for (const LEdge &e : out_[s])
          if (e.rule != kByte && usableEdge(s, e) && !reach[e.rule]) {
            reach[e.rule] = 1;
            work.push_back(e.rule);
          }
    }
  };
  reachFrom([](uint32_t, const LEdge &) { return true; });
  for (uint32_t r = 0; r < n; ++r) {
    if (!reach[r] || start_[r] == kNone || productiveRule[r])
      continue;
    if (r == g_.root)
      error(g_.rules[r].loc, "empty language: rule '" + g_.rules[r].name +
                                 "' derives no finite string");
    else
      error(g_.rules[r].loc, "rule '" + g_.rules[r].name +
                                 "' derives no finite string (every derivation is infinite)");
  }
  if (diags_.size() != before)
    return nullptr;

  // Useless states: not productive, or not reachable from their rule's start
  // through productive states.
  std::vector<uint8_t> live(out_.size(), 0);
  std::fill(reach.begin(), reach.end(), 0);
  reach[g_.root] = 1;
  work.assign(1, g_.root);
  std::vector<uint32_t> sw;
  std::vector<uint32_t> ruleOrder;
  while (!work.empty()) {
    uint32_t r = work.back();
    work.pop_back();
    ruleOrder.push_back(r);
    sw.assign(1, start_[r]);
    live[start_[r]] = 1;
    while (!sw.empty()) {
      uint32_t s = sw.back();
      sw.pop_back();
      for (const LEdge &e : out_[s]) {
        if (!productive[e.to] || (e.rule != kByte && !productiveRule[e.rule]))
          continue;
        if (!live[e.to]) {
          live[e.to] = 1;
          sw.push_back(e.to);
        }
        if (e.rule != kByte && !reach[e.rule]) {
          reach[e.rule] = 1;
          work.push_back(e.rule);
        }
      }
    }
  }
  std::sort(ruleOrder.begin(), ruleOrder.end());

  auto cg = std::make_shared<CompiledGrammar>();
  std::vector<uint32_t> ruleMap(n, kNone), stateMap(out_.size(), kNone);
  for (uint32_t r : ruleOrder) {
    ruleMap[r] = static_cast<uint32_t>(cg->rules.size());
    cg->rules.push_back({g_.rules[r].name, 0, false, g_.rules[r].lexeme});
    cg->hasLexemes |= g_.rules[r].lexeme;
  }
  cg->root = ruleMap[g_.root];
  std::vector<uint8_t> keptState(out_.size()), keptRule(n);
  for (uint32_t s = 0; s < out_.size(); ++s)
    keptState[s] = live[s] && ruleMap[ruleOf_[s]] != kNone;
  for (uint32_t r = 0; r < n; ++r)
    keptRule[r] = ruleMap[r] != kNone;
  // A state equivalent to a smaller one takes its number (rep[s] < s).
  const std::vector<uint32_t> rep = equivalentStates(out_, final_, ruleOf_, keptState, keptRule);
  for (uint32_t s = 0; s < out_.size(); ++s) {
    if (!keptState[s])
      continue;
    if (rep[s] != s) {
      stateMap[s] = stateMap[rep[s]];
      continue;
    }
    stateMap[s] = static_cast<uint32_t>(cg->isFinal.size());
    cg->isFinal.push_back(final_[s]);
    cg->ruleOf.push_back(ruleMap[ruleOf_[s]]);
  }
  for (uint32_t r : ruleOrder)
    cg->rules[ruleMap[r]].start = stateMap[start_[r]];
  std::vector<CompiledGrammar::Edge> es;
  for (uint32_t s = 0; s < out_.size(); ++s) {
    if (stateMap[s] == kNone || rep[s] != s)
      continue;
    es.clear();
    for (const LEdge &e : out_[s]) {
      if (stateMap[e.to] == kNone || (e.rule != kByte && ruleMap[e.rule] == kNone))
        continue;
      es.push_back({e.rule == kByte ? kByte : ruleMap[e.rule], stateMap[e.to], e.lo, e.hi});
    }
    // Byte edges first (kByte sorts last, so invert), sorted by target then
    // range, adjacent ranges to one target merged; duplicates dropped.
    std::sort(es.begin(), es.end(), [](const auto &a, const auto &b) {
      bool ab = a.rule == kByte, bb = b.rule == kByte;
      return std::make_tuple(!ab, a.rule, a.target, a.lo, a.hi) <
             std::make_tuple(!bb, b.rule, b.target, b.lo, b.hi);
    });
    cg->edgeBegin.push_back(static_cast<uint32_t>(cg->edges.size()));
    size_t firstRule = kNone;
    for (const auto &e : es) {
      if (!cg->edges.empty() && cg->edges.size() > cg->edgeBegin.back()) {
        auto &last = cg->edges.back();
        if (last.rule == e.rule && last.target == e.target) {
          if (e.rule != kByte)
            continue;
          if (e.lo <= static_cast<unsigned>(last.hi) + 1) {
            last.hi = std::max(last.hi, e.hi);
            continue;
          }
        }
      }
      if (e.rule != kByte && firstRule == kNone)
        firstRule = cg->edges.size();
      cg->edges.push_back(e);
    }
    cg->ruleEdgeBegin.push_back(
        static_cast<uint32_t>(firstRule == kNone ? cg->edges.size() : firstRule));
  }
  cg->edgeBegin.push_back(static_cast<uint32_t>(cg->edges.size()));

  // Nullable rules (Aycock-Horspool prediction needs them).
  std::vector<std::vector<LEdge>> outs(cg->numStates());
  std::vector<uint32_t> starts(cg->rules.size());
  for (uint32_t s = 0; s < cg->numStates(); ++s)
    for (uint32_t i = cg->edgeBegin[s]; i < cg->edgeBegin[s + 1]; ++i) {
      const auto &e = cg->edges[i];
      outs[s].push_back({e.rule, e.target, e.lo, e.hi});
    }
  for (uint32_t r = 0; r < cg->rules.size(); ++r)
    starts[r] = cg->rules[r].start;
  std::vector<uint8_t> nullableRule;
  markStates(outs, cg->isFinal, starts, cg->rules.size(),
             [](const LEdge &e) { return e.rule != kByte; }, nullableRule);
  for (uint32_t r = 0; r < cg->rules.size(); ++r)
    cg->rules[r].nullable = nullableRule[r];
  return cg;
}

} // namespace

std::shared_ptr<const CompiledGrammar> compile(const Grammar &g,
                                               std::vector<Diagnostic> &diags,
                                               const Limits &limits) {
  Compiler c(g, diags, limits);
  return c.run();
}

size_t CompiledGrammar::memoryBytes() const {
  size_t n = sizeof(*this) + edges.size() * sizeof(Edge) +
             (edgeBegin.size() + ruleEdgeBegin.size() + ruleOf.size()) * sizeof(uint32_t) +
             isFinal.size();
  for (const RuleInfo &r : rules)
    n += sizeof(RuleInfo) + r.name.size();
  return n;
}

static std::string byteText(uint8_t b) {
  if (b >= 0x21 && b < 0x7F && b != '\\' && b != '-' && b != ']')
    return std::string(1, static_cast<char>(b));
  static const char *hex = "0123456789ABCDEF";
  return std::string("\\x") + hex[b >> 4] + hex[b & 15];
}

std::string CompiledGrammar::dump() const {
  std::ostringstream os;
  for (uint32_t r = 0; r < rules.size(); ++r) {
    os << "rule " << rules[r].name << (r == root ? " (root)" : "")
       << (rules[r].nullable ? " nullable" : "") << (rules[r].lexeme ? " lexeme" : "")
       << " start=" << rules[r].start << "\n";
    for (uint32_t s = rules[r].start; s < numStates() && ruleOf[s] == r; ++s) {
      os << "  s" << s << (isFinal[s] ? " final" : "") << ":";
      for (uint32_t i = edgeBegin[s]; i < edgeBegin[s + 1]; ++i) {
        const Edge &e = edges[i];
        if (e.rule == kByteEdge)
          os << " [" << byteText(e.lo)
             << (e.lo != e.hi ? "-" + byteText(e.hi) : std::string()) << "]";
        else
          os << " <" << rules[e.rule].name << ">";
        os << "->s" << e.target;
      }
      os << "\n";
    }
  }
  return os.str();
}

} // namespace grammar
} // namespace decc
