//===- Matcher.cpp - decgram_matcher: accept, validate, rollback, masks ---===//

#include "CopyOut.h"
#include "Errors.h"
#include "Handles.h"
#include "MaskRows.h"

using namespace decc;
using namespace decc::grammarc;

namespace {

decgram_status checkToken(const char *fn, const decgram_matcher *m, int32_t token) {
  size_t padded = m->grammar->vocab->padded;
  if (token < 0 || static_cast<size_t>(token) >= padded)
    return fail(DECGRAM_ERR_OUT_OF_RANGE, fn,
                "token " + std::to_string(token) + " outside the vocabulary [0, " +
                    std::to_string(padded) + ")");
  return DECGRAM_OK;
}

decgram_status checkTokens(const char *fn, const decgram_matcher *m, const int32_t *tokens,
                           size_t n) {
  if (!tokens && n)
    return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, "'tokens' is NULL");
  for (size_t i = 0; i < n; ++i)
    if (decgram_status s = checkToken(fn, m, tokens[i]))
      return s;
  return DECGRAM_OK;
}

} // namespace

extern "C" {

decgram_status decgram_matcher_new(const decgram_grammar *grammar, decgram_matcher **out) {
  const char *fn = "decgram_matcher_new";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(grammar, fn);
    DECGRAM_REQUIRE(out, fn);
    *out = new decgram_matcher{grammar->state, grammar->state->newMatcher()};
    return DECGRAM_OK;
  });
}

decgram_status decgram_matcher_clone(const decgram_matcher *matcher, decgram_matcher **out) {
  const char *fn = "decgram_matcher_clone";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(matcher, fn);
    DECGRAM_REQUIRE(out, fn);
    *out = new decgram_matcher{matcher->grammar,
                               std::make_unique<grammar::Matcher>(*matcher->m)};
    return DECGRAM_OK;
  });
}

void decgram_matcher_free(decgram_matcher *matcher) { delete matcher; }

decgram_status decgram_matcher_reset(decgram_matcher *matcher) {
  const char *fn = "decgram_matcher_reset";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(matcher, fn);
    matcher->m->reset();
    return DECGRAM_OK;
  });
}

decgram_status decgram_matcher_accept_token(decgram_matcher *matcher, int32_t token,
                                            bool *accepted) {
  const char *fn = "decgram_matcher_accept_token";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(matcher, fn);
    DECGRAM_REQUIRE(accepted, fn);
    if (decgram_status s = checkToken(fn, matcher, token))
      return s;
    *accepted = matcher->m->acceptToken(token);
    return DECGRAM_OK;
  });
}

decgram_status decgram_matcher_accept_tokens(decgram_matcher *matcher, const int32_t *tokens,
                                             size_t n, size_t *n_accepted) {
  const char *fn = "decgram_matcher_accept_tokens";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(matcher, fn);
    DECGRAM_REQUIRE(n_accepted, fn);
    if (decgram_status s = checkTokens(fn, matcher, tokens, n))
      return s;
    size_t k = 0;
    while (k < n && matcher->m->acceptToken(tokens[k]))
      ++k;
    *n_accepted = k;
    return DECGRAM_OK;
  });
}

decgram_status decgram_matcher_accept_bytes(decgram_matcher *matcher, const char *bytes,
                                            size_t len, bool *accepted) {
  const char *fn = "decgram_matcher_accept_bytes";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(matcher, fn);
    DECGRAM_REQUIRE(accepted, fn);
    if (!bytes && len)
      return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, "'bytes' is NULL");
    *accepted = matcher->m->acceptBytes(std::string_view(bytes ? bytes : "", len));
    return DECGRAM_OK;
  });
}

decgram_status decgram_matcher_validate_tokens(decgram_matcher *matcher, const int32_t *tokens,
                                               size_t n, size_t *n_accepted) {
  const char *fn = "decgram_matcher_validate_tokens";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(matcher, fn);
    DECGRAM_REQUIRE(n_accepted, fn);
    if (decgram_status s = checkTokens(fn, matcher, tokens, n))
      return s;
    *n_accepted = matcher->m->validateTokens(tokens, n);
    return DECGRAM_OK;
  });
}

decgram_status decgram_matcher_rollback(decgram_matcher *matcher, size_t n) {
  const char *fn = "decgram_matcher_rollback";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(matcher, fn);
    size_t have = matcher->m->numAccepted();
    if (n > have)
      return fail(DECGRAM_ERR_OUT_OF_RANGE, fn,
                  "cannot roll back " + std::to_string(n) + " tokens: " +
                      std::to_string(have) + " accepted");
    matcher->m->rollback(n);
    return DECGRAM_OK;
  });
}

bool decgram_matcher_is_terminated(const decgram_matcher *matcher) {
  return matcher && matcher->m->isTerminated();
}

bool decgram_matcher_is_complete(const decgram_matcher *matcher) {
  return matcher && matcher->m->isComplete();
}

size_t decgram_matcher_num_accepted(const decgram_matcher *matcher) {
  return matcher ? matcher->m->numAccepted() : 0;
}

decgram_status decgram_matcher_forced_bytes(decgram_matcher *matcher, char *buf, size_t cap,
                                            size_t *len) {
  const char *fn = "decgram_matcher_forced_bytes";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(matcher, fn);
    DECGRAM_REQUIRE(len, fn);
    std::string forced = matcher->m->forcedBytes();
    return copyOut(fn, "buf", forced.data(), forced.size(), buf, cap, len);
  });
}

decgram_status decgram_matcher_fill_mask(decgram_matcher *matcher, uint32_t *row,
                                         size_t words) {
  const char *fn = "decgram_matcher_fill_mask";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(matcher, fn);
    DECGRAM_REQUIRE(row, fn);
    if (decgram_status s = checkRowWords(fn, *matcher->grammar->vocab, words))
      return s;
    fillRow(matcher, row, words);
    return DECGRAM_OK;
  });
}

} // extern "C"
