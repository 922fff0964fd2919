//===- Step.cpp - one batched decoding step on the worker pool ------------===//
//
// Rows are independent: each runs the strategy's row kernel with its own
// (seed, step) RNG key and the workspace of whichever worker picks it up, so
// the result of a row does not depend on the batch or the thread count.
//
//===----------------------------------------------------------------------===//
#include "Common/Error.h"
#include "Internal.h"

#include <algorithm>
#include <new>
#include <system_error>

using decc::rt::fail;

namespace {
decrt_status checkStepArgs(const decrt_sampler *s, const float *logits,
                           int64_t batch, int64_t rowStride,
                           const int32_t *const *histories,
                           const int64_t *historyLens, const int32_t *outTokens,
                           const int32_t *outStatus) {
  if (!s)
    return fail(DECRT_ERR_INVALID_ARGUMENT, "decrt_sampler_step: sampler is NULL");
  if (batch < 0)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_sampler_step: negative batch %lld", (long long)batch);
  if (batch == 0)
    return DECRT_OK;
  if (!logits || !outTokens || !outStatus)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_sampler_step: logits, out_tokens and out_status must "
                "not be NULL");
  if (rowStride < s->vocab)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_sampler_step: row_stride %lld is smaller than the "
                "vocabulary (%lld)",
                (long long)rowStride, (long long)s->vocab);
  if (histories && !historyLens)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_sampler_step: history_lens is NULL but histories is "
                "not");
  if (histories)
    for (int64_t i = 0; i < batch; ++i)
      if (historyLens[i] < 0 || (historyLens[i] > 0 && !histories[i]))
        return fail(DECRT_ERR_INVALID_ARGUMENT,
                    "decrt_sampler_step: row %lld: history of length %lld "
                    "at %p",
                    (long long)i, (long long)historyLens[i],
                    (const void *)histories[i]);
  return DECRT_OK;
}

// Creates the pool and one workspace per worker on first use (or after the
// thread count changed); never more workers than rows need.
decrt_status prepareWorkers(decrt_sampler *s) {
  int32_t workers = decrt_sampler_threads(s);
  try {
    if (!s->pool || s->pool->workers() != workers)
      s->pool = std::make_unique<decc::rt::ThreadPool>(workers);
    if (s->workspaces.size() < size_t(workers))
      s->workspaces.resize(size_t(workers));
  } catch (const std::system_error &e) {
    return fail(DECRT_ERR_OUT_OF_MEMORY,
                "decrt_sampler_step: cannot start %d worker threads: %s",
                workers, e.what());
  } catch (const std::bad_alloc &) {
    return fail(DECRT_ERR_OUT_OF_MEMORY, "decrt_sampler_step: out of memory");
  }
  for (decc::rt::AlignedBuffer &ws : s->workspaces)
    if (!ws.data() && !ws.allocate(size_t(s->workspaceBytes)))
      return fail(DECRT_ERR_OUT_OF_MEMORY,
                  "decrt_sampler_step: cannot allocate a %lld-byte workspace",
                  (long long)s->workspaceBytes);
  return DECRT_OK;
}
} // namespace

extern "C" DECRT_API decrt_status decrt_sampler_step(
    decrt_sampler *sampler, const float *logits, int64_t batch,
    int64_t row_stride, const uint32_t *mask, const int32_t *const *histories,
    const int64_t *history_lens, const uint64_t *seeds, const uint64_t *steps,
    int32_t *out_tokens, float *out_logprobs, int32_t *out_status) {
  if (decrt_status st =
          checkStepArgs(sampler, logits, batch, row_stride, histories,
                        history_lens, out_tokens, out_status))
    return st;
  if (batch == 0)
    return DECRT_OK;
  if (decrt_status st = prepareWorkers(sampler))
    return st;
  const decc_strategy_desc *s = sampler->strategy;
  const int64_t vocab = sampler->vocab;
  const int64_t maskWords = (vocab + 31) / 32;
  const double *params = sampler->params.data();
  auto runRow = [&](int worker, int64_t i) {
    float logprob = 0;
    int32_t token = -1;
    int32_t status = s->row_kernel(
        logits + i * row_stride, vocab, mask ? mask + i * maskWords : nullptr,
        histories ? histories[i] : nullptr, histories ? history_lens[i] : 0,
        params, seeds ? seeds[i] : 0, steps ? steps[i] : 0,
        sampler->workspaces[size_t(worker)].data(), &token, &logprob);
    out_status[i] = status;
    out_tokens[i] = status == DECC_OK ? token : -1;
    if (out_logprobs)
      out_logprobs[i] = status == DECC_OK ? logprob : 0.0f;
  };
  sampler->pool->parallelFor(batch, runRow);
  return DECRT_OK;
}
