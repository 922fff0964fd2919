// decgram_matcher_*: accept (no change on reject), accept_tokens, bytes,
// validate, rollback (also of EOS), clone independence, reset, forced bytes,
// masks (brute force, padded ids, EOS, special tokens, short rows), and
// every function with NULL and out-of-range arguments.
#include "Harness.h"

#include <gtest/gtest.h>

using namespace decgram_test;

namespace {

class DecgramMatcher : public ::testing::Test {
protected:
  void SetUp() override {
    decgram_compiler *c = nullptr;
    ASSERT_EQ(decgram_compiler_new(vocab_.get(), nullptr, &c), DECGRAM_OK);
    compiler_.reset(c);
    grammar_ = compile(c, DECGRAM_KIND_GBNF,
                       "root ::= \"{\\\"k\\\": \" value \"}\"\n"
                       "value ::= \"true\" | \"false\" | [0-9]+ | \"caf\" [\\u00e0-\\u00ff]\n");
    m_ = newMatcher(grammar_.get());
    words_ = decgram_vocab_mask_words(vocab_.get());
  }
  bool accept(int32_t t) {
    bool ok = false;
    EXPECT_EQ(decgram_matcher_accept_token(m_.get(), t, &ok), DECGRAM_OK) << decgram_last_error();
    return ok;
  }
  int32_t id(const std::string &bytes) {
    const auto &toks = smallVocab().tokens;
    for (size_t i = 0; i < toks.size(); ++i)
      if (toks[i] == bytes)
        return static_cast<int32_t>(i);
    ADD_FAILURE() << "no token " << bytes;
    return 0;
  }
  std::vector<int32_t> ids(std::initializer_list<const char *> pieces) {
    std::vector<int32_t> out;
    for (const char *p : pieces)
      out.push_back(id(p));
    return out;
  }
  size_t nTokens() const { return smallVocab().tokens.size(); }

  Vocab vocab_ = makeSmallVocab(320);
  Compiler compiler_;
  Grammar grammar_;
  Matcher m_;
  size_t words_ = 0;
};

TEST_F(DecgramMatcher, AcceptRejectLeavesStateUnchanged) {
  EXPECT_TRUE(accept(id("{\"")));
  std::vector<uint32_t> before = mask(m_.get(), words_);
  EXPECT_FALSE(accept(id("x")));
  EXPECT_FALSE(accept(smallVocab().eos));
  EXPECT_FALSE(accept(smallVocab().special));
  EXPECT_FALSE(accept(300)) << "a padded id is a token no text matches";
  EXPECT_EQ(mask(m_.get(), words_), before);
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 1u);
  EXPECT_TRUE(accept(id("k")));
  EXPECT_TRUE(accept(id("\": ")));
  EXPECT_TRUE(accept(id("12")));
  EXPECT_FALSE(decgram_matcher_is_complete(m_.get()));
  EXPECT_TRUE(accept(id("}")));
  EXPECT_TRUE(decgram_matcher_is_complete(m_.get()));
  EXPECT_FALSE(decgram_matcher_is_terminated(m_.get()));
  EXPECT_TRUE(accept(smallVocab().eos));
  EXPECT_TRUE(decgram_matcher_is_terminated(m_.get()));
  EXPECT_FALSE(accept('a'));
  EXPECT_FALSE(accept(smallVocab().eos));
}

TEST_F(DecgramMatcher, OutOfRangeTokens) {
  bool ok = true;
  EXPECT_EQ(decgram_matcher_accept_token(m_.get(), -1, &ok), DECGRAM_ERR_OUT_OF_RANGE);
  EXPECT_EQ(decgram_matcher_accept_token(m_.get(), 320, &ok), DECGRAM_ERR_OUT_OF_RANGE);
  EXPECT_STREQ(decgram_last_error(),
               "decgram_matcher_accept_token: token 320 outside the vocabulary [0, 320)");
  EXPECT_TRUE(ok) << "output untouched on error";
  const int32_t toks[] = {id("{\""), 5000};
  size_t n = 99;
  EXPECT_EQ(decgram_matcher_accept_tokens(m_.get(), toks, 2, &n), DECGRAM_ERR_OUT_OF_RANGE);
  EXPECT_EQ(decgram_matcher_validate_tokens(m_.get(), toks, 2, &n), DECGRAM_ERR_OUT_OF_RANGE);
  EXPECT_EQ(n, 99u);
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 0u) << "checked before accepting any";
}

TEST_F(DecgramMatcher, AcceptTokensStopsAtTheFirstRejection) {
  std::vector<int32_t> t = ids({"{\"", "k", "\": ", "x", "true"});
  size_t n = 0;
  ASSERT_EQ(decgram_matcher_accept_tokens(m_.get(), t.data(), t.size(), &n), DECGRAM_OK);
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 3u);
  ASSERT_EQ(decgram_matcher_accept_tokens(m_.get(), nullptr, 0, &n), DECGRAM_OK);
  EXPECT_EQ(n, 0u);
}

TEST_F(DecgramMatcher, AcceptBytesIsOneRollbackUnit) {
  bool ok = false;
  ASSERT_EQ(decgram_matcher_accept_bytes(m_.get(), "{\"k\": fal", 9, &ok), DECGRAM_OK);
  EXPECT_TRUE(ok);
  ASSERT_EQ(decgram_matcher_accept_bytes(m_.get(), "x", 1, &ok), DECGRAM_OK);
  EXPECT_FALSE(ok);
  ASSERT_EQ(decgram_matcher_accept_bytes(m_.get(), "", 0, &ok), DECGRAM_OK);
  EXPECT_FALSE(ok) << "empty bytes advance nothing";
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 1u);
  ASSERT_EQ(decgram_matcher_rollback(m_.get(), 1), DECGRAM_OK);
  EXPECT_TRUE(accept(id("{\"")));
}

TEST_F(DecgramMatcher, ValidateDoesNotAdvance) {
  std::vector<int32_t> draft = ids({"{\"", "k", "\": ", "true", "}", "}"});
  draft.insert(draft.begin() + 5, smallVocab().eos);
  std::vector<uint32_t> before = mask(m_.get(), words_);
  size_t n = 0;
  ASSERT_EQ(decgram_matcher_validate_tokens(m_.get(), draft.data(), draft.size(), &n),
            DECGRAM_OK);
  EXPECT_EQ(n, 6u) << "the prefix through EOS; nothing after it";
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 0u);
  EXPECT_FALSE(decgram_matcher_is_terminated(m_.get()));
  EXPECT_EQ(mask(m_.get(), words_), before);
  draft[1] = id("q");
  ASSERT_EQ(decgram_matcher_validate_tokens(m_.get(), draft.data(), draft.size(), &n),
            DECGRAM_OK);
  EXPECT_EQ(n, 1u);
}

TEST_F(DecgramMatcher, RollbackUndoesTermination) {
  std::vector<int32_t> t = ids({"{\"", "k", "\": ", "null"});
  size_t n = 0;
  ASSERT_EQ(decgram_matcher_accept_tokens(m_.get(), t.data(), 3, &n), DECGRAM_OK);
  ASSERT_EQ(n, 3u);
  std::vector<uint32_t> atValue = mask(m_.get(), words_);
  EXPECT_TRUE(accept(id("false")));
  EXPECT_TRUE(accept(id("}")));
  std::vector<uint32_t> atEnd = mask(m_.get(), words_);
  EXPECT_TRUE(allowed(atEnd, smallVocab().eos));
  EXPECT_TRUE(accept(smallVocab().eos));
  EXPECT_TRUE(decgram_matcher_is_terminated(m_.get()));
  EXPECT_EQ(allowedTokens(mask(m_.get(), words_)), std::vector<int32_t>{})
      << "nothing after EOS";

  ASSERT_EQ(decgram_matcher_rollback(m_.get(), 0), DECGRAM_OK);
  EXPECT_TRUE(decgram_matcher_is_terminated(m_.get())) << "rollback(0) is a no-op";
  ASSERT_EQ(decgram_matcher_rollback(m_.get(), 1), DECGRAM_OK);
  EXPECT_FALSE(decgram_matcher_is_terminated(m_.get()));
  EXPECT_EQ(mask(m_.get(), words_), atEnd);
  ASSERT_EQ(decgram_matcher_rollback(m_.get(), 2), DECGRAM_OK);
  EXPECT_EQ(mask(m_.get(), words_), atValue);
  EXPECT_EQ(decgram_matcher_rollback(m_.get(), 4), DECGRAM_ERR_OUT_OF_RANGE);
  EXPECT_STREQ(decgram_last_error(),
               "decgram_matcher_rollback: cannot roll back 4 tokens: 3 accepted");
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 3u);
  ASSERT_EQ(decgram_matcher_rollback(m_.get(), 3), DECGRAM_OK);
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 0u);
}

TEST_F(DecgramMatcher, CloneIsIndependentAndResetRestarts) {
  EXPECT_TRUE(accept(id("{\"")));
  decgram_matcher *c = nullptr;
  ASSERT_EQ(decgram_matcher_clone(m_.get(), &c), DECGRAM_OK);
  Matcher clone(c);
  EXPECT_EQ(decgram_matcher_num_accepted(c), 1u);
  EXPECT_TRUE(accept(id("k")));
  EXPECT_EQ(decgram_matcher_num_accepted(c), 1u);
  bool ok = false;
  ASSERT_EQ(decgram_matcher_accept_token(c, id("k"), &ok), DECGRAM_OK);
  ASSERT_TRUE(ok);
  ASSERT_EQ(decgram_matcher_accept_token(c, id("\": "), &ok), DECGRAM_OK);
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 2u);
  EXPECT_NE(mask(c, words_), mask(m_.get(), words_));
  m_.reset(); // the clone keeps the grammar alive
  EXPECT_TRUE(allowed(mask(c, words_), id("true")));

  std::vector<uint32_t> start = mask(newMatcher(grammar_.get()).get(), words_);
  ASSERT_EQ(decgram_matcher_reset(c), DECGRAM_OK);
  EXPECT_EQ(decgram_matcher_num_accepted(c), 0u);
  EXPECT_EQ(mask(c, words_), start);
}

TEST_F(DecgramMatcher, ForcedBytes) {
  size_t len = 0;
  ASSERT_EQ(decgram_matcher_forced_bytes(m_.get(), nullptr, 0, &len), DECGRAM_OK);
  EXPECT_EQ(len, 6u);
  std::string buf(len, '\0');
  char small[2] = {'-', '-'};
  ASSERT_EQ(decgram_matcher_forced_bytes(m_.get(), small, 2, &len), DECGRAM_OK);
  EXPECT_EQ(small[0], '-') << "a short buffer is not written";
  ASSERT_EQ(decgram_matcher_forced_bytes(m_.get(), buf.data(), buf.size(), &len), DECGRAM_OK);
  EXPECT_EQ(buf, "{\"k\": ");
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 0u) << "state unchanged";
  bool ok = false;
  ASSERT_EQ(decgram_matcher_accept_bytes(m_.get(), buf.data(), len, &ok), DECGRAM_OK);
  ASSERT_TRUE(ok);
  ASSERT_EQ(decgram_matcher_forced_bytes(m_.get(), nullptr, 0, &len), DECGRAM_OK);
  EXPECT_EQ(len, 0u) << "a branch";
  EXPECT_TRUE(accept(id("caf")));
  ASSERT_EQ(decgram_matcher_forced_bytes(m_.get(), buf.data(), buf.size(), &len), DECGRAM_OK);
  EXPECT_EQ(buf.substr(0, len), "\xC3") << "U+00E0..U+00FF: C3, then a choice";
  EXPECT_TRUE(accept(0xC3));
  EXPECT_FALSE(accept(id("é"))) << "the é token repeats C3";
  EXPECT_TRUE(accept(0xA9));
  ASSERT_EQ(decgram_matcher_forced_bytes(m_.get(), buf.data(), buf.size(), &len), DECGRAM_OK);
  EXPECT_EQ(buf.substr(0, len), "}");
  EXPECT_EQ(decgram_matcher_forced_bytes(m_.get(), nullptr, len, &len),
            DECGRAM_ERR_INVALID_ARGUMENT);
}

TEST_F(DecgramMatcher, MasksEqualBruteForceAlongAWalk) {
  std::vector<int32_t> walk = ids({"{\"", "k", "\":", " ", "caf", "\xC3", "\xA9", "}"});
  for (int32_t t : walk) {
    std::vector<uint32_t> m = mask(m_.get(), words_);
    EXPECT_EQ(m, bruteForceMask(m_.get(), nTokens(), words_));
    EXPECT_TRUE(allowed(m, t));
    EXPECT_FALSE(allowed(m, smallVocab().special));
    EXPECT_FALSE(allowed(m, smallVocab().eos));
    ASSERT_TRUE(accept(t));
  }
  std::vector<uint32_t> end = mask(m_.get(), words_);
  EXPECT_EQ(allowedTokens(end), std::vector<int32_t>{smallVocab().eos});
}

TEST_F(DecgramMatcher, PaddedIdsAreZero) {
  for (size_t words : {words_, words_ + 3}) {
    std::vector<uint32_t> row(words, 0xFFFFFFFF);
    // All but the braces' and digits' tokens are refused at `{"k": `: use a
    // state where almost every byte is allowed to see the padding clearly.
    Grammar any = compile(compiler_.get(), DECGRAM_KIND_GBNF, "root ::= [^\\x00]*\n");
    Matcher m = newMatcher(any.get());
    ASSERT_EQ(decgram_matcher_fill_mask(m.get(), row.data(), words), DECGRAM_OK);
    for (size_t t = nTokens(); t < words * 32; ++t)
      ASSERT_FALSE(allowed(row, static_cast<int32_t>(t))) << t;
    EXPECT_TRUE(allowed(row, smallVocab().eos));
    EXPECT_FALSE(allowed(row, 0));
    EXPECT_TRUE(allowed(row, id("abc")));
  }
}

TEST_F(DecgramMatcher, ShortRowsAreRefused) {
  std::vector<uint32_t> row(words_, 7);
  size_t need = (nTokens() + 31) / 32;
  EXPECT_EQ(decgram_matcher_fill_mask(m_.get(), row.data(), need - 1),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_last_error(), "decgram_matcher_fill_mask: a mask row of " +
                                      std::to_string(need - 1) + " words cannot hold the " +
                                      std::to_string(nTokens()) + " tokens (" +
                                      std::to_string(need) + " words needed)");
  EXPECT_EQ(decgram_matcher_fill_mask(m_.get(), row.data(), SIZE_MAX / 8),
            DECGRAM_ERR_OUT_OF_RANGE);
  EXPECT_EQ(row[0], 7u);
  EXPECT_EQ(decgram_matcher_fill_mask(m_.get(), row.data(), need), DECGRAM_OK)
      << "the tokenizer's words suffice, padding is optional";
}

TEST_F(DecgramMatcher, NullArguments) {
  decgram_matcher *out = nullptr;
  bool ok = false;
  size_t n = 0;
  int32_t tok = 'a';
  uint32_t row[16];
  EXPECT_EQ(decgram_matcher_new(nullptr, &out), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_new(grammar_.get(), nullptr), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_clone(nullptr, &out), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_clone(m_.get(), nullptr), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_reset(nullptr), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_accept_token(nullptr, 1, &ok), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_accept_token(m_.get(), 1, nullptr), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_accept_tokens(nullptr, &tok, 1, &n), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_accept_tokens(m_.get(), nullptr, 1, &n),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_accept_tokens(m_.get(), &tok, 1, nullptr),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_accept_bytes(nullptr, "a", 1, &ok), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_accept_bytes(m_.get(), nullptr, 1, &ok),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_accept_bytes(m_.get(), "a", 1, nullptr),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_validate_tokens(nullptr, &tok, 1, &n), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_validate_tokens(m_.get(), nullptr, 1, &n),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_validate_tokens(m_.get(), &tok, 1, nullptr),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_rollback(nullptr, 0), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_forced_bytes(nullptr, nullptr, 0, &n), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_forced_bytes(m_.get(), nullptr, 0, nullptr),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_fill_mask(nullptr, row, 16), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_matcher_fill_mask(m_.get(), nullptr, 16), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_FALSE(decgram_matcher_is_terminated(nullptr));
  EXPECT_FALSE(decgram_matcher_is_complete(nullptr));
  EXPECT_EQ(decgram_matcher_num_accepted(nullptr), 0u);
  decgram_matcher_free(nullptr);
  EXPECT_EQ(decgram_matcher_num_accepted(m_.get()), 0u) << "nothing was accepted";
}

} // namespace
