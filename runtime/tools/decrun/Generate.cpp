//===- Generate.cpp -------------------------------------------------------===//
#include "Generate.h"
#include "RunClock.h"
#include "SyntheticModel.h"

#include <chrono>

namespace decc::decrun {

namespace {

// The driver's own limit: --max-tokens, else none when the strategy has one,
// else 64 (the synthetic model never runs out of context).
int64_t driverLimit(decrt_sampler *sampler, const Options &o) {
  if (o.maxTokens)
    return *o.maxTokens;
  return decrt_sampler_max_tokens(sampler) > 0 ? 0 : 64;
}
} // namespace

decrt_status generate(decrt_sampler *sampler, const Options &o,
                      GenerateResult &res) {
  const int64_t vocab = decrt_sampler_vocab(sampler);
  const int64_t limit = driverLimit(sampler, o);
  SyntheticModel model(vocab);
  res.sequences.assign(size_t(o.batch), Sequence{});

  // Active sequences are compacted into the first rows of the batch.
  std::vector<int64_t> active;
  for (int64_t i = 0; i < o.batch; ++i)
    active.push_back(i);
  std::vector<float> logits(size_t(o.batch * vocab));
  std::vector<const int32_t *> histories(size_t(o.batch));
  std::vector<int64_t> lens(size_t(o.batch));
  std::vector<uint64_t> seeds(size_t(o.batch)), steps(size_t(o.batch));
  std::vector<int32_t> tokens(size_t(o.batch)), status(size_t(o.batch));

  Clock::time_point start = Clock::now();
  for (uint64_t t = 0; !active.empty(); ++t) {
    Clock::time_point t0 = Clock::now();
    for (size_t row = 0; row < active.size(); ++row) {
      Sequence &seq = res.sequences[size_t(active[row])];
      int32_t previous = seq.tokens.empty() ? -1 : seq.tokens.back();
      model.logits(previous, t, &logits[row * size_t(vocab)]);
      histories[row] = seq.tokens.data();
      lens[row] = int64_t(seq.tokens.size());
      seeds[row] = o.seed + uint64_t(active[row]);
      steps[row] = t;
    }
    Clock::time_point t1 = Clock::now();
    decrt_status st = decrt_sampler_step(
        sampler, logits.data(), int64_t(active.size()), vocab, nullptr,
        histories.data(), lens.data(), seeds.data(), steps.data(),
        tokens.data(), nullptr, status.data());
    Clock::time_point t2 = Clock::now();
    res.logitsSeconds += seconds(t0, t1);
    res.kernelSeconds += seconds(t1, t2);
    if (st != DECRT_OK)
      return st;
    ++res.steps;

    std::vector<int64_t> still;
    for (size_t row = 0; row < active.size(); ++row) {
      Sequence &seq = res.sequences[size_t(active[row])];
      if (status[row] != DECC_OK) {
        seq.stop = status[row] == DECC_STATUS_NO_VALID_TOKEN
                       ? "no_valid_token"
                       : "invalid_logits";
        res.rowFailure = true;
        continue;
      }
      seq.tokens.push_back(tokens[row]);
      ++res.tokens;
      int64_t n = int64_t(seq.tokens.size());
      decrt_stop_reason why =
          decrt_sampler_should_stop(sampler, tokens[row], n, o.eos.value_or(-1));
      if (why == DECRT_CONTINUE && limit > 0 && n >= limit)
        why = DECRT_STOP_MAX_TOKENS;
      if (why != DECRT_CONTINUE)
        seq.stop = stopName(why);
      else
        still.push_back(active[row]);
    }
    active.swap(still);
  }
  res.wallSeconds = seconds(start, Clock::now());
  return DECRT_OK;
}

} // namespace decc::decrun
