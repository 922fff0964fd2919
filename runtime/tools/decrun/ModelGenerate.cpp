//===- ModelGenerate.cpp --------------------------------------------------===//
#include "ModelGenerate.h"
#include "RunClock.h"
#include "Utf8Stream.h"

#include <algorithm>
#include <chrono>

namespace decc::decrun {

std::vector<int32_t> encodePrompt(const Tokenizer &tok,
                                  const model::Model &model,
                                  const std::string &prompt) {
  std::vector<int32_t> ids = tok.encode(prompt, /*addSpecial=*/true);
  const model::TokenizerData &meta = model.tokenizer();
  int32_t bos = meta.bosId >= 0 ? meta.bosId : tok.bosId().value_or(-1);
  if (meta.addBos == 1 && bos >= 0 && (ids.empty() || ids.front() != bos))
    ids.insert(ids.begin(), bos);
  return ids;
}

int32_t eosId(const Options &o, const Tokenizer &tok,
              const model::Model &model) {
  if (o.eos)
    return *o.eos;
  const model::TokenizerData &meta = model.tokenizer();
  if (meta.eosId >= 0)
    return meta.eosId;
  if (meta.eotId >= 0)
    return meta.eotId;
  return tok.eosId().value_or(-1);
}

bool generateText(const Options &o, decrt_sampler *sampler,
                  const model::Model &model, const Tokenizer &tok,
                  ConstrainedMask *mask, std::ostream *stream, ModelRun &run,
                  std::string &error) {
  const int64_t context = model.config().nCtxTrain;
  run.prompt = encodePrompt(tok, model, *o.prompt);
  const int64_t promptLen = int64_t(run.prompt.size());
  if (promptLen == 0) {
    error = "the prompt encodes to no tokens and the model adds no BOS: "
            "nothing to condition on";
    return false;
  }
  // The limit: --max-tokens, which must fit the context; else the strategy's
  // limit or, without one, the room the context has left, whichever is lower
  // (the run then ends with stop reason "context").
  const int64_t room = context - promptLen;
  int64_t strategyLimit = decrt_sampler_max_tokens(sampler);
  if (o.maxTokens) {
    run.limit = *o.maxTokens;
  } else {
    run.limit = strategyLimit > 0 ? std::min(strategyLimit, room) : room;
    run.limitIsContext = strategyLimit <= 0 || strategyLimit > room;
  }
  if (room < 1 || run.limit > room) {
    error = "prompt (" + std::to_string(promptLen) + " tokens) + max tokens (" +
            std::to_string(o.maxTokens ? *o.maxTokens : 1) +
            ") do not fit the model's context of " + std::to_string(context) +
            " tokens";
    return false;
  }
  const int32_t eos = eosId(o, tok, model);

  model::SessionOptions so;
  so.maxTokens = uint32_t(promptLen + run.limit);
  model::Session session(model, so);
  if (!session.causal()) {
    error = "the model is bidirectional (masked diffusion); decrun's "
            "autoregressive loop needs a causal model";
    return false;
  }
  const int64_t vocab = int64_t(session.vocab());
  std::vector<int32_t> history = run.prompt;
  history.reserve(size_t(promptLen + run.limit));
  Utf8Stream utf8;
  auto emit = [&](const std::string &bytes) {
    run.text += bytes;
    if (stream && !bytes.empty())
      stream->write(bytes.data(), std::streamsize(bytes.size())).flush();
  };

  Clock::time_point t0 = Clock::now();
  if (!session.evaluate(run.prompt, /*allLogits=*/false, &error))
    return false;
  ++run.forwardPasses;
  Clock::time_point t1 = Clock::now();
  run.prefillSeconds = seconds(t0, t1);

  run.constrained = mask != nullptr;
  // The mask for the next step is computed before the forward pass that
  // step needs, so a grammar that admits nothing more ends the run without it.
  auto nextMask = [&]() {
    if (!mask)
      return true;
    mask->refresh();
    run.maskSeconds = mask->seconds();
    run.masks = mask->refreshes();
    if (!mask->exhausted())
      return true;
    run.stop = "grammar_complete";
    return false;
  };
  if (!nextMask()) {
    emit(utf8.finish());
    run.decodeSeconds = seconds(t1, Clock::now());
    return true;
  }
  for (uint64_t step = 0;; ++step) {
    const int32_t *histories[1] = {history.data()};
    int64_t lens[1] = {int64_t(history.size())};
    uint64_t seeds[1] = {o.seed}, steps[1] = {step};
    int32_t token = -1, status = DECC_OK;
    Clock::time_point k0 = Clock::now();
    decrt_status st = decrt_sampler_step(
        sampler, session.lastLogits(), 1, vocab, mask ? mask->words() : nullptr,
        histories, lens,
        seeds, steps, &token, nullptr, &status);
    run.kernelSeconds += seconds(k0, Clock::now());
    if (st != DECRT_OK) {
      error = decrt_last_error();
      return false;
    }
    if (status != DECC_OK) {
      run.stop = status == DECC_STATUS_NO_VALID_TOKEN ? "no_valid_token"
                                                      : "invalid_logits";
      run.rowFailure = true;
      break;
    }
    if (mask && !mask->accept(token)) {
      error = "the sampler chose token " + std::to_string(token) +
              ", which the grammar's mask excluded";
      return false;
    }
    run.generated.push_back(token);
    history.push_back(token);
    if (!tok.isSpecial(token))
      emit(utf8.push(tok.tokenBytes(token)));
    int64_t n = int64_t(run.generated.size());
    decrt_stop_reason why = decrt_sampler_should_stop(sampler, token, n, eos);
    if (why == DECRT_CONTINUE && n >= run.limit) {
      run.stop = run.limitIsContext ? "context" : "max_tokens";
      break;
    }
    if (why != DECRT_CONTINUE) {
      run.stop = stopName(why);
      break;
    }
    // Under a grammar EOS is only allowed once the output is complete; it
    // ends the output even for strategies that do not stop on EOS.
    if (mask && token == eos) {
      run.stop = "eos";
      break;
    }
    if (!nextMask())
      break;
    Clock::time_point f0 = Clock::now();
    if (!session.evaluate(&token, 1, /*allLogits=*/false, &error))
      return false;
    run.forwardSeconds += seconds(f0, Clock::now());
    ++run.forwardPasses;
  }
  emit(utf8.finish());
  run.decodeSeconds = seconds(t1, Clock::now());
  return true;
}

} // namespace decc::decrun
