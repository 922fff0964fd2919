//===- Validate.cpp - checks a module's descriptor table at load time -----===//
//
// Compiled modules are trusted to run, but not to be well formed: a stale or
// hand-made object must be refused with a message, never crash the host.
//
//===----------------------------------------------------------------------===//
#include "Common/Error.h"
#include "Internal.h"

#include <cmath>
#include <cstring>
#include <set>
#include <string>

namespace decc::rt {

namespace {
bool isIntegral(double v) { return std::isfinite(v) && std::trunc(v) == v; }

decrt_status validateParam(const decc_param_desc &p, const char *path,
                           const char *strategy, int32_t index) {
  if (!p.name || !*p.name)
    return fail(DECRT_ERR_ABI, "%s: strategy '%s': parameter #%d has no name",
                path, strategy, index);
  if (p.type != DECC_TYPE_F32 && p.type != DECC_TYPE_I32)
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': parameter '%s' has unknown type %d", path,
                strategy, p.name, p.type);
  if (std::isnan(p.min_value) || std::isnan(p.max_value) ||
      std::isnan(p.default_value) || !(p.min_value <= p.max_value))
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': parameter '%s' has an invalid range "
                "[%g, %g]",
                path, strategy, p.name, p.min_value, p.max_value);
  if (!(p.min_value <= p.default_value && p.default_value <= p.max_value))
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': parameter '%s' default %g outside "
                "[%g, %g]",
                path, strategy, p.name, p.default_value, p.min_value,
                p.max_value);
  if (p.type == DECC_TYPE_I32 &&
      (!isIntegral(p.default_value) || std::fabs(p.default_value) > 2147483647.0))
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': i32 parameter '%s' has non-integral "
                "default %g",
                path, strategy, p.name, p.default_value);
  return DECRT_OK;
}

decrt_status validateStrategy(const decc_strategy_desc &s, const char *path,
                              int32_t index) {
  if (!s.name || !*s.name)
    return fail(DECRT_ERR_ABI, "%s: strategy #%d has no name", path, index);
  const char *n = s.name;
  if (s.kind != DECC_KIND_AUTOREGRESSIVE)
    return fail(DECRT_ERR_UNSUPPORTED,
                "%s: strategy '%s': kind %d needs a newer runtime (this one "
                "runs autoregressive strategies)",
                path, n, s.kind);
  if (s.selection != DECC_SELECT_GREEDY && s.selection != DECC_SELECT_SAMPLE)
    return fail(DECRT_ERR_ABI, "%s: strategy '%s': unknown selection %d", path,
                n, s.selection);
  if (s.num_params < 0 || (s.num_params > 0 && !s.params))
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': parameter table missing (num_params %d)",
                path, n, s.num_params);
  std::set<std::string> names;
  for (int32_t i = 0; i < s.num_params; ++i) {
    if (decrt_status st = validateParam(s.params[i], path, n, i))
      return st;
    if (!names.insert(s.params[i].name).second)
      return fail(DECRT_ERR_ABI, "%s: strategy '%s': duplicate parameter '%s'",
                  path, n, s.params[i].name);
  }
  if (s.stop_on_eos != 0 && s.stop_on_eos != 1)
    return fail(DECRT_ERR_ABI, "%s: strategy '%s': stop_on_eos is %d (0 or 1)",
                path, n, s.stop_on_eos);
  if (s.max_tokens < 0)
    return fail(DECRT_ERR_ABI, "%s: strategy '%s': negative max_tokens %lld",
                path, n, (long long)s.max_tokens);
  if (s.max_tokens_param < -1 || s.max_tokens_param >= s.num_params)
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': max_tokens_param %d is not a parameter "
                "index",
                path, n, s.max_tokens_param);
  if (s.max_tokens_param >= 0 &&
      s.params[s.max_tokens_param].type != DECC_TYPE_I32)
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': max_tokens parameter '%s' is not i32", path,
                n, s.params[s.max_tokens_param].name);
  if (s.num_stop_tokens < 0 || (s.num_stop_tokens > 0 && !s.stop_tokens))
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': stop token table missing "
                "(num_stop_tokens %d)",
                path, n, s.num_stop_tokens);
  for (int32_t i = 0; i < s.num_stop_tokens; ++i)
    if (s.stop_tokens[i] < 0 || s.stop_tokens[i] > s.max_token_id)
      return fail(DECRT_ERR_ABI,
                  "%s: strategy '%s': stop token %d is negative or above "
                  "max_token_id %lld",
                  path, n, s.stop_tokens[i], (long long)s.max_token_id);
  if (s.max_token_id < -1)
    return fail(DECRT_ERR_ABI, "%s: strategy '%s': max_token_id %lld < -1",
                path, n, (long long)s.max_token_id);
  if (s.vocab_size < 0 || (s.vocab_size > 0 && s.vocab_size <= s.max_token_id))
    return fail(DECRT_ERR_ABI,
                "%s: strategy '%s': vocab_size %lld inconsistent with "
                "max_token_id %lld",
                path, n, (long long)s.vocab_size, (long long)s.max_token_id);
  if (!s.workspace_bytes)
    return fail(DECRT_ERR_ABI, "%s: strategy '%s': workspace_bytes is NULL",
                path, n);
  if (!s.row_kernel)
    return fail(DECRT_ERR_ABI, "%s: strategy '%s': row_kernel is NULL", path,
                n);
  if (!s.pipeline)
    return fail(DECRT_ERR_ABI, "%s: strategy '%s': pipeline string is NULL",
                path, n);
  return DECRT_OK;
}
} // namespace

decrt_status validateModule(const decc_module_desc *desc, const char *path) {
  if (!desc)
    return fail(DECRT_ERR_ABI, "%s: %s() returned NULL", path,
                DECC_MODULE_SYMBOL);
  if (desc->abi_version != DECC_ABI_VERSION)
    return fail(DECRT_ERR_ABI,
                "%s: ABI version %u, this runtime reads version %u "
                "(recompile the module with a matching decc)",
                path, desc->abi_version, DECC_ABI_VERSION);
  if (!desc->producer || !desc->source_name)
    return fail(DECRT_ERR_ABI, "%s: producer or source_name is NULL", path);
  if (desc->num_strategies <= 0 || !desc->strategies)
    return fail(DECRT_ERR_ABI, "%s: the module defines no strategies", path);
  std::set<std::string> names;
  for (int32_t i = 0; i < desc->num_strategies; ++i) {
    if (decrt_status st = validateStrategy(desc->strategies[i], path, i))
      return st;
    if (!names.insert(desc->strategies[i].name).second)
      return fail(DECRT_ERR_ABI, "%s: duplicate strategy '%s'", path,
                  desc->strategies[i].name);
  }
  return DECRT_OK;
}

int32_t findParam(const decc_strategy_desc *strategy, const char *name) {
  for (int32_t i = 0; i < strategy->num_params; ++i)
    if (std::strcmp(strategy->params[i].name, name) == 0)
      return i;
  return -1;
}

} // namespace decc::rt
