//===- RuleGraph.cpp - Rule-level analyses of a gram.grammar -------------===//
#include "decc/Dialect/Gram/Transforms/RuleGraph.h"

#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>

using namespace mlir;

namespace decc {
namespace gram {

RuleGraph::RuleGraph(GrammarOp grammar) {
  for (RuleOp r : grammar.getRules()) {
    index[r.getSymNameAttr()] = rules.size();
    rules.push_back(r);
  }
  refs.resize(rules.size());
  for (unsigned i = 0; i < rules.size(); ++i)
    rules[i].walk([&](RefOp ref) {
      auto it = index.find(ref.getRuleAttr().getAttr());
      if (it != index.end())
        refs[i].push_back(it->second);
    });
  auto it = index.find(grammar.getRootAttr().getAttr());
  root = it != index.end() ? it->second : 0;
}

std::vector<bool> RuleGraph::reachable() const {
  std::vector<bool> seen(rules.size(), false);
  if (rules.empty())
    return seen;
  std::vector<unsigned> work{root};
  seen[root] = true;
  while (!work.empty()) {
    unsigned r = work.back();
    work.pop_back();
    for (unsigned q : refs[r])
      if (!seen[q]) {
        seen[q] = true;
        work.push_back(q);
      }
  }
  return seen;
}

/// A class matches some code point that UTF-8 can encode (not a surrogate).
static bool classMatchesSomething(ClassOp c) {
  std::vector<std::pair<int32_t, int32_t>> rs;
  ArrayRef<int32_t> r = c.getRanges();
  for (size_t i = 0; i + 1 < r.size(); i += 2)
    rs.push_back({r[i], r[i + 1]});
  rs.push_back({0xD800, 0xDFFF});
  if (!c.getNegated())
    return llvm::any_of(llvm::ArrayRef(rs).drop_back(), [](auto p) {
      return p.first < 0xD800 || p.second > 0xDFFF;
    });
  // Negated: some code point is outside every range and the surrogates.
  std::sort(rs.begin(), rs.end());
  int64_t next = 0;
  for (auto [lo, hi] : rs) {
    if (lo > next)
      return true;
    next = std::max<int64_t>(next, int64_t(hi) + 1);
  }
  return next <= kMaxCodePoint;
}

static bool terminalMatchesSomething(TerminalOp t) {
  int64_t n = t.getStates();
  std::vector<std::vector<int32_t>> out(n);
  ArrayRef<int32_t> e = t.getEdges();
  for (size_t i = 0; i + 3 < e.size(); i += 4)
    out[e[i]].push_back(e[i + 3]);
  std::vector<bool> seen(n, false), fin(n, false);
  for (int32_t f : t.getFinal())
    fin[f] = true;
  std::vector<int32_t> work{0};
  seen[0] = true;
  while (!work.empty()) {
    int32_t s = work.back();
    work.pop_back();
    if (fin[s])
      return true;
    for (int32_t q : out[s])
      if (!seen[q]) {
        seen[q] = true;
        work.push_back(q);
      }
  }
  return false;
}

static bool derives(Value v, const RuleGraph &g, const std::vector<bool> &prod,
                    DenseMap<Value, bool> &memo) {
  auto it = memo.find(v);
  if (it != memo.end())
    return it->second;
  bool result = llvm::TypeSwitch<Operation *, bool>(v.getDefiningOp())
      .Case([](LiteralOp) { return true; })
      .Case([](ClassOp c) { return classMatchesSomething(c); })
      .Case([](TerminalOp t) { return terminalMatchesSomething(t); })
      .Case([&](RefOp r) {
        auto i = g.index.find(r.getRuleAttr().getAttr());
        return i != g.index.end() && prod[i->second];
      })
      .Case([&](SeqOp s) {
        return llvm::all_of(s.getItems(), [&](Value w) { return derives(w, g, prod, memo); });
      })
      .Case([&](AltOp a) {
        return llvm::any_of(a.getItems(), [&](Value w) { return derives(w, g, prod, memo); });
      })
      .Case([&](RepeatOp r) { return r.getMin() == 0 || derives(r.getItem(), g, prod, memo); })
      .Default([](Operation *) { return false; });
  memo[v] = result;
  return result;
}

unsigned expressionHeight(Value v, DenseMap<Value, unsigned> &memo) {
  auto it = memo.find(v);
  if (it != memo.end())
    return it->second;
  unsigned h = 0;
  for (Value w : v.getDefiningOp()->getOperands())
    h = std::max(h, expressionHeight(w, memo) + 1);
  return memo[v] = h;
}

bool derivesSomething(Value expr, const RuleGraph &graph,
                      const std::vector<bool> &productiveRules) {
  DenseMap<Value, bool> memo;
  return derives(expr, graph, productiveRules, memo);
}

std::vector<bool> RuleGraph::productive() const {
  // Worklist: a rule is re-examined when a rule it refers to becomes
  // productive.
  size_t n = rules.size();
  std::vector<bool> prod(n, false);
  std::vector<std::vector<unsigned>> users(n);
  for (unsigned r = 0; r < n; ++r)
    for (unsigned q : refs[r])
      users[q].push_back(r);
  std::vector<unsigned> work;
  for (unsigned r = 0; r < n; ++r)
    work.push_back(r);
  while (!work.empty()) {
    unsigned r = work.back();
    work.pop_back();
    if (prod[r] || !derivesSomething(RuleOp(rules[r]).getRhs(), *this, prod))
      continue;
    prod[r] = true;
    for (unsigned u : users[r])
      if (!prod[u])
        work.push_back(u);
  }
  return prod;
}

std::vector<bool> RuleGraph::recursive() const {
  // Tarjan's strongly connected components, iteratively (generated grammars
  // chain thousands of rules).
  size_t n = rules.size();
  std::vector<int> idx(n, -1), low(n, 0);
  std::vector<bool> onStack(n, false), rec(n, false);
  std::vector<unsigned> stack;
  std::vector<std::pair<unsigned, size_t>> dfs;
  int counter = 0;
  for (unsigned s = 0; s < n; ++s) {
    if (idx[s] != -1)
      continue;
    dfs.push_back({s, 0});
    idx[s] = low[s] = counter++;
    stack.push_back(s);
    onStack[s] = true;
    while (!dfs.empty()) {
      auto &[r, i] = dfs.back();
      if (i < refs[r].size()) {
        unsigned q = refs[r][i++];
        if (q == r)
          rec[r] = true;
        if (idx[q] == -1) {
          idx[q] = low[q] = counter++;
          stack.push_back(q);
          onStack[q] = true;
          dfs.push_back({q, 0});
        } else if (onStack[q]) {
          low[r] = std::min(low[r], idx[q]);
        }
        continue;
      }
      unsigned done = r;
      dfs.pop_back();
      if (!dfs.empty())
        low[dfs.back().first] = std::min(low[dfs.back().first], low[done]);
      if (low[done] != idx[done])
        continue;
      std::vector<unsigned> comp;
      unsigned q;
      do {
        q = stack.back();
        stack.pop_back();
        onStack[q] = false;
        comp.push_back(q);
      } while (q != done);
      if (comp.size() > 1)
        for (unsigned c : comp)
          rec[c] = true;
    }
  }
  return rec;
}

std::vector<unsigned> RuleGraph::useCounts() const {
  // Uses of the references' values: after CSE one gram.ref may stand for
  // several occurrences of the rule.
  std::vector<unsigned> uses(rules.size(), 0);
  for (RuleOp rule : rules)
    rule.walk([&](RefOp ref) {
      auto it = index.find(ref.getRuleAttr().getAttr());
      if (it != index.end())
        uses[it->second] += std::distance(ref->use_begin(), ref->use_end());
    });
  return uses;
}

} // namespace gram
} // namespace decc
