//===- Sampler.cpp - sampler lifetime, vocabulary checks, threads ---------===//
#include "Common/Error.h"
#include "Internal.h"

#include <cstdint>
#include <new>

using decc::rt::fail;

namespace {
decrt_status checkVocab(const decrt_module *module,
                        const decc_strategy_desc *s, int64_t vocab) {
  const char *path = module->path.c_str();
  if (vocab <= 0 || vocab > INT32_MAX)
    return fail(DECRT_ERR_OUT_OF_RANGE,
                "%s: strategy '%s': vocabulary size %lld outside [1, %d]", path,
                s->name, (long long)vocab, INT32_MAX);
  if (vocab <= s->max_token_id)
    return fail(DECRT_ERR_VOCAB_MISMATCH,
                "%s: strategy '%s' names token id %lld, but the vocabulary "
                "has only %lld tokens",
                path, s->name, (long long)s->max_token_id, (long long)vocab);
  if (s->vocab_size != 0 && s->vocab_size != vocab)
    return fail(DECRT_ERR_VOCAB_MISMATCH,
                "%s: strategy '%s' was compiled for a vocabulary of %lld "
                "tokens, but the model has %lld",
                path, s->name, (long long)s->vocab_size, (long long)vocab);
  return DECRT_OK;
}
} // namespace

extern "C" {

DECRT_API decrt_status decrt_sampler_new(decrt_module *module,
                                         const char *strategy, int64_t vocab,
                                         decrt_sampler **out_sampler) {
  if (!module || !out_sampler)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_sampler_new: module and out_sampler must not be NULL");
  int32_t index = 0;
  if (strategy)
    if (decrt_status st = decrt_module_find_strategy(module, strategy, &index))
      return st;
  const decc_strategy_desc *s = &module->desc->strategies[index];
  if (decrt_status st = checkVocab(module, s, vocab))
    return st;
  int64_t bytes = s->workspace_bytes(vocab);
  if (bytes < 0)
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': workspace_bytes(%lld) returned %lld",
                module->path.c_str(), s->name, (long long)vocab,
                (long long)bytes);
  try {
    auto *sampler = new decrt_sampler;
    sampler->module = module;
    sampler->strategy = s;
    sampler->vocab = vocab;
    sampler->workspaceBytes = bytes;
    sampler->params.resize(size_t(s->num_params));
    decc::rt::retainModule(module);
    decrt_sampler_reset_params(sampler);
    *out_sampler = sampler;
    return DECRT_OK;
  } catch (const std::bad_alloc &) {
    return fail(DECRT_ERR_OUT_OF_MEMORY, "decrt_sampler_new: out of memory");
  }
}

DECRT_API void decrt_sampler_free(decrt_sampler *sampler) {
  if (!sampler)
    return;
  decrt_module *module = sampler->module;
  delete sampler; // joins the pool's threads before the code can go away
  decc::rt::releaseModule(module);
}

DECRT_API const decc_strategy_desc *
decrt_sampler_strategy(const decrt_sampler *sampler) {
  return sampler ? sampler->strategy : nullptr;
}

DECRT_API int64_t decrt_sampler_vocab(const decrt_sampler *sampler) {
  return sampler ? sampler->vocab : 0;
}

DECRT_API decrt_status decrt_sampler_set_threads(decrt_sampler *sampler,
                                                 int32_t threads) {
  if (!sampler)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_sampler_set_threads: sampler is NULL");
  if (threads < 0 || threads > 1024)
    return fail(DECRT_ERR_OUT_OF_RANGE,
                "decrt_sampler_set_threads: %d threads outside [0, 1024]",
                threads);
  if (threads != sampler->requestedThreads) {
    sampler->requestedThreads = threads;
    sampler->pool.reset(); // rebuilt with the new size by the next step
  }
  return DECRT_OK;
}

DECRT_API int32_t decrt_sampler_threads(const decrt_sampler *sampler) {
  if (!sampler)
    return 0;
  if (sampler->requestedThreads > 0)
    return sampler->requestedThreads;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : int32_t(hw);
}

} // extern "C"
