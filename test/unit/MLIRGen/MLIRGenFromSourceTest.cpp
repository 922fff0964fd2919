//===- MLIRGenFromSourceTest.cpp - Front end + MLIRGen on real sources ---===//
#include "decc/Dialect/Dec/IR/DecOps.h"
#include "decc/Frontend/Frontend.h"
#include "decc/MLIRGen/MLIRGen.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace decc;

namespace {

std::unique_ptr<ast::Module> parse(const std::string &name,
                                   const std::string &source) {
  std::ostringstream errors;
  DiagnosticEngine diags(name, source, errors);
  std::unique_ptr<ast::Module> m = parseAndCheck(name, source, diags);
  EXPECT_TRUE(m) << errors.str();
  return m;
}

std::string readExample(const char *file) {
  std::ifstream in(std::string(DECC_EXAMPLES_DIR) + "/" + file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class FromSource : public ::testing::TestWithParam<const char *> {};

// Every shipped example goes through MLIRGen, verifies, and survives the
// canonicalizer (folders and patterns keep the IR valid).
TEST_P(FromSource, ExampleVerifiesAndCanonicalizes) {
  std::string source = readExample(GetParam());
  ASSERT_FALSE(source.empty()) << GetParam();
  std::unique_ptr<ast::Module> m = parse(GetParam(), source);
  ASSERT_TRUE(m);
  mlir::MLIRContext ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module = mlirGen(ctx, *m);
  ASSERT_TRUE(module);
  EXPECT_EQ(static_cast<size_t>(std::distance(
                module->getOps<dec::StrategyOp>().begin(),
                module->getOps<dec::StrategyOp>().end())),
            m->strategies.size());
  mlir::PassManager pm(&ctx);
  pm.addPass(mlir::createCanonicalizerPass());
  ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
  EXPECT_TRUE(mlir::succeeded(mlir::verify(*module)));
}

INSTANTIATE_TEST_SUITE_P(Examples, FromSource,
                         ::testing::Values("chat.dec", "entropy_adaptive.dec",
                                           "biased.dec", "greedy.dec",
                                           "typical.dec"));

TEST(MLIRGenFromSource, ChatPipelineMatchesTheSource) {
  std::unique_ptr<ast::Module> m = parse("chat.dec", readExample("chat.dec"));
  ASSERT_TRUE(m);
  mlir::MLIRContext ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module = mlirGen(ctx, *m);
  ASSERT_TRUE(module);
  dec::StrategyOp s = *module->getOps<dec::StrategyOp>().begin();
  std::vector<std::string> ops;
  for (mlir::Operation &op : s.getBodyBlock())
    if (op.getName().getDialectNamespace() == "dec")
      ops.push_back(op.getName().getStringRef().str());
  EXPECT_EQ(ops, (std::vector<std::string>{
                     "dec.logits", "dec.repetition_penalty",
                     "dec.presence_penalty", "dec.frequency_penalty",
                     "dec.temperature", "dec.top_k", "dec.top_p", "dec.min_p",
                     "dec.sample"}));
  EXPECT_TRUE(s.getStopEos());
  ASSERT_TRUE(s.getMaxTokensParam());
  EXPECT_EQ(mlir::cast<mlir::StringAttr>(
                s.getParamNames()[*s.getMaxTokensParam()])
                .getValue(),
            "max_new");
}

} // namespace
