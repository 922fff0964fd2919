// decgram_fill_masks: rows equal to per-matcher fills for mixed grammars
// (GBNF, JSON Schema, unconstrained rows) on 1, 2 and 4 threads, row
// indices and strides, refused batches, pools, concurrent batches.
#include "Harness.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>

using namespace decgram_test;

namespace {

const char *kJsonGbnf = R"(root ::= value
value ::= object | array | string | number | "true" | "false" | "null"
object ::= "{" ws ( string ws ":" ws value ws ( "," ws string ws ":" ws value ws )* )? "}"
array ::= "[" ws ( value ws ( "," ws value ws )* )? "]"
string ::= "\"" ( [^"\\] | "\\" ["\\/bfnrt] )* "\""
number ::= "-"? [0-9]+ ( "." [0-9]+ )?
ws ::= [ \n]{0,3}
)";
const char *kSchema = R"({"type": "object", "properties": {
  "name": {"type": "string", "maxLength": 12}, "age": {"type": "integer"},
  "score": {"type": "number"},
  "tags": {"type": "array", "items": {"enum": ["a", "abc", "caf\u00e9"]}}},
  "required": ["name", "age"], "additionalProperties": false})";
const char *kAbc = "root ::= (\"ab\" | \"abc\" | \"c\")+ \"!\"\n";

class DecgramBatch : public ::testing::Test {
protected:
  void SetUp() override {
    decgram_compiler *c = nullptr;
    ASSERT_EQ(decgram_compiler_new(vocab_.get(), nullptr, &c), DECGRAM_OK);
    compiler_.reset(c);
    grammars_.push_back(compile(c, DECGRAM_KIND_GBNF, kJsonGbnf));
    grammars_.push_back(compile(c, DECGRAM_KIND_JSON_SCHEMA, kSchema));
    grammars_.push_back(compile(c, DECGRAM_KIND_GBNF, kAbc));
    words_ = decgram_vocab_mask_words(vocab_.get());
  }

  /// `n` matchers over the grammars in turn, each walked a random number of
  /// steps along its own masks (so the batch holds many different states),
  /// every fourth slot left NULL (an unconstrained row).
  std::vector<Matcher> walkedMatchers(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<Matcher> out;
    for (size_t i = 0; i < n; ++i) {
      if (i % 4 == 3) {
        out.emplace_back(nullptr);
        continue;
      }
      Matcher m = newMatcher(grammars_[i % grammars_.size()].get());
      size_t steps = rng() % 12;
      for (size_t s = 0; s < steps; ++s) {
        std::vector<int32_t> ok = allowedTokens(mask(m.get(), words_));
        if (ok.empty())
          break;
        bool accepted = false;
        EXPECT_EQ(decgram_matcher_accept_token(m.get(), ok[rng() % ok.size()], &accepted),
                  DECGRAM_OK);
        EXPECT_TRUE(accepted);
      }
      out.push_back(std::move(m));
    }
    return out;
  }

  static std::vector<decgram_matcher *> raw(const std::vector<Matcher> &ms) {
    std::vector<decgram_matcher *> out;
    for (const Matcher &m : ms)
      out.push_back(m.get());
    return out;
  }

  /// Rows filled one by one with decgram_matcher_fill_mask (all ones for
  /// NULL), at their row index in a buffer of `stride`-word rows.
  std::vector<uint32_t> expected(const std::vector<Matcher> &ms, const std::vector<int32_t> &rows,
                                 size_t nRows, size_t stride) {
    std::vector<uint32_t> buf(nRows * stride, 0xA5A5A5A5);
    for (size_t i = 0; i < ms.size(); ++i) {
      uint32_t *row = buf.data() + rows[i] * stride;
      if (ms[i])
        EXPECT_EQ(decgram_matcher_fill_mask(ms[i].get(), row, words_), DECGRAM_OK);
      else
        std::fill(row, row + words_, 0xFFFFFFFFu);
    }
    return buf;
  }

  Pool pool(size_t threads) {
    decgram_pool *p = nullptr;
    EXPECT_EQ(decgram_pool_new(threads, &p), DECGRAM_OK);
    return Pool(p);
  }

  Vocab vocab_ = makeSmallVocab(300);
  Compiler compiler_;
  std::vector<Grammar> grammars_;
  size_t words_ = 0;
};

TEST_F(DecgramBatch, EqualsPerMatcherFillsOnOneTwoFourThreads) {
  for (size_t threads : {1, 2, 4}) {
    Pool p = pool(threads);
    EXPECT_EQ(decgram_pool_threads(p.get()), threads);
    for (size_t n : {1, 7, 64}) {
      std::vector<Matcher> ms = walkedMatchers(n, static_cast<unsigned>(n * 31 + threads));
      std::vector<decgram_matcher *> ptrs = raw(ms);
      std::vector<int32_t> rows(n);
      for (size_t i = 0; i < n; ++i)
        rows[i] = static_cast<int32_t>(i);
      std::vector<uint32_t> buf(n * words_, 0xA5A5A5A5);
      ASSERT_EQ(decgram_fill_masks(p.get(), ptrs.data(), nullptr, n, buf.data(), words_, words_),
                DECGRAM_OK)
          << decgram_last_error();
      EXPECT_EQ(buf, expected(ms, rows, n, words_)) << threads << " threads, batch " << n;
    }
  }
}

TEST_F(DecgramBatch, RowIndicesAndStride) {
  Pool p = pool(2);
  std::vector<Matcher> ms = walkedMatchers(9, 5);
  std::vector<decgram_matcher *> ptrs = raw(ms);
  // Rows scattered over 12, in reverse order; stride wider than the row:
  // the words between rows and the rows without a matcher stay untouched.
  std::vector<int32_t> rows = {11, 0, 7, 3, 9, 1, 5, 10, 2};
  size_t stride = words_ + 2;
  std::vector<uint32_t> buf(12 * stride, 0xA5A5A5A5);
  ASSERT_EQ(decgram_fill_masks(p.get(), ptrs.data(), rows.data(), 9, buf.data(), stride, words_),
            DECGRAM_OK)
      << decgram_last_error();
  EXPECT_EQ(buf, expected(ms, rows, 12, stride));
  EXPECT_EQ(buf[4 * stride], 0xA5A5A5A5u) << "row 4 has no matcher";
  EXPECT_EQ(buf[words_], 0xA5A5A5A5u) << "past the row width";
}

TEST_F(DecgramBatch, WithoutAPool) {
  std::vector<Matcher> ms = walkedMatchers(8, 9);
  std::vector<decgram_matcher *> ptrs = raw(ms);
  std::vector<int32_t> rows = {0, 1, 2, 3, 4, 5, 6, 7};
  std::vector<uint32_t> buf(8 * words_);
  ASSERT_EQ(decgram_fill_masks(nullptr, ptrs.data(), nullptr, 8, buf.data(), words_, words_),
            DECGRAM_OK);
  EXPECT_EQ(buf, expected(ms, rows, 8, words_));
}

TEST_F(DecgramBatch, RefusedBatchesWriteNothing) {
  Pool p = pool(2);
  std::vector<Matcher> ms = walkedMatchers(4, 3);
  std::vector<decgram_matcher *> ptrs = raw(ms);
  std::vector<uint32_t> buf(8 * words_, 0x5A5A5A5A);
  const std::vector<uint32_t> untouched = buf;
  auto refused = [&](decgram_status s, decgram_status want, const std::string &message) {
    EXPECT_EQ(s, want);
    EXPECT_EQ(decgram_last_error(), "decgram_fill_masks: " + message);
    EXPECT_EQ(buf, untouched);
  };
  refused(decgram_fill_masks(p.get(), nullptr, nullptr, 4, buf.data(), words_, words_),
          DECGRAM_ERR_INVALID_ARGUMENT, "'matchers' is NULL");
  refused(decgram_fill_masks(p.get(), ptrs.data(), nullptr, 4, nullptr, words_, words_),
          DECGRAM_ERR_INVALID_ARGUMENT, "'base' is NULL");
  refused(decgram_fill_masks(p.get(), ptrs.data(), nullptr, 4, buf.data(), words_ - 1, words_),
          DECGRAM_ERR_INVALID_ARGUMENT,
          "row stride " + std::to_string(words_ - 1) + " is below the row width of " +
              std::to_string(words_) + " words");
  refused(decgram_fill_masks(p.get(), ptrs.data(), nullptr, 4, buf.data(), 2, 2),
          DECGRAM_ERR_INVALID_ARGUMENT,
          "a mask row of 2 words cannot hold the " +
              std::to_string(smallVocab().tokens.size()) + " tokens (" +
              std::to_string((smallVocab().tokens.size() + 31) / 32) + " words needed)");
  std::vector<decgram_matcher *> twice = {ptrs[0], ptrs[1], ptrs[0]};
  refused(decgram_fill_masks(p.get(), twice.data(), nullptr, 3, buf.data(), words_, words_),
          DECGRAM_ERR_INVALID_ARGUMENT,
          "a matcher appears twice in the batch (each is filled by one thread)");
  std::vector<int32_t> dupRows = {0, 2, 2, 1};
  refused(decgram_fill_masks(p.get(), ptrs.data(), dupRows.data(), 4, buf.data(), words_, words_),
          DECGRAM_ERR_INVALID_ARGUMENT, "a row index appears twice in 'rows'");
  std::vector<int32_t> negRows = {0, -3, 2, 1};
  refused(decgram_fill_masks(p.get(), ptrs.data(), negRows.data(), 4, buf.data(), words_, words_),
          DECGRAM_ERR_OUT_OF_RANGE, "rows[1] is -3");
  std::vector<int32_t> farRows = {0, INT32_MAX, 2, 1};
  refused(decgram_fill_masks(p.get(), ptrs.data(), farRows.data(), 4, buf.data(),
                             SIZE_MAX / 1024, words_),
          DECGRAM_ERR_OUT_OF_RANGE, "row 2147483647 is beyond the address space");
  // An empty batch needs no buffer.
  EXPECT_EQ(decgram_fill_masks(p.get(), nullptr, nullptr, 0, nullptr, 0, 0), DECGRAM_OK);
}

TEST_F(DecgramBatch, Pools) {
  decgram_pool *p = nullptr;
  EXPECT_EQ(decgram_pool_new(1, nullptr), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_pool_new(100000, &p), DECGRAM_ERR_OUT_OF_RANGE);
  EXPECT_STREQ(decgram_last_error(), "decgram_pool_new: 100000 threads (at most 1024)");
  EXPECT_EQ(p, nullptr);
  ASSERT_EQ(decgram_pool_new(0, &p), DECGRAM_OK);
  EXPECT_EQ(decgram_pool_threads(p),
            std::max<size_t>(1, std::thread::hardware_concurrency()));
  decgram_pool_free(p);
  decgram_pool_free(nullptr);
  EXPECT_EQ(decgram_pool_threads(nullptr), 0u);
}

TEST_F(DecgramBatch, ManyShortBatches) {
  // Batches smaller than the pool, back to back: workers that wake up after
  // their batch ended must neither run a row of the next one with the old
  // buffer nor hold it up.
  Pool p = pool(4);
  std::vector<Matcher> ms = walkedMatchers(3, 11);
  std::vector<decgram_matcher *> ptrs = raw(ms);
  std::vector<int32_t> rows = {0, 1, 2};
  std::vector<uint32_t> want = expected(ms, rows, 3, words_);
  for (int rep = 0; rep < 2000; ++rep) {
    size_t n = 2 + rep % 2;
    std::vector<uint32_t> buf(3 * words_, 0xA5A5A5A5);
    ASSERT_EQ(decgram_fill_masks(p.get(), ptrs.data(), nullptr, n, buf.data(), words_, words_),
              DECGRAM_OK);
    ASSERT_TRUE(std::equal(buf.begin(), buf.begin() + n * words_, want.begin())) << rep;
    if (n == 2)
      ASSERT_EQ(buf[2 * words_], 0xA5A5A5A5u) << "row 2 is not in this batch";
  }
}

TEST_F(DecgramBatch, ConcurrentBatchesOnOnePool) {
  Pool p = pool(3);
  std::vector<Matcher> a = walkedMatchers(16, 1), b = walkedMatchers(16, 2);
  std::vector<int32_t> rows(16);
  for (int i = 0; i < 16; ++i)
    rows[i] = i;
  std::vector<uint32_t> wantA = expected(a, rows, 16, words_), wantB = expected(b, rows, 16, words_);
  auto run = [&](const std::vector<Matcher> &ms, const std::vector<uint32_t> &want) {
    std::vector<decgram_matcher *> ptrs = raw(ms);
    for (int rep = 0; rep < 20; ++rep) {
      std::vector<uint32_t> buf(16 * words_);
      ASSERT_EQ(decgram_fill_masks(p.get(), ptrs.data(), nullptr, 16, buf.data(), words_, words_),
                DECGRAM_OK);
      ASSERT_EQ(buf, want);
    }
  };
  std::thread t1([&] { run(a, wantA); }), t2([&] { run(b, wantB); });
  t1.join();
  t2.join();
}

} // namespace
