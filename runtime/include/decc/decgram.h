/*
 * decc/decgram.h - the C ABI of decc's grammar engine (libdecgram.so), for
 * serving engines: vLLM, SGLang, TensorRT-LLM, llama.cpp (docs/abi.md,
 * "libdecgram").
 *
 * Objects and lifetimes (every *_new has a *_free; *_free(NULL) is a no-op):
 *   decgram_vocab     token byte strings, special flags, EOS ids, padded size
 *   decgram_compiler  compiles grammar sources for one vocabulary; holds a
 *                     size-bounded LRU cache keyed by (kind, text, options)
 *   decgram_grammar   a compiled grammar bound to the compiler's vocabulary;
 *                     immutable, shared by all matchers created from it
 *   decgram_matcher   the state of one sequence (accept, rollback, masks)
 *   decgram_pool      worker threads for decgram_fill_masks
 * A handle keeps what it was made from alive: a vocabulary may be freed while
 * compilers use it, a compiler while grammars live, a grammar while matchers
 * live.
 *
 * Errors are values: every fallible call returns a decgram_status; on failure
 * decgram_last_error() (per thread) holds the message, and output arguments
 * are left untouched. NULL or out-of-range arguments are errors, never
 * crashes; no C++ exception crosses this interface. Predicates and counters
 * (is_terminated, vocab sizes, ...) return false/0 for a NULL handle.
 *
 * Thread safety: vocabularies, compilers, grammars and pools may be used from
 * any number of threads at once (decgram_compile included). A matcher is used
 * by one thread at a time; different matchers, even of one grammar, may be
 * used concurrently (they share the grammar's mask cache, which is locked).
 *
 * Masks: row words cover ids [0, 32 * words); bit (t % 32) of word t / 32 is
 * set when token t is allowed. Ids at or past the tokenizer's size are always
 * 0. EOS is allowed exactly when the input so far is complete; special tokens
 * are never allowed; after EOS nothing is. A row that belongs to no matcher
 * can be set to all ones (vLLM's "-1 = unconstrained").
 *
 * Plain C99.
 */
#ifndef DECC_DECGRAM_H
#define DECC_DECGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define DECGRAM_API __attribute__((visibility("default")))
#else
#define DECGRAM_API
#endif

/* Versioning. DECGRAM_API_VERSION is bumped when a declaration of this
 * header changes incompatibly (it is the soname's number). DECGRAM_API_MINOR
 * is bumped when declarations are added: within one DECGRAM_API_VERSION no
 * declaration changes, no struct passed by pointer or returned by value
 * changes layout, and enums only gain values. The functions added in minor m
 * are marked "since 1.m" and carry the ELF symbol version DECGRAM_1.m, so a
 * program that calls them refuses to load with an older library instead of
 * failing at the call; callers that dlopen the library (Python) check
 * decgram_api_minor() or look the symbols up. */
#define DECGRAM_API_VERSION 1
#define DECGRAM_API_MINOR 1

typedef enum decgram_status {
  DECGRAM_OK = 0,
  DECGRAM_ERR_INVALID_ARGUMENT = 1, /* NULL handle or pointer, bad size */
  DECGRAM_ERR_OUT_OF_RANGE = 2,     /* token id, rollback count, thread count */
  DECGRAM_ERR_GRAMMAR = 3,          /* the grammar source has errors (located) */
  DECGRAM_ERR_UNSUPPORTED = 4,      /* grammar kind without a front end */
  DECGRAM_ERR_TABLE = 5,            /* a serialised table is corrupt or foreign */
  DECGRAM_ERR_IO = 6,               /* a file is missing or unreadable */
  DECGRAM_ERR_OUT_OF_MEMORY = 7,
  DECGRAM_ERR_INTERNAL = 8          /* a bug: please report the message */
} decgram_status;

/* Grammar source kinds. Values are stable; new kinds get new numbers. */
typedef enum decgram_kind {
  DECGRAM_KIND_GBNF = 1,        /* llama.cpp's GBNF (docs/grammars.md) */
  DECGRAM_KIND_JSON_SCHEMA = 2, /* JSON Schema text (docs/json-schema.md) */
  DECGRAM_KIND_REGEX = 3,       /* a regular expression over the whole output */
  DECGRAM_KIND_EBNF = 4         /* EBNF / Lark-style grammars */
} decgram_kind;

/* DECGRAM_API_VERSION of the loaded library. */
DECGRAM_API int decgram_api_version(void);
/* DECGRAM_API_MINOR of the loaded library (since 1.1: a library without this
 * symbol is 1.0). */
DECGRAM_API int decgram_api_minor(void);
/* Short name of a status ("DECGRAM_ERR_GRAMMAR"). Never NULL. */
DECGRAM_API const char *decgram_status_name(decgram_status status);
/* The message of the last failed call on this thread ("" if none). Valid
 * until the next failing call on the same thread. */
DECGRAM_API const char *decgram_last_error(void);
/* Whether this build has a front end for `kind`. */
DECGRAM_API bool decgram_kind_supported(decgram_kind kind);

/* ---- Vocabulary ----------------------------------------------------------- */

typedef struct decgram_vocab decgram_vocab;

/* Token t's bytes are bytes[offset_t .. offset_t + token_lens[t]), the tokens
 * concatenated in id order; sum(token_lens) must equal bytes_len. `special`
 * (NULL = none) marks tokens that are never allowed (control tokens); the EOS
 * ids are allowed exactly when the grammar is complete, whatever their flag.
 * `vocab_padded` is the model's row length (0 = n_tokens); it must be at least
 * n_tokens, and masks of decgram_vocab_mask_words() words cover it. */
DECGRAM_API decgram_status decgram_vocab_new(const uint8_t *bytes, size_t bytes_len,
                                             const uint32_t *token_lens,
                                             const uint8_t *special, size_t n_tokens,
                                             const int32_t *eos_ids, size_t n_eos,
                                             size_t vocab_padded, decgram_vocab **out);
/* From a Hugging Face tokenizer.json or a GGUF file (told apart by the GGUF
 * magic): token bytes as decc's tokenizer decodes them, its special tokens,
 * and `eos_ids` (NULL = the tokenizer's EOS). */
DECGRAM_API decgram_status decgram_vocab_from_tokenizer_file(const char *path,
                                                             const int32_t *eos_ids,
                                                             size_t n_eos,
                                                             size_t vocab_padded,
                                                             decgram_vocab **out);
DECGRAM_API void decgram_vocab_free(decgram_vocab *vocab);
/* Number of tokenizer tokens, the padded size, ceil(padded / 32). */
DECGRAM_API size_t decgram_vocab_size(const decgram_vocab *vocab);
DECGRAM_API size_t decgram_vocab_padded_size(const decgram_vocab *vocab);
DECGRAM_API size_t decgram_vocab_mask_words(const decgram_vocab *vocab);
/* The EOS ids (since 1.1): those given to the constructor, in that order, or
 * the tokenizer's EOS (none if it names none). *count = how many; they are
 * copied to `out` when `cap` >= that count, and a smaller `cap` copies
 * nothing (call with out NULL, cap 0 to size, as decgram_grammar_serialize). */
DECGRAM_API decgram_status decgram_vocab_eos_ids(const decgram_vocab *vocab, int32_t *out,
                                                 size_t cap, size_t *count);

/* ---- Compiler and grammars ------------------------------------------------ */

typedef struct decgram_compiler decgram_compiler;
typedef struct decgram_grammar decgram_grammar;

typedef enum decgram_json_whitespace {
  DECGRAM_JSON_WS_FLEXIBLE = 0, /* any JSON whitespace where JSON allows it */
  DECGRAM_JSON_WS_COMPACT = 1,  /* none */
  DECGRAM_JSON_WS_BOUNDED = 2   /* one space, or a newline + up to 20 blanks */
} decgram_json_whitespace;

/* Part of the cache key. Start from decgram_compile_options_default(). */
typedef struct decgram_compile_options {
  decgram_json_whitespace json_whitespace;
  /* Objects without `additionalProperties` admit no other properties. */
  bool json_strict_objects;
  /* Unsupported JSON Schema keywords are left unenforced instead of being
   * errors (the grammar then accepts a superset). */
  bool json_lenient;
} decgram_compile_options;

DECGRAM_API decgram_compile_options decgram_compile_options_default(void);

/* JSON Schema drafts (since 1.1). Values are stable. */
typedef enum decgram_json_draft {
  /* `$schema` names it (draft-07 or draft-06: 7; 2020-12), else 2020-12 */
  DECGRAM_JSON_DRAFT_AUTO = 0,
  DECGRAM_JSON_DRAFT_7 = 7,
  DECGRAM_JSON_DRAFT_2020_12 = 202012
} decgram_json_draft;

/* The layout of decgram_compile_options_ex this header declares. */
#define DECGRAM_COMPILE_OPTIONS_EX_VERSION 1

/* The options of decgram_compile_ex (since 1.1): those of
 * decgram_compile_options plus the JSON Schema draft. decgram_compile_options
 * cannot grow (callers compiled against this header allocate its current
 * size), this struct can: later fields are appended with a new
 * DECGRAM_COMPILE_OPTIONS_EX_VERSION, and `version` tells the library which
 * fields the caller has. All other fields zero are the defaults:
 *   decgram_compile_options_ex o = DECGRAM_COMPILE_OPTIONS_EX_INIT;
 *   o.json_draft = DECGRAM_JSON_DRAFT_7;
 * An explicit draft wins over the schema's `$schema`, which must still name a
 * supported draft. Part of the cache key (for JSON Schema only). */
typedef struct decgram_compile_options_ex {
  uint32_t version; /* DECGRAM_COMPILE_OPTIONS_EX_VERSION */
  decgram_json_whitespace json_whitespace;
  bool json_strict_objects;
  bool json_lenient;
  decgram_json_draft json_draft;
} decgram_compile_options_ex;

#define DECGRAM_COMPILE_OPTIONS_EX_INIT                                              \
  { DECGRAM_COMPILE_OPTIONS_EX_VERSION, DECGRAM_JSON_WS_FLEXIBLE, false, false,     \
    DECGRAM_JSON_DRAFT_AUTO }

/* Cache bounds: a compiled grammar is evicted (least recently used first)
 * when either bound is exceeded; grammars in use stay alive through their
 * handles. 0 entries disables the cache. */
typedef struct decgram_cache_limits {
  size_t max_entries;
  size_t max_bytes;
} decgram_cache_limits;

typedef struct decgram_cache_stats {
  uint64_t hits;      /* compile/load calls answered from the cache */
  uint64_t misses;    /* calls that compiled (failed compiles included) */
  uint64_t evictions;
  size_t entries;
  size_t bytes;       /* tables and keys of the cached grammars (each
                         grammar's mask cache is bounded by the runtime:
                         docs/grammars.md, "Masks") */
} decgram_cache_stats;

/* `limits` NULL = 256 entries, 256 MiB. */
DECGRAM_API decgram_status decgram_compiler_new(const decgram_vocab *vocab,
                                                const decgram_cache_limits *limits,
                                                decgram_compiler **out);
DECGRAM_API void decgram_compiler_free(decgram_compiler *compiler);
DECGRAM_API decgram_status decgram_compiler_cache_stats(const decgram_compiler *compiler,
                                                        decgram_cache_stats *out);

/* Compiles `text` (`len` bytes, need not be NUL-terminated) of `kind`.
 * `options` NULL = defaults. Thread-safe; concurrent calls with one key
 * compile once. Every call returns a new handle (free each). Errors:
 * DECGRAM_ERR_GRAMMAR with the located diagnostics, DECGRAM_ERR_UNSUPPORTED
 * for a kind this build has no front end for. */
DECGRAM_API decgram_status decgram_compile(decgram_compiler *compiler, decgram_kind kind,
                                           const char *text, size_t len,
                                           const decgram_compile_options *options,
                                           decgram_grammar **out);
/* decgram_compile with decgram_compile_options_ex (since 1.1); `options` NULL
 * = defaults. decgram_compile(options) is this call with json_draft AUTO, and
 * both share the cache. Errors besides decgram_compile's:
 * DECGRAM_ERR_INVALID_ARGUMENT for version 0 or an unknown json_draft,
 * DECGRAM_ERR_UNSUPPORTED for a version newer than this library's. */
DECGRAM_API decgram_status decgram_compile_ex(decgram_compiler *compiler, decgram_kind kind,
                                              const char *text, size_t len,
                                              const decgram_compile_options_ex *options,
                                              decgram_grammar **out);
/* Loads a table written by decgram_grammar_serialize or embedded by `decc`
 * (constraint_table of decc/abi.h): nothing is compiled. Cached like compile.
 * Corrupt tables give DECGRAM_ERR_TABLE naming the field. */
DECGRAM_API decgram_status decgram_load_table(decgram_compiler *compiler, const uint8_t *data,
                                              size_t size, decgram_grammar **out);
/* Writes the grammar's serialised table: *size = its length; the bytes are
 * copied when `cap` >= that length (call with buf NULL, cap 0 to size). */
DECGRAM_API decgram_status decgram_grammar_serialize(const decgram_grammar *grammar,
                                                     uint8_t *buf, size_t cap, size_t *size);
DECGRAM_API void decgram_grammar_free(decgram_grammar *grammar);

/* ---- Matchers ------------------------------------------------------------- */

typedef struct decgram_matcher decgram_matcher;

DECGRAM_API decgram_status decgram_matcher_new(const decgram_grammar *grammar,
                                               decgram_matcher **out);
/* An independent copy of the state (speculation, beam search, n > 1). */
DECGRAM_API decgram_status decgram_matcher_clone(const decgram_matcher *matcher,
                                                 decgram_matcher **out);
DECGRAM_API void decgram_matcher_free(decgram_matcher *matcher);
/* Back to the start of the grammar. */
DECGRAM_API decgram_status decgram_matcher_reset(decgram_matcher *matcher);

/* Ids must be in [0, padded size); others are DECGRAM_ERR_OUT_OF_RANGE.
 * *accepted = false leaves the state unchanged (token not allowed, a special
 * token, EOS while incomplete, anything after EOS). Accepting EOS terminates. */
DECGRAM_API decgram_status decgram_matcher_accept_token(decgram_matcher *matcher, int32_t token,
                                                        bool *accepted);
/* Accepts tokens in order and stops at the first rejected one: *n_accepted
 * tokens were accepted (each one rollback unit). */
DECGRAM_API decgram_status decgram_matcher_accept_tokens(decgram_matcher *matcher,
                                                         const int32_t *tokens, size_t n,
                                                         size_t *n_accepted);
/* Accepts raw bytes (e.g. jump-forward text), one rollback unit. */
DECGRAM_API decgram_status decgram_matcher_accept_bytes(decgram_matcher *matcher,
                                                        const char *bytes, size_t len,
                                                        bool *accepted);
/* How many leading tokens would be accepted in order; the state is
 * unchanged (speculative decoding: the verified prefix of a draft). */
DECGRAM_API decgram_status decgram_matcher_validate_tokens(decgram_matcher *matcher,
                                                           const int32_t *tokens, size_t n,
                                                           size_t *n_accepted);
/* Undoes the last n accepted units, EOS included (termination is undone).
 * n above decgram_matcher_num_accepted() is DECGRAM_ERR_OUT_OF_RANGE.
 * rollback(0) does nothing. */
DECGRAM_API decgram_status decgram_matcher_rollback(decgram_matcher *matcher, size_t n);

DECGRAM_API bool decgram_matcher_is_terminated(const decgram_matcher *matcher);
/* The grammar derives the input so far (EOS would be accepted). */
DECGRAM_API bool decgram_matcher_is_complete(const decgram_matcher *matcher);
/* Units accepted since creation or reset (what rollback can undo). */
DECGRAM_API size_t decgram_matcher_num_accepted(const decgram_matcher *matcher);

/* Jump-forward: the bytes every continuation starts with, stopping where the
 * input could end or branch. *len = their length; they are copied when
 * `cap` >= that length. Empty after EOS. The state is unchanged. */
DECGRAM_API decgram_status decgram_matcher_forced_bytes(decgram_matcher *matcher, char *buf,
                                                        size_t cap, size_t *len);

/* Writes one mask row of `words` words; `words` must cover the tokenizer
 * (>= ceil(decgram_vocab_size / 32)). */
DECGRAM_API decgram_status decgram_matcher_fill_mask(decgram_matcher *matcher, uint32_t *row,
                                                     size_t words);

/* ---- Batched masks --------------------------------------------------------- */

typedef struct decgram_pool decgram_pool;

/* `n_threads` threads fill masks: the caller plus n_threads - 1 workers
 * (0 = one per core). */
DECGRAM_API decgram_status decgram_pool_new(size_t n_threads, decgram_pool **out);
DECGRAM_API void decgram_pool_free(decgram_pool *pool);
DECGRAM_API size_t decgram_pool_threads(const decgram_pool *pool);

/* Fills row rows[i] (rows NULL: row i) of the buffer at `base` for
 * matchers[i], i < n: row r is base + r * row_stride words long `words`
 * (row_stride >= words). A NULL matcher's row is set to all ones
 * (unconstrained). Each matcher is filled by one thread; a matcher or a row
 * index may appear once. `pool` NULL fills on the calling thread. Calls on
 * one pool from several threads are serialised. Arguments are checked before
 * any row is written. */
DECGRAM_API decgram_status decgram_fill_masks(decgram_pool *pool,
                                              decgram_matcher *const *matchers,
                                              const int32_t *rows, size_t n, uint32_t *base,
                                              size_t row_stride, size_t words);

#ifdef __cplusplus
}
#endif

#endif /* DECC_DECGRAM_H */
