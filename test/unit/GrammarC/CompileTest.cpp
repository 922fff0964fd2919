// decgram_compile / decgram_load_table: front ends, located errors, the
// compile cache (hits, options in the key, failures not cached, eviction,
// concurrent compiles of one key), serialised tables.
#include "Harness.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>

using namespace decgram_test;

namespace {

const std::string kAb = "root ::= \"a\" (\"b\" | \"c\")* \"!\"\n";
const std::string kSchema = R"({"type": "object", "properties": {"n": {"type": "integer"}},
                                "required": ["n"], "additionalProperties": false})";

class DecgramCompile : public ::testing::Test {
protected:
  void SetUp() override { compiler_ = newCompiler(nullptr); }
  Compiler newCompiler(const decgram_cache_limits *limits) {
    decgram_compiler *c = nullptr;
    EXPECT_EQ(decgram_compiler_new(vocab_.get(), limits, &c), DECGRAM_OK);
    return Compiler(c);
  }
  decgram_cache_stats stats(decgram_compiler *c) {
    decgram_cache_stats s{};
    EXPECT_EQ(decgram_compiler_cache_stats(c, &s), DECGRAM_OK);
    return s;
  }
  decgram_status tryCompile(decgram_compiler *c, decgram_kind kind, const std::string &text,
                            const decgram_compile_options *o = nullptr) {
    decgram_grammar *g = nullptr;
    decgram_status s = decgram_compile(c, kind, text.data(), text.size(), o, &g);
    EXPECT_EQ(s == DECGRAM_OK, g != nullptr);
    decgram_grammar_free(g);
    return s;
  }
  Vocab vocab_ = makeSmallVocab();
  Compiler compiler_;
};

TEST_F(DecgramCompile, GbnfAndJsonSchema) {
  Grammar g = compile(compiler_.get(), DECGRAM_KIND_GBNF, kAb);
  Matcher m = newMatcher(g.get());
  bool ok = false;
  ASSERT_EQ(decgram_matcher_accept_bytes(m.get(), "abcb!", 5, &ok), DECGRAM_OK);
  EXPECT_TRUE(ok);
  EXPECT_TRUE(decgram_matcher_is_complete(m.get()));

  decgram_compile_options compact = decgram_compile_options_default();
  compact.json_whitespace = DECGRAM_JSON_WS_COMPACT;
  Grammar j = compile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, kSchema, &compact);
  Matcher jm = newMatcher(j.get());
  ASSERT_EQ(decgram_matcher_accept_bytes(jm.get(), "{\"n\":-42}", 9, &ok), DECGRAM_OK);
  EXPECT_TRUE(ok);
  EXPECT_TRUE(decgram_matcher_is_complete(jm.get()));
  decgram_matcher_reset(jm.get());
  ASSERT_EQ(decgram_matcher_accept_bytes(jm.get(), "{\"n\": 1}", 8, &ok), DECGRAM_OK);
  EXPECT_FALSE(ok) << "compact whitespace admits no space";
}

TEST_F(DecgramCompile, GbnfErrorIsLocated) {
  decgram_grammar *g = nullptr;
  std::string bad = "root ::= \"a\" undefined-rule\n";
  EXPECT_EQ(decgram_compile(compiler_.get(), DECGRAM_KIND_GBNF, bad.data(), bad.size(), nullptr,
                            &g),
            DECGRAM_ERR_GRAMMAR);
  EXPECT_EQ(g, nullptr);
  std::string msg = decgram_last_error();
  EXPECT_EQ(msg.rfind("decgram_compile: <gbnf>:1:14: error: undefined rule 'undefined-rule'", 0),
            0u)
      << msg;
  EXPECT_NE(msg.find("^"), std::string::npos) << "caret line: " << msg;
}

TEST_F(DecgramCompile, JsonSchemaErrorNamesThePointer) {
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, R"({"type": "strin"})"),
            DECGRAM_ERR_GRAMMAR);
  std::string msg = decgram_last_error();
  EXPECT_NE(msg.find("<json-schema>: error"), std::string::npos) << msg;
  EXPECT_NE(msg.find("strin"), std::string::npos) << msg;
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, "{not json"),
            DECGRAM_ERR_GRAMMAR);
  EXPECT_NE(std::string(decgram_last_error()).find("<json-schema>:1:"), std::string::npos)
      << decgram_last_error();
}

TEST_F(DecgramCompile, RegexIsAFullMatch) {
  ASSERT_TRUE(decgram_kind_supported(DECGRAM_KIND_REGEX));
  Grammar g = compile(compiler_.get(), DECGRAM_KIND_REGEX, "(yes|no)[0-9]{2}");
  Matcher m = newMatcher(g.get());
  bool ok = false;
  ASSERT_EQ(decgram_matcher_accept_bytes(m.get(), "no4", 3, &ok), DECGRAM_OK);
  EXPECT_TRUE(ok);
  EXPECT_FALSE(decgram_matcher_is_complete(m.get()));
  ASSERT_EQ(decgram_matcher_accept_bytes(m.get(), "2", 1, &ok), DECGRAM_OK);
  EXPECT_TRUE(decgram_matcher_is_complete(m.get()));
  ASSERT_EQ(decgram_matcher_accept_bytes(m.get(), "2", 1, &ok), DECGRAM_OK);
  EXPECT_FALSE(ok) << "the whole output matches, nothing may follow";

  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_REGEX, "ab(c"), DECGRAM_ERR_GRAMMAR);
  std::string msg = decgram_last_error();
  EXPECT_EQ(msg.rfind("decgram_compile: <regex>:1:", 0), 0u) << msg;
  EXPECT_NE(msg.find("^"), std::string::npos) << msg;
}

TEST_F(DecgramCompile, EbnfInLarksNotation) {
  ASSERT_TRUE(decgram_kind_supported(DECGRAM_KIND_EBNF));
  Grammar g = compile(compiler_.get(), DECGRAM_KIND_EBNF,
                      "start: pair (\",\" pair)*\n"
                      "pair: KEY \"=\" INT\n"
                      "KEY: /[a-z]+/\n"
                      "INT: /[0-9]+/\n"
                      "%ignore \" \"\n");
  Matcher m = newMatcher(g.get());
  bool ok = false;
  ASSERT_EQ(decgram_matcher_accept_bytes(m.get(), "ab = 12, c=3", 12, &ok), DECGRAM_OK);
  EXPECT_TRUE(ok);
  EXPECT_TRUE(decgram_matcher_is_complete(m.get()));
  ASSERT_EQ(decgram_matcher_accept_bytes(m.get(), "=", 1, &ok), DECGRAM_OK);
  EXPECT_FALSE(ok);

  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_EBNF, "start: missing\n"),
            DECGRAM_ERR_GRAMMAR);
  std::string msg = decgram_last_error();
  EXPECT_EQ(msg.rfind("decgram_compile: <ebnf>:1:", 0), 0u) << msg;
}

TEST_F(DecgramCompile, SupportedKinds) {
  for (decgram_kind k :
       {DECGRAM_KIND_GBNF, DECGRAM_KIND_JSON_SCHEMA, DECGRAM_KIND_REGEX, DECGRAM_KIND_EBNF})
    EXPECT_TRUE(decgram_kind_supported(k)) << k;
  EXPECT_FALSE(decgram_kind_supported(static_cast<decgram_kind>(0)));
  EXPECT_FALSE(decgram_kind_supported(static_cast<decgram_kind>(99)));
}

TEST_F(DecgramCompile, RefusedArguments) {
  decgram_grammar *g = nullptr;
  EXPECT_EQ(decgram_compile(nullptr, DECGRAM_KIND_GBNF, "x", 1, nullptr, &g),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_compile(compiler_.get(), DECGRAM_KIND_GBNF, "x", 1, nullptr, nullptr),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_compile(compiler_.get(), DECGRAM_KIND_GBNF, nullptr, 3, nullptr, &g),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_compile(compiler_.get(), static_cast<decgram_kind>(99), "x", 1, nullptr, &g),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_compile: unknown grammar kind 99");
  decgram_compile_options o = decgram_compile_options_default();
  o.json_whitespace = static_cast<decgram_json_whitespace>(7);
  EXPECT_EQ(decgram_compile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, "{}", 2, &o, &g),
            DECGRAM_ERR_INVALID_ARGUMENT);
  // An empty source is a grammar without root, not a crash.
  EXPECT_EQ(decgram_compile(compiler_.get(), DECGRAM_KIND_GBNF, nullptr, 0, nullptr, &g),
            DECGRAM_ERR_GRAMMAR);
  EXPECT_EQ(g, nullptr);
  decgram_compiler *c = nullptr;
  EXPECT_EQ(decgram_compiler_new(nullptr, nullptr, &c), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_compiler_new(vocab_.get(), nullptr, nullptr), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_compiler_cache_stats(nullptr, nullptr), DECGRAM_ERR_INVALID_ARGUMENT);
  decgram_compiler_free(nullptr);
  decgram_grammar_free(nullptr);
}

TEST_F(DecgramCompile, CacheHitsAndKeys) {
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_GBNF, kAb), DECGRAM_OK);
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_GBNF, kAb), DECGRAM_OK);
  decgram_cache_stats s = stats(compiler_.get());
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.entries, 1u);
  EXPECT_GT(s.bytes, kAb.size());

  // JSON options are part of a schema's key, not of a GBNF grammar's.
  decgram_compile_options compact = decgram_compile_options_default();
  compact.json_whitespace = DECGRAM_JSON_WS_COMPACT;
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_GBNF, kAb, &compact), DECGRAM_OK);
  EXPECT_EQ(stats(compiler_.get()).hits, 2u);
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, kSchema), DECGRAM_OK);
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, kSchema, &compact),
            DECGRAM_OK);
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, kSchema, &compact),
            DECGRAM_OK);
  s = stats(compiler_.get());
  EXPECT_EQ(s.misses, 3u);
  EXPECT_EQ(s.hits, 3u);
  EXPECT_EQ(s.entries, 3u);

  // Failures are compiled again each time (and not kept).
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_GBNF, "root ::= x"), DECGRAM_ERR_GRAMMAR);
  EXPECT_EQ(tryCompile(compiler_.get(), DECGRAM_KIND_GBNF, "root ::= x"), DECGRAM_ERR_GRAMMAR);
  s = stats(compiler_.get());
  EXPECT_EQ(s.misses, 5u);
  EXPECT_EQ(s.entries, 3u);
}

TEST_F(DecgramCompile, CacheEvictsLeastRecentlyUsed) {
  decgram_cache_limits two{2, size_t(1) << 30};
  Compiler c = newCompiler(&two);
  auto g = [](int i) { return "root ::= \"" + std::to_string(i) + "\"\n"; };
  EXPECT_EQ(tryCompile(c.get(), DECGRAM_KIND_GBNF, g(1)), DECGRAM_OK);
  EXPECT_EQ(tryCompile(c.get(), DECGRAM_KIND_GBNF, g(2)), DECGRAM_OK);
  EXPECT_EQ(tryCompile(c.get(), DECGRAM_KIND_GBNF, g(1)), DECGRAM_OK); // 1 is now recent
  EXPECT_EQ(tryCompile(c.get(), DECGRAM_KIND_GBNF, g(3)), DECGRAM_OK); // evicts 2
  decgram_cache_stats s = stats(c.get());
  EXPECT_EQ(s.entries, 2u);
  EXPECT_EQ(s.evictions, 1u);
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(tryCompile(c.get(), DECGRAM_KIND_GBNF, g(1)), DECGRAM_OK);
  EXPECT_EQ(stats(c.get()).hits, 2u);
  EXPECT_EQ(tryCompile(c.get(), DECGRAM_KIND_GBNF, g(2)), DECGRAM_OK);
  EXPECT_EQ(stats(c.get()).misses, 4u);

  // A byte bound below one grammar keeps nothing; 0 entries disables caching.
  for (decgram_cache_limits l : {decgram_cache_limits{10, 8}, decgram_cache_limits{0, 1u << 30}}) {
    Compiler tiny = newCompiler(&l);
    EXPECT_EQ(tryCompile(tiny.get(), DECGRAM_KIND_GBNF, g(1)), DECGRAM_OK);
    EXPECT_EQ(tryCompile(tiny.get(), DECGRAM_KIND_GBNF, g(1)), DECGRAM_OK);
    s = stats(tiny.get());
    EXPECT_EQ(s.misses, 2u);
    EXPECT_EQ(s.entries, 0u);
    EXPECT_EQ(s.bytes, 0u);
  }
}

TEST_F(DecgramCompile, GrammarOutlivesCompilerAndVocab) {
  decgram_vocab *v = makeSmallVocab().release();
  decgram_compiler *c = nullptr;
  ASSERT_EQ(decgram_compiler_new(v, nullptr, &c), DECGRAM_OK);
  decgram_vocab_free(v);
  Grammar g = compile(c, DECGRAM_KIND_GBNF, kAb);
  decgram_compiler_free(c);
  Matcher m = newMatcher(g.get());
  g.reset();
  bool ok = false;
  ASSERT_EQ(decgram_matcher_accept_token(m.get(), 'a', &ok), DECGRAM_OK);
  EXPECT_TRUE(ok);
}

TEST_F(DecgramCompile, ConcurrentCompilesOfOneKeyCompileOnce) {
  // A schema big enough that the threads overlap while it compiles.
  std::string schema = R"({"type": "object", "properties": {)";
  for (int i = 0; i < 200; ++i)
    schema += (i ? "," : "") + std::string("\"p") + std::to_string(i) +
              R"(": {"type": "string", "pattern": "^[a-z]{1,8}[0-9]*$"})";
  schema += "}, \"additionalProperties\": false}";
  std::vector<std::thread> threads;
  std::vector<decgram_status> status(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      status[t] = tryCompile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, schema);
    });
  for (std::thread &t : threads)
    t.join();
  for (decgram_status s : status)
    EXPECT_EQ(s, DECGRAM_OK);
  decgram_cache_stats s = stats(compiler_.get());
  EXPECT_EQ(s.misses, 1u);
  EXPECT_EQ(s.hits, 3u);
}

TEST_F(DecgramCompile, SerialisedTables) {
  Grammar g = compile(compiler_.get(), DECGRAM_KIND_GBNF, kAb);
  size_t size = 0;
  ASSERT_EQ(decgram_grammar_serialize(g.get(), nullptr, 0, &size), DECGRAM_OK);
  ASSERT_GT(size, 8u);
  std::vector<uint8_t> table(size);
  size_t small = 0;
  ASSERT_EQ(decgram_grammar_serialize(g.get(), table.data(), 3, &small), DECGRAM_OK);
  EXPECT_EQ(small, size);
  EXPECT_EQ(table[0], 0) << "a short buffer is not written";
  ASSERT_EQ(decgram_grammar_serialize(g.get(), table.data(), table.size(), &size), DECGRAM_OK);
  EXPECT_EQ(std::memcmp(table.data(), "DGRM", 4), 0);
  EXPECT_EQ(decgram_grammar_serialize(g.get(), nullptr, size, &size),
            DECGRAM_ERR_INVALID_ARGUMENT);

  decgram_grammar *loaded = nullptr;
  ASSERT_EQ(decgram_load_table(compiler_.get(), table.data(), table.size(), &loaded),
            DECGRAM_OK)
      << decgram_last_error();
  Grammar l(loaded);
  Matcher a = newMatcher(g.get()), b = newMatcher(l.get());
  size_t words = decgram_vocab_mask_words(vocab_.get());
  for (char c : std::string("abcbb!")) {
    EXPECT_EQ(mask(a.get(), words), mask(b.get(), words));
    bool ok1 = false, ok2 = false;
    decgram_matcher_accept_token(a.get(), static_cast<unsigned char>(c), &ok1);
    decgram_matcher_accept_token(b.get(), static_cast<unsigned char>(c), &ok2);
    ASSERT_TRUE(ok1 && ok2);
  }
  EXPECT_EQ(mask(a.get(), words), mask(b.get(), words));
  ASSERT_EQ(decgram_load_table(compiler_.get(), table.data(), table.size(), &loaded), DECGRAM_OK);
  decgram_grammar_free(loaded);
  EXPECT_EQ(stats(compiler_.get()).hits, 1u) << "tables are cached too";

  std::vector<uint8_t> bad = table;
  bad[4] = 99; // format version
  EXPECT_EQ(decgram_load_table(compiler_.get(), bad.data(), bad.size(), &loaded),
            DECGRAM_ERR_TABLE);
  EXPECT_STREQ(decgram_last_error(), "decgram_load_table: grammar table: unsupported format "
                                     "version 99 (this runtime reads 2)");
  EXPECT_EQ(decgram_load_table(compiler_.get(), table.data(), 5, &loaded), DECGRAM_ERR_TABLE);
  EXPECT_EQ(decgram_load_table(compiler_.get(), nullptr, 5, &loaded),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(decgram_load_table(compiler_.get(), nullptr, 0, &loaded), DECGRAM_ERR_TABLE);
  EXPECT_EQ(decgram_grammar_serialize(nullptr, nullptr, 0, &size), DECGRAM_ERR_INVALID_ARGUMENT);
}

} // namespace
