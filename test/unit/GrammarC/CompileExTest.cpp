// decgram_compile_ex: the versioned options struct (defaults, versions the
// library refuses), the JSON Schema draft (auto from `$schema`, explicit
// drafts winning over it, unknown drafts refused) and the draft in the cache
// key; decgram_compile and decgram_compile_ex share one cache.
#include "Harness.h"

#include <gtest/gtest.h>

using namespace decgram_test;

namespace {

// Draft 7 reads an `items` array as a tuple; draft 2020-12 refuses it
// (`prefixItems` took that role).
const std::string kTuple = R"({"items": [{"type": "integer"}], "additionalItems": false})";
const std::string kTuple7 =
    R"({"$schema": "http://json-schema.org/draft-07/schema#", "items": [{"type": "integer"}],
        "additionalItems": false})";
// Draft 7 ignores the siblings of `$ref`; draft 2020-12 applies them.
const std::string kRefSibling =
    R"({"definitions": {"a": {"type": "integer"}}, "$ref": "#/definitions/a", "maximum": 5})";

decgram_grammar *const kUntouched = reinterpret_cast<decgram_grammar *>(0x1);

class DecgramCompileEx : public ::testing::Test {
protected:
  void SetUp() override {
    decgram_compiler *c = nullptr;
    ASSERT_EQ(decgram_compiler_new(vocab_.get(), nullptr, &c), DECGRAM_OK);
    compiler_.reset(c);
  }
  decgram_status tryCompile(const std::string &text, const decgram_compile_options_ex *o,
                            decgram_kind kind = DECGRAM_KIND_JSON_SCHEMA) {
    decgram_grammar *g = kUntouched;
    decgram_status s = decgram_compile_ex(compiler_.get(), kind, text.data(), text.size(), o, &g);
    if (s == DECGRAM_OK)
      decgram_grammar_free(g);
    else
      EXPECT_EQ(g, kUntouched) << "output written on failure";
    return s;
  }
  Grammar compileEx(const std::string &text, const decgram_compile_options_ex *o) {
    decgram_grammar *g = nullptr;
    EXPECT_EQ(decgram_compile_ex(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, text.data(),
                                 text.size(), o, &g),
              DECGRAM_OK)
        << decgram_last_error();
    return Grammar(g);
  }
  /// Whether `text` is accepted as a whole (EOS would be next).
  static bool accepts(const decgram_grammar *g, const std::string &text) {
    Matcher m = newMatcher(g);
    bool ok = false;
    EXPECT_EQ(decgram_matcher_accept_bytes(m.get(), text.data(), text.size(), &ok), DECGRAM_OK);
    return ok && decgram_matcher_is_complete(m.get());
  }
  static decgram_compile_options_ex withDraft(decgram_json_draft d) {
    decgram_compile_options_ex o = DECGRAM_COMPILE_OPTIONS_EX_INIT;
    o.json_draft = d;
    return o;
  }
  decgram_cache_stats stats() {
    decgram_cache_stats s{};
    EXPECT_EQ(decgram_compiler_cache_stats(compiler_.get(), &s), DECGRAM_OK);
    return s;
  }
  Vocab vocab_ = makeSmallVocab();
  Compiler compiler_;
};

TEST_F(DecgramCompileEx, InitIsTheDefaults) {
  decgram_compile_options_ex init = DECGRAM_COMPILE_OPTIONS_EX_INIT;
  EXPECT_EQ(init.version, static_cast<uint32_t>(DECGRAM_COMPILE_OPTIONS_EX_VERSION));
  EXPECT_EQ(init.json_draft, DECGRAM_JSON_DRAFT_AUTO);
  decgram_compile_options d = decgram_compile_options_default();
  EXPECT_EQ(init.json_whitespace, d.json_whitespace);
  EXPECT_EQ(init.json_strict_objects, d.json_strict_objects);
  EXPECT_EQ(init.json_lenient, d.json_lenient);
}

TEST_F(DecgramCompileEx, DraftSevenTuples) {
  decgram_compile_options_ex seven = withDraft(DECGRAM_JSON_DRAFT_7);
  Grammar g = compileEx(kTuple, &seven);
  EXPECT_TRUE(accepts(g.get(), "[1]"));
  EXPECT_TRUE(accepts(g.get(), "[]"));
  EXPECT_FALSE(accepts(g.get(), "[1,2]")) << "additionalItems: false";
  EXPECT_FALSE(accepts(g.get(), "[\"x\"]"));

  // Without the option the draft comes from `$schema`, else it is 2020-12.
  decgram_compile_options_ex autoDraft = DECGRAM_COMPILE_OPTIONS_EX_INIT;
  EXPECT_EQ(tryCompile(kTuple, &autoDraft), DECGRAM_ERR_GRAMMAR);
  std::string msg = decgram_last_error();
  EXPECT_EQ(msg.rfind("decgram_compile_ex: <json-schema>: error: /: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("'items' must be a schema in draft 2020-12"), std::string::npos) << msg;
  EXPECT_EQ(tryCompile(kTuple, nullptr), DECGRAM_ERR_GRAMMAR);
  EXPECT_EQ(tryCompile(kTuple7, &autoDraft), DECGRAM_OK) << decgram_last_error();
  EXPECT_EQ(tryCompile(kTuple7, &seven), DECGRAM_OK) << decgram_last_error();

  // An explicit draft wins over `$schema`.
  decgram_compile_options_ex twenty = withDraft(DECGRAM_JSON_DRAFT_2020_12);
  EXPECT_EQ(tryCompile(kTuple7, &twenty), DECGRAM_ERR_GRAMMAR);
  EXPECT_NE(std::string(decgram_last_error()).find("'items' must be a schema in draft 2020-12"),
            std::string::npos)
      << decgram_last_error();
  // ... but `$schema` must still name a draft the translator knows.
  const std::string draft4 = R"({"$schema": "http://json-schema.org/draft-04/schema#"})";
  EXPECT_EQ(tryCompile(draft4, &seven), DECGRAM_ERR_GRAMMAR);
  EXPECT_NE(std::string(decgram_last_error()).find("unsupported '$schema'"), std::string::npos)
      << decgram_last_error();
}

TEST_F(DecgramCompileEx, DraftIsPartOfTheCacheKey) {
  decgram_compile_options_ex seven = withDraft(DECGRAM_JSON_DRAFT_7);
  decgram_compile_options_ex twenty = withDraft(DECGRAM_JSON_DRAFT_2020_12);
  Grammar g7 = compileEx(kRefSibling, &seven);
  Grammar g2020 = compileEx(kRefSibling, &twenty);
  EXPECT_TRUE(accepts(g7.get(), "7")) << "draft 7 ignores the siblings of $ref";
  EXPECT_FALSE(accepts(g2020.get(), "7"));
  EXPECT_TRUE(accepts(g2020.get(), "5"));
  decgram_cache_stats s = stats();
  EXPECT_EQ(s.misses, 2u);
  EXPECT_EQ(s.entries, 2u);
  Grammar again = compileEx(kRefSibling, &seven);
  EXPECT_TRUE(accepts(again.get(), "7"));
  EXPECT_EQ(stats().hits, 1u);

  // AUTO (2020-12 here) is its own key, shared by decgram_compile (NULL or
  // default options) and decgram_compile_ex (NULL or INIT options).
  Grammar a = compile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, kRefSibling);
  EXPECT_FALSE(accepts(a.get(), "7"));
  EXPECT_EQ(stats().misses, 3u);
  decgram_compile_options_ex init = DECGRAM_COMPILE_OPTIONS_EX_INIT;
  decgram_compile_options defaults = decgram_compile_options_default();
  Grammar b = compileEx(kRefSibling, nullptr);
  Grammar c = compileEx(kRefSibling, &init);
  Grammar d = compile(compiler_.get(), DECGRAM_KIND_JSON_SCHEMA, kRefSibling, &defaults);
  s = stats();
  EXPECT_EQ(s.misses, 3u);
  EXPECT_EQ(s.hits, 4u);

  // Grammars of other kinds have one key whatever the draft.
  const std::string gbnf = "root ::= \"x\"\n";
  EXPECT_EQ(tryCompile(gbnf, &seven, DECGRAM_KIND_GBNF), DECGRAM_OK);
  EXPECT_EQ(tryCompile(gbnf, &twenty, DECGRAM_KIND_GBNF), DECGRAM_OK);
  EXPECT_EQ(stats().misses, 4u);
}

TEST_F(DecgramCompileEx, OtherOptionsApply) {
  decgram_compile_options_ex o = DECGRAM_COMPILE_OPTIONS_EX_INIT;
  o.json_whitespace = DECGRAM_JSON_WS_COMPACT;
  o.json_strict_objects = true;
  const std::string schema = R"({"type": "object", "properties": {"n": {"type": "integer"}}})";
  Grammar g = compileEx(schema, &o);
  EXPECT_TRUE(accepts(g.get(), "{\"n\":1}"));
  EXPECT_FALSE(accepts(g.get(), "{\"n\": 1}")) << "compact";
  EXPECT_FALSE(accepts(g.get(), "{\"m\":1}")) << "strict objects";
  Grammar open = compileEx(schema, nullptr);
  EXPECT_TRUE(accepts(open.get(), "{\"n\": 1, \"m\": 2}"));

  const std::string unsupported = R"({"type": "array", "uniqueItems": true})";
  EXPECT_EQ(tryCompile(unsupported, nullptr), DECGRAM_ERR_GRAMMAR);
  o = DECGRAM_COMPILE_OPTIONS_EX_INIT;
  o.json_lenient = true;
  EXPECT_EQ(tryCompile(unsupported, &o), DECGRAM_OK) << decgram_last_error();
}

TEST_F(DecgramCompileEx, UnknownDraft) {
  for (int draft : {4, 2019, 201909, -1}) {
    decgram_compile_options_ex o = withDraft(static_cast<decgram_json_draft>(draft));
    EXPECT_EQ(tryCompile("{}", &o), DECGRAM_ERR_INVALID_ARGUMENT) << draft;
    EXPECT_EQ(std::string(decgram_last_error()),
              "decgram_compile_ex: unknown json_draft " + std::to_string(draft) +
                  " (supported: DECGRAM_JSON_DRAFT_AUTO (0), DECGRAM_JSON_DRAFT_7 (7), "
                  "DECGRAM_JSON_DRAFT_2020_12 (202012))");
    // Checked for every kind, as json_whitespace is: a bad value is a bug.
    EXPECT_EQ(tryCompile("root ::= \"x\"\n", &o, DECGRAM_KIND_GBNF),
              DECGRAM_ERR_INVALID_ARGUMENT);
  }
  EXPECT_EQ(stats().misses, 0u) << "refused before the cache";
}

TEST_F(DecgramCompileEx, RefusedArguments) {
  decgram_compile_options_ex o = DECGRAM_COMPILE_OPTIONS_EX_INIT;
  o.version = 0;
  EXPECT_EQ(tryCompile("{}", &o), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_compile_ex: options version 0 (initialise the "
                                     "options with DECGRAM_COMPILE_OPTIONS_EX_INIT)");
  o.version = DECGRAM_COMPILE_OPTIONS_EX_VERSION + 1;
  EXPECT_EQ(tryCompile("{}", &o), DECGRAM_ERR_UNSUPPORTED);
  EXPECT_EQ(std::string(decgram_last_error()),
            "decgram_compile_ex: options version " +
                std::to_string(DECGRAM_COMPILE_OPTIONS_EX_VERSION + 1) +
                " is newer than this library's " +
                std::to_string(DECGRAM_COMPILE_OPTIONS_EX_VERSION) + " (libdecgram " +
                std::to_string(DECGRAM_API_VERSION) + "." + std::to_string(DECGRAM_API_MINOR) +
                ")");
  o = DECGRAM_COMPILE_OPTIONS_EX_INIT;
  o.json_whitespace = static_cast<decgram_json_whitespace>(7);
  EXPECT_EQ(tryCompile("{}", &o), DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_compile_ex: unknown json_whitespace 7");

  decgram_grammar *g = kUntouched;
  EXPECT_EQ(decgram_compile_ex(nullptr, DECGRAM_KIND_GBNF, "x", 1, nullptr, &g),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_compile_ex: 'compiler' is NULL");
  EXPECT_EQ(decgram_compile_ex(compiler_.get(), DECGRAM_KIND_GBNF, "x", 1, nullptr, nullptr),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_compile_ex: 'out' is NULL");
  EXPECT_EQ(decgram_compile_ex(compiler_.get(), DECGRAM_KIND_GBNF, nullptr, 3, nullptr, &g),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_compile_ex: 'text' is NULL");
  EXPECT_EQ(decgram_compile_ex(compiler_.get(), static_cast<decgram_kind>(99), "x", 1, nullptr,
                               &g),
            DECGRAM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(decgram_last_error(), "decgram_compile_ex: unknown grammar kind 99");
  EXPECT_EQ(g, kUntouched);
}

} // namespace
