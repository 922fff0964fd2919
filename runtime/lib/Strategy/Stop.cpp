//===- Stop.cpp - when the driver loop ends a sequence --------------------===//
#include "Internal.h"

#include <cmath>

extern "C" {

DECRT_API int64_t decrt_sampler_max_tokens(const decrt_sampler *sampler) {
  if (!sampler)
    return 0;
  const decc_strategy_desc *s = sampler->strategy;
  if (s->max_tokens_param >= 0)
    return int64_t(sampler->params[size_t(s->max_tokens_param)]);
  return s->max_tokens;
}

DECRT_API decrt_stop_reason decrt_sampler_should_stop(
    const decrt_sampler *sampler, int32_t token, int64_t generated_count,
    int32_t eos_id) {
  if (!sampler || token < 0)
    return DECRT_STOP_NO_TOKEN;
  const decc_strategy_desc *s = sampler->strategy;
  if (s->stop_on_eos && eos_id >= 0 && token == eos_id)
    return DECRT_STOP_EOS;
  for (int32_t i = 0; i < s->num_stop_tokens; ++i)
    if (s->stop_tokens[i] == token)
      return DECRT_STOP_TOKEN;
  int64_t limit = decrt_sampler_max_tokens(sampler);
  if (limit > 0 && generated_count >= limit)
    return DECRT_STOP_MAX_TOKENS;
  return DECRT_CONTINUE;
}

} // extern "C"
