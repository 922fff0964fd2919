//===- BuildTable.cpp - -gram-build-table --------------------------------===//
//
// The table is built by the runtime's grammar::compile, the one
// implementation of automata that the per-request path uses too; this pass
// only exports the IR and maps the compiler's errors back to ops.
//
//===----------------------------------------------------------------------===//
#include "decc/Conversion/GrammarToGram/GrammarToGram.h"
#include "decc/Dialect/Gram/Transforms/Passes.h"

namespace decc {
#define GEN_PASS_DEF_GRAMBUILDTABLE
#include "decc/Dialect/Gram/Transforms/Passes.h.inc"
} // namespace decc

using namespace mlir;
using namespace decc::gram;

namespace {

struct BuildTable : decc::impl::GramBuildTableBase<BuildTable> {
  void runOnOperation() override {
    GrammarOp grammar = getOperation();
    FailureOr<ExportedGrammar> exported = exportGrammar(grammar);
    if (failed(exported))
      return signalPassFailure();
    std::vector<decc::grammar::Diagnostic> diags;
    std::shared_ptr<const decc::grammar::CompiledGrammar> compiled =
        decc::grammar::compile(exported->grammar, diags);
    if (!compiled) {
      for (const decc::grammar::Diagnostic &d : diags)
        emitError(exported->locationOf(d.loc, grammar.getLoc())) << d.message;
      return signalPassFailure();
    }
    std::vector<uint8_t> table = decc::grammar::serialize(*compiled);
    grammar.setTableAttr(StringAttr::get(
        &getContext(), StringRef(reinterpret_cast<const char *>(table.data()), table.size())));
  }
};

} // namespace
