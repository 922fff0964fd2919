/*
 * decc/decrt.h - the C API of libdecrt, the runtime that loads compiled
 * decoding programs (shared objects produced by `decc`, see decc/abi.h) and
 * runs their step kernels.
 *
 * Conventions (docs/abi.md has the full story):
 *  - Opaque handles with explicit lifetimes: every *_new / *_load has a
 *    matching *_free; *_free(NULL) is a no-op.
 *  - Errors are values: every fallible call returns a decrt_status; on failure
 *    decrt_last_error() holds a message naming the file, field or parameter.
 *    Output arguments are left untouched on failure.
 *  - Thread safety: a decrt_module is immutable after loading and may be used
 *    from any number of threads. A decrt_sampler is used by one thread at a
 *    time (its step parallelises internally). The last-error message is
 *    thread-local.
 *  - A sampler keeps its module alive: decrt_module_free may be called while
 *    samplers created from it still exist; the shared object is closed when
 *    the last of them is freed.
 *
 * Plain C99; depends only on decc/abi.h.
 */
#ifndef DECC_DECRT_H
#define DECC_DECRT_H

#include "decc/abi.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define DECRT_API __attribute__((visibility("default")))
#else
#define DECRT_API
#endif

typedef enum decrt_status {
  DECRT_OK = 0,
  DECRT_ERR_IO = 1,               /* file missing or unreadable */
  DECRT_ERR_ABI = 2,              /* not a decc module, or a malformed one */
  DECRT_ERR_NOT_FOUND = 3,        /* no strategy / parameter of that name */
  DECRT_ERR_INVALID_ARGUMENT = 4, /* NULL where a value is required, bad
                                     syntax, wrong parameter type */
  DECRT_ERR_OUT_OF_RANGE = 5,     /* index or parameter value out of range */
  DECRT_ERR_VOCAB_MISMATCH = 6,   /* vocabulary refused by the strategy */
  DECRT_ERR_OUT_OF_MEMORY = 7,
  DECRT_ERR_UNSUPPORTED = 8       /* valid, but needs a newer runtime */
} decrt_status;

/* Short name of a status ("DECRT_ERR_ABI"). Never NULL. */
DECRT_API const char *decrt_status_name(decrt_status status);

/* The message of the last failed call on this thread ("" if none). Valid until
 * the next failing call on the same thread. */
DECRT_API const char *decrt_last_error(void);

/* ---- Modules -------------------------------------------------------------- */

typedef struct decrt_module decrt_module;

/* dlopen()s `path` (RTLD_NOW | RTLD_LOCAL), resolves DECC_MODULE_SYMBOL and
 * validates the whole descriptor table (ABI version, names, parameter types
 * and ranges, kernels). A path without '/' is taken relative to the current
 * directory, never searched for in the library path. */
DECRT_API decrt_status decrt_module_load(const char *path,
                                         decrt_module **out_module);
DECRT_API void decrt_module_free(decrt_module *module);

/* The raw, validated descriptor (owned by the module). */
DECRT_API const decc_module_desc *decrt_module_desc(const decrt_module *module);
DECRT_API const char *decrt_module_path(const decrt_module *module);

DECRT_API int32_t decrt_module_strategy_count(const decrt_module *module);
/* Index of the strategy called `name`; DECRT_ERR_NOT_FOUND lists the names. */
DECRT_API decrt_status decrt_module_find_strategy(const decrt_module *module,
                                                  const char *name,
                                                  int32_t *out_index);
/* NULL when the index is out of range (no error is recorded). */
DECRT_API const decc_strategy_desc *
decrt_module_strategy(const decrt_module *module, int32_t index);

typedef struct decrt_param_info {
  const char *name;
  int32_t type; /* decc_type */
  double default_value;
  double min_value;
  double max_value;
} decrt_param_info;

DECRT_API decrt_status decrt_module_param_info(const decrt_module *module,
                                               int32_t strategy,
                                               int32_t param,
                                               decrt_param_info *out_info);

/* ---- Samplers ------------------------------------------------------------- */

typedef struct decrt_sampler decrt_sampler;

/* A sampler runs one strategy over a fixed vocabulary. `strategy` is a name,
 * or NULL for the module's first strategy. Refuses (DECRT_ERR_VOCAB_MISMATCH)
 * a vocabulary not larger than the strategy's max_token_id, or different from
 * its vocab_size when that is non-zero. Parameters start at their defaults. */
DECRT_API decrt_status decrt_sampler_new(decrt_module *module,
                                         const char *strategy, int64_t vocab,
                                         decrt_sampler **out_sampler);
DECRT_API void decrt_sampler_free(decrt_sampler *sampler);

DECRT_API const decc_strategy_desc *
decrt_sampler_strategy(const decrt_sampler *sampler);
DECRT_API int64_t decrt_sampler_vocab(const decrt_sampler *sampler);

/* Overrides a parameter by name. i32 parameters need an integral value; the
 * value must lie in the parameter's [min, max]. On error the old value stays. */
DECRT_API decrt_status decrt_sampler_set_param(decrt_sampler *sampler,
                                               const char *name, double value);
/* The same from "name=value" text (what command lines and config files hold). */
DECRT_API decrt_status decrt_sampler_set_param_str(decrt_sampler *sampler,
                                                   const char *assignment);
DECRT_API decrt_status decrt_sampler_get_param(const decrt_sampler *sampler,
                                               const char *name,
                                               double *out_value);
/* Puts every parameter back to its default. */
DECRT_API void decrt_sampler_reset_params(decrt_sampler *sampler);
/* The parameter block handed to the kernel: one double per parameter, in the
 * strategy's order. Owned by the sampler. */
DECRT_API const double *decrt_sampler_params(const decrt_sampler *sampler);

/* Worker threads used by decrt_sampler_step (the calling thread is one of
 * them). 0 means std::thread::hardware_concurrency(). Results never depend on
 * this number. */
DECRT_API decrt_status decrt_sampler_set_threads(decrt_sampler *sampler,
                                                 int32_t threads);
DECRT_API int32_t decrt_sampler_threads(const decrt_sampler *sampler);

/*
 * One decoding step for `batch` rows.
 *   logits        row i starts at logits + i * row_stride (row_stride >= vocab)
 *   mask          NULL, or uint32[batch][ceil(vocab/32)] (decc/abi.h)
 *   histories     NULL (no history), or batch pointers; histories[i] may be
 *                 NULL when history_lens[i] == 0
 *   history_lens  batch lengths; required when histories is non-NULL
 *   seeds, steps  batch values each, or NULL for all zeros
 *   out_tokens    batch token ids (-1 for rows whose status is not DECC_OK)
 *   out_logprobs  NULL, or batch log-probabilities
 *   out_status    batch decc_status values, one per row
 * Returns DECRT_OK when the call itself was valid, even if rows report a
 * non-zero status; argument errors are reported before any row runs.
 */
DECRT_API decrt_status decrt_sampler_step(
    decrt_sampler *sampler, const float *logits, int64_t batch,
    int64_t row_stride, const uint32_t *mask, const int32_t *const *histories,
    const int64_t *history_lens, const uint64_t *seeds, const uint64_t *steps,
    int32_t *out_tokens, float *out_logprobs, int32_t *out_status);

/* ---- Stopping ------------------------------------------------------------- */

typedef enum decrt_stop_reason {
  DECRT_CONTINUE = 0,
  DECRT_STOP_EOS = 1,        /* stop_on_eos and token == eos_id */
  DECRT_STOP_TOKEN = 2,      /* one of the strategy's stop tokens */
  DECRT_STOP_MAX_TOKENS = 3, /* generated_count reached max_tokens */
  DECRT_STOP_NO_TOKEN = 4    /* token < 0: the step produced no token */
} decrt_stop_reason;

/* Whether generation ends after `token`, the generated_count-th generated
 * token (counting it). eos_id < 0 means the model has no EOS. Checks, in
 * order: no token, EOS, stop tokens, max_tokens. */
DECRT_API decrt_stop_reason decrt_sampler_should_stop(
    const decrt_sampler *sampler, int32_t token, int64_t generated_count,
    int32_t eos_id);

/* The effective max_tokens (constant or current parameter value); 0 = none. */
DECRT_API int64_t decrt_sampler_max_tokens(const decrt_sampler *sampler);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DECC_DECRT_H */
