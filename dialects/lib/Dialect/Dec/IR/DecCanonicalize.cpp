//===- DecCanonicalize.cpp - Folders and canonicalization of `dec` ops ---===//
//
// Identity operators fold to their input; adjacent operators that compose
// into one are merged. Every rewrite keeps the distribution the selection sees
// unchanged, so the written operator order stays meaningful.
//
//===----------------------------------------------------------------------===//
#include "decc/Dialect/Dec/IR/DecOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/MapVector.h"

#include <cmath>

using namespace mlir;
using namespace decc::dec;

/// The constant value of a float operand, if the folder knows it.
static std::optional<double> constF(Attribute a) {
  if (auto f = dyn_cast_or_null<FloatAttr>(a))
    return f.getValueAsDouble();
  return std::nullopt;
}
static std::optional<int64_t> constI(Attribute a) {
  if (auto i = dyn_cast_or_null<IntegerAttr>(a))
    return i.getValue().getSExtValue();
  return std::nullopt;
}

/// Folds `op` to its input when its constant argument satisfies `isIdentity`.
template <typename Op, typename Pred>
static OpFoldResult foldIdentityF(Op op, Attribute value, Pred isIdentity) {
  if (std::optional<double> v = constF(value); v && isIdentity(*v))
    return op.getInput();
  return {};
}

OpFoldResult TemperatureOp::fold(FoldAdaptor adaptor) {
  return foldIdentityF(*this, adaptor.getValue(),
                       [](double t) { return t == 1.0; });
}
OpFoldResult TopKOp::fold(FoldAdaptor adaptor) {
  // k <= 0 disables the filter.
  if (std::optional<int64_t> k = constI(adaptor.getValue()); k && *k <= 0)
    return getInput();
  return {};
}
OpFoldResult TopPOp::fold(FoldAdaptor adaptor) {
  return foldIdentityF(*this, adaptor.getValue(),
                       [](double p) { return p >= 1.0; });
}
OpFoldResult MinPOp::fold(FoldAdaptor adaptor) {
  return foldIdentityF(*this, adaptor.getValue(),
                       [](double p) { return p <= 0.0; });
}
OpFoldResult TypicalPOp::fold(FoldAdaptor adaptor) {
  return foldIdentityF(*this, adaptor.getValue(),
                       [](double p) { return p >= 1.0; });
}
OpFoldResult RepetitionPenaltyOp::fold(FoldAdaptor adaptor) {
  return foldIdentityF(*this, adaptor.getValue(),
                       [](double r) { return r == 1.0; });
}
OpFoldResult PresencePenaltyOp::fold(FoldAdaptor adaptor) {
  return foldIdentityF(*this, adaptor.getValue(),
                       [](double a) { return a == 0.0; });
}
OpFoldResult FrequencyPenaltyOp::fold(FoldAdaptor adaptor) {
  return foldIdentityF(*this, adaptor.getValue(),
                       [](double a) { return a == 0.0; });
}

OpFoldResult LogitBiasOp::fold(FoldAdaptor) {
  // Zero biases are no-ops: drop them in place; nothing left, no operator.
  ArrayRef<int64_t> tokens = getTokens();
  ArrayRef<float> biases = getBiases();
  if (tokens.size() != biases.size())
    return {};
  SmallVector<int64_t> keptTokens;
  SmallVector<float> keptBiases;
  for (auto [tok, bias] : llvm::zip(tokens, biases))
    if (bias != 0.0f) {
      keptTokens.push_back(tok);
      keptBiases.push_back(bias);
    }
  if (keptTokens.empty())
    return getInput();
  if (keptTokens.size() == tokens.size())
    return {};
  setTokens(keptTokens);
  setBiases(keptBiases);
  return getResult();
}

namespace {

/// The intermediate row between two chained operators may be dropped only if
/// nothing else (a feature such as dec.entropy) observes it.
bool hasSingleUse(Value v) { return v.hasOneUse(); }

/// temperature(temperature(x, a), b) -> temperature(x, a * b).
struct MergeTemperatures : OpRewritePattern<TemperatureOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TemperatureOp outer,
                                PatternRewriter &rewriter) const override {
    auto inner = outer.getInput().getDefiningOp<TemperatureOp>();
    if (!inner || !hasSingleUse(inner.getResult()))
      return failure();
    Location loc = rewriter.getFusedLoc({inner.getLoc(), outer.getLoc()});
    Value t = rewriter.create<arith::MulFOp>(loc, inner.getValue(),
                                             outer.getValue());
    auto merged = rewriter.create<TemperatureOp>(loc, outer.getType(), inner.getInput(), t);
    rewriter.replaceOp(outer, merged.getResult());
    rewriter.eraseOp(inner);
    return success();
  }
};

/// logit_bias(logit_bias(x, A), B) -> logit_bias(x, A + B), biases of the same
/// token added (-inf stays -inf).
struct MergeLogitBiases : OpRewritePattern<LogitBiasOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogitBiasOp outer,
                                PatternRewriter &rewriter) const override {
    auto inner = outer.getInput().getDefiningOp<LogitBiasOp>();
    if (!inner || !hasSingleUse(inner.getResult()))
      return failure();
    llvm::MapVector<int64_t, float> sum;
    for (LogitBiasOp op : {inner, outer})
      for (auto [tok, bias] : llvm::zip(op.getTokens(), op.getBiases()))
        sum[tok] += bias;
    SmallVector<int64_t> tokens;
    SmallVector<float> biases;
    for (auto [tok, bias] : sum) {
      tokens.push_back(tok);
      biases.push_back(bias);
    }
    Location loc = rewriter.getFusedLoc({inner.getLoc(), outer.getLoc()});
    auto merged = rewriter.create<LogitBiasOp>(
        loc, outer.getType(), inner.getInput(), rewriter.getDenseI64ArrayAttr(tokens),
        rewriter.getDenseF32ArrayAttr(biases));
    rewriter.replaceOp(outer, merged.getResult());
    rewriter.eraseOp(inner);
    return success();
  }
};

/// greedy(top_k(x, k)) -> greedy(x), and the same for min_p(x, p <= 1): both
/// keep every maximal logit with its value, so the argmax (lowest id among
/// ties) cannot change.
struct DropFiltersBeforeGreedy : OpRewritePattern<GreedyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GreedyOp greedy,
                                PatternRewriter &rewriter) const override {
    Operation *filter = greedy.getInput().getDefiningOp();
    if (!filter || !hasSingleUse(greedy.getInput()))
      return failure();
    Value input;
    if (auto topK = dyn_cast<TopKOp>(filter)) {
      input = topK.getInput();
    } else if (auto minP = dyn_cast<MinPOp>(filter)) {
      FloatAttr p;
      if (!matchPattern(minP.getValue(), m_Constant(&p)) ||
          !(p.getValueAsDouble() <= 1.0))
        return failure();
      input = minP.getInput();
    } else {
      return failure();
    }
    rewriter.modifyOpInPlace(greedy,
                             [&] { greedy.getInputMutable().assign(input); });
    rewriter.eraseOp(filter);
    return success();
  }
};

} // namespace

void TemperatureOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                                MLIRContext *context) {
  results.add<MergeTemperatures>(context);
}
void LogitBiasOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<MergeLogitBiases>(context);
}
void GreedyOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                           MLIRContext *context) {
  results.add<DropFiltersBeforeGreedy>(context);
}
