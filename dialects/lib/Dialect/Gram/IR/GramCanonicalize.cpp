//===- GramCanonicalize.cpp - Folders and local rewrites of `gram` -------===//
//
// The local algebra of languages, so that `-canonicalize` (and
// `-gram-normalize`, which runs the same patterns) leaves one spelling of
// each expression:
//
//   seq(x) = alt(x) = repeat(x, 1, 1) = alt(x, x) = x
//   seq(a, seq(b, c)) = seq(a, b, c)     alt(a, alt(b, c)) = alt(a, b, c)
//   seq(.., "", ..) drops "";  seq("a", "b") = "ab";  seq() = ""
//   seq(.., alt(), ..) = alt()   (alt() is the empty language)
//   repeat(alt(), 0, n) = "";  repeat(alt(), m > 0, n) = alt()
//   repeat("", m, n) = repeat(x, 0, 0) = ""
//   (x*){m,n} = x* (n >= 1)    (x+){m,} = x{m,}    (x?){m,} = x*
//
//===----------------------------------------------------------------------===//
#include "decc/Dialect/Gram/IR/GramOps.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;
using namespace decc::gram;

static bool isEpsilon(Value v) {
  auto lit = v.getDefiningOp<LiteralOp>();
  return lit && lit.getBytes().empty();
}

static bool isEmptyLanguage(Value v) {
  auto alt = v.getDefiningOp<AltOp>();
  return alt && alt.getItems().empty();
}

static Value createEpsilon(PatternRewriter &rewriter, Location loc) {
  return rewriter.create<LiteralOp>(loc, ExprType::get(rewriter.getContext()),
                                    rewriter.getStringAttr(""));
}

static Value createEmptyLanguage(PatternRewriter &rewriter, Location loc) {
  return rewriter.create<AltOp>(loc, ExprType::get(rewriter.getContext()),
                                ValueRange());
}

//===----------------------------------------------------------------------===//
// Folders
//===----------------------------------------------------------------------===//

OpFoldResult SeqOp::fold(FoldAdaptor) {
  if (getItems().size() == 1)
    return getItems()[0];
  return {};
}

OpFoldResult AltOp::fold(FoldAdaptor) {
  if (!getItems().empty() && llvm::all_equal(getItems()))
    return getItems()[0];
  return {};
}

OpFoldResult RepeatOp::fold(FoldAdaptor) {
  if (getMin() == 1 && getMaxAttr() && getMaxAttr().getInt() == 1)
    return getItem();
  return {};
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

namespace {

struct SimplifySeq : OpRewritePattern<SeqOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SeqOp op, PatternRewriter &rewriter) const override {
    if (op.getItems().empty()) {
      rewriter.replaceOp(op, createEpsilon(rewriter, op.getLoc()));
      return success();
    }
    if (llvm::any_of(op.getItems(), isEmptyLanguage)) {
      rewriter.replaceOp(op, createEmptyLanguage(rewriter, op.getLoc()));
      return success();
    }
    SmallVector<Value> items;
    bool changed = false;
    for (Value v : op.getItems()) {
      if (auto inner = v.getDefiningOp<SeqOp>()) {
        llvm::append_range(items, inner.getItems());
        changed = true;
      } else if (isEpsilon(v)) {
        changed = true;
      } else {
        items.push_back(v);
      }
    }
    // Adjacent literals become one.
    SmallVector<Value> merged;
    for (Value v : items) {
      auto lit = v.getDefiningOp<LiteralOp>();
      auto prev = merged.empty() ? LiteralOp() : merged.back().getDefiningOp<LiteralOp>();
      if (lit && prev) {
        merged.back() = rewriter.create<LiteralOp>(
            prev.getLoc(), ExprType::get(rewriter.getContext()),
            rewriter.getStringAttr(prev.getBytes() + lit.getBytes()));
        changed = true;
        continue;
      }
      merged.push_back(v);
    }
    if (!changed)
      return failure();
    if (merged.empty())
      rewriter.replaceOp(op, createEpsilon(rewriter, op.getLoc()));
    else
      rewriter.replaceOpWithNewOp<SeqOp>(op, op.getType(), merged);
    return success();
  }
};

struct SimplifyAlt : OpRewritePattern<AltOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AltOp op, PatternRewriter &rewriter) const override {
    SmallVector<Value> items;
    llvm::SmallPtrSet<void *, 8> seen;
    bool changed = false;
    auto add = [&](Value v) {
      if (seen.insert(v.getAsOpaquePointer()).second)
        items.push_back(v);
      else
        changed = true;
    };
    for (Value v : op.getItems()) {
      if (auto inner = v.getDefiningOp<AltOp>()) {
        for (Value w : inner.getItems())
          add(w);
        changed = true;
      } else {
        add(v);
      }
    }
    if (!changed)
      return failure();
    rewriter.replaceOpWithNewOp<AltOp>(op, op.getType(), items);
    return success();
  }
};

struct SimplifyRepeat : OpRewritePattern<RepeatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RepeatOp op, PatternRewriter &rewriter) const override {
    if (isEmptyLanguage(op.getItem())) {
      rewriter.replaceOp(op, op.getMin() == 0
                                 ? createEpsilon(rewriter, op.getLoc())
                                 : createEmptyLanguage(rewriter, op.getLoc()));
      return success();
    }
    if (isEpsilon(op.getItem()) || (op.getMaxAttr() && op.getMaxAttr().getInt() == 0)) {
      rewriter.replaceOp(op, createEpsilon(rewriter, op.getLoc()));
      return success();
    }
    auto inner = op.getItem().getDefiningOp<RepeatOp>();
    if (!inner)
      return failure();
    bool innerUnbounded = !inner.getMaxAttr();
    bool outerUnbounded = !op.getMaxAttr();
    // x* contains the empty string, so any power of it from the first is x*.
    if (innerUnbounded && inner.getMin() == 0) {
      rewriter.replaceOp(op, inner.getResult());
      return success();
    }
    // k >= m copies of x split into m non-empty runs: (x+){m,} = x{m,}.
    if (outerUnbounded && innerUnbounded && inner.getMin() == 1) {
      rewriter.replaceOpWithNewOp<RepeatOp>(op, op.getType(), inner.getItem(),
                                            op.getMinAttr(), IntegerAttr());
      return success();
    }
    // m or more copies of x? cover every count: (x?){m,} = x*.
    if (outerUnbounded && inner.getMin() == 0 && inner.getMaxAttr() &&
        inner.getMaxAttr().getInt() == 1) {
      rewriter.replaceOpWithNewOp<RepeatOp>(op, op.getType(), inner.getItem(),
                                            rewriter.getI64IntegerAttr(0), IntegerAttr());
      return success();
    }
    return failure();
  }
};

} // namespace

void SeqOp::getCanonicalizationPatterns(RewritePatternSet &results, MLIRContext *context) {
  results.add<SimplifySeq>(context);
}

void AltOp::getCanonicalizationPatterns(RewritePatternSet &results, MLIRContext *context) {
  results.add<SimplifyAlt>(context);
}

void RepeatOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                           MLIRContext *context) {
  results.add<SimplifyRepeat>(context);
}
