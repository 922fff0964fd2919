//===- RowKernelBuilder.cpp - Emitting the streaming row kernel -----------===//
#include "RowKernelBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <cmath>
#include <limits>

using namespace mlir;
namespace decc::kernel {

static constexpr float kInf = std::numeric_limits<float>::infinity();
static constexpr unsigned kSections = 6;
// Round-0 pivots below the top score: the threshold of a peaked distribution
// usually falls in the first ones, so only few entries reach the list.
static constexpr float kDeltas[] = {0.5f, 1.f, 2.f, 4.f, 8.f, 12.f, 16.f, 24.f};
// A pivot reaching the target with at most this many entries above it is
// finished on the compacted list; otherwise the value histogram decides.
static constexpr int64_t kMaxCandidates = 4096;
// top_k on the scan's chunk lane maxima: pivots below the max, and the most
// lane sets (16 entries at W = 16) a pivot may pass to be used.
static constexpr float kSetDeltas[] = {0.25f, 0.5f, 1.f, 1.5f, 2.f, 3.f, 4.f, 6.f,
                                       8.f, 11.f, 16.f, 22.f, 32.f};
static constexpr int32_t kMaxCandidateSets = 512;
// When the nearest of those pivots passes more than kRefineSets sets, a
// second count over the lane maxima splits the gap below it kRefineSplits ways.
static constexpr int32_t kRefineSets = 64;
static constexpr int kRefineSplits = 8;
// top_p on the row: pivots below the max for the mass bounds of the lane
// sets (fewer than top_k's: each costs three vector ops per 16 sets, and a
// nucleus more than 13 nats deep spans too many sets to be worth visiting).
static constexpr float kMassSetDeltas[] = {0.5f, 1.f, 2.f, 3.f, 4.f, 6.f, 9.f, 13.f};
// top_p from the lane-set bounds alone (before any weight pass) visits at
// most this many sets' chunks: a pivot passing more sets reads most of the
// row, and such rows (a nucleus of 100+ tokens) are rarely decided by the
// bounds (V = 32,000, bench row 0: 327 sets, 121 of 125 chunks, undecided;
// the decided bench rows pass at most 32).
static constexpr int32_t kMaxBoundSets = 32;
static constexpr unsigned kRoundPivots = 15; // 16-way split per round
// Value histogram of the selections: buckets of (max - x) over the row's
// range, scatter-added into kHistCopies copies so that consecutive updates of
// one bucket do not wait on each other through memory.
static constexpr int64_t kBuckets = 2048;
static constexpr int64_t kHistCopies = 4;

static int64_t sectionElems(int64_t vocab, unsigned lanes) {
  return (vocab + lanes + 15) / 16 * 16;
}

int64_t workspaceBytes(int64_t vocab, unsigned lanes) {
  // The lane maxima, then (same size) the lane sets' softmax sums.
  return kSections * 4 * sectionElems(vocab, lanes) + histogramBytes() +
         2 * laneMaxBytes(vocab, lanes);
}

int64_t laneMaxBytes(int64_t vocab, unsigned lanes) {
  return (vocab / (int64_t(lanes) * kChunkBlocks) + 1) * lanes * 4;
}

int64_t histogramBytes() { return 4 * kBuckets * kHistCopies; }

RowKernelBuilder::RowKernelBuilder(OpBuilder &b, Location loc, ModuleOp module,
                                   func::FuncOp func, unsigned lanes,
                                   StringRef tag)
    : b(b), loc(loc), module(module), func(func), W(lanes), tag(tag.str()) {
  f32 = b.getF32Type();
  i32 = b.getI32Type();
  i64 = b.getI64Type();
  i1 = b.getI1Type();
  idx = b.getIndexType();
  vf = VectorType::get({W}, f32);
  vi = VectorType::get({W}, i32);
  vb = VectorType::get({W}, i1);

  Block *entry = &func.getBody().front();
  exit = new Block();
  func.getBody().push_back(exit);
  exit->addArguments({i32, i32, f32}, {loc, loc, loc});
  b.setInsertionPointToStart(exit);
  b.create<func::ReturnOp>(loc, exit->getArguments());
  b.setInsertionPointToStart(entry);

  logits = entry->getArgument(ArgLogits);
  mask = entry->getArgument(ArgMask);
  history = entry->getArgument(ArgHistory);
  params = entry->getArgument(ArgParams);
  seed = entry->getArgument(ArgSeed);
  step = entry->getArgument(ArgStep);
  vocab = b.create<memref::DimOp>(loc, logits, 0);

  // Carve the workspace: six sections of 4-byte entries, 64-byte aligned.
  Value ws = entry->getArgument(ArgWorkspace);
  Value elems = b.create<arith::MulIOp>(
      loc,
      b.create<arith::DivUIOp>(
          loc, b.create<arith::AddIOp>(loc, vocab, cIdx(W + 15)), cIdx(16)),
      cIdx(16));
  Value sectionBytes = b.create<arith::MulIOp>(loc, elems, cIdx(4));
  auto carve = [&](unsigned k, Type elem) -> Value {
    Value off = b.create<arith::MulIOp>(loc, sectionBytes, cIdx(k));
    return b.create<memref::ViewOp>(loc, MemRefType::get({ShapedType::kDynamic}, elem),
                                    ws, off, ValueRange{elems});
  };
  vals = carve(0, f32);
  ids = carve(1, i32);
  counts = carve(2, i32);
  ukeys = carve(3, i32);
  uweights = carve(4, f32);
  ones = carve(5, i32);
  blockSums = carve(2, f32); // shares the penalty counts' section
  hist = b.create<memref::ViewOp>(
      loc, MemRefType::get({ShapedType::kDynamic}, f32), ws,
      b.create<arith::MulIOp>(loc, sectionBytes, cIdx(kSections)),
      ValueRange{cIdx(kBuckets * kHistCopies)});
  laneMax = b.create<memref::ViewOp>(
      loc, MemRefType::get({ShapedType::kDynamic}, f32), ws,
      b.create<arith::AddIOp>(loc, b.create<arith::MulIOp>(loc, sectionBytes, cIdx(kSections)),
                              cIdx(histogramBytes())),
      ValueRange{b.create<arith::MulIOp>(
          loc,
          b.create<arith::AddIOp>(
              loc, b.create<arith::DivUIOp>(loc, vocab, cIdx(int64_t(W) * kChunkBlocks)), cIdx(1)),
          cIdx(W))});
  laneSum = b.create<memref::ViewOp>(
      loc, MemRefType::get({ShapedType::kDynamic}, f32), ws,
      b.create<arith::AddIOp>(
          loc,
          b.create<arith::AddIOp>(loc, b.create<arith::MulIOp>(loc, sectionBytes, cIdx(kSections)),
                                  cIdx(histogramBytes())),
          b.create<arith::MulIOp>(loc, b.create<memref::DimOp>(loc, laneMax, 0), cIdx(4))),
      ValueRange{b.create<memref::DimOp>(loc, laneMax, 0)});
  n = vocab;
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Value RowKernelBuilder::cF(float v) {
  return b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(v));
}
Value RowKernelBuilder::cI32(int32_t v) {
  return b.create<arith::ConstantOp>(loc, b.getI32IntegerAttr(v));
}
Value RowKernelBuilder::cI64(int64_t v) {
  return b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(v));
}
Value RowKernelBuilder::cIdx(int64_t v) {
  return b.create<arith::ConstantIndexOp>(loc, v);
}
Value RowKernelBuilder::splat(Value s) {
  return b.create<vector::BroadcastOp>(
      loc, VectorType::get({W}, s.getType()), s);
}
Value RowKernelBuilder::vF(float v) {
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(vf, v));
}
Value RowKernelBuilder::vI32(int32_t v) {
  return b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(vi, b.getI32IntegerAttr(v)));
}
Value RowKernelBuilder::toI32(Value index) {
  return b.create<arith::IndexCastOp>(loc, i32, index);
}

Value RowKernelBuilder::expGuarded(Value x, Value m, Value *clampedDelta) {
  // exp(x - m) for x <= m, written out so that it vectorises without libm
  // and without float->int conversions: n = round(d log2 e) by the 1.5 * 2^23
  // trick (the low mantissa bits of t are n, so t << 23 plus the bits of 1.0
  // are those of 2^n), r = d - n ln 2 in two parts (Cody-Waite), and
  // exp(r) = 1 + P(r) with the degree-5 minimax polynomial of Arm's
  // optimized-routines v_expf (max error 1.45 + 0.5 ulp over the range): 13
  // vector ops after d where Cephes' degree-7 form took 15 (14 in this
  // scheme), and the exp passes are bound by those ops (docs/kernels.md,
  // round 6, for the accuracy traded). Clamping d at -88 gives n = -127,
  // whose scale bits are 0: -inf (an excluded token) weighs exactly 0, no
  // select; d = 0 gives exactly 1.
  bool vec = isa<VectorType>(x.getType());
  auto C = [&](float v) { return vec ? vF(v) : cF(v); };
  auto I = [&](int32_t v) { return vec ? vI32(v) : cI32(v); };
  Type it = vec ? Type(vi) : Type(i32);
  Type ft = vec ? Type(vf) : Type(f32);
  auto fm = arith::FastMathFlagsAttr::get(b.getContext(), arith::FastMathFlags::contract);
  auto mul = [&](Value a, Value c) { return b.create<arith::MulFOp>(loc, a, c, fm); };
  auto add = [&](Value a, Value c) { return b.create<arith::AddFOp>(loc, a, c, fm); };
  Value d = b.create<arith::SubFOp>(loc, x, vec && !isa<VectorType>(m.getType()) ? splat(m) : m);
  d = b.create<arith::MaxNumFOp>(loc, d, C(-88.f));
  if (clampedDelta)
    *clampedDelta = d;
  const float shift = 0x1.8p23f;
  Value t = add(mul(d, C(0x1.715476p+0f)), C(shift));
  Value nf = b.create<arith::SubFOp>(loc, t, C(shift));
  Value r = add(mul(nf, C(-0x1.62e4p-1f)), d);
  r = add(mul(nf, C(-0x1.7f7d1cp-20f)), r);
  Value scale = b.create<arith::BitcastOp>(
      loc, ft,
      b.create<arith::AddIOp>(loc, b.create<arith::ShLIOp>(loc, b.create<arith::BitcastOp>(loc, it, t), I(23)),
                              I(0x3f800000)));
  Value r2 = mul(r, r);
  Value p = add(mul(C(0x1.0e4020p-7f), r), C(0x1.573e2ep-5f));
  Value q = add(mul(C(0x1.555e66p-3f), r), C(0x1.fffdb6p-2f));
  q = add(mul(p, r2), q);
  Value poly = add(mul(q, r2), mul(C(0x1.ffffecp-1f), r));
  return add(mul(poly, scale), scale);
}

SmallVector<Value> RowKernelBuilder::massAndCountAtPivots(Value x, Value w, ValueRange acc,
                                                          ArrayRef<Value> piv) {
  const size_t P = piv.size();
  SmallVector<Value> out, count;
  for (size_t j = 0; j < P; ++j) {
    Value ge = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, x, piv[j]);
    out.push_back(b.create<arith::AddFOp>(loc, acc[j], b.create<arith::SelectOp>(loc, ge, w, vF(0.f))));
    count.push_back(b.create<arith::SelectOp>(
        loc, ge, b.create<arith::AddIOp>(loc, acc[P + j], vI32(1)), acc[P + j]));
  }
  out.append(count);
  return out;
}

Value RowKernelBuilder::finiteMin(Value acc, Value x, bool noNaN) {
  Value fin = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, vF(-kInf));
  auto fm = arith::FastMathFlagsAttr::get(
      b.getContext(), noNaN ? arith::FastMathFlags::nnan : arith::FastMathFlags::none);
  return b.create<arith::MinNumFOp>(loc, acc, b.create<arith::SelectOp>(loc, fin, x, vF(kInf)), fm);
}

Value RowKernelBuilder::orderKey(Value s) {
  // +0.0 turns -0.0 into +0.0, so that key order matches float comparison.
  bool vec = isa<VectorType>(s.getType());
  Type it = vec ? Type(vi) : Type(i32);
  Value z = vec ? vF(0.f) : cF(0.f);
  Value bits = b.create<arith::BitcastOp>(loc, it, b.create<arith::AddFOp>(loc, s, z));
  Value c31 = vec ? vI32(31) : cI32(31);
  Value top = vec ? vI32(INT32_MIN) : cI32(INT32_MIN);
  Value sign = b.create<arith::ShRSIOp>(loc, bits, c31);
  return b.create<arith::XOrIOp>(loc, bits, b.create<arith::OrIOp>(loc, sign, top));
}

Value RowKernelBuilder::fromOrderKey(Value key) {
  Value top = cI32(INT32_MIN);
  Value nonNeg = b.create<arith::CmpIOp>(
      loc, arith::CmpIPredicate::ne, b.create<arith::AndIOp>(loc, key, top), cI32(0));
  Value bits = b.create<arith::SelectOp>(
      loc, nonNeg, b.create<arith::XOrIOp>(loc, key, top),
      b.create<arith::XOrIOp>(loc, key, cI32(-1)));
  return b.create<arith::BitcastOp>(loc, f32, bits);
}

SmallVector<Value> RowKernelBuilder::forBlocks(Value count, ValueRange init,
                                               const BlockBody &body, Value start) {
  Value w = cIdx(W);
  if (!start)
    start = cIdx(0);
  Value full = b.create<arith::AddIOp>(
      loc, start,
      b.create<arith::MulIOp>(
          loc, b.create<arith::DivUIOp>(loc, b.create<arith::SubIOp>(loc, count, start), w), w));
  auto loop = b.create<scf::ForOp>(
      loc, start, full, w, init,
      [&](OpBuilder &, Location, Value i, ValueRange acc) {
        SmallVector<Value> next = body(i, Value(), acc);
        b.create<scf::YieldOp>(loc, next);
      });
  SmallVector<Value> acc(loop.getResults());
  Value rem = b.create<arith::SubIOp>(loc, count, full);
  Value hasTail = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, rem, cIdx(0));
  if (acc.empty()) {
    b.create<scf::IfOp>(loc, hasTail, [&](OpBuilder &, Location) {
      Value m = b.create<vector::CreateMaskOp>(loc, vb, ValueRange{rem});
      body(full, m, {});
      b.create<scf::YieldOp>(loc);
    });
    return {};
  }
  auto tail = b.create<scf::IfOp>(
      loc, hasTail,
      [&](OpBuilder &, Location) {
        Value m = b.create<vector::CreateMaskOp>(loc, vb, ValueRange{rem});
        b.create<scf::YieldOp>(loc, body(full, m, acc));
      },
      [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, acc); });
  return SmallVector<Value>(tail.getResults());
}

Value RowKernelBuilder::loadVec(Value mem, Value i, Value laneMask, Value pad) {
  auto vt = VectorType::get({W}, cast<MemRefType>(mem.getType()).getElementType());
  if (!laneMask)
    return b.create<vector::LoadOp>(loc, vt, mem, ValueRange{i});
  return b.create<vector::MaskedLoadOp>(loc, vt, mem, ValueRange{i}, laneMask, pad);
}

void RowKernelBuilder::storeVec(Value v, Value mem, Value i, Value laneMask) {
  if (!laneMask)
    b.create<vector::StoreOp>(loc, v, mem, ValueRange{i});
  else
    b.create<vector::MaskedStoreOp>(loc, mem, ValueRange{i}, laneMask, v);
}

Value RowKernelBuilder::maskBits(Value i) {
  // Blocks never straddle a mask word (W divides 32): shift the word so the
  // block's first token is bit 0, then test lane l against 1 << l.
  Value word = b.create<memref::LoadOp>(
      loc, maskSrc,
      ValueRange{b.create<arith::AndIOp>(loc, b.create<arith::ShRUIOp>(loc, i, cIdx(5)), wordMask)});
  Value sh = toI32(b.create<arith::AndIOp>(loc, i, cIdx(31)));
  Value shifted = b.create<arith::ShRUIOp>(loc, word, sh);
  SmallVector<int32_t> bits;
  for (unsigned l = 0; l < W; ++l)
    bits.push_back(int32_t(1u << l));
  Value laneBits = b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(vi, ArrayRef<int32_t>(bits)));
  Value sel = b.create<arith::AndIOp>(loc, splat(shifted), laneBits);
  return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, sel, vI32(0));
}

Value RowKernelBuilder::applyPending(Value x) {
  bool vec = isa<VectorType>(x.getType());
  for (const Pending &p : pending) {
    Value v = vec ? splat(p.value) : p.value;
    if (p.isDiv) {
      x = b.create<arith::DivFOp>(loc, x, v);
    } else {
      Value keep = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, x, v);
      x = b.create<arith::SelectOp>(loc, keep, x, vec ? vF(-kInf) : cF(-kInf));
    }
  }
  return x;
}

Value RowKernelBuilder::readVec(Value i, Value laneMask) {
  return finishRead(loadVec(form_ == RowForm::Raw ? logits : vals, i, laneMask, vF(-kInf)), i);
}

Value RowKernelBuilder::finishRead(Value x, Value i) {
  if (form_ == RowForm::Raw && !maskFree)
    x = b.create<arith::SelectOp>(loc, maskBits(i), x, vF(-kInf));
  return applyPending(x);
}

Value RowKernelBuilder::storedBound(Value lo) {
  // Walks the pending ops backwards: a floor only removes entries, so it is
  // skipped (conservative); x / d >= lo needs x >= lo * d up to the quotient's
  // rounding, so the bound is lowered by 2^-20 relative (the f32 rounding
  // of the quotient and of the final conversion are 2^-24 each) and by
  // d * 2^-126 (subnormal quotients). lo * d is exact in f64.
  Type f64 = b.getF64Type();
  Value bound = b.create<arith::ExtFOp>(loc, f64, lo);
  for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
    if (!it->isDiv)
      continue;
    Value d = b.create<arith::ExtFOp>(loc, f64, it->value);
    Value prod = b.create<arith::MulFOp>(loc, bound, d);
    Value slack = b.create<arith::AddFOp>(
        loc,
        b.create<arith::MulFOp>(loc, b.create<math::AbsFOp>(loc, prod),
                                b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0x1p-20))),
        b.create<arith::MulFOp>(loc, d, b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0x1p-126))));
    bound = b.create<arith::SubFOp>(loc, prod, slack);
  }
  return b.create<arith::TruncFOp>(loc, f32, bound);
}

Value RowKernelBuilder::readIds(Value i, Value laneMask) {
  if (form_ == RowForm::List)
    return loadVec(ids, i, laneMask, vI32(0));
  SmallVector<int32_t> iota;
  for (unsigned l = 0; l < W; ++l)
    iota.push_back(int32_t(l));
  Value c = b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(vi, ArrayRef<int32_t>(iota)));
  return b.create<arith::AddIOp>(loc, splat(toI32(i)), c);
}

Value RowKernelBuilder::readScalar(Value j) {
  Value x;
  if (form_ == RowForm::Raw) {
    x = b.create<memref::LoadOp>(loc, logits, ValueRange{j});
    Value word = b.create<memref::LoadOp>(
        loc, maskSrc,
        ValueRange{b.create<arith::AndIOp>(loc, b.create<arith::ShRUIOp>(loc, j, cIdx(5)), wordMask)});
    Value bit = b.create<arith::AndIOp>(
        loc, b.create<arith::ShRUIOp>(loc, word, toI32(b.create<arith::AndIOp>(loc, j, cIdx(31)))),
        cI32(1));
    Value ok = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, bit, cI32(0));
    x = b.create<arith::SelectOp>(loc, ok, x, cF(-kInf));
  } else {
    x = b.create<memref::LoadOp>(loc, vals, ValueRange{j});
  }
  return applyPending(x);
}

Value RowKernelBuilder::readId(Value j) {
  if (form_ == RowForm::List)
    return b.create<memref::LoadOp>(loc, ids, ValueRange{j});
  return toI32(j);
}

Value RowKernelBuilder::score(Score s, Value x) {
  if (s == Score::Value)
    return x;
  // typical: -|c - x|, larger is more typical; -inf stays -inf.
  bool vec = isa<VectorType>(x.getType());
  Value c = vec ? splat(typicalCenter) : typicalCenter;
  Value d = b.create<math::AbsFOp>(loc, b.create<arith::SubFOp>(loc, c, x));
  return b.create<arith::NegFOp>(loc, d);
}

SmallVector<Value> RowKernelBuilder::maskVariants(
    const std::function<SmallVector<Value>()> &pass) {
  if (form_ != RowForm::Raw)
    return pass();
  auto ifOp = b.create<scf::IfOp>(
      loc, noMask,
      [&](OpBuilder &, Location) {
        maskFree = true;
        SmallVector<Value> r = pass();
        maskFree = false;
        b.create<scf::YieldOp>(loc, r);
      },
      [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, pass()); });
  return SmallVector<Value>(ifOp.getResults());
}

void RowKernelBuilder::exitIf(Value cond, int32_t status) {
  Block *cont = new Block();
  func.getBody().getBlocks().insert(Region::iterator(exit), cont);
  b.create<cf::CondBranchOp>(
      loc, cond, exit, ValueRange{cI32(status), cI32(-1), cF(0.f)}, cont,
      ValueRange{});
  b.setInsertionPointToStart(cont);
}

//===----------------------------------------------------------------------===//
// Scan, parameters, features of the step
//===----------------------------------------------------------------------===//

void RowKernelBuilder::scan(bool copy, bool stats) {
  // Mask words: the caller's, or all-ones in the workspace when it has none.
  Value words = b.create<arith::DivUIOp>(
      loc, b.create<arith::AddIOp>(loc, vocab, cIdx(31)), cIdx(32));
  Value maskLen = b.create<memref::DimOp>(loc, mask, 0);
  noMask = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, maskLen, cIdx(0));
  Value shortMask = b.create<arith::AndIOp>(
      loc, b.create<arith::XOrIOp>(loc, noMask, b.create<arith::ConstantIntOp>(loc, 1, 1)),
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, maskLen, words));
  exitIf(shortMask, 2);
  // Without a mask, every block reads word 0 of a one-word all-ones table
  // in the workspace (the word index is and-ed with 0): no copy, no branch.
  b.create<memref::StoreOp>(loc, cI32(-1), ones, ValueRange{cIdx(0)});
  auto src = b.create<scf::IfOp>(
      loc, noMask,
      [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, ValueRange{ones}); },
      [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, ValueRange{mask}); });
  maskSrc = src.getResult(0);
  wordMask = b.create<arith::SelectOp>(loc, noMask, cIdx(0), cIdx(-1));

  Value falseV = b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(vb, b.getBoolAttr(false)));
  auto nnan = arith::FastMathFlagsAttr::get(b.getContext(), arith::FastMathFlags::nnan);
  // Chunks of kChunkBlocks blocks; each chunk's lane-wise max goes to
  // laneMax, so a selection can count and visit chunks instead of entries.
  int64_t chunk = int64_t(W) * kChunkBlocks;
  auto body = [&](Value i, Value lm, ValueRange acc) -> SmallVector<Value> {
    Value raw = loadVec(logits, i, lm, vF(-kInf));
    // NaN or +inf: unordered-or-greater-equal than +inf.
    Value bad = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UGE, raw, vF(kInf));
    Value x = maskFree ? raw : Value(b.create<arith::SelectOp>(loc, maskBits(i), raw, vF(-kInf)));
    if (copy)
      storeVec(x, vals, i, lm);
    // The chunk as masked, for the softmax sums' second read (L1-resident;
    // vals is free: the scan copies only when no feature reads this row).
    if (stats)
      storeVec(x, vals, b.create<arith::AndIOp>(loc, i, cIdx(chunk - 1)), lm);
    Value m = b.create<arith::MaxNumFOp>(loc, acc[0], x, nnan);
    // A NaN makes the row invalid after the scan, so min and max ignore it.
    return {m, b.create<arith::OrIOp>(loc, acc[1], bad), finiteMin(acc[2], x, true)};
  };
  // acc[0] is the chunk's lane max; folded into the row max per chunk.
  auto close = [&](Value c, Value chunkMax, Value rowMax) -> Value {
    storeVec(chunkMax, laneMax, b.create<arith::MulIOp>(loc, c, cIdx(W)), Value());
    return b.create<arith::MaxNumFOp>(loc, rowMax, chunkMax, nnan);
  };
  // With `stats`, each chunk is read a second time (from L1) once its lane
  // max is known: exp(x - running lane max) summed per chunk in f32, folded
  // into f64 lane sums rescaled by exp(old - new max) (online softmax), so
  // the entropy needs no pass over the row.
  Type f64 = b.getF64Type();
  auto vd = VectorType::get({W}, f64);
  auto ext = [&](Value v) -> Value { return b.create<arith::ExtFOp>(loc, vd, v); };
  // max(from - to, -3e38): -inf - x and -inf - -inf (lanes without a
  // finite entry, whose sums are 0) must not turn 0 * delta into NaN.
  auto delta = [&](Value from, Value to) -> Value {
    return ext(b.create<arith::MaxNumFOp>(loc, b.create<arith::SubFOp>(loc, from, to),
                                          vF(-3e38f)));
  };
  // The chunk's sums are taken against its own lane maxima (the maxima of
  // its lane sets), and each set's sum of exp(x - set max) is stored next to
  // the lane maxima: top_p bounds a set's tempered mass by it (see topP).
  auto chunkSums = [&](Value c, Value begin, Value end, Value chunkM, Value oldM, Value laneM,
                       Value s, Value s1) -> SmallVector<Value> {
    SmallVector<Value> cs = forBlocks(
        end, ValueRange{vF(0.f), vF(0.f)},
        [&](Value i, Value lm, ValueRange a) -> SmallVector<Value> {
          Value x = loadVec(vals, b.create<arith::AndIOp>(loc, i, cIdx(chunk - 1)), lm, vF(-kInf));
          Value d;
          Value e = expGuarded(x, chunkM, &d);
          return {b.create<arith::AddFOp>(loc, a[0], e),
                  b.create<arith::AddFOp>(loc, a[1], b.create<arith::MulFOp>(loc, e, d))};
        },
        begin);
    storeVec(cs[0], laneSum, b.create<arith::MulIOp>(loc, c, cIdx(W)), Value());
    // Sums relative to oldM and to chunkM become relative to laneM.
    auto rebase = [&](Value sum, Value sum1, Value from) -> SmallVector<Value> {
      Value sc = ext(expGuarded(from, laneM));
      Value dl = delta(from, laneM);
      return {b.create<arith::MulFOp>(loc, sum, sc),
              b.create<arith::MulFOp>(
                  loc, sc, b.create<arith::AddFOp>(loc, sum1, b.create<arith::MulFOp>(loc, sum, dl)))};
    };
    SmallVector<Value> o = rebase(s, s1, oldM);
    SmallVector<Value> cn = rebase(ext(cs[0]), ext(cs[1]), chunkM);
    return {b.create<arith::AddFOp>(loc, o[0], cn[0]), b.create<arith::AddFOp>(loc, o[1], cn[1])};
  };
  Value zero64 = b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(vd, 0.0));
  // r: lane max, any bad lane, lane min (finite), then the lane sums.
  SmallVector<Value> r = maskVariants([&]() -> SmallVector<Value> {
    Value fullChunks = b.create<arith::DivUIOp>(loc, vocab, cIdx(chunk));
    SmallVector<Value> outerInit{vF(-kInf), falseV, vF(kInf)};
    if (stats)
      outerInit.append({zero64, zero64});
    auto outer = b.create<scf::ForOp>(
        loc, cIdx(0), fullChunks, cIdx(1), outerInit,
        [&](OpBuilder &, Location, Value c, ValueRange acc) {
          Value base = b.create<arith::MulIOp>(loc, c, cIdx(chunk));
          Value end = b.create<arith::AddIOp>(loc, base, cIdx(chunk));
          auto inner = b.create<scf::ForOp>(
              loc, base, end, cIdx(W),
              ValueRange{vF(-kInf), acc[1], acc[2]},
              [&](OpBuilder &, Location, Value i, ValueRange a) {
                b.create<scf::YieldOp>(loc, body(i, Value(), a));
              });
          Value rowMax = close(c, inner.getResult(0), acc[0]);
          SmallVector<Value> next{rowMax, inner.getResult(1), inner.getResult(2)};
          if (stats)
            next.append(chunkSums(c, base, end, inner.getResult(0), acc[0], rowMax, acc[3], acc[4]));
          b.create<scf::YieldOp>(loc, next);
        });
    Value tailStart = b.create<arith::MulIOp>(loc, fullChunks, cIdx(chunk));
    SmallVector<Value> tail = forBlocks(
        vocab, ValueRange{vF(-kInf), outer.getResult(1), outer.getResult(2)}, body, tailStart);
    SmallVector<Value> r{close(fullChunks, tail[0], outer.getResult(0)), tail[1], tail[2]};
    if (stats)
      r.append(chunkSums(fullChunks, tailStart, vocab, tail[0], outer.getResult(0), r[0],
                         outer.getResult(3), outer.getResult(4)));
    return r;
  });
  SmallVector<Value> laneSums(r.begin() + 3, r.end());
  laneMaxValid = true;
  setSums = stats;
  Value anyBad = b.create<vector::ReductionOp>(loc, vector::CombiningKind::OR, r[1]);
  exitIf(anyBad, 2);
  maxV = b.create<vector::ReductionOp>(loc, vector::CombiningKind::MAXNUMF, r[0]);
  minV = b.create<vector::ReductionOp>(loc, vector::CombiningKind::MINNUMF, r[2]);
  exitIf(b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, maxV, cF(-kInf)), 1);
  form_ = copy ? RowForm::Dense : RowForm::Raw;
  n = vocab;
  if (stats) {
    // Lane sums relative to their lane max, brought to the row max.
    Value sc = ext(expGuarded(r[0], maxV));
    Value dl = delta(r[0], splat(maxV));
    Value z = b.create<arith::MulFOp>(loc, laneSums[0], sc);
    Value s1 = b.create<arith::MulFOp>(
        loc, sc,
        b.create<arith::AddFOp>(loc, laneSums[1], b.create<arith::MulFOp>(loc, laneSums[0], dl)));
    zSum64 = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, z);
    zSum = b.create<arith::TruncFOp>(loc, f32, zSum64);
    s1Sum = b.create<arith::TruncFOp>(
        loc, f32, b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, s1));
    argmaxId = Value();
  }
}

void RowKernelBuilder::requireParams(unsigned count) {
  if (count == 0)
    return;
  Value have = b.create<memref::DimOp>(loc, params, 0);
  exitIf(b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, have, cIdx(count)), 2);
}

Value RowKernelBuilder::param(unsigned index, Type type) {
  Value v = b.create<memref::LoadOp>(loc, params, ValueRange{cIdx(index)});
  if (type.isF32())
    return b.create<arith::TruncFOp>(loc, f32, v);
  return b.create<arith::FPToSIOp>(loc, i32, v);
}

Value RowKernelBuilder::stepFeature(unsigned which) {
  if (which == 0)
    return b.create<arith::TruncIOp>(loc, i32, step);
  if (which == 1)
    return toI32(vocab);
  return toI32(b.create<memref::DimOp>(loc, history, 0));
}

//===----------------------------------------------------------------------===//
// Elementwise and sparse operators
//===----------------------------------------------------------------------===//

void RowKernelBuilder::temperature(Value t) {
  // T <= 1e-6 keeps the maximal logits unchanged; otherwise divide. Both are
  // applied on read by whichever pass comes next.
  t = b.create<arith::MaximumFOp>(loc, t, cF(0.f));
  Value tiny = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLE, t, cF(1e-6f));
  Value floor = b.create<arith::SelectOp>(loc, tiny, maxV, cF(-kInf));
  Value div = b.create<arith::SelectOp>(loc, tiny, cF(1.f), t);
  pending.push_back({false, floor});
  pending.push_back({true, div});
  cachedWeights = false;
  maxV = b.create<arith::DivFOp>(loc, maxV, div);
  minV = b.create<arith::SelectOp>(loc, tiny, maxV, b.create<arith::DivFOp>(loc, minV, div));
  zSum = zSum64 = s1Sum = argmaxId = Value();
}

void RowKernelBuilder::materialize(bool weights) {
  forBlocks(n, {}, [&](Value i, Value lm, ValueRange) -> SmallVector<Value> {
    Value x = readVec(i, lm);
    storeVec(x, vals, i, lm);
    if (weights)
      storeVec(expGuarded(x, maxV), uweights, i, lm);
    return {};
  });
  if (form_ == RowForm::Raw)
    form_ = RowForm::Dense;
  pending.clear();
  laneMaxValid = false;
  cachedWeights = false;
}

Value RowKernelBuilder::lookup(Value token) {
  Value t = b.create<arith::IndexCastOp>(loc, idx, token);
  if (form_ != RowForm::List)
    return t;
  // Binary search: the list is in id order.
  auto w = b.create<scf::WhileOp>(
      loc, TypeRange{idx, idx}, ValueRange{cIdx(0), n},
      [&](OpBuilder &, Location, ValueRange a) {
        Value more = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, a[0], a[1]);
        b.create<scf::ConditionOp>(loc, more, a);
      },
      [&](OpBuilder &, Location, ValueRange a) {
        Value mid = b.create<arith::ShRUIOp>(
            loc, b.create<arith::AddIOp>(loc, a[0], a[1]), cIdx(1));
        Value id = b.create<memref::LoadOp>(loc, ids, ValueRange{mid});
        Value less = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, id, token);
        Value lo = b.create<arith::SelectOp>(
            loc, less, b.create<arith::AddIOp>(loc, mid, cIdx(1)), a[0]);
        Value hi = b.create<arith::SelectOp>(loc, less, a[1], mid);
        b.create<scf::YieldOp>(loc, ValueRange{lo, hi});
      });
  Value lo = w.getResult(0);
  Value inRange = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, lo, n);
  auto found = b.create<scf::IfOp>(
      loc, inRange,
      [&](OpBuilder &, Location) {
        Value id = b.create<memref::LoadOp>(loc, ids, ValueRange{lo});
        Value eq = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, id, token);
        b.create<scf::YieldOp>(loc, ValueRange{b.create<arith::SelectOp>(loc, eq, lo, cIdx(-1))});
      },
      [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, ValueRange{cIdx(-1)}); });
  return found.getResult(0);
}

void RowKernelBuilder::penalty(OpKind kind, Value value, int64_t window) {
  laneMaxValid = false;
  cachedWeights = false;
  Value len = b.create<memref::DimOp>(loc, history, 0);
  Value start = cIdx(0);
  if (window > 0) {
    Value wv = cIdx(window);
    Value big = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::uge, wv, len);
    start = b.create<arith::SelectOp>(loc, big, cIdx(0), b.create<arith::SubIOp>(loc, len, wv));
  }
  if (kind == OpKind::RepetitionPenalty)
    value = b.create<arith::MaximumFOp>(loc, value, cF(1e-6f));
  Value vocab32 = toI32(vocab);
  // Visits each history entry of the window whose id is a token of the row.
  auto overWindow = [&](const std::function<void(Value t, Value ti)> &fn) {
    b.create<scf::ForOp>(
        loc, start, len, cIdx(1), ValueRange{},
        [&](OpBuilder &, Location, Value j, ValueRange) {
          Value t = b.create<memref::LoadOp>(loc, history, ValueRange{j});
          Value ok = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, t, vocab32);
          b.create<scf::IfOp>(loc, ok, [&](OpBuilder &, Location) {
            fn(t, b.create<arith::IndexCastOp>(loc, idx, t));
            b.create<scf::YieldOp>(loc);
          });
          b.create<scf::YieldOp>(loc);
        });
  };
  // Counts in the workspace: zeroed at the window's ids, counted, then
  // consumed (reset to zero) by the first occurrence of each distinct id.
  overWindow([&](Value, Value ti) {
    b.create<memref::StoreOp>(loc, cI32(0), counts, ValueRange{ti});
  });
  overWindow([&](Value, Value ti) {
    Value c = b.create<memref::LoadOp>(loc, counts, ValueRange{ti});
    b.create<memref::StoreOp>(loc, b.create<arith::AddIOp>(loc, c, cI32(1)), counts,
                              ValueRange{ti});
  });
  // The first occurrence of each distinct id applies the penalty.
  auto loop = b.create<scf::ForOp>(
      loc, start, len, cIdx(1), pointUpdateInit(),
      [&](OpBuilder &, Location, Value j, ValueRange acc) {
        Value t = b.create<memref::LoadOp>(loc, history, ValueRange{j});
        Value ok = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, t, vocab32);
        b.create<scf::YieldOp>(loc, ifOrKeep(ok, acc, [&] {
          Value ti = b.create<arith::IndexCastOp>(loc, idx, t);
          Value c = b.create<memref::LoadOp>(loc, counts, ValueRange{ti});
          Value first = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, c, cI32(0));
          return ifOrKeep(first, acc, [&] {
            b.create<memref::StoreOp>(loc, cI32(0), counts, ValueRange{ti});
            return pointUpdate(t, acc, [&](Value y) -> Value {
              if (kind == OpKind::RepetitionPenalty) {
                Value pos0 = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, y, cF(0.f));
                return b.create<arith::SelectOp>(loc, pos0, b.create<arith::DivFOp>(loc, y, value),
                                                 b.create<arith::MulFOp>(loc, y, value));
              }
              if (kind == OpKind::PresencePenalty)
                return b.create<arith::SubFOp>(loc, y, value);
              Value cf = b.create<arith::SIToFPOp>(loc, f32, c);
              return b.create<arith::SubFOp>(loc, y, b.create<arith::MulFOp>(loc, value, cf));
            });
          });
        }));
      });
  refreshMax(loop.getResults());
  zSum = zSum64 = s1Sum = argmaxId = Value();
}

void RowKernelBuilder::logitBias(ArrayRef<int64_t> tokens, ArrayRef<float> biases) {
  if (tokens.empty())
    return;
  laneMaxValid = false;
  cachedWeights = false;
  // The (token, bias) table is a constant global of the module.
  auto tokTy = MemRefType::get({int64_t(tokens.size())}, i64);
  auto biasTy = MemRefType::get({int64_t(biases.size())}, f32);
  std::string base = "__decc_bias_" + tag + "_" + std::to_string(globals++);
  {
    OpBuilder gb(module.getBodyRegion());
    gb.setInsertionPointToStart(module.getBody());
    gb.create<memref::GlobalOp>(loc, base + "_tokens", gb.getStringAttr("private"), tokTy,
                                DenseElementsAttr::get(RankedTensorType::get(tokTy.getShape(), i64), tokens),
                                /*constant=*/true, IntegerAttr());
    gb.create<memref::GlobalOp>(loc, base + "_biases", gb.getStringAttr("private"), biasTy,
                                DenseElementsAttr::get(RankedTensorType::get(biasTy.getShape(), f32), biases),
                                /*constant=*/true, IntegerAttr());
  }
  Value tg = b.create<memref::GetGlobalOp>(loc, tokTy, base + "_tokens");
  Value bg = b.create<memref::GetGlobalOp>(loc, biasTy, base + "_biases");
  Value vocab64 = b.create<arith::IndexCastOp>(loc, i64, vocab);
  auto loop = b.create<scf::ForOp>(
      loc, cIdx(0), cIdx(tokens.size()), cIdx(1), pointUpdateInit(),
      [&](OpBuilder &, Location, Value e, ValueRange acc) {
        Value t = b.create<memref::LoadOp>(loc, tg, ValueRange{e});
        Value ok = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, t, vocab64);
        b.create<scf::YieldOp>(loc, ifOrKeep(ok, acc, [&] {
          Value bias = b.create<memref::LoadOp>(loc, bg, ValueRange{e});
          return pointUpdate(b.create<arith::TruncIOp>(loc, i32, t), acc,
                             [&](Value y) -> Value { return b.create<arith::AddFOp>(loc, y, bias); });
        }));
      });
  refreshMax(loop.getResults());
  zSum = zSum64 = s1Sum = argmaxId = Value();
}

SmallVector<Value> RowKernelBuilder::pointUpdateInit() {
  return {b.create<arith::ConstantOp>(loc, b.getBoolAttr(false)), cF(-kInf), cF(kInf)};
}

SmallVector<Value> RowKernelBuilder::ifOrKeep(Value cond, ValueRange keep,
                                               const std::function<SmallVector<Value>()> &then) {
  auto op = b.create<scf::IfOp>(
      loc, cond, [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, then()); },
      [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, keep); });
  return SmallVector<Value>(op.getResults());
}

SmallVector<Value> RowKernelBuilder::pointUpdate(Value token, ValueRange acc,
                                                 const std::function<Value(Value)> &newValue) {
  Value pos = lookup(token);
  Value present = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, pos, cIdx(0));
  return ifOrKeep(present, acc, [&]() -> SmallVector<Value> {
    Value y = b.create<memref::LoadOp>(loc, vals, ValueRange{pos});
    Value ny = newValue(y);
    b.create<memref::StoreOp>(loc, ny, vals, ValueRange{pos});
    Value wasMax = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, y, maxV);
    Value finite = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, ny, cF(-kInf));
    Value lo = b.create<arith::SelectOp>(loc, finite,
                                         b.create<arith::MinimumFOp>(loc, acc[2], ny), acc[2]);
    return {b.create<arith::OrIOp>(loc, acc[0], wasMax),
            b.create<arith::MaxNumFOp>(loc, acc[1], ny), lo};
  });
}

void RowKernelBuilder::refreshMax(ValueRange updates) {
  // Point updates leave the max in place unless they changed an entry that
  // held it: then (and only then) a pass over the row finds the new one.
  auto r = b.create<scf::IfOp>(
      loc, updates[0],
      [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, maxMinPass()); },
      [&](OpBuilder &, Location) {
        b.create<scf::YieldOp>(
            loc, ValueRange{b.create<arith::MaxNumFOp>(loc, maxV, updates[1]),
                            b.create<arith::MinimumFOp>(loc, minV, updates[2])});
      });
  maxV = r.getResult(0);
  minV = r.getResult(1);
  exitIf(b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, maxV, cF(-kInf)), 1);
}

SmallVector<Value> RowKernelBuilder::maxMinPass() {
  auto nnan = arith::FastMathFlagsAttr::get(b.getContext(), arith::FastMathFlags::nnan);
  SmallVector<Value> r = forBlocks(
      n, ValueRange{vF(-kInf), vF(kInf)}, [&](Value i, Value lm, ValueRange acc) -> SmallVector<Value> {
        Value x = readVec(i, lm);
        return {b.create<arith::MaxNumFOp>(loc, acc[0], x, nnan), finiteMin(acc[1], x)};
      });
  return {b.create<vector::ReductionOp>(loc, vector::CombiningKind::MAXNUMF, r[0]),
          b.create<vector::ReductionOp>(loc, vector::CombiningKind::MINNUMF, r[1])};
}

//===----------------------------------------------------------------------===//
// Softmax sums, features
//===----------------------------------------------------------------------===//

void RowKernelBuilder::softmax(bool argmax, bool entropySum, bool chunkSums) {
  // Per chunk of kChunkBlocks blocks: f32 lanes, reduced once into the chunk
  // sum (kept in blockSums for sampling) and added to Z in f64, because
  // sampling compares u * Z with prefix sums over up to 256k terms. Each
  // caller asks only for what it reads: the entropy sum costs two vector
  // ops per block (it reuses exp's x - max), the argmax four.
  Type f64 = b.getF64Type();
  int64_t chunk = int64_t(W) * kChunkBlocks;
  Value big = vI32(INT32_MAX);
  auto body = [&](Value i, Value lm, ValueRange acc) -> SmallVector<Value> {
    Value x = readVec(i, lm);
    // Cached weights are exp(x - max) of the row before its pending floors:
    // a floored entry reads -inf and weighs 0.
    // The entropy term w (x - max) takes exp's own x - max, clamped at -88
    // where the weight is exactly 0, so an excluded entry adds 0, not NaN.
    auto fin = [&] { return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, vF(-kInf)); };
    Value d;
    Value w = cachedWeights
                  ? Value(b.create<arith::SelectOp>(loc, fin(), loadVec(uweights, i, lm, vF(0.f)),
                                                    vF(0.f)))
                  : expGuarded(x, maxV, &d);
    SmallVector<Value> out{b.create<arith::AddFOp>(loc, acc[0], w)};
    if (entropySum) {
      if (!d)
        d = b.create<arith::SelectOp>(loc, fin(), b.create<arith::SubFOp>(loc, x, splat(maxV)),
                                      vF(0.f));
      out.push_back(b.create<arith::AddFOp>(loc, acc[1], b.create<arith::MulFOp>(loc, w, d)));
    }
    if (argmax) {
      Value isMax = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, x, splat(maxV));
      Value cand = b.create<arith::SelectOp>(loc, isMax, readIds(i, lm), big);
      out.push_back(b.create<arith::MinSIOp>(loc, acc.back(), cand));
    }
    return out;
  };
  // Closes a chunk: stores its sum, returns the f64 running Z.
  auto close = [&](Value c, Value wv, Value z) -> Value {
    Value zc = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, wv);
    if (chunkSums)
      b.create<memref::StoreOp>(loc, zc, blockSums, ValueRange{c});
    return b.create<arith::AddFOp>(loc, z, b.create<arith::ExtFOp>(loc, f64, zc));
  };
  // Z (f64), the lane sums of w (x - max), the lane argmax candidates.
  SmallVector<Value> tail = maskVariants([&]() -> SmallVector<Value> {
    Value fullChunks = b.create<arith::DivUIOp>(loc, n, cIdx(chunk));
    SmallVector<Value> init{b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0.0))};
    if (entropySum)
      init.push_back(vF(0.f));
    if (argmax)
      init.push_back(big);
    auto outer = b.create<scf::ForOp>(
        loc, cIdx(0), fullChunks, cIdx(1), init,
        [&](OpBuilder &, Location, Value c, ValueRange acc) {
          Value base = b.create<arith::MulIOp>(loc, c, cIdx(chunk));
          SmallVector<Value> in{vF(0.f)};
          in.append(acc.begin() + 1, acc.end());
          auto inner = b.create<scf::ForOp>(
              loc, base, b.create<arith::AddIOp>(loc, base, cIdx(chunk)), cIdx(W), in,
              [&](OpBuilder &, Location, Value i, ValueRange a) {
                b.create<scf::YieldOp>(loc, body(i, Value(), a));
              });
          SmallVector<Value> next{close(c, inner.getResult(0), acc[0])};
          next.append(inner.getResults().begin() + 1, inner.getResults().end());
          b.create<scf::YieldOp>(loc, next);
        });
    SmallVector<Value> in{vF(0.f)};
    in.append(outer.getResults().begin() + 1, outer.getResults().end());
    SmallVector<Value> tail =
        forBlocks(n, in, body, b.create<arith::MulIOp>(loc, fullChunks, cIdx(chunk)));
    tail[0] = close(fullChunks, tail[0], outer.getResult(0));
    return tail;
  });
  zSum64 = tail[0];
  zSum = b.create<arith::TruncFOp>(loc, f32, zSum64);
  s1Sum = entropySum ? Value(b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, tail[1]))
                     : Value();
  argmaxId = argmax ? Value(b.create<vector::ReductionOp>(loc, vector::CombiningKind::MINSI,
                                                          tail.back()))
                    : Value();
}

Value RowKernelBuilder::argmaxFromLaneMax() {
  // The first chunk with a lane set whose max (pending ops applied: they are
  // monotone) equals the row max holds the lowest id reaching it: an earlier
  // entry reaching it would make its own set's max reach it too. Only that
  // chunk is read again.
  int64_t chunk = int64_t(W) * kChunkBlocks;
  Value lastChunk = b.create<arith::DivUIOp>(loc, b.create<arith::SubIOp>(loc, n, cIdx(1)),
                                             cIdx(chunk));
  Value vMax = splat(maxV);
  auto find = b.create<scf::WhileOp>(
      loc, TypeRange{idx}, ValueRange{cIdx(0)},
      [&](OpBuilder &, Location, ValueRange st) {
        Value m = applyPending(
            loadVec(laneMax, b.create<arith::MulIOp>(loc, st[0], cIdx(W)), Value(), vF(-kInf)));
        Value hit = b.create<vector::ReductionOp>(
            loc, vector::CombiningKind::OR,
            b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, m, vMax));
        Value go = b.create<arith::AndIOp>(
            loc, b.create<arith::XOrIOp>(loc, hit, b.create<arith::ConstantIntOp>(loc, 1, 1)),
            b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, st[0], lastChunk));
        b.create<scf::ConditionOp>(loc, go, st);
      },
      [&](OpBuilder &, Location, ValueRange st) {
        b.create<scf::YieldOp>(loc, ValueRange{b.create<arith::AddIOp>(loc, st[0], cIdx(1))});
      });
  Value base = b.create<arith::MulIOp>(loc, find.getResult(0), cIdx(chunk));
  Value end = b.create<arith::MinUIOp>(loc, b.create<arith::AddIOp>(loc, base, cIdx(chunk)), n);
  Value big = vI32(INT32_MAX);
  SmallVector<Value> r = forBlocks(
      end, ValueRange{big},
      [&](Value i, Value lm, ValueRange acc) -> SmallVector<Value> {
        Value x = readVec(i, lm);
        Value isMax = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, x, vMax);
        return {b.create<arith::MinSIOp>(
            loc, acc[0], b.create<arith::SelectOp>(loc, isMax, readIds(i, lm), big))};
      },
      base);
  return b.create<vector::ReductionOp>(loc, vector::CombiningKind::MINSI, r[0]);
}

Value RowKernelBuilder::feature(OpKind kind, bool reuseSoftmax) {
  if (!reuseSoftmax || !zSum || !s1Sum)
    softmax(false, true, false);
  if (kind == OpKind::MaxProb)
    return b.create<arith::DivFOp>(loc, cF(1.f), zSum);
  // H = log Z - sum(w (x - M)) / Z; a single token gives exactly 0.
  Value h = b.create<arith::SubFOp>(loc, b.create<math::LogOp>(loc, zSum),
                                    b.create<arith::DivFOp>(loc, s1Sum, zSum));
  return b.create<arith::MaximumFOp>(loc, h, cF(0.f));
}

//===----------------------------------------------------------------------===//
// Filters
//===----------------------------------------------------------------------===//

void RowKernelBuilder::toList(Value newN) {
  form_ = RowForm::List;
  n = newN;
  pending.clear();
  zSum = zSum64 = s1Sum = argmaxId = Value();
  laneMaxValid = false;
  cachedWeights = false;
}

Value RowKernelBuilder::compactAll() {
  forBlocks(n, {}, [&](Value i, Value lm, ValueRange) -> SmallVector<Value> {
    Value x = readVec(i, lm);
    Value id = readIds(i, lm);
    storeVec(x, vals, i, lm);
    storeVec(id, ids, i, lm);
    return {};
  });
  return n;
}

Value RowKernelBuilder::compact(Score s, Value lo) {
  return compactRange(s, lo, cIdx(0), n, cIdx(0));
}

Value RowKernelBuilder::compactRange(Score s, Value lo, Value begin, Value end, Value written) {
  // Whole blocks without a survivor cost one compare; survivors are appended
  // branch-free (write unconditionally, advance by the predicate). Writes
  // never pass the block being read, so the list can compact in place.
  // With a pending division, a block is first tested on the stored values
  // against a bound that no survivor is below (no mask, no division: most
  // blocks hold no survivor); only blocks that pass are read exactly.
  bool prefilter = s == Score::Value &&
                   llvm::any_of(pending, [](const Pending &p) { return p.isDiv; });
  Value vStored = prefilter ? splat(storedBound(lo)) : Value();
  SmallVector<Value> r = forBlocks(
      end, ValueRange{written}, [&](Value i, Value lm, ValueRange acc) -> SmallVector<Value> {
        Value stored = loadVec(form_ == RowForm::Raw ? logits : vals, i, lm, vF(-kInf));
        if (!prefilter)
          return {compactBlock(s, lo, i, lm, finishRead(stored, i), acc[0])};
        Value maybe = b.create<vector::ReductionOp>(
            loc, vector::CombiningKind::OR,
            b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, stored, vStored));
        return ifOrKeep(maybe, acc, [&]() -> SmallVector<Value> {
          return {compactBlock(s, lo, i, lm, finishRead(stored, i), acc[0])};
        });
      }, begin);
  return r[0];
}

Value RowKernelBuilder::compactBlock(Score s, Value lo, Value i, Value lm, Value x,
                                     Value written) {
  // Survivors are appended branch-free (write unconditionally, advance by
  // the predicate).
  Value keep = b.create<arith::AndIOp>(
      loc, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, score(s, x), splat(lo)),
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, vF(-kInf)));
  Value any = b.create<vector::ReductionOp>(loc, vector::CombiningKind::OR, keep);
  Value id = readIds(i, lm);
  return ifOrKeep(any, ValueRange{written}, [&]() -> SmallVector<Value> {
    auto inner = b.create<scf::ForOp>(
        loc, cIdx(0), cIdx(W), cIdx(1), ValueRange{written},
        [&](OpBuilder &, Location, Value l, ValueRange w) {
          Value k = b.create<vector::ExtractElementOp>(loc, keep, l);
          Value xv = b.create<vector::ExtractElementOp>(loc, x, l);
          Value iv = b.create<vector::ExtractElementOp>(loc, id, l);
          b.create<memref::StoreOp>(loc, xv, vals, ValueRange{w[0]});
          b.create<memref::StoreOp>(loc, iv, ids, ValueRange{w[0]});
          Value next = b.create<arith::AddIOp>(
              loc, w[0],
              b.create<arith::IndexCastOp>(loc, idx, b.create<arith::ExtUIOp>(loc, i32, k)));
          b.create<scf::YieldOp>(loc, ValueRange{next});
        });
    return SmallVector<Value>(inner.getResults());
  })[0];
}

Value RowKernelBuilder::selectRounds(Score s, bool mass, Value lo, Value top,
                                     Value target) {
  // The list holds every entry with score >= lo. Copy (order key, weight)
  // of each into the scratch, then split the key interval [a, b] 16 ways per
  // round, keeping only the undecided entries, until one key remains.
  toList(n);
  forBlocks(n, {}, [&](Value i, Value lm, ValueRange) -> SmallVector<Value> {
    Value x = readVec(i, lm);
    storeVec(orderKey(score(s, x)), ukeys, i, lm);
    storeVec(mass ? expGuarded(x, maxV) : vF(1.f), uweights, i, lm);
    return {};
  });
  auto zext = [&](Value v32) { return b.create<arith::ExtUIOp>(loc, i64, v32); };
  Value key = roundsLoop(n, zext(orderKey(lo)), zext(orderKey(top)), target);
  Value theta = fromOrderKey(b.create<arith::TruncIOp>(loc, i32, key));
  return compact(s, theta);
}

Value RowKernelBuilder::roundsLoop(Value count, Value a0, Value b0, Value target,
                                   Value keys, Value weights) {
  // (order key, weight) pairs are in keys/weights[0, count) (by default
  // ukeys/uweights); every key is in [a0, b0].
  if (!keys) {
    keys = ukeys;
    weights = uweights;
  }
  auto zext = [&](Value v32) { return b.create<arith::ExtUIOp>(loc, i64, v32); };
  auto loop = b.create<scf::WhileOp>(
      loc, TypeRange{i64, i64, f32, idx}, ValueRange{a0, b0, target, count},
      [&](OpBuilder &, Location, ValueRange st) {
        Value more = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, st[0], st[1]);
        b.create<scf::ConditionOp>(loc, more, st);
      },
      [&](OpBuilder &, Location, ValueRange st) {
        Value a = st[0], bb = st[1], r = st[2], nu = st[3];
        Value width = b.create<arith::AddIOp>(loc, b.create<arith::SubIOp>(loc, bb, a), cI64(1));
        SmallVector<Value> q{a};
        for (unsigned j = 1; j <= kRoundPivots; ++j)
          q.push_back(b.create<arith::AddIOp>(
              loc, a,
              b.create<arith::DivUIOp>(loc, b.create<arith::MulIOp>(loc, width, cI64(j)),
                                       cI64(kRoundPivots + 1))));
        SmallVector<Value> qv;
        for (unsigned j = 1; j <= kRoundPivots; ++j)
          qv.push_back(splat(b.create<arith::TruncIOp>(loc, i32, q[j])));
        SmallVector<Value> init(kRoundPivots + 1, vF(0.f));
        SmallVector<Value> acc = forBlocks(
            nu, init, [&](Value i, Value lm, ValueRange ac) -> SmallVector<Value> {
              Value k = loadVec(keys, i, lm, vI32(0));
              Value w = loadVec(weights, i, lm, vF(0.f));
              SmallVector<Value> out{b.create<arith::AddFOp>(loc, ac[0], w)};
              for (unsigned j = 1; j <= kRoundPivots; ++j) {
                Value ge = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::uge, k, qv[j - 1]);
                out.push_back(b.create<arith::AddFOp>(
                    loc, ac[j], b.create<arith::SelectOp>(loc, ge, w, vF(0.f))));
              }
              return out;
            });
        SmallVector<Value> tot;
        for (Value v : acc)
          tot.push_back(b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, v));
        // Largest j whose "key >= q_j" weight still reaches r.
        Value na = a;
        Value nb = b.create<arith::SubIOp>(loc, q[1], cI64(1));
        Value above = tot[1];
        for (unsigned j = 1; j <= kRoundPivots; ++j) {
          Value ok = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, tot[j], r);
          Value hiJ = j == kRoundPivots ? bb : Value(b.create<arith::SubIOp>(loc, q[j + 1], cI64(1)));
          Value abJ = j == kRoundPivots ? cF(0.f) : tot[j + 1];
          na = b.create<arith::SelectOp>(loc, ok, q[j], na);
          nb = b.create<arith::SelectOp>(loc, ok, hiJ, nb);
          above = b.create<arith::SelectOp>(loc, ok, abJ, above);
        }
        Value nr = b.create<arith::SubFOp>(loc, r, above);
        auto keepLoop = b.create<scf::ForOp>(
            loc, cIdx(0), nu, cIdx(1), ValueRange{cIdx(0)},
            [&](OpBuilder &, Location, Value j, ValueRange wv) {
              Value k = b.create<memref::LoadOp>(loc, keys, ValueRange{j});
              Value w = b.create<memref::LoadOp>(loc, weights, ValueRange{j});
              Value k64 = zext(k);
              Value keep = b.create<arith::AndIOp>(
                  loc, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::uge, k64, na),
                  b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule, k64, nb));
              b.create<memref::StoreOp>(loc, k, keys, ValueRange{wv[0]});
              b.create<memref::StoreOp>(loc, w, weights, ValueRange{wv[0]});
              Value next = b.create<arith::AddIOp>(
                  loc, wv[0],
                  b.create<arith::IndexCastOp>(loc, idx, b.create<arith::ExtUIOp>(loc, i32, keep)));
              b.create<scf::YieldOp>(loc, ValueRange{next});
            });
        b.create<scf::YieldOp>(loc, ValueRange{na, nb, nr, keepLoop.getResult(0)});
      });
  return loop.getResult(0);
}

void RowKernelBuilder::selectFilter(Score s, bool mass, Value top, Value target,
                                    Value keepAll, const std::function<Value()> &fallback) {
  // Round 0: weight (count or mass) at or above a few pivots below `top`,
  // in one pass, to pick a low bound that few entries pass.
  constexpr unsigned P = sizeof(kDeltas) / sizeof(kDeltas[0]);
  SmallVector<Value> piv;
  for (float d : kDeltas)
    piv.push_back(splat(b.create<arith::SubFOp>(loc, top, cF(d))));
  // Without a fallback the pivots pick the bound whatever it costs; with one,
  // the finite count rides along (a count of candidates caps the fast path).
  bool count = fallback && mass;
  SmallVector<Value> init(P + 1 + (count ? P : 0), vF(0.f));
  SmallVector<Value> acc = forBlocks(
      n, init, [&](Value i, Value lm, ValueRange ac) -> SmallVector<Value> {
        Value x = readVec(i, lm);
        Value sc = score(s, x);
        Value fin = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, vF(-kInf));
        Value one = b.create<arith::SelectOp>(loc, fin, vF(1.f), vF(0.f));
        Value w = mass ? expGuarded(x, maxV) : one;
        SmallVector<Value> out{b.create<arith::AddFOp>(loc, ac[0], w)};
        for (unsigned j = 0; j < P; ++j) {
          Value ge = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, sc, piv[j]);
          out.push_back(b.create<arith::AddFOp>(
              loc, ac[j + 1], b.create<arith::SelectOp>(loc, ge, w, vF(0.f))));
          if (count)
            out.push_back(b.create<arith::AddFOp>(
                loc, ac[P + 1 + j], b.create<arith::SelectOp>(loc, ge, one, vF(0.f))));
        }
        if (count) { // interleaved above; put the counts after the weights
          SmallVector<Value> ordered{out[0]};
          for (unsigned j = 0; j < P; ++j)
            ordered.push_back(out[1 + 2 * j]);
          for (unsigned j = 0; j < P; ++j)
            ordered.push_back(out[2 + 2 * j]);
          return ordered;
        }
        return out;
      });
  SmallVector<Value> tot;
  for (Value v : acc)
    tot.push_back(b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, v));
  // Count mode: k >= number of finite entries keeps everything.
  if (!mass)
    keepAll = b.create<arith::OrIOp>(
        loc, keepAll, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, target, tot[0]));
  // The nearest pivot that reaches the target, and how many entries pass it.
  Value lo = cF(-kInf);
  Value cands = tot[0];
  Value reached = b.create<arith::ConstantIntOp>(loc, 0, 1);
  for (int j = P - 1; j >= 0; --j) {
    Value ok = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, tot[j + 1], target);
    lo = b.create<arith::SelectOp>(loc, ok, b.create<arith::SubFOp>(loc, top, cF(kDeltas[j])), lo);
    cands = b.create<arith::SelectOp>(loc, ok, tot[(count ? P + 1 : 1) + j], cands);
    reached = b.create<arith::OrIOp>(loc, reached, ok);
  }
  RowForm before = form_;
  SmallVector<Pending> pend = pending;
  Value nBefore = n;
  auto pivots = [&]() -> Value {
    Value m = compact(s, lo);
    form_ = RowForm::List;
    n = m;
    pending.clear();
    Value out = selectRounds(s, mass, lo, top, target);
    form_ = before;
    pending = pend;
    n = nBefore;
    return out;
  };
  auto ifOp = b.create<scf::IfOp>(
      loc, keepAll,
      [&](OpBuilder &, Location) {
        b.create<scf::YieldOp>(loc, ValueRange{compactAll()});
      },
      [&](OpBuilder &, Location) {
        if (!fallback) {
          b.create<scf::YieldOp>(loc, ValueRange{pivots()});
          return;
        }
        // Few candidates above a pivot that reaches the target: compact them
        // and finish on the list; otherwise the row-wide histogram.
        Value few = b.create<arith::AndIOp>(
            loc, reached,
            b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLE, cands,
                                    cF(float(kMaxCandidates))));
        auto inner = b.create<scf::IfOp>(
            loc, few,
            [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, ValueRange{pivots()}); },
            [&](OpBuilder &, Location) {
              Value m = fallback();
              form_ = before;
              pending = pend;
              b.create<scf::YieldOp>(loc, ValueRange{m});
            });
        b.create<scf::YieldOp>(loc, inner.getResults());
      });
  toList(ifOp.getResult(0));
}

void RowKernelBuilder::topK(Value k) {
  // Pivots below the max first: a peaked row brackets k within a few
  // hundred entries, which are compacted and split exactly. A flat one
  // (or a large k) takes the value histogram.
  Value kf = b.create<arith::SIToFPOp>(loc, f32, k);
  Value off = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, k, cI32(0));
  auto histogram = [&]() -> Value {
    // theta = -inf when k >= the finite count: compact keeps them all.
    Value theta = histogramSelect(false, kf);
    return compact(Score::Value, theta);
  };
  if (form_ == RowForm::List || !laneMaxValid) {
    selectFilter(Score::Value, false, maxV, kf, off, histogram);
    return;
  }
  // The scan's chunk lane maxima (pending ops applied: they are monotone, so
  // the max of a lane set stays its max) stand for the row: each lane set
  // at or above a pivot holds at least one entry there.
  int64_t chunk = int64_t(W) * kChunkBlocks;
  Value chunks = b.create<arith::AddIOp>(
      loc, b.create<arith::DivUIOp>(loc, b.create<arith::SubIOp>(loc, n, cIdx(1)), cIdx(chunk)),
      cIdx(1));
  // Sets at or above max - d for each d (ascending): the nearest pivot whose
  // count reaches k, that count, whether one does, and the deltas around it.
  auto countSets = [&](ArrayRef<Value> ds) -> SmallVector<Value> {
    unsigned P = ds.size();
    SmallVector<Value> piv;
    for (Value d : ds)
      piv.push_back(splat(b.create<arith::SubFOp>(loc, maxV, d)));
    SmallVector<Value> init(P, vI32(0));
    SmallVector<Value> acc = forBlocks(
        b.create<arith::MulIOp>(loc, chunks, cIdx(W)), init,
        [&](Value i, Value lm, ValueRange ac) -> SmallVector<Value> {
          Value x = applyPending(loadVec(laneMax, i, lm, vF(-kInf)));
          SmallVector<Value> out;
          for (unsigned j = 0; j < P; ++j) {
            Value ge = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, x, piv[j]);
            out.push_back(b.create<arith::SelectOp>(
                loc, ge, b.create<arith::AddIOp>(loc, ac[j], vI32(1)), ac[j]));
          }
          return out;
        });
    Value lo = cF(-kInf), sets = cI32(INT32_MAX), dLo = cF(0.f), dHi = cF(0.f);
    Value reached = b.create<arith::ConstantIntOp>(loc, 0, 1);
    for (int j = P - 1; j >= 0; --j) {
      Value c = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, acc[j]);
      Value ok = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, c, k);
      lo = b.create<arith::SelectOp>(loc, ok, b.create<arith::SubFOp>(loc, maxV, ds[j]), lo);
      sets = b.create<arith::SelectOp>(loc, ok, c, sets);
      dLo = b.create<arith::SelectOp>(loc, ok, j ? ds[j - 1] : cF(0.f), dLo);
      dHi = b.create<arith::SelectOp>(loc, ok, ds[j], dHi);
      reached = b.create<arith::OrIOp>(loc, reached, ok);
    }
    return {lo, sets, reached, dLo, dHi};
  };
  SmallVector<Value> ds;
  for (float d : kSetDeltas)
    ds.push_back(cF(d));
  SmallVector<Value> st = countSets(ds);
  // The fixed pivots are far apart below the max (16, 22, 32): a row whose
  // k-th set falls between two would pass many sets (or exceed the cap and
  // take the histogram). A second count splits that gap 8 ways; its last
  // pivot is the one already reached, so it always reaches k.
  Value refine = b.create<arith::AndIOp>(
      loc, st[2], b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, st[1], cI32(kRefineSets)));
  SmallVector<Value> refined = ifOrKeep(refine, ValueRange{st[0], st[1]}, [&]() -> SmallVector<Value> {
    SmallVector<Value> fine;
    Value gap = b.create<arith::SubFOp>(loc, st[4], st[3]);
    for (int m = 1; m < kRefineSplits; ++m)
      fine.push_back(b.create<arith::AddFOp>(
          loc, st[3], b.create<arith::MulFOp>(loc, gap, cF(float(m) / kRefineSplits))));
    fine.push_back(st[4]);
    SmallVector<Value> r = countSets(fine);
    return {r[0], r[1]};
  });
  Value lo = refined[0], sets = refined[1], reached = st[2];
  Value fast = b.create<arith::AndIOp>(
      loc, b.create<arith::XOrIOp>(loc, off, b.create<arith::ConstantIntOp>(loc, 1, 1)),
      b.create<arith::AndIOp>(loc, reached,
                              b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, sets,
                                                      cI32(kMaxCandidateSets))));
  RowForm before = form_;
  SmallVector<Pending> pend = pending;
  Value nBefore = n;
  Value vLo = splat(lo);
  auto ifOp = b.create<scf::IfOp>(
      loc, fast,
      [&](OpBuilder &, Location) {
        // Only the chunks with a lane set at or above lo are read.
        auto loop = b.create<scf::ForOp>(
            loc, cIdx(0), chunks, cIdx(1), ValueRange{cIdx(0)},
            [&](OpBuilder &, Location, Value c, ValueRange wr) {
              Value x = applyPending(
                  loadVec(laneMax, b.create<arith::MulIOp>(loc, c, cIdx(W)), Value(), vF(-kInf)));
              Value hit = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, x, vLo);
              Value any = b.create<vector::ReductionOp>(loc, vector::CombiningKind::OR, hit);
              auto visit = b.create<scf::IfOp>(
                  loc, any,
                  [&](OpBuilder &, Location) {
                    Value base = b.create<arith::MulIOp>(loc, c, cIdx(chunk));
                    Value end = b.create<arith::MinUIOp>(
                        loc, b.create<arith::AddIOp>(loc, base, cIdx(chunk)), n);
                    b.create<scf::YieldOp>(
                        loc, ValueRange{compactRange(Score::Value, lo, base, end, wr[0])});
                  },
                  [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, wr[0]); });
              b.create<scf::YieldOp>(loc, visit.getResults());
            });
        form_ = RowForm::List;
        n = loop.getResult(0);
        pending.clear();
        Value out = selectRounds(Score::Value, false, lo, maxV, kf);
        form_ = before;
        pending = pend;
        n = nBefore;
        b.create<scf::YieldOp>(loc, ValueRange{out});
      },
      [&](OpBuilder &, Location) {
        auto slow = b.create<scf::IfOp>(
            loc, off,
            [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, ValueRange{compactAll()}); },
            [&](OpBuilder &, Location) {
              Value m = histogram();
              form_ = before;
              pending = pend;
              b.create<scf::YieldOp>(loc, ValueRange{m});
            });
        b.create<scf::YieldOp>(loc, slow.getResults());
      });
  toList(ifOp.getResult(0));
}

RowKernelBuilder::RowState RowKernelBuilder::saveState() const {
  return {form_, n, pending, maxV, minV, zSum, zSum64, s1Sum, argmaxId, typicalCenter,
          sumsReady, sumsZ64, laneMaxValid, setSums, cachedWeights};
}

void RowKernelBuilder::restoreState(const RowState &st) {
  form_ = st.form;
  n = st.n;
  pending = st.pending;
  maxV = st.maxV;
  minV = st.minV;
  zSum = st.zSum;
  zSum64 = st.zSum64;
  s1Sum = st.s1Sum;
  argmaxId = st.argmaxId;
  typicalCenter = st.typicalCenter;
  sumsReady = st.sumsReady;
  sumsZ64 = st.sumsZ64;
  laneMaxValid = st.laneMaxValid;
  setSums = st.setSums;
  cachedWeights = st.cachedWeights;
}

void RowKernelBuilder::resume(const Fork &f) {
  restoreState(f.state);
  b.setInsertionPointToStart(f.block);
}

void RowKernelBuilder::topP(Value p, bool sampleNext) {
  // The threshold becomes a pending floor: a nucleus can hold most of a flat
  // row, so compacting it would cost more than filtering on the next read.
  p = b.create<arith::MinimumFOp>(loc, b.create<arith::MaximumFOp>(loc, p, cF(0.f)), cF(1.f));
  Value off = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, p, cF(1.f));
  bool onRow = form_ != RowForm::List;
  if (onRow && laneMaxValid && setSums)
    nucleusFromSetBounds(p, off);
  SmallVector<Pending> pend = pending;
  // (threshold, the nucleus's chunk sums are ready, their f64 sum).
  Value notReady = b.create<arith::ConstantIntOp>(loc, 0, 1);
  Value zero64 = b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0.0));
  auto ifOp = b.create<scf::IfOp>(
      loc, off,
      [&](OpBuilder &, Location) {
        // Leaves the row as the histogram branch does (copied, weighed).
        RowForm before = form_;
        bool laneMaxBefore = laneMaxValid;
        if (onRow)
          materialize(true);
        form_ = before;
        pending = pend;
        laneMaxValid = laneMaxBefore;
        b.create<scf::YieldOp>(loc, ValueRange{cF(-kInf), notReady, zero64});
      },
      [&](OpBuilder &, Location) {
        if (onRow) {
          wantNucleusSums = sampleNext;
          Value theta = histogramSelect(true, p);
          wantNucleusSums = false;
          b.create<scf::YieldOp>(loc, ValueRange{theta, nucleusReady ? nucleusReady : notReady,
                                                 nucleusZ64 ? nucleusZ64 : zero64});
          nucleusReady = nucleusZ64 = Value();
          return;
        }
        // A short list (the survivors of top_k) needs no histogram: its
        // fixed cost (clear, merge, walk 2048 buckets) would dominate.
        Value small = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule, n,
                                              cIdx(kMaxCandidates));
        auto sel = b.create<scf::IfOp>(
            loc, small,
            [&](OpBuilder &, Location) {
              b.create<scf::YieldOp>(loc, ValueRange{listMassSelect(p)});
            },
            [&](OpBuilder &, Location) {
              b.create<scf::YieldOp>(loc, ValueRange{histogramSelect(true, p)});
            });
        b.create<scf::YieldOp>(loc, ValueRange{sel.getResult(0), notReady, zero64});
      });
  Value theta = ifOp.getResult(0);
  sumsReady = sumsZ64 = Value();
  if (sampleNext && onRow) {
    sumsReady = ifOp.getResult(1);
    sumsZ64 = ifOp.getResult(2);
  }
  if (onRow) {
    form_ = RowForm::Dense;
    pending.clear();
    laneMaxValid = false;
    cachedWeights = true;
  }
  pending.push_back({false, theta});
  minV = b.create<arith::MaxNumFOp>(loc, minV, theta);
  zSum = zSum64 = s1Sum = argmaxId = Value();
}

void RowKernelBuilder::nucleusFromSetBounds(Value p, Value off) {
  // Before any entry is weighed: the scan's lane sets bound the tempered
  // row's Z. A set with max m (pending ops applied) weighs at least
  // e = exp(m - top) and at most e * S, S = sum exp(x - m) over the set as
  // the scan saw it (T = 1): with a = exp(x - m) <= 1 and every divisor
  // T <= 1, a^(1/T) <= a; with a divisor above 1 the bound is 16 e (the
  // set's size). A pivot whose sets' lower bounds reach p times the whole
  // row's upper bound brackets the nucleus; its chunks are read exactly
  // (weights, and the entries >= the pivot compacted into the list), the
  // other sets keep their bounds, so Z lies in [ZL, ZH]. The rounds give
  // the threshold for p * ZH; when the mass strictly above it is below
  // p * ZL, every Z in between (the exact one included, margins for the
  // f32 sums) gives the same threshold: the row needs no weight pass and
  // the nucleus is a short list. Otherwise the dense path below decides.
  Type f64 = b.getF64Type();
  auto vd = VectorType::get({W}, f64);
  auto c64 = [&](double v) -> Value { return b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(v)); };
  auto ext = [&](Value v) -> Value { return b.create<arith::ExtFOp>(loc, f64, v); };
  auto sum = [&](Value v) -> Value {
    return b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, v);
  };
  int64_t chunk = int64_t(W) * kChunkBlocks;
  Value top = maxV;
  Value p64 = ext(p);
  Value chunks = b.create<arith::AddIOp>(
      loc, b.create<arith::DivUIOp>(loc, b.create<arith::SubIOp>(loc, n, cIdx(1)), cIdx(chunk)),
      cIdx(1));
  Value sharp = b.create<arith::ConstantIntOp>(loc, 1, 1);
  for (const Pending &pd : pending)
    if (pd.isDiv)
      sharp = b.create<arith::AndIOp>(
          loc, sharp, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLE, pd.value, cF(1.f)));
  Value vSharp = splat(sharp);
  constexpr unsigned P = sizeof(kMassSetDeltas) / sizeof(kMassSetDeltas[0]);
  SmallVector<Value> piv;
  for (float d : kMassSetDeltas)
    piv.push_back(splat(b.create<arith::SubFOp>(loc, top, cF(d))));
  // One pass over the lane maxima: per pivot the sets' lower bounds and
  // their count, and the row's upper bound.
  SmallVector<Value> init(P, vF(0.f));
  init.append(P, vI32(0));
  init.push_back(vF(0.f));
  SmallVector<Value> acc = forBlocks(
      b.create<arith::MulIOp>(loc, chunks, cIdx(W)), init,
      [&](Value i, Value lm, ValueRange ac) -> SmallVector<Value> {
        Value m = applyPending(loadVec(laneMax, i, lm, vF(-kInf)));
        Value e = expGuarded(m, top);
        Value cap = b.create<arith::SelectOp>(loc, vSharp, loadVec(laneSum, i, lm, vF(0.f)),
                                              vF(float(kChunkBlocks)));
        SmallVector<Value> out = massAndCountAtPivots(m, e, ac, piv);
        out.push_back(b.create<arith::AddFOp>(loc, ac[2 * P], b.create<arith::MulFOp>(loc, e, cap)));
        return out;
      });
  Value need = b.create<arith::MulFOp>(
      loc, b.create<arith::MulFOp>(loc, p64, ext(sum(acc[2 * P]))), c64(1.0 + 1e-4));
  // The dense path's own bound pass counts the same sets at the same
  // pivots (only its target differs): it takes these sums.
  boundMass.clear();
  boundSets.clear();
  for (unsigned j = 0; j < P; ++j) {
    boundMass.push_back(ext(sum(acc[j])));
    boundSets.push_back(sum(acc[P + j]));
  }
  Value lo = cF(-kInf);
  Value sets = cI32(INT32_MAX);
  for (int j = P - 1; j >= 0; --j) {
    Value ok = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, boundMass[j], need);
    lo = b.create<arith::SelectOp>(loc, ok, b.create<arith::SubFOp>(loc, top, cF(kMassSetDeltas[j])), lo);
    sets = b.create<arith::SelectOp>(loc, ok, boundSets[j], sets);
  }
  Value found = b.create<arith::AndIOp>(
      loc, b.create<arith::XOrIOp>(loc, off, b.create<arith::ConstantIntOp>(loc, 1, 1)),
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, sets, cI32(kMaxBoundSets)));
  RowState before = saveState();
  Value zero64v = b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(vd, 0.0));
  auto attempt = b.create<scf::IfOp>(
      loc, found,
      [&](OpBuilder &, Location) {
        // Chunks holding a set >= lo: exact weights, entries >= lo to the
        // list; other chunks: their sets' bounds.
        Value vLo = splat(lo);
        auto loop = b.create<scf::ForOp>(
            loc, cIdx(0), chunks, cIdx(1), ValueRange{cIdx(0), c64(0.0), zero64v, zero64v},
            [&](OpBuilder &, Location, Value c, ValueRange st) {
              Value at = b.create<arith::MulIOp>(loc, c, cIdx(W));
              Value m = applyPending(loadVec(laneMax, at, Value(), vF(-kInf)));
              Value hit = b.create<vector::ReductionOp>(
                  loc, vector::CombiningKind::OR,
                  b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, m, vLo));
              auto visit = b.create<scf::IfOp>(
                  loc, hit,
                  [&](OpBuilder &, Location) {
                    Value base = b.create<arith::MulIOp>(loc, c, cIdx(chunk));
                    Value end = b.create<arith::MinUIOp>(
                        loc, b.create<arith::AddIOp>(loc, base, cIdx(chunk)), n);
                    SmallVector<Value> r = forBlocks(
                        end, ValueRange{st[0], vF(0.f)},
                        [&](Value i, Value lm, ValueRange a) -> SmallVector<Value> {
                          Value x = readVec(i, lm);
                          Value w = expGuarded(x, top);
                          return {compactBlock(Score::Value, lo, i, lm, x, a[0]),
                                  b.create<arith::AddFOp>(loc, a[1], w)};
                        },
                        base);
                    b.create<scf::YieldOp>(
                        loc, ValueRange{r[0], b.create<arith::AddFOp>(loc, st[1], ext(sum(r[1]))),
                                        st[2], st[3]});
                  },
                  [&](OpBuilder &, Location) {
                    Value e = expGuarded(m, top);
                    Value cap = b.create<arith::SelectOp>(
                        loc, vSharp, loadVec(laneSum, at, Value(), vF(0.f)), vF(float(kChunkBlocks)));
                    Value u = b.create<arith::MulFOp>(loc, e, cap);
                    b.create<scf::YieldOp>(
                        loc, ValueRange{st[0], st[1],
                                        b.create<arith::AddFOp>(loc, st[2], b.create<arith::ExtFOp>(loc, vd, e)),
                                        b.create<arith::AddFOp>(loc, st[3], b.create<arith::ExtFOp>(loc, vd, u))});
                  });
              b.create<scf::YieldOp>(loc, visit.getResults());
            });
        Value count = loop.getResult(0);
        Value exact = loop.getResult(1);
        Value zLo = b.create<arith::AddFOp>(loc, exact, sum(loop.getResult(2)));
        Value zHi = b.create<arith::AddFOp>(loc, exact, sum(loop.getResult(3)));
        Value tHi = b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, p64, zHi),
                                            c64(1.0 + 1e-4));
        Value tLo = b.create<arith::MulFOp>(loc, b.create<arith::MulFOp>(loc, p64, zLo),
                                            c64(1.0 - 1e-4));
        // The rounds on the list for p * ZH.
        form_ = RowForm::List;
        n = count;
        pending.clear();
        forBlocks(n, {}, [&](Value i, Value lm, ValueRange) -> SmallVector<Value> {
          Value x = readVec(i, lm);
          storeVec(orderKey(x), ukeys, i, lm);
          storeVec(expGuarded(x, top), uweights, i, lm);
          return {};
        });
        auto zext = [&](Value v32) { return b.create<arith::ExtUIOp>(loc, i64, v32); };
        Value target = b.create<arith::MaximumFOp>(loc, b.create<arith::TruncFOp>(loc, f32, tHi),
                                                   cF(1e-38f));
        Value key = roundsLoop(n, zext(orderKey(lo)), zext(orderKey(top)), target);
        Value theta = fromOrderKey(b.create<arith::TruncIOp>(loc, i32, key));
        // Mass at and strictly above the threshold (the list is unchanged).
        Value vTheta = splat(theta);
        SmallVector<Value> mass = forBlocks(
            n, ValueRange{vF(0.f), vF(0.f)},
            [&](Value i, Value lm, ValueRange a) -> SmallVector<Value> {
              Value x = readVec(i, lm);
              Value w = expGuarded(x, top);
              Value ge = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, x, vTheta);
              Value gt = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, vTheta);
              return {b.create<arith::AddFOp>(loc, a[0], b.create<arith::SelectOp>(loc, ge, w, vF(0.f))),
                      b.create<arith::AddFOp>(loc, a[1], b.create<arith::SelectOp>(loc, gt, w, vF(0.f)))};
            });
        Value decided = b.create<arith::AndIOp>(
            loc, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, ext(sum(mass[0])), tHi),
            b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, ext(sum(mass[1])), tLo));
        restoreState(before);
        b.create<scf::YieldOp>(loc, ValueRange{count, theta, decided});
      },
      [&](OpBuilder &, Location) {
        b.create<scf::YieldOp>(
            loc, ValueRange{cIdx(0), cF(-kInf), b.create<arith::ConstantIntOp>(loc, 0, 1)});
      });
  Value theta = attempt.getResult(1);
  RowState st = before;
  st.form = RowForm::List;
  st.n = attempt.getResult(0);
  st.pending = {{false, theta}};
  st.minV = b.create<arith::MaxNumFOp>(loc, minV, theta);
  Block *fast = new Block(), *slow = new Block();
  func.getBody().getBlocks().insert(Region::iterator(exit), fast);
  func.getBody().getBlocks().insert(Region::iterator(exit), slow);
  b.create<cf::CondBranchOp>(loc, attempt.getResult(2), fast, ValueRange{}, slow, ValueRange{});
  st.zSum = st.zSum64 = st.s1Sum = st.argmaxId = Value();
  st.laneMaxValid = st.setSums = st.cachedWeights = false;
  fork_ = Fork{fast, st};
  b.setInsertionPointToStart(slow);
}

Value RowKernelBuilder::listMassSelect(Value p) {
  // (order key, exp weight) of every entry, Z on the way, then the exact
  // rounds over all of them. -inf entries weigh 0 and never reach a pivot.
  SmallVector<Value> z = forBlocks(
      n, ValueRange{vF(0.f)}, [&](Value i, Value lm, ValueRange acc) -> SmallVector<Value> {
        Value x = readVec(i, lm);
        Value w = expGuarded(x, maxV);
        storeVec(orderKey(x), ukeys, i, lm);
        storeVec(w, uweights, i, lm);
        return {b.create<arith::AddFOp>(loc, acc[0], w)};
      });
  Value total = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, z[0]);
  // At least the max ties survive, so a zero target still needs one.
  Value target = b.create<arith::MaximumFOp>(loc, b.create<arith::MulFOp>(loc, p, total),
                                             cF(1e-38f));
  auto zext = [&](Value v32) { return b.create<arith::ExtUIOp>(loc, i64, v32); };
  Value key = roundsLoop(n, zext(orderKey(cF(-std::numeric_limits<float>::max()))),
                         zext(orderKey(maxV)), target);
  return fromOrderKey(b.create<arith::TruncIOp>(loc, i32, key));
}

Value RowKernelBuilder::histogramSelect(bool mass, Value arg) {
  Type f64 = b.getF64Type();
  // On the row (not a list), a mass selection also stores the row as read
  // (pending ops applied) into vals and keeps its weights: later readers
  // neither divide again nor recompute exp. Selected entries then go to the
  // ids/counts sections, so uweights survives.
  bool keepRow = mass && form_ != RowForm::List;
  Value outKeys = keepRow ? ids : ukeys;
  Value outWeights = keepRow ? blockSums : uweights;
  Value top = maxV;
  // Buckets of (top - x) * scale over [minV, top]; lower values share the
  // last bucket (minV is only a bound, so the result never depends on it).
  Value range = b.create<arith::MaximumFOp>(loc, b.create<arith::SubFOp>(loc, top, minV),
                                            cF(1e-30f));
  Value scale = b.create<arith::DivFOp>(loc, cF(float(kBuckets)), range);
  Value vTop = splat(top), vScale = splat(scale);
  auto bucketOf = [&](Value x) -> Value {
    Value d = b.create<arith::MulFOp>(loc, b.create<arith::SubFOp>(loc, vTop, x), vScale);
    d = b.create<arith::MinNumFOp>(loc, b.create<arith::MaxNumFOp>(loc, d, vF(0.f)),
                                   vF(float(kBuckets - 1)));
    return b.create<arith::FPToSIOp>(loc, vi, d);
  };
  if (!keepRow) {
    // Pass 1 (vectorised): bucket and weight of each entry, into the scratch.
    maskVariants([&]() -> SmallVector<Value> {
      forBlocks(n, {}, [&](Value i, Value lm, ValueRange) -> SmallVector<Value> {
        Value x = readVec(i, lm);
        Value w;
        if (mass) {
          w = expGuarded(x, top);
        } else {
          Value fin = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, vF(-kInf));
          w = b.create<arith::SelectOp>(loc, fin, vF(1.f), vF(0.f));
        }
        storeVec(bucketOf(x), ukeys, i, lm);
        storeVec(w, uweights, i, lm);
        return {};
      });
      return {};
    });
    return bucketSelect(mass, arg, Value(), top, outKeys, outWeights);
  }
  // The scan's chunk lane maxima, read with the pending ops of the row as it
  // is now (monotone, so a lane set's max stays its max).
  bool setPivots = laneMaxValid;
  SmallVector<Pending> rowPending = pending;
  // Pass 1 (vectorised): the row as read into vals, exp(x - top) into
  // uweights, and Z. Buckets are computed only when the value histogram
  // is needed (massBracketSelect failed), by a pass of their own.
  Value zRow = maskVariants([&]() -> SmallVector<Value> {
    return {chunkedSum(n, [&](Value i, Value lm) -> Value {
      Value x = readVec(i, lm);
      Value w = expGuarded(x, top);
      storeVec(x, vals, i, lm);
      storeVec(w, uweights, i, lm);
      return w;
    })};
  })[0];
  form_ = RowForm::Dense;
  pending.clear();
  Value target = b.create<arith::MaximumFOp>(
      loc, b.create<arith::MulFOp>(loc, b.create<arith::ExtFOp>(loc, f64, arg), zRow),
      b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(1e-300)));
  // A flat row: the subsample's bracket, else the value histogram. Yields
  // (threshold, nucleus chunk sums ready, their f64 sum).
  Value notReady = b.create<arith::ConstantIntOp>(loc, 0, 1);
  Value zero64 = b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0.0));
  auto flatRow = [&]() -> SmallVector<Value> {
    SmallVector<Value> br = massBracketSelect(target, zRow, outKeys, outWeights);
    auto sel = b.create<scf::IfOp>(
        loc, br[0],
        [&](OpBuilder &, Location) {
          b.create<scf::YieldOp>(loc, ValueRange{br[1], br[2], br[3]});
        },
        [&](OpBuilder &, Location) {
          forBlocks(n, {}, [&](Value i, Value lm, ValueRange) -> SmallVector<Value> {
            storeVec(bucketOf(loadVec(vals, i, lm, vF(-kInf))), ukeys, i, lm);
            return {};
          });
          b.create<scf::YieldOp>(
              loc, ValueRange{bucketSelect(true, arg, target, top, outKeys, outWeights), notReady,
                              zero64});
        });
    return SmallVector<Value>(sel.getResults());
  };
  if (!setPivots) {
    SmallVector<Value> r = flatRow();
    nucleusReady = r[1];
    nucleusZ64 = r[2];
    return r[0];
  }
  // Lane-set pivots below top: every set whose max reaches a pivot holds at
  // least that max's weight above it, so the sum of those weights bounds the
  // mass above the pivot from below. The nearest pivot whose bound reaches
  // p * Z (with a margin for the f32 sums) brackets the threshold, and only
  // the chunks of its sets hold entries at or above it. A peaked row (a few
  // strong tokens) takes that path; a flat one the bracket.
  Value bound = b.create<arith::MulFOp>(
      loc, target, b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(1.0 + 1e-4)));
  constexpr unsigned P = sizeof(kMassSetDeltas) / sizeof(kMassSetDeltas[0]);
  int64_t chunk = int64_t(W) * kChunkBlocks;
  Value chunks = b.create<arith::AddIOp>(
      loc, b.create<arith::DivUIOp>(loc, b.create<arith::SubIOp>(loc, n, cIdx(1)), cIdx(chunk)),
      cIdx(1));
  SmallVector<Value> piv;
  for (float d : kMassSetDeltas)
    piv.push_back(splat(b.create<arith::SubFOp>(loc, top, cF(d))));
  auto setMax = [&](Value i, Value lm) -> Value {
    SmallVector<Pending> now = pending;
    pending = rowPending;
    Value x = applyPending(loadVec(laneMax, i, lm, vF(-kInf)));
    pending = now;
    return x;
  };
  SmallVector<Value> massAt(boundMass), setsAt(boundSets);
  boundMass.clear();
  boundSets.clear();
  if (massAt.empty()) {
    SmallVector<Value> init(P, vF(0.f));
    init.append(P, vI32(0));
    SmallVector<Value> acc = forBlocks(
        b.create<arith::MulIOp>(loc, chunks, cIdx(W)), init,
        [&](Value i, Value lm, ValueRange ac) -> SmallVector<Value> {
          Value x = setMax(i, lm);
          return massAndCountAtPivots(x, expGuarded(x, top), ac, piv);
        });
    for (unsigned j = 0; j < P; ++j) {
      massAt.push_back(b.create<arith::ExtFOp>(
          loc, f64, Value(b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, acc[j]))));
      setsAt.push_back(b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, acc[P + j]));
    }
  }
  Value lo = cF(-kInf);
  Value sets = cI32(INT32_MAX);
  for (int j = P - 1; j >= 0; --j) {
    Value ok = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, massAt[j], bound);
    lo = b.create<arith::SelectOp>(loc, ok, b.create<arith::SubFOp>(loc, top, cF(kMassSetDeltas[j])), lo);
    sets = b.create<arith::SelectOp>(loc, ok, setsAt[j], sets);
  }
  Value fast = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, sets,
                                       cI32(kMaxCandidateSets));
  auto ifOp = b.create<scf::IfOp>(
      loc, fast,
      [&](OpBuilder &, Location) {
        // Every entry >= lo, from the chunks holding a set that reaches it.
        Value vLo = splat(lo);
        auto loop = b.create<scf::ForOp>(
            loc, cIdx(0), chunks, cIdx(1), ValueRange{cIdx(0)},
            [&](OpBuilder &, Location, Value c, ValueRange wr) {
              Value x = setMax(b.create<arith::MulIOp>(loc, c, cIdx(W)), Value());
              Value hit = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, x, vLo);
              Value any = b.create<vector::ReductionOp>(loc, vector::CombiningKind::OR, hit);
              b.create<scf::YieldOp>(loc, ifOrKeep(any, wr, [&]() -> SmallVector<Value> {
                Value base = b.create<arith::MulIOp>(loc, c, cIdx(chunk));
                Value end = b.create<arith::MinUIOp>(
                    loc, b.create<arith::AddIOp>(loc, base, cIdx(chunk)), n);
                return forBlocks(
                    end, wr,
                    [&](Value i, Value lm, ValueRange a) -> SmallVector<Value> {
                      Value v = loadVec(vals, i, lm, vF(-kInf));
                      Value h = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, v, vLo);
                      return {appendPairs(i, h, a[0], outKeys, outWeights)};
                    },
                    base);
              }));
            });
        Value rest = b.create<arith::MaximumFOp>(
            loc, b.create<arith::TruncFOp>(loc, f32, target), cF(1e-38f));
        auto zext = [&](Value v32) { return b.create<arith::ExtUIOp>(loc, i64, v32); };
        Value key = roundsLoop(loop.getResult(0), zext(orderKey(lo)), zext(orderKey(top)), rest,
                               outKeys, outWeights);
        b.create<scf::YieldOp>(
            loc, ValueRange{fromOrderKey(b.create<arith::TruncIOp>(loc, i32, key)), notReady, zero64});
      },
      [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, flatRow()); });
  nucleusReady = ifOp.getResult(1);
  nucleusZ64 = ifOp.getResult(2);
  return ifOp.getResult(0);
}

Value RowKernelBuilder::chunkedSum(Value count, const std::function<Value(Value, Value)> &term) {
  // f32 lanes per chunk of kChunkBlocks blocks, each chunk's sum added in f64.
  Type f64 = b.getF64Type();
  int64_t chunk = int64_t(W) * kChunkBlocks;
  auto close = [&](Value lanes, Value z) -> Value {
    Value s = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, lanes);
    return b.create<arith::AddFOp>(loc, z, b.create<arith::ExtFOp>(loc, f64, s));
  };
  auto body = [&](Value i, Value lm, ValueRange a) -> SmallVector<Value> {
    return {b.create<arith::AddFOp>(loc, a[0], term(i, lm))};
  };
  Value fullChunks = b.create<arith::DivUIOp>(loc, count, cIdx(chunk));
  auto outer = b.create<scf::ForOp>(
      loc, cIdx(0), fullChunks, cIdx(1),
      ValueRange{b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0.0))},
      [&](OpBuilder &, Location, Value c, ValueRange acc) {
        Value base = b.create<arith::MulIOp>(loc, c, cIdx(chunk));
        auto inner = b.create<scf::ForOp>(
            loc, base, b.create<arith::AddIOp>(loc, base, cIdx(chunk)), cIdx(W),
            ValueRange{vF(0.f)}, [&](OpBuilder &, Location, Value i, ValueRange a) {
              b.create<scf::YieldOp>(loc, body(i, Value(), a));
            });
        b.create<scf::YieldOp>(loc, ValueRange{close(inner.getResult(0), acc[0])});
      });
  SmallVector<Value> tail = forBlocks(count, ValueRange{vF(0.f)}, body,
                                      b.create<arith::MulIOp>(loc, fullChunks, cIdx(chunk)));
  return close(tail[0], outer.getResult(0));
}

Value RowKernelBuilder::appendPairs(Value i, Value hit, Value written, Value outKeys,
                                    Value outWeights, Value outIds) {
  // Hit lanes append their (order key, weight) in id order. The hit mask
  // becomes a W-bit integer whose set bits are visited lowest first, so a
  // block costs its hits, not its W lanes (a bracket of 2,000 entries over a
  // 128k row touches ~2,000 blocks).
  Value bits = b.create<vector::ExtractOp>(
      loc, b.create<vector::BitCastOp>(loc, VectorType::get({1}, b.getIntegerType(W)), hit),
      ArrayRef<int64_t>{0});
  bits = b.create<arith::ExtUIOp>(loc, i64, bits);
  auto loop = b.create<scf::WhileOp>(
      loc, TypeRange{i64, idx}, ValueRange{bits, written},
      [&](OpBuilder &, Location, ValueRange st) {
        Value more = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, st[0], cI64(0));
        b.create<scf::ConditionOp>(loc, more, st);
      },
      [&](OpBuilder &, Location, ValueRange st) {
        Value lane = b.create<math::CountTrailingZerosOp>(loc, st[0]);
        Value j = b.create<arith::AddIOp>(loc, i, b.create<arith::IndexCastOp>(loc, idx, lane));
        Value key = orderKey(readScalar(j));
        Value w = b.create<memref::LoadOp>(loc, uweights, ValueRange{j});
        b.create<memref::StoreOp>(loc, key, outKeys, ValueRange{st[1]});
        b.create<memref::StoreOp>(loc, w, outWeights, ValueRange{st[1]});
        if (outIds)
          b.create<memref::StoreOp>(loc, toI32(j), outIds, ValueRange{st[1]});
        Value rest = b.create<arith::AndIOp>(loc, st[0],
                                             b.create<arith::SubIOp>(loc, st[0], cI64(1)));
        b.create<scf::YieldOp>(loc, ValueRange{rest, b.create<arith::AddIOp>(loc, st[1], cIdx(1))});
      });
  return loop.getResult(1);
}

void RowKernelBuilder::scatterHistogram(int64_t buckets, int64_t stride,
                                        const std::function<Value(Value, Value)> &bucketAt) {
  assert(buckets <= kBuckets && "the histogram space holds kBuckets per copy");
  // A zero LLVM cannot see (maxV is finite): a constant would turn the loop
  // into a memset call, and the object must not reference libc.
  Value vZero = splat(b.create<arith::SubFOp>(loc, maxV, maxV));
  forBlocks(cIdx(buckets * kHistCopies), {}, [&](Value i, Value lm, ValueRange) -> SmallVector<Value> {
    storeVec(vZero, hist, i, lm);
    return {};
  });
  // Scalar scatter-add, consecutive entries into different copies.
  auto addTo = [&](Value j, int64_t copy) {
    Value w = b.create<memref::LoadOp>(loc, uweights, ValueRange{j});
    Value h = b.create<arith::AddIOp>(loc, bucketAt(j, w), cIdx(copy * buckets));
    Value old = b.create<memref::LoadOp>(loc, hist, ValueRange{h});
    b.create<memref::StoreOp>(loc, b.create<arith::AddFOp>(loc, old, w), hist, ValueRange{h});
  };
  int64_t group = stride * kHistCopies;
  Value groups = b.create<arith::MulIOp>(loc, b.create<arith::DivUIOp>(loc, n, cIdx(group)), cIdx(group));
  b.create<scf::ForOp>(loc, cIdx(0), groups, cIdx(group), ValueRange{},
                       [&](OpBuilder &, Location, Value j, ValueRange) {
                         for (int64_t c = 0; c < kHistCopies; ++c)
                           addTo(b.create<arith::AddIOp>(loc, j, cIdx(c * stride)), c);
                         b.create<scf::YieldOp>(loc);
                       });
  b.create<scf::ForOp>(loc, groups, n, cIdx(stride), ValueRange{},
                       [&](OpBuilder &, Location, Value j, ValueRange) {
                         addTo(j, 0);
                         b.create<scf::YieldOp>(loc);
                       });
}

SmallVector<Value> RowKernelBuilder::mergeHistogram(
    int64_t buckets, ValueRange init,
    const std::function<SmallVector<Value>(Value, Value, ValueRange)> &accumulate) {
  return forBlocks(cIdx(buckets), init, [&](Value i, Value lm, ValueRange acc) -> SmallVector<Value> {
    Value h = loadVec(hist, i, lm, vF(0.f));
    for (int64_t c = 1; c < kHistCopies; ++c)
      h = b.create<arith::AddFOp>(
          loc, h, loadVec(hist, b.create<arith::AddIOp>(loc, i, cIdx(c * buckets)), lm, vF(0.f)));
    storeVec(h, hist, i, lm);
    return accumulate(i, h, acc);
  });
}

Value RowKernelBuilder::bucketSelect(bool mass, Value arg, Value target, Value top,
                                     Value outKeys, Value outWeights) {
  // Buckets in ukeys, weights in uweights, for the n entries of the row.
  Type f64 = b.getF64Type();
  scatterHistogram(kBuckets, 1, [&](Value j, Value) -> Value {
    return b.create<arith::IndexCastOp>(loc, idx, b.create<memref::LoadOp>(loc, ukeys, ValueRange{j}));
  });
  // The total is Z (or the finite count).
  auto vd = VectorType::get({W}, f64);
  SmallVector<Value> tot = mergeHistogram(
      kBuckets, ValueRange{b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(vd, 0.0))},
      [&](Value, Value h, ValueRange acc) -> SmallVector<Value> {
        return {b.create<arith::AddFOp>(loc, acc[0], b.create<arith::ExtFOp>(loc, vd, h))};
      });
  Value total = b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD, tot[0]);
  Value arg64 = b.create<arith::ExtFOp>(loc, f64, arg);
  // Mass: at least the max ties survive, so a zero target still needs one.
  if (!target)
    target = mass ? Value(b.create<arith::MaximumFOp>(
                        loc, b.create<arith::MulFOp>(loc, arg64, total),
                        b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(1e-300))))
                  : arg64;
  // The first bucket (from the top) where the running weight reaches target.
  auto walk = b.create<scf::WhileOp>(
      loc, TypeRange{idx, f64, f64},
      ValueRange{cIdx(0), b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0.0))},
      [&](OpBuilder &, Location, ValueRange st) {
        Value h = b.create<arith::ExtFOp>(loc, f64, Value(b.create<memref::LoadOp>(loc, hist, ValueRange{st[0]})));
        Value next = b.create<arith::AddFOp>(loc, st[1], h);
        Value go = b.create<arith::AndIOp>(
            loc, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, next, target),
            b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, st[0], cIdx(kBuckets - 1)));
        b.create<scf::ConditionOp>(loc, go, ValueRange{st[0], st[1], next});
      },
      [&](OpBuilder &, Location, ValueRange st) {
        b.create<scf::YieldOp>(loc, ValueRange{b.create<arith::AddIOp>(loc, st[0], cIdx(1)), st[2]});
      });
  Value bStar = toI32(walk.getResult(0));
  Value above = walk.getResult(1);
  Value reached = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, walk.getResult(2), target);
  // The entries of that bucket, as (order key, weight) pairs.
  Value vStar = splat(bStar);
  SmallVector<Value> cnt = forBlocks(
      n, ValueRange{cIdx(0)}, [&](Value i, Value lm, ValueRange acc) -> SmallVector<Value> {
        Value bk = loadVec(ukeys, i, lm, vI32(-1));
        Value hit = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, bk, vStar);
        return {appendPairs(i, hit, acc[0], outKeys, outWeights)};
      });
  // Exact rounds on that bucket only, for what the buckets above leave.
  auto zext = [&](Value v32) { return b.create<arith::ExtUIOp>(loc, i64, v32); };
  Value rest = b.create<arith::TruncFOp>(loc, f32, b.create<arith::SubFOp>(loc, target, above));
  rest = b.create<arith::MaximumFOp>(loc, rest, cF(mass ? 1e-38f : 1.f));
  Value key = roundsLoop(cnt[0], zext(orderKey(cF(-std::numeric_limits<float>::max()))),
                         zext(orderKey(top)), rest, outKeys, outWeights);
  Value theta = fromOrderKey(b.create<arith::TruncIOp>(loc, i32, key));
  return b.create<arith::SelectOp>(loc, reached, theta, cF(-kInf));
}

void RowKernelBuilder::minP(Value p) {
  p = b.create<arith::MinimumFOp>(loc, b.create<arith::MaximumFOp>(loc, p, cF(0.f)), cF(1.f));
  Value off = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLE, p, cF(0.f));
  RowForm before = form_;
  SmallVector<Pending> pend = pending;
  auto ifOp = b.create<scf::IfOp>(
      loc, off,
      [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, ValueRange{compactAll()}); },
      [&](OpBuilder &, Location) {
        Value lo = b.create<arith::AddFOp>(loc, maxV, b.create<math::LogOp>(loc, p));
        Value m = compact(Score::Value, lo);
        form_ = before;
        pending = pend;
        b.create<scf::YieldOp>(loc, ValueRange{m});
      });
  toList(ifOp.getResult(0));
}

void RowKernelBuilder::typicalP(Value p, bool reuseSoftmax) {
  p = b.create<arith::MinimumFOp>(loc, b.create<arith::MaximumFOp>(loc, p, cF(0.f)), cF(1.f));
  Value off = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, p, cF(1.f));
  if (!reuseSoftmax || !zSum || !s1Sum)
    softmax(false, true, false);
  Value logZ = b.create<math::LogOp>(loc, zSum);
  Value h = b.create<arith::SubFOp>(loc, logZ, b.create<arith::DivFOp>(loc, s1Sum, zSum));
  // -log pi_t - H = (M + log Z - H) - x_t
  typicalCenter = b.create<arith::SubFOp>(loc, b.create<arith::AddFOp>(loc, maxV, logZ), h);
  Value target = b.create<arith::MaximumFOp>(loc, b.create<arith::MulFOp>(loc, p, zSum),
                                             cF(1e-38f));
  selectFilter(Score::Typical, true, cF(0.f), target, off);
  // Unlike the other filters, typical_p can drop the most likely token.
  SmallVector<Value> r = maxMinPass();
  maxV = r[0];
  minV = r[1];
}

//===----------------------------------------------------------------------===//
// Selection
//===----------------------------------------------------------------------===//

void RowKernelBuilder::greedy() {
  // While the scan's lane maxima describe the row, the argmax costs one
  // chunk, not a compare and select per block of the softmax pass.
  bool fromLaneMax = laneMaxValid && form_ != RowForm::List;
  softmax(!fromLaneMax, false, false);
  if (fromLaneMax)
    argmaxId = argmaxFromLaneMax();
  // log p(argmax) = (M - M) - log Z
  Value lp = b.create<arith::NegFOp>(loc, b.create<math::LogOp>(loc, zSum));
  b.create<cf::BranchOp>(loc, exit, ValueRange{cI32(0), argmaxId, lp});
}

/// Philox4x32-10 keyed by (seed, step); returns the first output word.
static Value philoxFirstWord(OpBuilder &b, Location loc, Value seed, Value step) {
  Type i32 = b.getI32Type(), i64 = b.getI64Type();
  auto c32 = [&](uint32_t v) -> Value {
    return b.create<arith::ConstantOp>(loc, b.getI32IntegerAttr(int32_t(v)));
  };
  auto lo = [&](Value v) -> Value { return b.create<arith::TruncIOp>(loc, i32, v); };
  auto hi = [&](Value v) -> Value {
    return b.create<arith::TruncIOp>(
        loc, i32, b.create<arith::ShRUIOp>(loc, v,
                                           b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(32))));
  };
  Value c[4] = {lo(step), hi(step), c32(0), c32(0)};
  Value k0 = lo(seed), k1 = hi(seed);
  auto mulhilo = [&](uint32_t m, Value x, Value &h, Value &l) {
    Value p = b.create<arith::MulIOp>(
        loc, b.create<arith::ExtUIOp>(loc, i64, x),
        b.create<arith::ConstantOp>(loc, b.getI64IntegerAttr(int64_t(m))));
    h = hi(p);
    l = lo(p);
  };
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 = b.create<arith::AddIOp>(loc, k0, c32(0x9E3779B9u));
      k1 = b.create<arith::AddIOp>(loc, k1, c32(0xBB67AE85u));
    }
    Value h0, l0, h1, l1;
    mulhilo(0xD2511F53u, c[0], h0, l0);
    mulhilo(0xCD9E8D57u, c[2], h1, l1);
    Value n0 = b.create<arith::XOrIOp>(loc, b.create<arith::XOrIOp>(loc, h1, c[1]), k0);
    Value n2 = b.create<arith::XOrIOp>(loc, b.create<arith::XOrIOp>(loc, h0, c[3]), k1);
    c[0] = n0;
    c[1] = l1;
    c[2] = n2;
    c[3] = l0;
  }
  return c[0];
}

void RowKernelBuilder::sample() {
  if (sumsReady) {
    // top_p's bracket may have left the nucleus's chunk sums: then no pass.
    auto z = b.create<scf::IfOp>(
        loc, sumsReady,
        [&](OpBuilder &, Location) { b.create<scf::YieldOp>(loc, ValueRange{sumsZ64}); },
        [&](OpBuilder &, Location) {
          softmax(false, false, true);
          b.create<scf::YieldOp>(loc, ValueRange{zSum64});
        });
    zSum64 = z.getResult(0);
    zSum = b.create<arith::TruncFOp>(loc, f32, zSum64);
    sumsReady = sumsZ64 = Value();
  } else {
    softmax(false, false, true);
  }
  Value word = philoxFirstWord(b, loc, seed, step);
  Value u = b.create<arith::MulFOp>(
      loc, b.create<arith::UIToFPOp>(loc, f32, b.create<arith::ShRUIOp>(loc, word, cI32(8))),
      cF(1.0f / 16777216.0f));
  Type f64 = b.getF64Type();
  int64_t chunk = int64_t(W) * kChunkBlocks;
  Value r = b.create<arith::MulFOp>(loc, b.create<arith::ExtFOp>(loc, f64, u), zSum64);
  // Z is the f64 sum of the chunk sums in order and u < 1, so the walk over
  // the same sums always finds the chunk that crosses r.
  Value lastChunk = b.create<arith::DivUIOp>(loc, b.create<arith::SubIOp>(loc, n, cIdx(1)),
                                             cIdx(chunk));
  auto walk = b.create<scf::WhileOp>(
      loc, TypeRange{idx, f64, f64},
      ValueRange{cIdx(0), b.create<arith::ConstantOp>(loc, b.getF64FloatAttr(0.0))},
      [&](OpBuilder &, Location, ValueRange st) {
        Value s = b.create<arith::ExtFOp>(
            loc, f64, Value(b.create<memref::LoadOp>(loc, blockSums, ValueRange{st[0]})));
        Value next = b.create<arith::AddFOp>(loc, st[1], s);
        Value go = b.create<arith::AndIOp>(
            loc, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLE, next, r),
            b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, st[0], lastChunk));
        b.create<scf::ConditionOp>(loc, go, ValueRange{st[0], st[1], next});
      },
      [&](OpBuilder &, Location, ValueRange st) {
        b.create<scf::YieldOp>(loc, ValueRange{b.create<arith::AddIOp>(loc, st[0], cIdx(1)), st[2]});
      });
  Value start = b.create<arith::MulIOp>(loc, walk.getResult(0), cIdx(chunk));
  Value end = b.create<arith::MinUIOp>(loc, b.create<arith::AddIOp>(loc, start, cIdx(chunk)), n);
  // Scalar scan inside that chunk. When rounding (the chunk sum is a tree
  // sum) leaves r unreached, the chunk's last positive weight is the token.
  auto scanChunk = b.create<scf::ForOp>(
      loc, start, end, cIdx(1), ValueRange{walk.getResult(1), cIdx(-1), cIdx(-1)},
      [&](OpBuilder &, Location, Value j, ValueRange st) {
        Value w32 = expGuarded(readScalar(j), maxV);
        Value c = b.create<arith::AddFOp>(loc, st[0], b.create<arith::ExtFOp>(loc, f64, w32));
        Value hit = b.create<arith::AndIOp>(
            loc, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, c, r),
            b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, st[1], cIdx(0)));
        Value pos = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, w32, cF(0.f));
        b.create<scf::YieldOp>(loc, ValueRange{c, b.create<arith::SelectOp>(loc, hit, j, st[1]),
                                               b.create<arith::SelectOp>(loc, pos, j, st[2])});
      });
  Value found = scanChunk.getResult(1), lastPos = scanChunk.getResult(2);
  Value p = b.create<arith::SelectOp>(
      loc, b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, found, cIdx(0)), found,
      b.create<arith::MaxSIOp>(loc, lastPos, start));
  Value x = readScalar(p);
  Value lp = b.create<arith::SubFOp>(loc, b.create<arith::SubFOp>(loc, x, maxV),
                                     b.create<math::LogOp>(loc, zSum));
  b.create<cf::BranchOp>(loc, exit, ValueRange{cI32(0), readId(p), lp});
}

} // namespace decc::kernel
