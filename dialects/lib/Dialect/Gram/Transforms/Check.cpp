//===- Check.cpp - -gram-check -------------------------------------------===//
//
// The errors grammar::compile() would report about a rule's language, found
// on the IR before any rule is inlined or merged, so that they point at the
// user's rules. The messages are the runtime's.
//
//===----------------------------------------------------------------------===//
#include "decc/Dialect/Gram/Transforms/Passes.h"
#include "decc/Dialect/Gram/Transforms/RuleGraph.h"

namespace decc {
#define GEN_PASS_DEF_GRAMCHECK
#include "decc/Dialect/Gram/Transforms/Passes.h.inc"
} // namespace decc

using namespace mlir;
using namespace decc::gram;

namespace {

struct Check : decc::impl::GramCheckBase<Check> {
  using GramCheckBase::GramCheckBase;

  void runOnOperation() override {
    GrammarOp grammar = getOperation();
    RuleGraph graph(grammar);
    std::vector<bool> reach = graph.reachable();
    std::vector<bool> prod = graph.productive();
    bool failed = false;
    for (unsigned r = 0; r < graph.rules.size(); ++r) {
      RuleOp rule = graph.rules[r];
      if (!reach[r]) {
        if (warnUnreachable)
          rule.emitWarning("rule '")
              << rule.getSymName() << "' is unreachable from the root '"
              << grammar.getRoot() << "'";
        continue;
      }
      if (prod[r])
        continue;
      failed = true;
      if (r == graph.root)
        rule.emitError("empty language: rule '")
            << rule.getSymName() << "' derives no finite string";
      else
        rule.emitError("rule '") << rule.getSymName()
                                 << "' derives no finite string (every "
                                    "derivation is infinite)";
    }
    if (failed)
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};

} // namespace
