//===- Params.cpp - load-time parameter overrides -------------------------===//
#include "Common/Error.h"
#include "Internal.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

using decc::rt::fail;

namespace {
const char *typeName(int32_t type) {
  return type == DECC_TYPE_I32 ? "i32" : "f32";
}

decrt_status unknownParam(const decrt_sampler *s, const char *name) {
  std::string known;
  for (int32_t i = 0; i < s->strategy->num_params; ++i)
    known += (i ? ", " : "") + std::string(s->strategy->params[i].name);
  return fail(DECRT_ERR_NOT_FOUND,
              "strategy '%s' has no parameter '%s' (parameters: %s)",
              s->strategy->name, name, known.empty() ? "none" : known.c_str());
}

// Parses the whole of `text` as a number; i32 parameters take only integer
// syntax so that "k=4.0" or "k=1e3" are refused as text just as 4.5 is.
bool parseNumber(const char *text, int32_t type, double &out) {
  if (!*text)
    return false;
  char *end = nullptr;
  errno = 0;
  if (type == DECC_TYPE_I32) {
    long long v = std::strtoll(text, &end, 10);
    if (errno || *end)
      return false;
    out = double(v);
    return true;
  }
  out = std::strtod(text, &end);
  return !*end && errno != ERANGE;
}
} // namespace

extern "C" {

DECRT_API decrt_status decrt_sampler_set_param(decrt_sampler *sampler,
                                               const char *name, double value) {
  if (!sampler || !name)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_sampler_set_param: sampler and name must not be NULL");
  int32_t i = decc::rt::findParam(sampler->strategy, name);
  if (i < 0)
    return unknownParam(sampler, name);
  const decc_param_desc &p = sampler->strategy->params[i];
  if (std::isnan(value))
    return fail(DECRT_ERR_INVALID_ARGUMENT, "parameter '%s': value is NaN",
                name);
  if (p.type == DECC_TYPE_I32 &&
      (!std::isfinite(value) || std::trunc(value) != value))
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "parameter '%s' is i32: %g is not an integer", name, value);
  if (!(p.min_value <= value && value <= p.max_value))
    return fail(DECRT_ERR_OUT_OF_RANGE,
                "parameter '%s' (%s): %g outside [%g, %g]", name,
                typeName(p.type), value, p.min_value, p.max_value);
  sampler->params[size_t(i)] = value;
  return DECRT_OK;
}

DECRT_API decrt_status decrt_sampler_set_param_str(decrt_sampler *sampler,
                                                   const char *assignment) {
  if (!sampler || !assignment)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_sampler_set_param_str: arguments must not be NULL");
  const char *eq = std::strchr(assignment, '=');
  if (!eq || eq == assignment)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "'%s': expected name=value", assignment);
  std::string name(assignment, size_t(eq - assignment));
  int32_t i = decc::rt::findParam(sampler->strategy, name.c_str());
  if (i < 0)
    return unknownParam(sampler, name.c_str());
  const decc_param_desc &p = sampler->strategy->params[i];
  double value = 0;
  if (!parseNumber(eq + 1, p.type, value))
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "parameter '%s' (%s): '%s' is not a valid %s", name.c_str(),
                typeName(p.type), eq + 1,
                p.type == DECC_TYPE_I32 ? "integer" : "number");
  return decrt_sampler_set_param(sampler, name.c_str(), value);
}

DECRT_API decrt_status decrt_sampler_get_param(const decrt_sampler *sampler,
                                               const char *name,
                                               double *out_value) {
  if (!sampler || !name || !out_value)
    return fail(DECRT_ERR_INVALID_ARGUMENT,
                "decrt_sampler_get_param: arguments must not be NULL");
  int32_t i = decc::rt::findParam(sampler->strategy, name);
  if (i < 0)
    return unknownParam(sampler, name);
  *out_value = sampler->params[size_t(i)];
  return DECRT_OK;
}

DECRT_API void decrt_sampler_reset_params(decrt_sampler *sampler) {
  if (!sampler)
    return;
  for (int32_t i = 0; i < sampler->strategy->num_params; ++i)
    sampler->params[size_t(i)] = sampler->strategy->params[i].default_value;
}

DECRT_API const double *decrt_sampler_params(const decrt_sampler *sampler) {
  return sampler ? sampler->params.data() : nullptr;
}

} // extern "C"
