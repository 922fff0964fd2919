/* decc/decgram.h from C99 (compiled with -std=c99 -pedantic -Werror): the
 * header is plain C (DECGRAM_COMPILE_OPTIONS_EX_INIT included), and the
 * example of docs/abi.md works as written, on a vocabulary of the 256 single
 * bytes plus EOS. Exit status 0 = pass. */
#include "decc/decgram.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                   \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      fprintf(stderr, "%s:%d: check failed: %s (%s)\n", __FILE__, __LINE__, #cond,   \
              decgram_last_error());                                                  \
      return 1;                                                                       \
    }                                                                                 \
  } while (0)

static int allowed(const uint32_t *row, int32_t t) { return (row[t / 32] >> (t % 32)) & 1u; }

int main(void) {
  uint8_t bytes[256];
  uint32_t lens[257];
  uint8_t special[257] = {0};
  int32_t eos = 256;
  decgram_vocab *v = NULL;
  decgram_compiler *c = NULL;
  decgram_grammar *g = NULL;
  decgram_matcher *m[2] = {NULL, NULL};
  decgram_pool *pool = NULL;
  const char *gbnf = "root ::= \"yes\" | \"no\"\n";
  const char *tuple = "{\"items\": [{\"const\": 1}], \"additionalItems\": false}";
  decgram_compile_options_ex draft7 = DECGRAM_COMPILE_OPTIONS_EX_INIT;
  decgram_grammar *g7 = NULL;
  int32_t eos_out[2] = {-1, -1};
  size_t n_eos = 0;
  uint32_t rows[3][9];
  bool ok = false;
  int i;
  for (i = 0; i < 256; ++i) {
    bytes[i] = (uint8_t)i;
    lens[i] = 1;
  }
  lens[256] = 0;
  special[256] = 1;
  CHECK(decgram_api_version() == DECGRAM_API_VERSION);
  CHECK(decgram_vocab_new(bytes, 256, lens, special, 257, &eos, 1, 288, &v) == DECGRAM_OK);
  CHECK(decgram_vocab_mask_words(v) == 9);
  CHECK(decgram_api_minor() == DECGRAM_API_MINOR);
  CHECK(decgram_vocab_eos_ids(v, NULL, 0, &n_eos) == DECGRAM_OK && n_eos == 1);
  CHECK(decgram_vocab_eos_ids(v, eos_out, 2, &n_eos) == DECGRAM_OK && eos_out[0] == eos);
  CHECK(decgram_compiler_new(v, NULL, &c) == DECGRAM_OK);
  CHECK(decgram_compile(c, DECGRAM_KIND_GBNF, gbnf, strlen(gbnf), NULL, &g) == DECGRAM_OK);
  CHECK(decgram_compile_ex(c, DECGRAM_KIND_JSON_SCHEMA, tuple, strlen(tuple), &draft7, &g7) ==
        DECGRAM_ERR_GRAMMAR);
  draft7.json_draft = DECGRAM_JSON_DRAFT_7;
  CHECK(decgram_compile_ex(c, DECGRAM_KIND_JSON_SCHEMA, tuple, strlen(tuple), &draft7, &g7) ==
        DECGRAM_OK);
  decgram_grammar_free(g7);
  CHECK(decgram_matcher_new(g, &m[0]) == DECGRAM_OK);
  CHECK(decgram_matcher_new(g, &m[1]) == DECGRAM_OK);
  CHECK(decgram_matcher_accept_token(m[1], 'n', &ok) == DECGRAM_OK && ok);
  CHECK(decgram_pool_new(2, &pool) == DECGRAM_OK);
  {
    decgram_matcher *batch[3] = {m[0], NULL, m[1]};
    CHECK(decgram_fill_masks(pool, batch, NULL, 3, &rows[0][0], 9, 9) == DECGRAM_OK);
  }
  for (i = 0; i < 288; ++i) {
    CHECK(allowed(rows[0], i) == (i == 'y' || i == 'n'));
    CHECK(allowed(rows[1], i));
    CHECK(allowed(rows[2], i) == (i == 'o'));
  }
  CHECK(decgram_matcher_accept_token(m[1], 'o', &ok) == DECGRAM_OK && ok);
  CHECK(decgram_matcher_accept_token(m[1], eos, &ok) == DECGRAM_OK && ok);
  CHECK(decgram_matcher_is_terminated(m[1]));
  CHECK(decgram_matcher_rollback(m[1], 1) == DECGRAM_OK);
  CHECK(!decgram_matcher_is_terminated(m[1]) && decgram_matcher_is_complete(m[1]));
  CHECK(decgram_matcher_rollback(m[1], 5) == DECGRAM_ERR_OUT_OF_RANGE);
  CHECK(strcmp(decgram_status_name(DECGRAM_ERR_OUT_OF_RANGE), "DECGRAM_ERR_OUT_OF_RANGE") == 0);
  decgram_pool_free(pool);
  decgram_matcher_free(m[0]);
  decgram_matcher_free(m[1]);
  decgram_grammar_free(g);
  decgram_compiler_free(c);
  decgram_vocab_free(v);
  puts("decgram C header test: ok");
  return 0;
}
