// tokenizer.json input that must be refused with a clear message, and small
// hand-made tokenizers whose behaviour is known without the real files.
#include "decc/tokenizer.h"

#include <gtest/gtest.h>

#include <string>

using decc::Tokenizer;

namespace {

// A tiny byte-fallback BPE in the Llama-2 style.
const char *kTiny = R"({
  "version": "1.0", "truncation": null, "padding": null,
  "added_tokens": [{"id": 0, "content": "<unk>", "special": true,
                    "single_word": false, "lstrip": false, "rstrip": false, "normalized": false},
                   {"id": 1, "content": "<s>", "special": true,
                    "single_word": false, "lstrip": false, "rstrip": false, "normalized": false}],
  "normalizer": {"type": "Sequence", "normalizers": [
      {"type": "Prepend", "prepend": "\u2581"},
      {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
  "pre_tokenizer": null,
  "post_processor": {"type": "TemplateProcessing",
      "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
      "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
  "decoder": {"type": "Sequence", "decoders": [
      {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
      {"type": "ByteFallback"}, {"type": "Fuse"},
      {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
  "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "fuse_unk": true,
            "byte_fallback": true,
            "vocab": {"<unk>": 0, "<s>": 1, "<0xC3>": 2, "<0xA9>": 3, "\u2581": 4, "a": 5,
                      "b": 6, "\u2581a": 7, "ab": 8, "\u2581ab": 9},
            "merges": ["\u2581 a", "a b", "\u2581a b"]}
})";

std::string loadError(const std::string &json) {
  std::string error;
  std::unique_ptr<Tokenizer> t = Tokenizer::fromJson(json, "t.json", &error);
  EXPECT_EQ(t, nullptr) << json;
  return error;
}

std::string replaced(std::string s, const std::string &from, const std::string &to) {
  size_t pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

TEST(TinyTokenizer, EncodesWithMergesByteFallbackAndUnk) {
  std::string error;
  auto t = Tokenizer::fromJson(kTiny, "tiny.json", &error);
  ASSERT_NE(t, nullptr) << error;
  // "ab a" -> "▁ab▁a": merges give ▁ab (9) and ▁a (7).
  EXPECT_EQ(t->encode("ab a", false), (std::vector<int32_t>{9, 7}));
  EXPECT_EQ(t->encode("ab a", true), (std::vector<int32_t>{1, 9, 7}));
  // "é" has byte tokens; "xy" has none: one fused <unk>.
  EXPECT_EQ(t->encode("\xC3\xA9xy", false), (std::vector<int32_t>{4, 2, 3, 0}));
  EXPECT_EQ(t->decode(std::vector<int32_t>{9, 7}, false), "ab a");
  EXPECT_EQ(t->decodeLossy(std::vector<int32_t>{4, 2}, false), "\xEF\xBF\xBD");
  EXPECT_EQ(t->decode(std::vector<int32_t>{4, 2}, false), "\xC3");
  EXPECT_EQ(t->decode(std::vector<int32_t>{1, 5}, true), "a");
  EXPECT_EQ(t->tokenBytes(7), " a");
  EXPECT_EQ(t->bosId(), 1);
  // Invalid UTF-8 input is replaced by U+FFFD, which has no token: <unk>.
  EXPECT_EQ(t->encode("\xFF", false), (std::vector<int32_t>{4, 0}));
}

TEST(LoaderErrors, MalformedJsonHasPosition) {
  std::string e = loadError("{\n  \"model\": [1,\n}");
  EXPECT_NE(e.find("t.json:3:1: error: invalid JSON"), std::string::npos) << e;
  EXPECT_NE(e.find("^"), std::string::npos) << e;
  EXPECT_NE(loadError("").find("t.json:1:1: error"), std::string::npos);
}

TEST(LoaderErrors, NamesTheField) {
  struct Case {
    std::string from, to, expect;
  } cases[] = {
      {"\"type\": \"BPE\"", "\"type\": \"WordPiece\"",
       "model.type: unsupported model type 'WordPiece'"},
      {"\"type\": \"BPE\"", "\"type\": \"Unigram\"", "model.type: unsupported"},
      {"\"type\": \"Prepend\", \"prepend\": \"\\u2581\"", "\"type\": \"Lowercase\"",
       "normalizer.normalizers[0].type: unsupported normalizer 'Lowercase'"},
      {"\"pre_tokenizer\": null", "\"pre_tokenizer\": {\"type\": \"Whitespace\"}",
       "pre_tokenizer.type: unsupported pre-tokenizer 'Whitespace'"},
      {"\"pre_tokenizer\": null",
       "\"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"Regex\": \"\\\\w+\"}, "
       "\"behavior\": \"Isolated\", \"invert\": false}",
       "pre_tokenizer.pattern.Regex: unsupported regex"},
      {"\"truncation\": null", "\"truncation\": {\"max_length\": 5}",
       "truncation: must be null"},
      {"\"a\": 5,", "\"a\": \"five\",", "model.vocab[\"a\"]: expected an integer"},
      {"\"a\": 5,", "\"a\": 99999999999999999999,", "model.vocab[\"a\"]: "},
      {"\"a\": 5,", "\"a\": -3,", "integer out of range"},
      {"\"a\": 5,", "\"a\": 1e300,", "model.vocab[\"a\"]: expected an integer"},
      {"\"a b\"", "\"a c\"", "model.merges[1]: merge 'a' + 'c'"},
      {"\"a b\"", "\"ab\"", "model.merges[1]: expected \"left right\""},
      {"\"a b\"", "[\"a\"]", "model.merges[1]: expected a pair of strings"},
      {"\"unk_token\": \"<unk>\"", "\"unk_token\": \"<nope>\"",
       "model.unk_token: unk_token '<nope>' is not in the vocabulary"},
      {"\"dropout\": null", "\"dropout\": 0.1", "model.dropout: BPE dropout"},
      {"{\"type\": \"ByteFallback\"}", "{\"type\": \"CTC\"}",
       "decoder.decoders[1].type: unsupported decoder 'CTC'"},
      {"\"ids\": [1]", "\"ids\": [1000]", "post_processor: special token id 1000"},
      {"\"ids\": [1]", "\"ids\": 1", "post_processor.special_tokens.<s>.ids: expected an array"},
      {"{\"SpecialToken\": {\"id\": \"<s>\", \"type_id\": 0}}",
       "{\"SpecialToken\": {\"id\": \"<x>\", \"type_id\": 0}}",
       "post_processor.single[0].SpecialToken.id: special token '<x>'"},
      {"\"type\": \"Strip\"", "\"type\": 7", "decoder.decoders[3].type: expected a string"},
      {"\"model\": {", "\"model\": 3, \"x\": {", "model: expected an object, found a number"},
  };
  for (const Case &c : cases) {
    std::string e = loadError(replaced(kTiny, c.from, c.to));
    EXPECT_EQ(e.rfind("t.json: error: ", 0), 0u) << e;
    EXPECT_NE(e.find(c.expect), std::string::npos) << "got: " << e;
  }
}

TEST(LoaderErrors, TopLevelShapes) {
  EXPECT_NE(loadError("[]").find("expected an object at the top level"), std::string::npos);
  EXPECT_NE(loadError("{}").find("model: missing"), std::string::npos);
  EXPECT_NE(loadError("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}")
                .find("decoder: a null decoder"),
            std::string::npos);
}

TEST(LoaderErrors, MissingFile) {
  std::string error;
  EXPECT_EQ(Tokenizer::fromFile("/nonexistent/tokenizer.json", &error), nullptr);
  EXPECT_EQ(error, "/nonexistent/tokenizer.json: error: cannot open file");
}

} // namespace
