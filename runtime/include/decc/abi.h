/*
 * decc/abi.h - the versioned C ABI between a compiled decoding program (a
 * shared object produced by `decc`) and whoever loads it (libdecrt, a serving
 * engine, a test driver).
 *
 * A compiled module exports exactly one symbol, DECC_MODULE_SYMBOL, a function
 * returning a pointer to a constant decc_module_desc. Everything else is reached
 * through that table, so the object can be stripped of other exports.
 *
 * Stability rules: the layout of every struct below is frozen for a given
 * DECC_ABI_VERSION. New fields are only ever appended in a new version, and a
 * loader refuses modules whose abi_version it does not know.
 *
 * This header is plain C99 and depends on nothing but <stdint.h>.
 */
#ifndef DECC_ABI_H
#define DECC_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DECC_ABI_VERSION 2u
#define DECC_MODULE_SYMBOL "decc_module_v1"

/* Status codes returned by row kernels (and reused by the runtime API). */
typedef enum decc_status {
  DECC_OK = 0,
  /* Every token of the row was excluded (constraint mask, bans, filters).
   * The kernel writes -1 as the token; it never picks a token at random. */
  DECC_STATUS_NO_VALID_TOKEN = 1,
  /* A logit was NaN or the row was otherwise unusable. Token is -1. */
  DECC_STATUS_INVALID_LOGITS = 2
} decc_status;

/* Scalar types of strategy parameters. */
typedef enum decc_type {
  DECC_TYPE_F32 = 0,
  DECC_TYPE_I32 = 1
} decc_type;

/* Selection rule that ends the logits pipeline. */
typedef enum decc_selection {
  DECC_SELECT_GREEDY = 0,
  DECC_SELECT_SAMPLE = 1
} decc_selection;

/* Decoding driver a strategy needs. Only autoregressive exists in ABI v1;
 * later kinds (speculative, diffusion) append values. */
typedef enum decc_strategy_kind {
  DECC_KIND_AUTOREGRESSIVE = 0
} decc_strategy_kind;

/* One load-time parameter. Values travel as double in the parameter block
 * (exact for every f32 and i32 value). min/max are inclusive bounds checked by
 * the loader; +-infinity when unbounded. */
typedef struct decc_param_desc {
  const char *name;
  int32_t type;          /* decc_type */
  int32_t reserved;
  double default_value;
  double min_value;
  double max_value;
} decc_param_desc;

/*
 * The fused per-row step kernel.
 *   logits      [vocab] f32, read only.
 *   vocab       number of entries in the row (> 0).
 *   mask        NULL, or uint32[ceil(vocab/32)]: bit (t % 32) of word t / 32
 *               set means token t is allowed.
 *   history     token ids of the sequence so far (prompt then generated), oldest
 *               first; may be NULL when history_len == 0. Ids outside
 *               [0, vocab) are ignored.
 *   params      parameter block, one double per decc_param_desc, in order.
 *   seed, step  the counter-based RNG (Philox4x32-10) is keyed by (seed, step)
 *               only, so a sequence samples the same token whatever batch row or
 *               thread it runs on.
 *   workspace   at least workspace_bytes(vocab) bytes, 64-byte aligned, owned
 *               by the caller, not shared between concurrent calls.
 *   out_token   chosen token, or -1 when the status is not DECC_OK.
 *   out_logprob log-probability of the chosen token under the final (filtered,
 *               renormalised) distribution; may be NULL.
 * Returns a decc_status.
 */
typedef int32_t (*decc_row_kernel_fn)(const float *logits, int64_t vocab,
                                      const uint32_t *mask,
                                      const int32_t *history,
                                      int64_t history_len,
                                      const double *params, uint64_t seed,
                                      uint64_t step, void *workspace,
                                      int32_t *out_token, float *out_logprob);

typedef int64_t (*decc_workspace_bytes_fn)(int64_t vocab);

typedef struct decc_strategy_desc {
  const char *name;
  int32_t kind;                 /* decc_strategy_kind */
  int32_t selection;            /* decc_selection */
  int32_t num_params;
  int32_t stop_on_eos;          /* 1: generation stops at the model's EOS */
  const decc_param_desc *params;
  /* max_tokens: a constant, or the value of parameter max_tokens_param when
   * that index is >= 0. 0 means "no limit beyond the model context". */
  int64_t max_tokens;
  int32_t max_tokens_param;
  int32_t num_stop_tokens;
  const int32_t *stop_tokens;
  /* Largest token id the program names (logit_bias, stop tokens), or -1.
   * A loader must refuse a vocabulary not larger than this. */
  int64_t max_token_id;
  /* Vocabulary the program was compiled against (constraint tables), or 0
   * when the program works with any vocabulary. */
  int64_t vocab_size;
  decc_workspace_bytes_fn workspace_bytes;
  decc_row_kernel_fn row_kernel;
  /* The logits pipeline in source order, for humans ("temperature(...) |
   * top_k(...) | sample"). */
  const char *pipeline;
  /* Since ABI v2: the grammar the strategy is constrained by (`constrain X`),
   * compiled ahead of time. constraint_table holds constraint_table_bytes of
   * a serialised grammar in the format of decc/grammar.h
   * (decc::grammar::deserialize); loading it does no grammar compilation.
   * All three are NULL/0 when the strategy is unconstrained. */
  const char *constraint_name;
  const uint8_t *constraint_table;
  int64_t constraint_table_bytes;
} decc_strategy_desc;

typedef struct decc_module_desc {
  uint32_t abi_version;         /* DECC_ABI_VERSION of the producer */
  uint32_t reserved;
  const char *producer;         /* e.g. "decc 0.1.0" */
  const char *source_name;      /* the .dec file it was compiled from */
  int32_t num_strategies;
  int32_t reserved2;
  const decc_strategy_desc *strategies;
} decc_module_desc;

typedef const decc_module_desc *(*decc_module_entry_fn)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DECC_ABI_H */
