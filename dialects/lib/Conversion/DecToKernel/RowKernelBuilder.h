//===- RowKernelBuilder.h - Emitting the streaming row kernel ---*- C++ -*-===//
//
// Builds the body of one row kernel with an OpBuilder: vectorised streaming
// loops over the row (blocks of W lanes plus one masked tail block), the row's
// current form (caller's logits / dense copy / compact list), pending scalar
// ops applied on read, and the selection algorithms. Every method emits IR at
// the builder's insertion point, which is always the top level of the row
// function (early exits branch to its exit block).
//
//===----------------------------------------------------------------------===//
#ifndef DECC_LIB_CONVERSION_ROWKERNELBUILDER_H
#define DECC_LIB_CONVERSION_ROWKERNELBUILDER_H

#include "decc/Conversion/KernelPlan.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <functional>
#include <optional>
#include <utility>

namespace decc::kernel {

/// The workspace is six equal sections of `sectionElems(V)` 4-byte entries,
/// then the selection histogram (a fixed number of f32 buckets, 4 copies).
int64_t workspaceBytes(int64_t vocab, unsigned lanes);
/// Bytes of the histogram after the six sections.
int64_t histogramBytes();
/// Bytes of the per-chunk lane maxima after the histogram (the lane-set sums
/// take as many again after them).
int64_t laneMaxBytes(int64_t vocab, unsigned lanes);

/// Softmax sums are kept per chunk of kChunkBlocks blocks, so that sampling
/// walks V / (16 W) partial sums instead of the row.
inline constexpr int64_t kChunkBlocks = 16;

/// The function arguments of decc_row_S, in order.
enum RowArg { ArgLogits, ArgMask, ArgHistory, ArgParams, ArgSeed, ArgStep, ArgWorkspace };

class RowKernelBuilder {
public:
  RowKernelBuilder(mlir::OpBuilder &b, mlir::Location loc, mlir::ModuleOp module,
                   mlir::func::FuncOp func, unsigned lanes, llvm::StringRef tag);

  /// First pass: validation (NaN/+inf, mask size), mask, max; optionally the
  /// copy into the workspace, and the softmax sums of the row (`stats`: Z and
  /// sum e (x - max), as softmax() leaves them, without the chunk sums).
  /// Exits with status 2 / 1 as needed.
  void scan(bool copy, bool stats = false);
  /// Exits with status 2 when the parameter block has fewer entries.
  void requireParams(unsigned count);
  mlir::Value param(unsigned index, mlir::Type type);
  mlir::Value stepFeature(unsigned which); // 0 step, 1 vocab, 2 history_len

  void temperature(mlir::Value t);
  /// Applies the pending ops into the workspace copy; with `weights`, also
  /// stores exp(x - max) of every entry in uweights (see cachedWeights).
  void materialize(bool weights = false);
  void penalty(OpKind kind, mlir::Value value, int64_t window);
  void logitBias(llvm::ArrayRef<int64_t> tokens, llvm::ArrayRef<float> biases);
  void topK(mlir::Value k);
  /// With `sampleNext` (the strategy samples right after), a flat row's
  /// bracket also leaves the nucleus's chunk sums for the sampler.
  void topP(mlir::Value p, bool sampleNext = false);
  void minP(mlir::Value p);
  void typicalP(mlir::Value p, bool reuseSoftmax);
  /// Returns entropy (nats) or max probability of the current row.
  mlir::Value feature(OpKind kind, bool reuseSoftmax);
  void greedy();
  void sample();

  RowForm form() const { return form_; }

  struct Pending {
    bool isDiv;
    mlir::Value value; // divisor, or floor (values below become -inf)
  };
  /// What the emitter knows about the row at one point of the kernel.
  struct RowState {
    RowForm form;
    mlir::Value n;
    llvm::SmallVector<Pending> pending;
    mlir::Value maxV, minV, zSum, zSum64, s1Sum, argmaxId, typicalCenter;
    mlir::Value sumsReady, sumsZ64;
    bool laneMaxValid, setSums, cachedWeights;
  };
  /// An operator may end in two row states (top_p: a short list when the
  /// lane-set bounds decide the nucleus, the dense row otherwise). The
  /// builder then continues in one; the caller emits the rest of the
  /// strategy once more from `block` with `state` (resume()).
  struct Fork {
    mlir::Block *block;
    RowState state;
  };
  std::optional<Fork> takeFork() { return std::exchange(fork_, std::nullopt); }
  void resume(const Fork &f);

private:
  enum class Score { Value, Typical };
  using BlockBody = std::function<llvm::SmallVector<mlir::Value>(
      mlir::Value i, mlir::Value laneMask, mlir::ValueRange acc)>;

  // Constants and small helpers.
  mlir::Value cF(float v);
  mlir::Value cI32(int32_t v);
  mlir::Value cI64(int64_t v);
  mlir::Value cIdx(int64_t v);
  mlir::Value splat(mlir::Value scalar);
  mlir::Value vF(float v);
  mlir::Value vI32(int32_t v);
  mlir::Value toI32(mlir::Value index);
  /// exp(x - m), 0 for -inf; m scalar or per lane. With clampedDelta, also
  /// max(x - m, -88), the exponent it used (the weight is 0 below -88).
  mlir::Value expGuarded(mlir::Value x, mlir::Value m, mlir::Value *clampedDelta = nullptr);
  /// Per pivot j, acc[j] + (x >= piv[j] ? w : 0), then per pivot the lane
  /// counts acc[P + j] + (x >= piv[j]): the masses and set counts above
  /// each pivot, accumulated over blocks.
  llvm::SmallVector<mlir::Value> massAndCountAtPivots(mlir::Value x, mlir::Value w, mlir::ValueRange acc,
                                                      llvm::ArrayRef<mlir::Value> piv);
  mlir::Value finiteMin(mlir::Value acc, mlir::Value x, bool noNaN = false); // min over finite lanes
  mlir::Value orderKey(mlir::Value s);                  // f32 -> u32 order key
  mlir::Value fromOrderKey(mlir::Value key);            // scalar i32 -> f32

  /// for i in [0, n) step W over full blocks, then one masked tail block.
  llvm::SmallVector<mlir::Value> forBlocks(mlir::Value n, mlir::ValueRange init,
                                           const BlockBody &body,
                                           mlir::Value start = {});
  mlir::Value loadVec(mlir::Value mem, mlir::Value i, mlir::Value laneMask,
                      mlir::Value pad);
  void storeVec(mlir::Value v, mlir::Value mem, mlir::Value i, mlir::Value laneMask);
  mlir::Value maskBits(mlir::Value i); // allowed lanes of the block at i
  mlir::Value readVec(mlir::Value i, mlir::Value laneMask);
  /// The mask (Raw form) and the pending ops applied to a block as stored.
  mlir::Value finishRead(mlir::Value stored, mlir::Value i);
  /// A bound on the stored values below which no entry reads >= lo.
  mlir::Value storedBound(mlir::Value lo);
  mlir::Value readIds(mlir::Value i, mlir::Value laneMask);
  mlir::Value readScalar(mlir::Value j);
  mlir::Value readId(mlir::Value j);
  mlir::Value applyPending(mlir::Value x);
  mlir::Value score(Score s, mlir::Value x);

  void exitIf(mlir::Value cond, int32_t status);
  /// Emits `pass` twice under `if (no mask)`: once without the mask tests
  /// (a Raw pass spends a third of its vector work on them), once with.
  /// On a non-Raw form, just emits it. Returns its results.
  llvm::SmallVector<mlir::Value>
  maskVariants(const std::function<llvm::SmallVector<mlir::Value>()> &pass);
  mlir::Value lookup(mlir::Value token); // position of token in the row, or -1
  /// Loop state of a sequence of point updates: (an entry holding the max
  /// changed, the highest new value, the lowest finite new value).
  llvm::SmallVector<mlir::Value> pointUpdateInit();
  /// scf.if yielding then() when cond holds, else `keep`.
  llvm::SmallVector<mlir::Value> ifOrKeep(mlir::Value cond, mlir::ValueRange keep,
                                          const std::function<llvm::SmallVector<mlir::Value>()> &then);
  /// Replaces the token's value (if it is in the row) by newValue(old).
  llvm::SmallVector<mlir::Value> pointUpdate(mlir::Value token, mlir::ValueRange acc,
                                             const std::function<mlir::Value(mlir::Value)> &newValue);
  /// After point updates: the max and lower bound of the updated row.
  void refreshMax(mlir::ValueRange updates);
  /// One pass: (max, finite min) of the current row.
  llvm::SmallVector<mlir::Value> maxMinPass();
  /// One pass: Z (f64), and on request the lowest id holding the max, the
  /// entropy sum `sum w (x - max)` and the per-chunk sums sampling walks.
  void softmax(bool argmax, bool entropySum, bool chunkSums);
  /// The lowest id holding maxV, from the scan's chunk lane maxima and one
  /// chunk (laneMaxValid, row not a list).
  mlir::Value argmaxFromLaneMax();

  /// Pivots relative to `top`, then the survivors >= lo compacted into the
  /// list, then exact threshold rounds and the final filter.
  /// With a `fallback` (returns the new list length), the pivots are used only
  /// when one reaches the target with at most kMaxCandidates entries above it.
  void selectFilter(Score s, bool mass, mlir::Value top, mlir::Value target,
                    mlir::Value keepAll, const std::function<mlir::Value()> &fallback = {});
  /// Compacts entries with score >= lo (finite only) into the list; returns
  /// the new length.
  mlir::Value compact(Score s, mlir::Value lo);
  /// compact() over entries [begin, end) (begin a multiple of W), appending
  /// after `written` entries; returns the new count.
  mlir::Value compactRange(Score s, mlir::Value lo, mlir::Value begin, mlir::Value end,
                           mlir::Value written);
  mlir::Value compactAll();
  /// Appends the entries of the block at i (read as x) with score >= lo.
  mlir::Value compactBlock(Score s, mlir::Value lo, mlir::Value i, mlir::Value laneMask,
                           mlir::Value x, mlir::Value written);
  mlir::Value selectRounds(Score s, bool mass, mlir::Value lo, mlir::Value top,
                           mlir::Value target);
  void toList(mlir::Value newN);
  /// The split loop of selectRounds over `count` (order key, weight) pairs in
  /// ukeys/uweights with keys in [a0, b0]; returns the threshold key (i64).
  mlir::Value roundsLoop(mlir::Value count, mlir::Value a0, mlir::Value b0,
                         mlir::Value target, mlir::Value keys = {}, mlir::Value weights = {});
  /// Exact threshold of the current row: the largest value v with
  /// weight{x >= v} >= target (weight = count, or exp(x - max) mass with
  /// target = arg * Z); -inf when the total falls short. A mass on the row
  /// weighs it in one pass, then tries the lane-set pivots and the
  /// subsample bracket before the value histogram, and sets nucleusReady /
  /// nucleusZ64 (see wantNucleusSums).
  mlir::Value histogramSelect(bool mass, mlir::Value arg);
  /// The value histogram's scatter, walk and exact rounds, with bucket
  /// indices in ukeys and weights in uweights; target (f64) = arg * total
  /// (mass) or arg (count) when null. Entries of the bucket go to outKeys/
  /// outWeights.
  mlir::Value bucketSelect(bool mass, mlir::Value arg, mlir::Value target, mlir::Value top,
                           mlir::Value outKeys, mlir::Value outWeights);
  /// A mass selection on the weighed row (vals, uweights; target = p * Z,
  /// both f64) from a strided subsample's predicted bracket, checked by one
  /// exact pass (MassBracket.cpp). Returns (the bracket held, threshold, the
  /// nucleus's chunk sums are in blockSums, their f64 sum); the last two only
  /// with wantNucleusSums. When the bracket did not hold, the caller takes
  /// the value histogram.
  llvm::SmallVector<mlir::Value> massBracketSelect(mlir::Value target, mlir::Value z,
                                                   mlir::Value outKeys, mlir::Value outWeights);
  /// Clears the histogram's copies of `buckets` f32 buckets and adds the
  /// weight w (uweights) of entry j to bucket bucketAt(j, w) for j = 0,
  /// stride, 2 stride, ... < n, consecutive ones into different copies.
  void scatterHistogram(int64_t buckets, int64_t stride,
                        const std::function<mlir::Value(mlir::Value j, mlir::Value w)> &bucketAt);
  /// Merges the copies into the first, a block of W buckets at a time;
  /// `accumulate(i, merged block, acc)` gives the next accumulators.
  llvm::SmallVector<mlir::Value> mergeHistogram(
      int64_t buckets, mlir::ValueRange init,
      const std::function<llvm::SmallVector<mlir::Value>(mlir::Value i, mlir::Value merged,
                                                         mlir::ValueRange acc)> &accumulate);
  /// Appends (order key, weight) of the `hit` lanes of the block at i to
  /// outKeys/outWeights after `written` pairs (and their positions to
  /// outIds when given); returns the new count.
  mlir::Value appendPairs(mlir::Value i, mlir::Value hit, mlir::Value written,
                          mlir::Value outKeys, mlir::Value outWeights,
                          mlir::Value outIds = {});
  /// f64 sum over [0, count) of a per-block f32 vector term, f32 lanes per
  /// chunk of blocks.
  mlir::Value chunkedSum(mlir::Value count,
                         const std::function<mlir::Value(mlir::Value, mlir::Value)> &term);
  /// top_p's threshold on a short list: exact rounds over all its entries.
  mlir::Value listMassSelect(mlir::Value p);
  /// top_p on the row from the lane-set bounds alone (see the .cpp); forks:
  /// the builder continues where they did not decide.
  void nucleusFromSetBounds(mlir::Value p, mlir::Value off);
  RowState saveState() const;
  void restoreState(const RowState &st);

  mlir::OpBuilder &b;
  mlir::Location loc;
  mlir::ModuleOp module;
  mlir::func::FuncOp func;
  unsigned W;
  std::string tag;
  mlir::Type f32, i32, i64, i1, idx;
  mlir::VectorType vf, vi, vb;
  mlir::Block *exit = nullptr;
  unsigned globals = 0;

  mlir::Value logits, mask, history, params, seed, step, vocab;
  mlir::Value vals, ids, counts, ukeys, uweights, ones;
  mlir::Value maskSrc, wordMask; // mask words to read, and the index mask
  /// The caller passed no mask (i1), and whether the code being emitted is
  /// the copy of a Raw pass specialised for that case (no mask bits read).
  mlir::Value noMask;
  bool maskFree = false;

  RowForm form_ = RowForm::Raw;
  mlir::Value n;
  llvm::SmallVector<Pending> pending;
  mlir::Value maxV;
  mlir::Value minV; // a lower bound of the finite values (sets histogram ranges)
  mlir::Value hist, blockSums; // histogram copies; per-chunk softmax sums
  mlir::Value zSum, zSum64, s1Sum, argmaxId; // of the row as of the last softmax()
  mlir::Value typicalCenter;
  /// Lane-wise max of each chunk of the row as the scan saw it; valid while
  /// the row is only changed by pending (monotone) ops since.
  mlir::Value laneMax;
  bool laneMaxValid = false;
  /// Per lane set, sum of exp(x - set max) of the scan's row (T = 1), next
  /// to laneMax; valid with laneMaxValid when the scan kept softmax sums.
  mlir::Value laneSum;
  bool setSums = false;
  /// uweights holds exp(x - maxV) of the Dense row before its pending floors
  /// (left by top_p's histogram pass): the softmax reads them, no exp.
  bool cachedWeights = false;
  std::optional<Fork> fork_;
  /// Left by top_p for the sampler right after it: when sumsReady (i1) holds
  /// at run time, blockSums holds the nucleus's chunk sums and sumsZ64 their
  /// f64 sum, so the sampler skips its softmax pass (null: not offered).
  mlir::Value sumsReady, sumsZ64;
  /// While top_p asks for them (sampleNext), the selection's chunk sums as
  /// the histogram path left them: (ready, z64) at the insertion point.
  bool wantNucleusSums = false;
  mlir::Value nucleusReady, nucleusZ64;
  /// Set by nucleusFromSetBounds for the dense path it falls back to: per
  /// kMassSetDeltas pivot, the lane-set lower bounds' sum (f64) and the
  /// number of sets reaching it.
  llvm::SmallVector<mlir::Value> boundMass, boundSets;
};

} // namespace decc::kernel

#endif
