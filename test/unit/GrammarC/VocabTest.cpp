// decgram_vocab_*: construction from bytes and from tokenizer files, every
// refused argument, sizes; status names and the last-error string.
#include "Harness.h"

#include <gtest/gtest.h>

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
  decgram_vocab_free(v);
  const int32_t eos[] = {128001, 128009};
  ASSERT_EQ(decgram_vocab_from_tokenizer_file(path.c_str(), eos, 2, 0, &v), DECGRAM_OK);
  decgram_vocab_free(v);
  const int32_t bad[] = {128256};
  EXPECT_EQ(decgram_vocab_from_tokenizer_file(path.c_str(), bad, 1, 0, &v),
            DECGRAM_ERR_OUT_OF_RANGE);
}

} // namespace
