//===- ExtractLexer.cpp - -gram-extract-lexer ----------------------------===//
//
// Terminals are the maximal rule-free sub-expressions: the parts of a rule a
// lexer can match with a DFA while the parser only sees rule structure. The
// automaton comes from the runtime's construction (exportExpression +
// grammar::compile: UTF-8 expansion, epsilon elimination), then ByteDfa.
//
//===----------------------------------------------------------------------===//
#include "decc/Conversion/GrammarToGram/GrammarToGram.h"
#include "decc/Dialect/Gram/Transforms/ByteDfa.h"
#include "decc/Dialect/Gram/Transforms/Passes.h"
#include "decc/Dialect/Gram/Transforms/RuleGraph.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseSet.h"

namespace decc {
#define GEN_PASS_DEF_GRAMEXTRACTLEXER
#include "decc/Dialect/Gram/Transforms/Passes.h.inc"
} // namespace decc

using namespace mlir;
using namespace decc::gram;

namespace {

/// No gram.ref and no gram.terminal below (terminals stay as they are, so a
/// second run changes nothing).
bool isRuleFree(Value v, DenseMap<Value, bool> &memo) {
  auto it = memo.find(v);
  if (it != memo.end())
    return it->second;
  Operation *def = v.getDefiningOp();
  bool free = !isa<RefOp, TerminalOp>(def) &&
              llvm::all_of(def->getOperands(), [&](Value w) { return isRuleFree(w, memo); });
  return memo[v] = free;
}

struct ExtractLexer : decc::impl::GramExtractLexerBase<ExtractLexer> {
  using GramExtractLexerBase::GramExtractLexerBase;

  /// The DFA of `v`, or nullopt when it has no terminal (empty language,
  /// past the limits of compile() or of max-states).
  std::optional<ByteDfa> dfaOf(Value v) {
    // Diagnostics of a failed attempt are not errors: the operands are tried.
    ScopedDiagnosticHandler quiet(&getContext(), [](Diagnostic &) { return success(); });
    FailureOr<ExportedGrammar> e = exportExpression(v);
    if (failed(e))
      return std::nullopt;
    std::vector<decc::grammar::Diagnostic> diags;
    auto compiled = decc::grammar::compile(e->grammar, diags);
    if (!compiled)
      return std::nullopt;
    return minimalDfa(*compiled, compiled->root, size_t(std::max<int64_t>(maxStates, 1)));
  }

  void runOnRule(RuleOp rule) {
    DenseMap<Value, bool> memo;
    DenseMap<Value, unsigned> heights;
    // Deeper expressions are refused by compile(); skipping them up front
    // keeps a deep chain linear instead of one failed export per level.
    unsigned maxNesting = decc::grammar::Limits().maxNesting;
    DenseSet<Value> visited;
    SmallVector<std::pair<Value, ByteDfa>> found;
    SmallVector<Value> work{rule.getRhs()};
    while (!work.empty()) {
      Value v = work.pop_back_val();
      if (!visited.insert(v).second)
        continue;
      if (isRuleFree(v, memo) && expressionHeight(v, heights) <= maxNesting)
        if (std::optional<ByteDfa> dfa = dfaOf(v)) {
          found.push_back({v, std::move(*dfa)});
          continue;
        }
      for (Value w : v.getDefiningOp()->getOperands())
        work.push_back(w);
    }
    // Every automaton is built before the IR changes.
    OpBuilder b(&getContext());
    for (auto &[v, dfa] : found) {
      SmallVector<int32_t> finals(dfa.finals.begin(), dfa.finals.end()), edges;
      for (const ByteDfa::Edge &e : dfa.edges)
        edges.append({int32_t(e.from), int32_t(e.lo), int32_t(e.hi), int32_t(e.to)});
      b.setInsertionPointAfter(v.getDefiningOp());
      auto t = b.create<TerminalOp>(v.getLoc(), v.getType(),
                                    b.getI64IntegerAttr(dfa.numStates),
                                    b.getDenseI32ArrayAttr(finals),
                                    b.getDenseI32ArrayAttr(edges));
      v.replaceAllUsesWith(t.getResult());
    }
    // The replaced sub-expressions are dead; defs precede uses, so one
    // backward sweep removes whole trees.
    Block &body = rule.getBodyBlock();
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (!op.hasTrait<OpTrait::IsTerminator>() && op.use_empty())
        op.erase();
  }

  void runOnOperation() override {
    // A lexeme rule already is one terminal: the runtime builds its
    // automaton (byte edges only) from the body. A gram.terminal inside it
    // could not be exported (its helper rules loop), so it stays as it is.
    for (RuleOp rule : getOperation().getRules())
      if (!rule.getLexeme())
        runOnRule(rule);
  }
};

} // namespace
