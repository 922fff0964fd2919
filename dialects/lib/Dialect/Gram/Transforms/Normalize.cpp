//===- Normalize.cpp - -gram-normalize -----------------------------------===//
//
// Rule-level simplification on top of the ops' canonicalization patterns.
// Every step keeps the language of the root; the loop ends because each
// round that changes something removes a rule or shrinks a body (the
// patterns only ever remove ops or merge them).
//
//===----------------------------------------------------------------------===//
#include "decc/Dialect/Gram/Transforms/Passes.h"
#include "decc/Dialect/Gram/Transforms/RuleGraph.h"

#include "decc/grammar.h"

#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"

namespace decc {
#define GEN_PASS_DEF_GRAMNORMALIZE
#include "decc/Dialect/Gram/Transforms/Passes.h.inc"
} // namespace decc

using namespace mlir;
using namespace decc::gram;

namespace {

/// Structural identity of expressions: equal ids = equal trees, with the
/// operands of an alternative as a set (alternation is commutative).
class ExprKeys {
public:
  unsigned idOf(Value v) {
    auto it = ids_.find(v);
    if (it != ids_.end())
      return it->second;
    std::string key;
    llvm::raw_string_ostream os(key);
    auto children = [&](ValueRange vs, bool sorted) {
      SmallVector<unsigned> cs;
      for (Value w : vs)
        cs.push_back(idOf(w));
      if (sorted)
        llvm::sort(cs);
      for (unsigned c : cs)
        os << c << ",";
    };
    llvm::TypeSwitch<Operation *>(v.getDefiningOp())
        .Case([&](LiteralOp l) { os << "L" << l.getBytes().size() << ":" << l.getBytes(); })
        .Case([&](ClassOp c) {
          os << (c.getNegated() ? "N" : "C");
          for (int32_t x : c.getRanges())
            os << x << ",";
        })
        .Case([&](RefOp r) { os << "R" << r.getRule(); })
        .Case([&](SeqOp s) { os << "S", children(s.getItems(), false); })
        .Case([&](AltOp a) { os << "A", children(a.getItems(), true); })
        .Case([&](RepeatOp r) {
          os << "P" << r.getMin() << ","
             << (r.getMaxAttr() ? r.getMaxAttr().getInt() : -1) << "," << idOf(r.getItem());
        })
        .Case([&](TerminalOp t) {
          os << "T" << t.getStates() << ";";
          for (int32_t x : t.getFinal())
            os << x << ",";
          os << ";";
          for (int32_t x : t.getEdges())
            os << x << ",";
        })
        .Default([&](Operation *op) { os << "?" << op; });
    auto [kit, inserted] = keys_.try_emplace(key, keys_.size());
    ids_[v] = kit->second;
    return kit->second;
  }

private:
  DenseMap<Value, unsigned> ids_;
  llvm::StringMap<unsigned> keys_;
};

struct Normalize : decc::impl::GramNormalizeBase<Normalize> {
  void runOnOperation() override;

  bool simplifyExpressions();
  bool dropUnproductive();
  bool dropUnreachable();
  bool mergeDuplicates();
  bool inlineSingleUse();
  bool inlineIntoLexemes();

  FrozenRewritePatternSet patterns;
};

bool Normalize::simplifyExpressions() {
  GrammarOp grammar = getOperation();
  bool changed = false;
  GreedyRewriteConfig config;
  (void)applyPatternsAndFoldGreedily(grammar, patterns, config, &changed);
  IRRewriter rewriter(&getContext());
  for (RuleOp rule : grammar.getRules()) {
    DominanceInfo dom(rule);
    bool cseChanged = false;
    eliminateCommonSubExpressions(rewriter, dom, rule, &cseChanged);
    changed |= cseChanged;
  }
  return changed;
}

bool Normalize::dropUnproductive() {
  GrammarOp grammar = getOperation();
  RuleGraph graph(grammar);
  std::vector<bool> prod = graph.productive();
  DenseSet<StringAttr> dead;
  for (unsigned r = 0; r < graph.rules.size(); ++r)
    if (!prod[r])
      dead.insert(graph.rules[r].getSymNameAttr());
  if (dead.empty())
    return false;
  bool changed = false;
  SmallVector<RefOp> refs;
  grammar.walk([&](RefOp ref) {
    if (dead.contains(ref.getRuleAttr().getAttr()))
      refs.push_back(ref);
  });
  for (RefOp ref : refs) {
    OpBuilder b(ref);
    Value empty = b.create<AltOp>(ref.getLoc(), ref.getType(), ValueRange());
    ref.replaceAllUsesWith(empty);
    ref.erase();
    changed = true;
  }
  for (unsigned r = 0; r < graph.rules.size(); ++r)
    if (!prod[r] && r != graph.root) {
      graph.rules[r].erase();
      changed = true;
    }
  return changed;
}

bool Normalize::dropUnreachable() {
  RuleGraph graph(getOperation());
  std::vector<bool> reach = graph.reachable();
  bool changed = false;
  for (unsigned r = 0; r < graph.rules.size(); ++r)
    if (!reach[r]) {
      graph.rules[r].erase();
      changed = true;
    }
  return changed;
}

bool Normalize::mergeDuplicates() {
  GrammarOp grammar = getOperation();
  RuleGraph graph(grammar);
  ExprKeys keys;
  // A lexeme and a plain rule with one body still differ (only the lexeme
  // is completed greedily), so the key holds the kind.
  DenseMap<std::pair<unsigned, unsigned>, unsigned> firstWithKey;
  // The root first, so that a duplicate of the root merges into it.
  SmallVector<unsigned> order{graph.root};
  for (unsigned r = 0; r < graph.rules.size(); ++r)
    if (r != graph.root)
      order.push_back(r);
  DenseMap<StringAttr, FlatSymbolRefAttr> renamed;
  SmallVector<RuleOp> merged;
  for (unsigned r : order) {
    std::pair<unsigned, unsigned> key{keys.idOf(graph.rules[r].getRhs()),
                                      graph.rules[r].getLexeme() ? 1u : 0u};
    auto [it, inserted] = firstWithKey.try_emplace(key, r);
    if (inserted)
      continue;
    renamed[graph.rules[r].getSymNameAttr()] =
        FlatSymbolRefAttr::get(graph.rules[it->second].getSymNameAttr());
    merged.push_back(graph.rules[r]);
  }
  if (merged.empty())
    return false;
  grammar.walk([&](RefOp ref) {
    if (FlatSymbolRefAttr to = renamed.lookup(ref.getRuleAttr().getAttr()))
      ref.setRuleAttr(to);
  });
  for (RuleOp rule : merged)
    rule.erase();
  return true;
}

bool Normalize::inlineSingleUse() {
  GrammarOp grammar = getOperation();
  RuleGraph graph(grammar);
  std::vector<bool> rec = graph.recursive();
  std::vector<unsigned> uses = graph.useCounts();
  uint32_t maxNesting = decc::grammar::Limits().maxNesting;
  // The reference that is a rule's one occurrence, found in one walk and
  // kept current as inlining clones references into other rules.
  DenseMap<StringAttr, RefOp> siteOf;
  grammar.walk([&](RefOp ref) {
    if (!ref->use_empty())
      siteOf[ref.getRuleAttr().getAttr()] = ref;
  });
  bool changed = false;
  for (unsigned r = 0; r < graph.rules.size(); ++r) {
    // A lexeme stays a rule: the matcher completes it greedily.
    if (r == graph.root || rec[r] || uses[r] != 1 || graph.rules[r].getLexeme())
      continue;
    RuleOp callee = graph.rules[r];
    RefOp site = siteOf.lookup(callee.getSymNameAttr());
    RuleOp caller = site->getParentOfType<RuleOp>();
    // Keep bodies within the nesting compile() accepts.
    DenseMap<Value, unsigned> memo;
    if (expressionHeight(caller.getRhs(), memo) + expressionHeight(callee.getRhs(), memo) + 1 >
        maxNesting)
      continue;
    IRMapping map;
    OpBuilder b(site);
    for (Operation &op : callee.getBodyBlock().without_terminator()) {
      Operation *copy = b.clone(op, map);
      if (auto ref = dyn_cast<RefOp>(copy); ref && !op.use_empty())
        siteOf[ref.getRuleAttr().getAttr()] = ref;
    }
    site.replaceAllUsesWith(map.lookupOrDefault(callee.getRhs()));
    site.erase();
    callee.erase();
    changed = true;
  }
  return changed;
}

// compile() inlines every rule a lexeme refers to (a lexeme's automaton has
// byte edges only); doing it here lets the other steps see it. The verifier
// guarantees that no recursive rule is reachable from a lexeme, so this
// ends. A rule inlined twice into one lexeme is cloned once: later
// references reuse the first copy when it comes before them in the block,
// which keeps the body a DAG instead of a tree that doubles per level.
// References whose inlining would pass the nesting limit stay (compile()
// inlines them without building a deeper expression).
bool Normalize::inlineIntoLexemes() {
  GrammarOp grammar = getOperation();
  uint32_t maxNesting = decc::grammar::Limits().maxNesting;
  bool changed = false;
  for (RuleOp lexeme : grammar.getRules()) {
    if (!lexeme.getLexeme())
      continue;
    DenseMap<StringAttr, Value> copyOf;
    SmallVector<RefOp> work;
    lexeme.walk([&](RefOp ref) { work.push_back(ref); });
    while (!work.empty()) {
      RefOp site = work.pop_back_val();
      if (site->use_empty())
        continue;
      RuleOp callee = grammar.lookupRule(site.getRule());
      if (!callee)
        continue;
      Value with = copyOf.lookup(site.getRuleAttr().getAttr());
      if (with && !with.getDefiningOp()->isBeforeInBlock(site))
        with = Value();
      DenseMap<Value, unsigned> memo;
      unsigned added = with ? expressionHeight(with, memo) : expressionHeight(callee.getRhs(), memo);
      if (expressionHeight(lexeme.getRhs(), memo) + added + 1 > maxNesting)
        continue;
      if (!with) {
        IRMapping map;
        OpBuilder b(site);
        for (Operation &op : callee.getBodyBlock().without_terminator()) {
          Operation *copy = b.clone(op, map);
          if (auto ref = dyn_cast<RefOp>(copy))
            work.push_back(ref);
        }
        with = map.lookupOrDefault(callee.getRhs());
        copyOf[site.getRuleAttr().getAttr()] = with;
      }
      site.replaceAllUsesWith(with);
      site.erase();
      changed = true;
    }
  }
  return changed;
}

void Normalize::runOnOperation() {
  RewritePatternSet set(&getContext());
  SeqOp::getCanonicalizationPatterns(set, &getContext());
  AltOp::getCanonicalizationPatterns(set, &getContext());
  RepeatOp::getCanonicalizationPatterns(set, &getContext());
  patterns = FrozenRewritePatternSet(std::move(set));
  // Each round that reports a change removes a rule or rewrites ops into
  // fewer ones; the bound only guards against a pattern that would not.
  for (unsigned round = 0; round < 1000; ++round) {
    bool changed = simplifyExpressions();
    changed |= dropUnproductive();
    changed |= dropUnreachable();
    changed |= mergeDuplicates();
    changed |= inlineIntoLexemes();
    changed |= inlineSingleUse();
    if (!changed)
      return;
  }
  getOperation().emitError("gram-normalize did not reach a fixed point");
  signalPassFailure();
}

} // namespace
