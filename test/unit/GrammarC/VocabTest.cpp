// decgram_vocab_*: construction from bytes and from tokenizer files, every
// refused argument, sizes, EOS ids; status names, versions and the last-error
// string.
#include "Harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <thread>

using namespace decgram_test;

namespace {

const uint8_t kBytes[] = {'a', 'b', 'a', 'b'};
const uint32_t kLens[] = {1, 1, 2, 0};
const int32_t kEos[] = {3};

TEST(DecgramErrors, StatusNamesAndVersion) {
  EXPECT_EQ(decgram_api_version(), DECGRAM_API_VERSION);
  EXPECT_EQ(decgram_api_minor(), DECGRAM_API_MINOR);
  EXPECT_GE(decgram_api_minor(), 1) << "decgram_vocab_eos_ids and decgram_compile_ex are 1.1";
  EXPECT_STREQ(decgram_status_name(DECGRAM_OK), "DECGRAM_OK");
  EXPECT_STREQ(decgram_status_name(DECGRAM_ERR_GRAMMAR), "DECGRAM_ERR_GRAMMAR");
  EXPECT_STREQ(decgram_status_name(DECGRAM_ERR_INTERNAL), "DECGRAM_ERR_INTERNAL");
  EXPECT_STREQ(decgram_status_name(static_cast<decgram_status>(77)), "DECGRAM_UNKNOWN_STATUS");
}

TEST(DecgramErrors, LastErrorIsPerThread) {
  EXPECT_EQ(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, kEos, 1, 0, nullptr),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_vocab_new: 'out' is NULL");
  std::string other;
  std::thread([&] { other = decgram_last_error(); }).join();
  EXPECT_EQ(other, "");
}

TEST(DecgramVocab, FromBytes) {
  decgram_vocab *v = nullptr;
  ASSERT_EQ(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, kEos, 1, 0, &v), DECGRAM_OK);
  EXPECT_EQ(decgram_vocab_size(v), 4u);
  EXPECT_EQ(decgram_vocab_padded_size(v), 4u);
  EXPECT_EQ(decgram_vocab_mask_words(v), 1u);
  decgram_vocab_free(v);

  ASSERT_EQ(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, kEos, 1, 70, &v), DECGRAM_OK);
  EXPECT_EQ(decgram_vocab_size(v), 4u);
  EXPECT_EQ(decgram_vocab_padded_size(v), 70u);
  EXPECT_EQ(decgram_vocab_mask_words(v), 3u);
  decgram_vocab_free(v);
}

TEST(DecgramVocab, RefusedArguments) {
  decgram_vocab *v = nullptr;
  auto refused = [&](decgram_status s, decgram_status want, const char *message) {
    EXPECT_EQ(s, want) << decgram_last_error();
    EXPECT_STREQ(decgram_last_error(), message);
    EXPECT_EQ(v, nullptr);
  };
  refused(decgram_vocab_new(kBytes, 4, kLens, nullptr, 0, kEos, 1, 0, &v),
          DECGRAM_ERR_INVALID_ARGUMENT, "decgram_vocab_new: the vocabulary has no tokens");
  refused(decgram_vocab_new(kBytes, 4, nullptr, nullptr, 4, kEos, 1, 0, &v),
          DECGRAM_ERR_INVALID_ARGUMENT, "decgram_vocab_new: 'token_lens' is NULL");
  refused(decgram_vocab_new(nullptr, 4, kLens, nullptr, 4, kEos, 1, 0, &v),
          DECGRAM_ERR_INVALID_ARGUMENT, "decgram_vocab_new: 'bytes' is NULL");
  refused(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, nullptr, 1, 0, &v),
          DECGRAM_ERR_INVALID_ARGUMENT, "decgram_vocab_new: 'eos_ids' is NULL");
  refused(decgram_vocab_new(kBytes, 3, kLens, nullptr, 4, kEos, 1, 0, &v),
          DECGRAM_ERR_INVALID_ARGUMENT,
          "decgram_vocab_new: token lengths exceed bytes_len (3) at token 2");
  refused(decgram_vocab_new(kBytes, 5, kLens, nullptr, 4, kEos, 1, 0, &v),
          DECGRAM_ERR_INVALID_ARGUMENT,
          "decgram_vocab_new: token lengths sum to 4, bytes_len is 5");
  const int32_t badEos[] = {4};
  refused(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, badEos, 1, 0, &v),
          DECGRAM_ERR_OUT_OF_RANGE, "decgram_vocab_new: EOS id 4 outside the 4 tokens");
  const int32_t negEos[] = {-1};
  refused(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, negEos, 1, 0, &v),
          DECGRAM_ERR_OUT_OF_RANGE, "decgram_vocab_new: EOS id -1 outside the 4 tokens");
  refused(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, kEos, 1, 3, &v),
          DECGRAM_ERR_OUT_OF_RANGE,
          "decgram_vocab_new: padded vocabulary size 3 is below the 4 tokens of the "
          "tokenizer");
}

TEST(DecgramVocab, NullHandles) {
  decgram_vocab_free(nullptr);
  EXPECT_EQ(decgram_vocab_size(nullptr), 0u);
  EXPECT_EQ(decgram_vocab_padded_size(nullptr), 0u);
  EXPECT_EQ(decgram_vocab_mask_words(nullptr), 0u);
}

/// The EOS ids through the sizing protocol: count first, then the ids.
std::vector<int32_t> eosIds(const decgram_vocab *v) {
  size_t n = 99;
  EXPECT_EQ(decgram_vocab_eos_ids(v, nullptr, 0, &n), DECGRAM_OK) << decgram_last_error();
  std::vector<int32_t> ids(n, -7);
  size_t again = 0;
  EXPECT_EQ(decgram_vocab_eos_ids(v, ids.data(), ids.size(), &again), DECGRAM_OK)
      << decgram_last_error();
  EXPECT_EQ(again, n);
  return ids;
}

TEST(DecgramVocab, EosIdsAsGiven) {
  decgram_vocab *v = nullptr;
  ASSERT_EQ(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, kEos, 1, 0, &v), DECGRAM_OK);
  EXPECT_EQ(eosIds(v), std::vector<int32_t>{3});
  decgram_vocab_free(v);

  const int32_t two[] = {3, 1};
  ASSERT_EQ(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, two, 2, 64, &v), DECGRAM_OK);
  EXPECT_EQ(eosIds(v), (std::vector<int32_t>{3, 1})) << "the constructor's order";
  decgram_vocab_free(v);

  ASSERT_EQ(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, nullptr, 0, 0, &v), DECGRAM_OK);
  EXPECT_EQ(eosIds(v), std::vector<int32_t>{});
  size_t n = 99;
  EXPECT_EQ(decgram_vocab_eos_ids(v, nullptr, 8, &n), DECGRAM_OK)
      << "nothing to copy: a NULL buffer is fine whatever cap says";
  EXPECT_EQ(n, 0u);
  decgram_vocab_free(v);
}

TEST(DecgramVocab, EosIdsShortBufferAndRefusedArguments) {
  const int32_t two[] = {3, 1};
  decgram_vocab *v = nullptr;
  ASSERT_EQ(decgram_vocab_new(kBytes, 4, kLens, nullptr, 4, two, 2, 0, &v), DECGRAM_OK);
  // A short buffer is the sizing call: the count, nothing copied.
  int32_t buf[2] = {-7, -7};
  size_t n = 99;
  EXPECT_EQ(decgram_vocab_eos_ids(v, buf, 1, &n), DECGRAM_OK);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(buf[0], -7);
  EXPECT_EQ(buf[1], -7);
  // Errors leave the count untouched.
  n = 99;
  EXPECT_EQ(decgram_vocab_eos_ids(v, nullptr, 2, &n), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_vocab_eos_ids: 'out' is NULL");
  EXPECT_EQ(n, 99u);
  EXPECT_EQ(decgram_vocab_eos_ids(nullptr, buf, 2, &n), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_vocab_eos_ids: 'vocab' is NULL");
  EXPECT_EQ(n, 99u);
  EXPECT_EQ(decgram_vocab_eos_ids(v, buf, 2, nullptr), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_vocab_eos_ids: 'count' is NULL");
  EXPECT_EQ(buf[0], -7);
  EXPECT_EQ(decgram_vocab_eos_ids(v, buf, 2, &n), DECGRAM_OK);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(buf[0], 3);
  EXPECT_EQ(buf[1], 1);
  decgram_vocab_free(v);
}

TEST(DecgramVocab, EosIdsAreTheEmptyGrammarsMask) {
  // What engines used to read the EOS ids from: a grammar of the empty
  // string allows exactly them (special flag or not).
  const int32_t two[] = {3, 1};
  const uint8_t special[] = {0, 0, 0, 1};
  decgram_vocab *v = nullptr;
  ASSERT_EQ(decgram_vocab_new(kBytes, 4, kLens, special, 4, two, 2, 0, &v), DECGRAM_OK);
  Vocab owned(v);
  decgram_compiler *c = nullptr;
  ASSERT_EQ(decgram_compiler_new(v, nullptr, &c), DECGRAM_OK);
  Compiler compiler(c);
  Grammar g = compile(c, DECGRAM_KIND_GBNF, "root ::= \"\"\n");
  Matcher m = newMatcher(g.get());
  std::vector<int32_t> fromMask = allowedTokens(mask(m.get(), decgram_vocab_mask_words(v)));
  std::vector<int32_t> ids = eosIds(v);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(fromMask, ids);
}

TEST(DecgramVocab, TokenizerFileErrors) {
  decgram_vocab *v = nullptr;
  EXPECT_EQ(decgram_vocab_from_tokenizer_file(nullptr, nullptr, 0, 0, &v),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_vocab_from_tokenizer_file("/nonexistent/tokenizer.json", nullptr, 0, 0, &v),
            DECGRAM_ERR_IO);
  EXPECT_STREQ(decgram_last_error(), "decgram_vocab_from_tokenizer_file: "
                                     "/nonexistent/tokenizer.json: cannot open the file");
  std::string path = ::testing::TempDir() + "/decgram-not-a-tokenizer.json";
  std::ofstream(path) << "{\"model\": 3}";
  EXPECT_EQ(decgram_vocab_from_tokenizer_file(path.c_str(), nullptr, 0, 0, &v), DECGRAM_ERR_IO);
  EXPECT_NE(std::string(decgram_last_error()).find(path), std::string::npos)
      << decgram_last_error();
  std::string gguf = ::testing::TempDir() + "/decgram-truncated.gguf";
  std::ofstream(gguf) << "GGUF\x03";
  EXPECT_EQ(decgram_vocab_from_tokenizer_file(gguf.c_str(), nullptr, 0, 0, &v), DECGRAM_ERR_IO);
  EXPECT_NE(std::string(decgram_last_error()).find(gguf), std::string::npos)
      << decgram_last_error();
  EXPECT_EQ(v, nullptr);
}

TEST(DecgramVocab, Llama3TokenizerFile) {
  std::string path = tokenizersDir() + "/llama3/tokenizer.json";
  if (!std::ifstream(path).good())
    GTEST_SKIP() << "tokenizer " << path << " not found (set DECC_TOKENIZERS_DIR)";
  decgram_vocab *v = nullptr;
  ASSERT_EQ(decgram_vocab_from_tokenizer_file(path.c_str(), nullptr, 0, 128320, &v), DECGRAM_OK)
      << decgram_last_error();
  EXPECT_EQ(decgram_vocab_size(v), 128256u);
  EXPECT_EQ(decgram_vocab_padded_size(v), 128320u);
  EXPECT_EQ(decgram_vocab_mask_words(v), 4010u);
  EXPECT_EQ(eosIds(v), std::vector<int32_t>{128001}) << "the tokenizer's <|end_of_text|>";
  decgram_vocab_free(v);
  const int32_t eos[] = {128001, 128009};
  ASSERT_EQ(decgram_vocab_from_tokenizer_file(path.c_str(), eos, 2, 0, &v), DECGRAM_OK);
  EXPECT_EQ(eosIds(v), (std::vector<int32_t>{128001, 128009}));
  decgram_vocab_free(v);
  const int32_t bad[] = {128256};
  EXPECT_EQ(decgram_vocab_from_tokenizer_file(path.c_str(), bad, 1, 0, &v),
            DECGRAM_ERR_OUT_OF_RANGE);
}

} // namespace
