//===- Pipelines.cpp - The gram pipelines decc runs ----------------------===//
#include "decc/Dialect/Gram/Transforms/Passes.h"

namespace decc {
namespace gram {

void buildGramNormalizePipeline(mlir::OpPassManager &pm) {
  mlir::OpPassManager &g = pm.nest<GrammarOp>();
  GramCheckOptions check;
  check.warnUnreachable = false;
  g.addPass(createGramCheck(check));
  g.addPass(createGramNormalize());
}

void buildGramTablePipeline(mlir::OpPassManager &pm) {
  buildGramNormalizePipeline(pm);
  pm.nest<GrammarOp>().addPass(createGramBuildTable());
}

} // namespace gram
} // namespace decc
