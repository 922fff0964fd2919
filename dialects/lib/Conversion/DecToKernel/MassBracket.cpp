//===- MassBracket.cpp - top_p's threshold on a flat row, without a scatter --===//
//
// A mass selection over the whole row (top_p after the weight pass) whose
// nucleus spans too many lane sets for the lane-set pivots. Its exact
// threshold used to come from the value histogram, whose scalar scatter-add
// over every entry was a third of entropy_topp's time at V = 128,256. Here a
// strided subsample (every kStride-th entry) predicts where the threshold
// lies, one vector pass over the weights checks the prediction exactly and
// compacts the entries between the two predicted bounds, and the exact rounds
// finish on those. When the check fails (a row whose subsample misleads) the
// caller falls back to the histogram, so the threshold never depends on the
// prediction, only the time does.
//
//===----------------------------------------------------------------------===//
#include "RowKernelBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace decc::kernel {

// Buckets of the subsample: the weight's float bits >> kShift, so a bucket
// spans a factor 2^(1/16) of weight (w <= 1: bits <= 0x3f800000, bucket 2032).
static constexpr int64_t kWeightBuckets = 2048;
static constexpr int64_t kShift = 19;
// Every kStride-th entry is in the subsample (scatterHistogram spreads
// consecutive ones over the histogram copies: a flat row's tail sends most of
// them to a few buckets).
static constexpr int64_t kStride = 16;
// Half-width of the predicted bracket, in estimated standard deviations of
// the subsample's mass estimates.
static constexpr double kSigmas = 4.0;
// More candidates than this cost the rounds more than the histogram does.
static constexpr int64_t kMaxBracket = 16384;

SmallVector<Value> RowKernelBuilder::massBracketSelect(Value target, Value z, Value outKeys,
                                                      Value outWeights) {
  Type f64 = b.getF64Type();
  auto cD = [&](double v) -> Value { return b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(v)); };
  auto ext = [&](Value v) -> Value { return b.create<arith::ExtFOp>(loc, f64, v); };
  auto bucketOf = [&](Value w) -> Value {
    Value bits = b.create<arith::BitcastOp>(loc, i32, w);
    return b.create<arith::IndexCastOp>(loc, idx, b.create<arith::ShRUIOp>(loc, bits, cI32(kShift)));
  };
  auto bucketEdge = [&](Value k) -> Value { // lowest weight of bucket k (index)
    Value bits = b.create<arith::ShLIOp>(loc, toI32(k), cI32(kShift));
    return b.create<arith::BitcastOp>(loc, f32, bits);
  };

  // 1. The subsample's weight per bucket; the totals of weight and of weight
  // times its bucket's upper edge (a bound on the sum of squares, for the
  // deviation).
  scatterHistogram(kWeightBuckets, kStride, [&](Value, Value w) -> Value { return bucketOf(w); });
  auto vd = VectorType::get({W}, f64);
  SmallVector<int32_t> ids1;
  for (unsigned l = 0; l < W; ++l)
    ids1.push_back(int32_t(l) + 1);
  Value laneIdsPlusOne = b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(vi, ArrayRef<int32_t>(ids1)));
  Value vdZero = b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(vd, 0.0));
  SmallVector<Value> tot = mergeHistogram(
      kWeightBuckets, ValueRange{vdZero, vdZero}, [&](Value i, Value h, ValueRange acc) -> SmallVector<Value> {
        Value upper = b.create<arith::AddIOp>(loc, b.create<vector::BroadcastOp>(loc, vi, toI32(i)),
                                              laneIdsPlusOne);
        Value edge = b.create<arith::BitcastOp>(
            loc, vf, b.create<arith::ShLIOp>(loc, upper, vI32(kShift)));
        Value hd = b.create<arith::ExtFOp>(loc, vd, h);
        return {b.create<arith::AddFOp>(loc, acc[0], hd),
                b.create<arith::AddFOp>(
                    loc, acc[1], b.create<arith::MulFOp>(loc, hd, b.create<arith::ExtFOp>(loc, vd, edge)))};
      });
  Value totW = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, tot[0]);
  Value totQ = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, tot[1]);

  // 2. Walk down from the top bucket. The mass at or above bucket k's lower
  // edge is Z minus the mass below it, estimated as S times the subsample's
  // weight below, with a deviation of about S sqrt(its sum of squares).
  // Estimating from the subsample above the edge instead fails on rows whose
  // few strong tokens the subsample misses (their variance is invisible to
  // it); the weights below an edge are bounded by the edge, so the estimate
  // from below has no such blind spot. The bracket's top is the lowest edge
  // whose mass is surely below the target, its bottom the first edge whose
  // mass surely reaches it.
  Value s = cD(double(kStride));
  Value sig = cD(kSigmas * double(kStride));
  auto walk = b.create<scf::WhileOp>(
      loc, TypeRange{idx, f64, f64, idx},
      ValueRange{cIdx(kWeightBuckets - 1), cD(0.0), cD(0.0), cIdx(kWeightBuckets)},
      [&](OpBuilder &, Location, ValueRange st) {
        Value k = st[0];
        Value h = ext(b.create<memref::LoadOp>(loc, hist, ValueRange{k}));
        Value upperEdge = ext(bucketEdge(b.create<arith::AddIOp>(loc, k, cIdx(1))));
        Value a = b.create<arith::AddFOp>(loc, st[1], h);
        Value q = b.create<arith::AddFOp>(loc, st[2], b.create<arith::MulFOp>(loc, h, upperEdge));
        Value below = b.create<arith::MaximumFOp>(loc, b.create<arith::SubFOp>(loc, totW, a), cD(0.0));
        Value belowQ = b.create<arith::MaximumFOp>(loc, b.create<arith::SubFOp>(loc, totQ, q), cD(0.0));
        Value est = b.create<arith::SubFOp>(loc, z, b.create<arith::MulFOp>(loc, s, below));
        Value dev = b.create<arith::MulFOp>(loc, sig, b.create<math::SqrtOp>(loc, belowQ));
        Value lower = b.create<arith::SubFOp>(loc, est, dev);
        Value upper = b.create<arith::AddFOp>(loc, est, dev);
        Value surelyBelow = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, upper, target);
        Value kh = b.create<arith::SelectOp>(loc, surelyBelow, k, st[3]);
        Value reached = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, lower, target);
        Value more = b.create<arith::AndIOp>(
            loc, b.create<arith::XOrIOp>(loc, reached, b.create<arith::ConstantIntOp>(loc, 1, 1)),
            b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ugt, k, cIdx(0)));
        b.create<scf::ConditionOp>(loc, more, ValueRange{k, a, q, kh});
      },
      [&](OpBuilder &, Location, ValueRange st) {
        b.create<scf::YieldOp>(
            loc, ValueRange{b.create<arith::SubIOp>(loc, st[0], cIdx(1)), st[1], st[2], st[3]});
      });
  Value wLo = bucketEdge(walk.getResult(0));
  Value wHi = bucketEdge(walk.getResult(3));

  // 3. One exact pass: the mass at or above each bound and the entries in
  // between, compacted. Weights are monotone in the values, so the bracket
  // on weights is a bracket on values too. The sums are f32 per sampling
  // chunk, then f64; with wantNucleusSums each chunk's mass at or above the
  // top is kept in the histogram's space (free again after the walk) and the
  // bracket's entries note their positions in ukeys (free on this path).
  const int64_t sumChunk = int64_t(W) * kChunkBlocks;
  const int64_t capacity = histogramBytes() / 4;
  bool sums = wantNucleusSums;
  Value vLo = splat(wLo), vHi = splat(wHi);
  auto block = [&](Value i, Value lm, ValueRange a) -> SmallVector<Value> {
    Value w = loadVec(uweights, i, lm, vF(0.f));
    Value geHi = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, w, vHi);
    Value geLo = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, w, vLo);
    Value inside = b.create<arith::AndIOp>(
        loc, geLo, b.create<arith::XOrIOp>(loc, geHi, b.create<arith::ConstantOp>(
                                                          loc, DenseElementsAttr::get(vb, true))));
    if (lm)
      inside = b.create<arith::AndIOp>(loc, inside, lm);
    return {b.create<arith::AddFOp>(loc, a[0], b.create<arith::SelectOp>(loc, geHi, w, vF(0.f))),
            b.create<arith::AddFOp>(loc, a[1], b.create<arith::SelectOp>(loc, geLo, w, vF(0.f))),
            appendPairs(i, inside, a[2], outKeys, outWeights, sums ? ukeys : Value())};
  };
  auto close = [&](Value c, ValueRange lanes, ValueRange acc) -> SmallVector<Value> {
    SmallVector<Value> out;
    for (int k = 0; k < 2; ++k) {
      Value s = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, lanes[k]);
      if (sums && k == 0)
        b.create<memref::StoreOp>(loc, s, hist,
                                  ValueRange{b.create<arith::MinUIOp>(loc, c, cIdx(capacity - 1))});
      out.push_back(b.create<arith::AddFOp>(loc, acc[k], ext(s)));
    }
    return out;
  };
  Value fullChunks = b.create<arith::DivUIOp>(loc, n, cIdx(sumChunk));
  auto outer = b.create<scf::ForOp>(
      loc, cIdx(0), fullChunks, cIdx(1), ValueRange{cD(0.0), cD(0.0), cIdx(0)},
      [&](OpBuilder &, Location, Value c, ValueRange acc) {
        Value base = b.create<arith::MulIOp>(loc, c, cIdx(sumChunk));
        auto inner = b.create<scf::ForOp>(
            loc, base, b.create<arith::AddIOp>(loc, base, cIdx(sumChunk)), cIdx(W),
            ValueRange{vF(0.f), vF(0.f), acc[2]}, [&](OpBuilder &, Location, Value i, ValueRange a) {
              b.create<scf::YieldOp>(loc, block(i, Value(), a));
            });
        SmallVector<Value> next = close(c, inner.getResults().take_front(2), acc);
        next.push_back(inner.getResult(2));
        b.create<scf::YieldOp>(loc, next);
      });
  SmallVector<Value> tail =
      forBlocks(n, ValueRange{vF(0.f), vF(0.f), outer.getResult(2)}, block,
                b.create<arith::MulIOp>(loc, fullChunks, cIdx(sumChunk)));
  SmallVector<Value> mass =
      close(fullChunks, ValueRange(tail).take_front(2), outer.getResults().take_front(2));
  Value count = tail[2];

  // 4. The bracket holds when the mass above its top stays below the target
  // and the mass from its bottom reaches it, both with a margin for the f32
  // partial sums, and its entries are few enough for the rounds.
  Value ok = b.create<arith::AndIOp>(
      loc,
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLE, mass[0],
                              b.create<arith::MulFOp>(loc, target, cD(1.0 - 1e-4))),
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, mass[1],
                              b.create<arith::MulFOp>(loc, target, cD(1.0 + 1e-4))));
  ok = b.create<arith::AndIOp>(
      loc, ok, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule, count, cIdx(kMaxBracket)));
  Value notReady = b.create<arith::ConstantIntOp>(loc, 0, 1);
  auto sel = b.create<scf::IfOp>(
      loc, ok,
      [&](OpBuilder &, Location) {
        // The candidates' key range, then the exact rounds for what the mass
        // above the bracket leaves.
        SmallVector<Value> range = forBlocks(
            count, ValueRange{vI32(-1), vI32(0)}, [&](Value i, Value lm, ValueRange acc) -> SmallVector<Value> {
              Value lo = loadVec(outKeys, i, lm, vI32(-1));
              Value hi = loadVec(outKeys, i, lm, vI32(0));
              return {b.create<arith::MinUIOp>(loc, acc[0], lo), b.create<arith::MaxUIOp>(loc, acc[1], hi)};
            });
        auto zext = [&](Value v) -> Value { return b.create<arith::ExtUIOp>(loc, i64, v); };
        Value a0 = zext(b.create<vector::ReductionOp>(loc, vector::CombiningKind::MINUI, range[0]));
        Value b0 = zext(b.create<vector::ReductionOp>(loc, vector::CombiningKind::MAXUI, range[1]));
        Value rest = b.create<arith::TruncFOp>(loc, f32, b.create<arith::SubFOp>(loc, target, mass[0]));
        rest = b.create<arith::MaximumFOp>(loc, rest, cF(1e-38f));
        Value key = roundsLoop(count, a0, b0, rest, outKeys, outWeights);
        Value theta = fromOrderKey(b.create<arith::TruncIOp>(loc, i32, key));
        if (!sums) {
          b.create<scf::YieldOp>(loc, ValueRange{theta, notReady, cD(0.0)});
          return;
        }
        // 5. The nucleus's chunk sums for the sampler: the chunks' mass above
        // the bracket plus the bracket's entries at or above the threshold
        // (added in the f32 sums' own order, so Z is their f64 sum in chunk
        // order, as the sampler's walk needs), into blockSums, whose pairs the
        // rounds no longer need.
        Value chunks = b.create<arith::AddIOp>(
            loc, b.create<arith::DivUIOp>(loc, b.create<arith::SubIOp>(loc, n, cIdx(1)), cIdx(sumChunk)),
            cIdx(1));
        // Strictly below: the tail's sum is stored at index V / chunk even when
        // that chunk is empty, and must not land on a real one.
        Value fits = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, chunks, cIdx(capacity));
        auto done = b.create<scf::IfOp>(
            loc, fits,
            [&](OpBuilder &, Location) {
              b.create<scf::ForOp>(
                  loc, cIdx(0), count, cIdx(1), ValueRange{},
                  [&](OpBuilder &, Location, Value t, ValueRange) {
                    Value j = b.create<arith::IndexCastOp>(
                        loc, idx, b.create<memref::LoadOp>(loc, ukeys, ValueRange{t}));
                    Value in = b.create<arith::CmpFOp>(
                        loc, arith::CmpFPredicate::OGE,
                        b.create<memref::LoadOp>(loc, vals, ValueRange{j}), theta);
                    Value w = b.create<arith::SelectOp>(
                        loc, in, b.create<memref::LoadOp>(loc, uweights, ValueRange{j}), cF(0.f));
                    Value c = b.create<arith::DivUIOp>(loc, j, cIdx(sumChunk));
                    Value old = b.create<memref::LoadOp>(loc, hist, ValueRange{c});
                    b.create<memref::StoreOp>(loc, b.create<arith::AddFOp>(loc, old, w), hist,
                                              ValueRange{c});
                    b.create<scf::YieldOp>(loc);
                  });
              auto total = b.create<scf::ForOp>(
                  loc, cIdx(0), chunks, cIdx(1), ValueRange{cD(0.0)},
                  [&](OpBuilder &, Location, Value c, ValueRange acc) {
                    Value s = b.create<memref::LoadOp>(loc, hist, ValueRange{c});
                    b.create<memref::StoreOp>(loc, s, blockSums, ValueRange{c});
                    b.create<scf::YieldOp>(loc, ValueRange{b.create<arith::AddFOp>(loc, acc[0], ext(s))});
                  });
              b.create<scf::YieldOp>(loc, ValueRange{total.getResult(0)});
            },
            [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, ValueRange{cD(0.0)}); });
        b.create<scf::YieldOp>(loc, ValueRange{theta, fits, done.getResult(0)});
      },
      [&](OpBuilder &, Location) {
        b.create<scf::YieldOp>(loc, ValueRange{cF(0.f), notReady, cD(0.0)});
      });
  return {ok, sel.getResult(0), sel.getResult(1), sel.getResult(2)};
}

} // namespace decc::kernel
