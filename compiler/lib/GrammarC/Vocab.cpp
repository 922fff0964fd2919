//===- Vocab.cpp - decgram_vocab from token bytes or a tokenizer file -----===//

#include "CopyOut.h"
#include "Errors.h"
#include "Handles.h"

#include "decc/tokenizer.h"

#include <cstring>
#include <fstream>

using namespace decc;
using namespace decc::grammarc;

namespace {

/// Checks the EOS ids and the padded size, then builds the trie.
decgram_status makeVocab(const char *fn, const std::vector<std::string> &tokens,
                         const std::vector<bool> &special, std::vector<int32_t> eos,
                         size_t padded, decgram_vocab **out) {
  size_t n = tokens.size();
  if (n > static_cast<size_t>(INT32_MAX))
    return fail(DECGRAM_ERR_OUT_OF_RANGE, fn,
                std::to_string(n) + " tokens: ids must fit in int32");
  if (padded == 0)
    padded = n;
  if (padded < n)
    return fail(DECGRAM_ERR_OUT_OF_RANGE, fn,
                "padded vocabulary size " + std::to_string(padded) + " is below the " +
                    std::to_string(n) + " tokens of the tokenizer");
  if (padded > static_cast<size_t>(INT32_MAX))
    return fail(DECGRAM_ERR_OUT_OF_RANGE, fn,
                "padded vocabulary size " + std::to_string(padded) + " does not fit in int32");
  for (int32_t e : eos)
    if (e < 0 || static_cast<size_t>(e) >= n)
      return fail(DECGRAM_ERR_OUT_OF_RANGE, fn,
                  "EOS id " + std::to_string(e) + " outside the " + std::to_string(n) +
                      " tokens");
  auto state = std::make_shared<VocabState>();
  state->vocab = std::make_shared<grammar::Vocabulary>(tokens, special, std::move(eos));
  state->padded = padded;
  *out = new decgram_vocab{std::move(state)};
  return DECGRAM_OK;
}

bool isGguf(const char *path) {
  std::ifstream f(path, std::ios::binary);
  char magic[4] = {};
  return f.read(magic, 4) && std::memcmp(magic, "GGUF", 4) == 0;
}

} // namespace

extern "C" {

decgram_status decgram_vocab_new(const uint8_t *bytes, size_t bytes_len,
                                 const uint32_t *token_lens, const uint8_t *special,
                                 size_t n_tokens, const int32_t *eos_ids, size_t n_eos,
                                 size_t vocab_padded, decgram_vocab **out) {
  const char *fn = "decgram_vocab_new";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(out, fn);
    if (n_tokens == 0)
      return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, "the vocabulary has no tokens");
    DECGRAM_REQUIRE(token_lens, fn);
    if (!bytes && bytes_len)
      return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, "'bytes' is NULL");
    if (!eos_ids && n_eos)
      return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, "'eos_ids' is NULL");
    // Checked before anything is read: the lengths must tile the buffer.
    size_t total = 0;
    for (size_t i = 0; i < n_tokens; ++i) {
      total += token_lens[i];
      if (total > bytes_len)
        return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,
                    "token lengths exceed bytes_len (" + std::to_string(bytes_len) +
                        ") at token " + std::to_string(i));
    }
    if (total != bytes_len)
      return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn,
                  "token lengths sum to " + std::to_string(total) + ", bytes_len is " +
                      std::to_string(bytes_len));
    std::vector<std::string> tokens(n_tokens);
    std::vector<bool> isSpecial(n_tokens, false);
    size_t at = 0;
    for (size_t i = 0; i < n_tokens; ++i) {
      tokens[i].assign(reinterpret_cast<const char *>(bytes) + at, token_lens[i]);
      at += token_lens[i];
      isSpecial[i] = special && special[i];
    }
    std::vector<int32_t> eos(eos_ids, eos_ids + n_eos);
    return makeVocab(fn, tokens, isSpecial, std::move(eos), vocab_padded, out);
  });
}

decgram_status decgram_vocab_from_tokenizer_file(const char *path, const int32_t *eos_ids,
                                                 size_t n_eos, size_t vocab_padded,
                                                 decgram_vocab **out) {
  const char *fn = "decgram_vocab_from_tokenizer_file";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(path, fn);
    DECGRAM_REQUIRE(out, fn);
    if (!eos_ids && n_eos)
      return fail(DECGRAM_ERR_INVALID_ARGUMENT, fn, "'eos_ids' is NULL");
    if (!std::ifstream(path, std::ios::binary))
      return fail(DECGRAM_ERR_IO, fn, std::string(path) + ": cannot open the file");
    std::string error;
    std::unique_ptr<Tokenizer> tok = isGguf(path) ? Tokenizer::fromGgufFile(path, &error)
                                                  : Tokenizer::fromFile(path, &error);
    if (!tok)
      return fail(DECGRAM_ERR_IO, fn, error);
    std::vector<std::string> tokens;
    std::vector<bool> special;
    grammar::Vocabulary::tokenizerTokens(*tok, tokens, special);
    std::vector<int32_t> eos;
    if (eos_ids)
      eos.assign(eos_ids, eos_ids + n_eos);
    else if (std::optional<int32_t> e = tok->eosId())
      eos.push_back(*e);
    return makeVocab(fn, tokens, special, std::move(eos), vocab_padded, out);
  });
}

void decgram_vocab_free(decgram_vocab *vocab) { delete vocab; }

size_t decgram_vocab_size(const decgram_vocab *vocab) {
  return vocab ? vocab->state->vocab->size() : 0;
}

size_t decgram_vocab_padded_size(const decgram_vocab *vocab) {
  return vocab ? vocab->state->padded : 0;
}

size_t decgram_vocab_mask_words(const decgram_vocab *vocab) {
  return vocab ? vocab->state->maskWords() : 0;
}

decgram_status decgram_vocab_eos_ids(const decgram_vocab *vocab, int32_t *out, size_t cap,
                                     size_t *count) {
  const char *fn = "decgram_vocab_eos_ids";
  return guarded(fn, [&] {
    DECGRAM_REQUIRE(vocab, fn);
    DECGRAM_REQUIRE(count, fn);
    const std::vector<int32_t> &eos = vocab->state->vocab->eosIds();
    return copyOut(fn, "out", eos.data(), eos.size(), out, cap, count);
  });
}

} // extern "C"
