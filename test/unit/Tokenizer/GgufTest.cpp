// Tokenizers built from GGUF metadata (Tokenizer::fromGguf). Real
// tokenizer.json files are converted to tokenizer.ggml.* metadata the way
// llama.cpp's converter stores them, written with the project's GGUF writer,
// and must then encode and decode every golden string exactly as the
// tokenizer.json path (and so Hugging Face) does.
#include "TestSupport.h"

#include "decc/gguf.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>

using decc::Tokenizer;
using nlohmann::json;
namespace gguf = decc::gguf;

namespace {

constexpr int32_t kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4,
                  kByte = 6;

// The metadata of a tokenizer.json, as llama.cpp's converter writes it.
struct Vocab {
  std::vector<std::string> tokens;
  std::vector<int32_t> types;
  std::vector<std::string> merges;
};

Vocab vocabOf(const json &doc, bool spm) {
  Vocab v;
  const json &vocab = doc["model"]["vocab"];
  size_t n = vocab.size();
  for (const json &a : doc["added_tokens"])
    n = std::max(n, a["id"].get<size_t>() + 1);
  v.tokens.assign(n, "");
  v.types.assign(n, kNormal);
  for (auto it = vocab.begin(); it != vocab.end(); ++it) {
    size_t id = it.value().get<size_t>();
    v.tokens[id] = it.key();
    if (spm && it.key().size() == 6 && it.key().rfind("<0x", 0) == 0)
      v.types[id] = kByte;
  }
  for (const json &a : doc["added_tokens"]) {
    size_t id = a["id"].get<size_t>();
    v.tokens[id] = a["content"].get<std::string>();
    v.types[id] = a["content"] == "<unk>" ? kUnknown
                  : a["special"].get<bool>() ? kControl
                                             : kUserDefined;
  }
  for (const json &m : doc["model"]["merges"])
    v.merges.push_back(m.is_string() ? m.get<std::string>()
                                     : m[0].get<std::string>() + " " +
                                           m[1].get<std::string>());
  return v;
}

struct Built {
  std::vector<uint8_t> bytes; // the File's views point here
  std::unique_ptr<gguf::File> file;
  std::unique_ptr<Tokenizer> tok;
  std::string error;
};

std::unique_ptr<Built> build(const std::function<void(gguf::Writer &)> &fill) {
  auto b = std::make_unique<Built>();
  gguf::Writer w;
  w.addString("general.architecture", "llama");
  fill(w);
  b->bytes = w.serialize();
  b->file = gguf::File::fromMemory(b->bytes.data(), b->bytes.size(), "t.gguf",
                                   &b->error);
  if (b->file)
    b->tok = Tokenizer::fromGguf(*b->file, &b->error);
  return b;
}

json golden(const std::string &name) {
  return json::parse(decc::test::readFile(std::string(DECC_TOKENIZER_GOLDEN_DIR) +
                                          "/" + name + ".json"));
}

// Every golden case: the GGUF tokenizer gives what the tokenizer.json one
// gives (which GoldenTest checks against Hugging Face).
void expectSameAsJson(const Tokenizer &fromGguf, const Tokenizer &fromJson,
                      const json &g) {
  EXPECT_EQ(fromGguf.vocabSize(), fromJson.vocabSize());
  size_t n = 0;
  for (const json &c : g["cases"]) {
    std::string text = c["text"];
    std::string shown = json(text).dump();
    ASSERT_EQ(fromGguf.encode(text, false), fromJson.encode(text, false)) << shown;
    ASSERT_EQ(fromGguf.encode(text, true), fromJson.encode(text, true)) << shown;
    ASSERT_EQ(fromGguf.encode(text, false, false),
              fromJson.encode(text, false, false))
        << shown;
    std::vector<int32_t> ids = c["ids"].get<std::vector<int32_t>>();
    ASSERT_EQ(fromGguf.decode(ids, false), c["decode"].get<std::string>()) << shown;
    ++n;
  }
  EXPECT_GE(n, 200u);
  for (const json &c : g["decode_cases"]) {
    std::vector<int32_t> ids = c["ids"].get<std::vector<int32_t>>();
    ASSERT_EQ(fromGguf.decodeLossy(ids, false), c["text"].get<std::string>())
        << json(ids).dump();
    ASSERT_EQ(fromGguf.decodeLossy(ids, true), c["text_skip"].get<std::string>())
        << json(ids).dump();
  }
}

const Tokenizer *realOrSkip(const std::string &name) {
  return decc::test::sharedTokenizer(name);
}

TEST(GgufTokenizer, Llama3ByteLevelEqualsTokenizerJson) {
  const Tokenizer *ref = realOrSkip("llama3");
  if (!ref)
    GTEST_SKIP() << "tokenizer not found: " << decc::test::tokenizerPath("llama3");
  Vocab v = vocabOf(json::parse(decc::test::readFile(
                        decc::test::tokenizerPath("llama3"))),
                    false);
  auto b = build([&](gguf::Writer &w) {
    w.addString("tokenizer.ggml.model", "gpt2");
    w.addString("tokenizer.ggml.pre", "llama-bpe");
    w.addStringArray("tokenizer.ggml.tokens", v.tokens);
    w.addInt32Array("tokenizer.ggml.token_type", v.types);
    w.addStringArray("tokenizer.ggml.merges", v.merges);
    w.addUInt32("tokenizer.ggml.bos_token_id", 128000);
    w.addUInt32("tokenizer.ggml.eos_token_id", 128009);
    // Llama-3's tokenizer.json adds no BOS (ByteLevel post-processor).
    w.addBool("tokenizer.ggml.add_bos_token", false);
  });
  ASSERT_TRUE(b->tok) << b->error;
  EXPECT_EQ(b->tok->bosId(), 128000);
  EXPECT_EQ(b->tok->eosId(), 128009); // the file's id, not the name guess
  expectSameAsJson(*b->tok, *ref, golden("llama3"));
}

Vocab llama2Vocab() {
  return vocabOf(json::parse(decc::test::readFile(
                     decc::test::tokenizerPath("llama2"))),
                 true);
}

void addLlama2(gguf::Writer &w, const Vocab &v) {
  w.addString("tokenizer.ggml.model", "llama");
  w.addStringArray("tokenizer.ggml.tokens", v.tokens);
  w.addInt32Array("tokenizer.ggml.token_type", v.types);
  w.addUInt32("tokenizer.ggml.bos_token_id", 1);
  w.addUInt32("tokenizer.ggml.eos_token_id", 2);
  w.addUInt32("tokenizer.ggml.unknown_token_id", 0);
}

TEST(GgufTokenizer, Llama2SentencePieceWithMergesEqualsTokenizerJson) {
  const Tokenizer *ref = realOrSkip("llama2");
  if (!ref)
    GTEST_SKIP() << "tokenizer not found: " << decc::test::tokenizerPath("llama2");
  Vocab v = llama2Vocab();
  auto b = build([&](gguf::Writer &w) {
    addLlama2(w, v);
    w.addStringArray("tokenizer.ggml.merges", v.merges);
  });
  ASSERT_TRUE(b->tok) << b->error;
  EXPECT_EQ(b->tok->bosId(), 1);
  EXPECT_EQ(b->tok->encode("Hi", true).front(), 1); // add_bos defaults to true
  expectSameAsJson(*b->tok, *ref, golden("llama2"));
}

TEST(GgufTokenizer, Llama2MergesRankedByScoresEqualTokenizerJson) {
  const Tokenizer *ref = realOrSkip("llama2");
  if (!ref)
    GTEST_SKIP() << "tokenizer not found: " << decc::test::tokenizerPath("llama2");
  Vocab v = llama2Vocab();
  // SentencePiece scores in the order HF's converter derived the merges from:
  // a merged piece scores by its first merge; other pieces lowest.
  std::vector<float> scores(v.tokens.size(), -1e9f);
  std::unordered_map<std::string, size_t> ids;
  for (size_t i = 0; i < v.tokens.size(); ++i)
    ids.emplace(v.tokens[i], i);
  for (size_t r = v.merges.size(); r-- > 0;) {
    std::string m = v.merges[r];
    m.erase(m.find(' '), 1);
    scores[ids.at(m)] = -float(r);
  }
  auto b = build([&](gguf::Writer &w) {
    addLlama2(w, v);
    w.addFloat32Array("tokenizer.ggml.scores", scores);
  });
  ASSERT_TRUE(b->tok) << b->error;
  expectSameAsJson(*b->tok, *ref, golden("llama2"));
}

// A small byte-level vocabulary: the 256 byte pieces, two merges, specials.
void addTiny(gguf::Writer &w, const std::string &model) {
  std::vector<std::string> tokens = {"<|bos|>", "<|eos|>"};
  for (int b = 0; b < 256; ++b)
    tokens.push_back(decc::test::byteLevelPiece(uint8_t(b)));
  tokens.push_back("he");
  tokens.push_back("hel");
  std::vector<int32_t> types(tokens.size(), kNormal);
  types[0] = types[1] = kControl;
  w.addString("tokenizer.ggml.model", model);
  w.addStringArray("tokenizer.ggml.tokens", tokens);
  w.addInt32Array("tokenizer.ggml.token_type", types);
  w.addStringArray("tokenizer.ggml.merges", {"h e", "he l"});
  w.addUInt32("tokenizer.ggml.bos_token_id", 0);
  w.addUInt32("tokenizer.ggml.eos_token_id", 1);
}

TEST(GgufTokenizer, SmallByteLevelVocabulary) {
  auto b = build([](gguf::Writer &w) {
    addTiny(w, "gpt2");
    w.addBool("tokenizer.ggml.add_bos_token", true);
  });
  ASSERT_TRUE(b->tok) << b->error;
  const int32_t hel = 2 + 256 + 1, h = 2 + 'h', o = 2 + 'o';
  EXPECT_EQ(b->tok->encode("helo", true),
            (std::vector<int32_t>{0, hel, o}));
  EXPECT_EQ(b->tok->encode("<|eos|>h", false), (std::vector<int32_t>{1, h}));
  EXPECT_EQ(b->tok->decode({0, hel, o, 1}, true), "helo");
  EXPECT_EQ(b->tok->decode({0, hel, o, 1}, false), "<|bos|>helo<|eos|>");
  EXPECT_TRUE(b->tok->isSpecial(1));
  EXPECT_EQ(b->tok->vocabSize(), 260);
  // gpt2 files add no BOS unless they say so.
  auto plain = build([](gguf::Writer &w) { addTiny(w, "gpt2"); });
  ASSERT_TRUE(plain->tok) << plain->error;
  EXPECT_EQ(plain->tok->encode("he", true), (std::vector<int32_t>{2 + 256}));
}

std::string errorOf(const std::function<void(gguf::Writer &)> &fill) {
  auto b = build(fill);
  EXPECT_FALSE(b->tok);
  return b->error;
}

TEST(GgufTokenizer, ErrorsNameTheFileAndTheField) {
  EXPECT_EQ(errorOf([](gguf::Writer &w) { addTiny(w, "bert"); }),
            "t.gguf: error: tokenizer.ggml.model: unsupported tokenizer model "
            "'bert' (supported: gpt2 = byte-level BPE, llama = "
            "SentencePiece-style BPE with byte fallback)");
  EXPECT_EQ(errorOf([](gguf::Writer &) {}),
            "t.gguf: error: tokenizer.ggml.model: missing: the file has no "
            "embedded tokenizer");
  EXPECT_EQ(errorOf([](gguf::Writer &w) {
              addTiny(w, "gpt2");
              w.addString("tokenizer.ggml.pre", "starcoder");
            }),
            "t.gguf: error: tokenizer.ggml.pre: unsupported pre-tokenizer "
            "'starcoder' (supported: gpt-2, default, llama-bpe, qwen2)");
  EXPECT_EQ(errorOf([](gguf::Writer &w) {
              w.addString("tokenizer.ggml.model", "gpt2");
              w.addStringArray("tokenizer.ggml.tokens", {"a", "b"});
              w.addInt32Array("tokenizer.ggml.token_type", {1});
            }),
            "t.gguf: error: tokenizer.ggml.token_type: 1 entries for 2 tokens");
  EXPECT_EQ(errorOf([](gguf::Writer &w) {
              w.addString("tokenizer.ggml.model", "gpt2");
              w.addStringArray("tokenizer.ggml.tokens", {"a", "b"});
              w.addUInt32("tokenizer.ggml.eos_token_id", 7);
            }),
            "t.gguf: error: tokenizer.ggml.eos_token_id: token id 7 is not in "
            "the vocabulary (2 tokens)");
  EXPECT_EQ(errorOf([](gguf::Writer &w) {
              w.addString("tokenizer.ggml.model", "gpt2");
              w.addStringArray("tokenizer.ggml.tokens", {"a", "b"});
              w.addStringArray("tokenizer.ggml.merges", {"a c"});
            }),
            "t.gguf: error: tokenizer.ggml.merges[0]: merge 'a' + 'c' refers "
            "to a token that is not in the vocabulary");
  EXPECT_EQ(errorOf([](gguf::Writer &w) {
              w.addString("tokenizer.ggml.model", "llama");
              w.addStringArray("tokenizer.ggml.tokens", {"a", "b"});
            }),
            "t.gguf: error: tokenizer.ggml.scores: missing: a 'llama' "
            "tokenizer without tokenizer.ggml.merges needs scores to rank its "
            "merges");
  EXPECT_EQ(errorOf([](gguf::Writer &w) {
              w.addUInt32("tokenizer.ggml.model", 2);
            }),
            "t.gguf: error: tokenizer.ggml.model: expected string, found uint32");
}

TEST(GgufTokenizer, FromGgufFileReportsUnreadableFiles) {
  std::string err;
  EXPECT_FALSE(Tokenizer::fromGgufFile("/nonexistent/t.gguf", &err));
  EXPECT_NE(err.find("/nonexistent/t.gguf"), std::string::npos) << err;
}

} // namespace
