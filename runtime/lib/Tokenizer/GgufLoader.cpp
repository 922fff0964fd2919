// tokenizer.ggml.* metadata (GGUF) -> a Tokenizer. The metadata is described
// as the tokenizer.json document Hugging Face would use for the same
// vocabulary (docs/tokenizers.md, "From GGUF metadata") and handed to the
// JSON loader, so both paths share every check and the encoder.
#include "decc/gguf.h"
#include "decc/tokenizer.h"

#include "JsonLoader.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace decc {
namespace tok {
namespace {

using json = nlohmann::json;
using gguf::Value;
using gguf::ValueType;

// llama.cpp's token types (llama_token_type).
enum TokenType : int32_t {
  kNormal = 1,
  kUnknown = 2,
  kControl = 3,
  kUserDefined = 4,
  kUnused = 5,
  kByte = 6,
};

[[noreturn]] void fail(const std::string &field, const std::string &msg) {
  throw LoadError(field, msg);
}

// The metadata this loader reads, checked for type and size.
struct Metadata {
  std::string model, pre;
  std::vector<std::string> tokens, merges;
  std::vector<float> scores;
  std::vector<int32_t> types;
  bool hasMerges = false;
  int32_t bos = -1, eos = -1, unk = -1, eot = -1;
  int addBos = -1, addEos = -1;
  bool addSpacePrefix = true;
};

const Value *typed(const gguf::File &f, const std::string &key, ValueType type,
                   ValueType elem = ValueType::UInt8) {
  const Value *v = f.find(key);
  if (!v)
    return nullptr;
  if (v->type != type || (type == ValueType::Array && v->elemType != elem))
    fail(key, std::string("expected ") +
                  (type == ValueType::Array
                       ? std::string("an array of ") + gguf::valueTypeName(elem)
                       : gguf::valueTypeName(type)) +
                  ", found " +
                  (v->type == ValueType::Array
                       ? std::string("an array of ") +
                             gguf::valueTypeName(v->elemType)
                       : gguf::valueTypeName(v->type)));
  return v;
}

std::vector<std::string> strings(const Value &v) {
  return std::vector<std::string>(v.strs.begin(), v.strs.end());
}

int32_t tokenIdOf(const gguf::File &f, const std::string &key, size_t vocab) {
  const Value *v = f.find(key);
  if (!v)
    return -1;
  int64_t id = 0;
  if (!v->asInt64(&id))
    fail(key, std::string("expected an integer, found ") +
                  gguf::valueTypeName(v->type));
  if (id < 0 || uint64_t(id) >= vocab)
    fail(key, "token id " + std::to_string(id) + " is not in the vocabulary (" +
                  std::to_string(vocab) + " tokens)");
  return int32_t(id);
}

int flag(const gguf::File &f, const std::string &key) {
  const Value *v = typed(f, key, ValueType::Bool);
  return v ? int(v->u != 0) : -1;
}

Metadata readMetadata(const gguf::File &f) {
  Metadata m;
  const Value *model = typed(f, "tokenizer.ggml.model", ValueType::String);
  if (!model)
    fail("tokenizer.ggml.model", "missing: the file has no embedded tokenizer");
  m.model = std::string(model->str);
  if (m.model != "gpt2" && m.model != "llama")
    fail("tokenizer.ggml.model",
         "unsupported tokenizer model '" + m.model +
             "' (supported: gpt2 = byte-level BPE, llama = SentencePiece-style "
             "BPE with byte fallback)");
  if (const Value *pre = typed(f, "tokenizer.ggml.pre", ValueType::String))
    m.pre = std::string(pre->str);
  const Value *tokens =
      typed(f, "tokenizer.ggml.tokens", ValueType::Array, ValueType::String);
  if (!tokens || tokens->count == 0)
    fail("tokenizer.ggml.tokens", "missing or empty");
  m.tokens = strings(*tokens);
  const size_t n = m.tokens.size();
  if (const Value *s = typed(f, "tokenizer.ggml.scores", ValueType::Array,
                             ValueType::Float32)) {
    if (s->count != n)
      fail("tokenizer.ggml.scores", std::to_string(s->count) +
                                        " entries for " + std::to_string(n) +
                                        " tokens");
    for (uint64_t i = 0; i < n; ++i)
      m.scores.push_back(float(s->numberAt(i)));
  }
  if (const Value *t = typed(f, "tokenizer.ggml.token_type", ValueType::Array,
                             ValueType::Int32)) {
    if (t->count != n)
      fail("tokenizer.ggml.token_type", std::to_string(t->count) +
                                            " entries for " +
                                            std::to_string(n) + " tokens");
    for (uint64_t i = 0; i < n; ++i) {
      int64_t type = t->intAt(i);
      if (type < kNormal || type > kByte)
        fail("tokenizer.ggml.token_type[" + std::to_string(i) + "]",
             "unknown token type " + std::to_string(type));
      m.types.push_back(int32_t(type));
    }
  }
  if (const Value *mg = typed(f, "tokenizer.ggml.merges", ValueType::Array,
                              ValueType::String)) {
    m.merges = strings(*mg);
    m.hasMerges = true;
  }
  m.bos = tokenIdOf(f, "tokenizer.ggml.bos_token_id", n);
  m.eos = tokenIdOf(f, "tokenizer.ggml.eos_token_id", n);
  m.unk = tokenIdOf(f, "tokenizer.ggml.unknown_token_id", n);
  m.eot = tokenIdOf(f, "tokenizer.ggml.eot_token_id", n);
  m.addBos = flag(f, "tokenizer.ggml.add_bos_token");
  m.addEos = flag(f, "tokenizer.ggml.add_eos_token");
  int space = flag(f, "tokenizer.ggml.add_space_prefix");
  m.addSpacePrefix = space != 0;
  return m;
}

int32_t typeOf(const Metadata &m, size_t id) {
  return m.types.empty() ? kNormal : m.types[id];
}

// HF's SentencePiece conversion: every split of a piece into two pieces of
// the vocabulary is a merge, ranked by the merged piece's score (higher
// first), then by its id and the ids of the two halves.
json mergesFromScores(const Metadata &m) {
  if (m.scores.empty())
    fail("tokenizer.ggml.scores",
         "missing: a 'llama' tokenizer without tokenizer.ggml.merges needs "
         "scores to rank its merges");
  std::unordered_map<std::string_view, int32_t> ids;
  for (size_t i = 0; i < m.tokens.size(); ++i)
    ids.emplace(m.tokens[i], int32_t(i));
  std::vector<std::tuple<float, int32_t, int32_t, int32_t>> found;
  for (size_t t = 0; t < m.tokens.size(); ++t) {
    if (typeOf(m, t) != kNormal)
      continue;
    std::string_view piece = m.tokens[t];
    for (size_t cut = 1; cut < piece.size(); ++cut) {
      if ((uint8_t(piece[cut]) & 0xC0) == 0x80)
        continue; // inside a UTF-8 character
      auto l = ids.find(piece.substr(0, cut)), r = ids.find(piece.substr(cut));
      if (l != ids.end() && r != ids.end())
        found.emplace_back(-m.scores[t], int32_t(t), l->second, r->second);
    }
  }
  std::sort(found.begin(), found.end());
  json merges = json::array();
  for (const auto &[score, t, l, r] : found)
    merges.push_back(json::array({m.tokens[size_t(l)], m.tokens[size_t(r)]}));
  return merges;
}

json splitRegex(const char *pattern) {
  return {{"type", "Split"},
          {"pattern", {{"Regex", pattern}}},
          {"behavior", "Isolated"},
          {"invert", false}};
}

json byteLevel(bool useRegex) {
  return {{"type", "ByteLevel"},
          {"add_prefix_space", false},
          {"trim_offsets", true},
          {"use_regex", useRegex}};
}

// llama.cpp's pre-tokenizer names for byte-level vocabularies, as the
// tokenizer.json pre-tokenizers the same models ship with.
void gpt2PreTokenizer(const Metadata &m, json &doc, bool &ignoreMerges) {
  static const char *llama3 =
      R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
  static const char *qwen2 =
      R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
  ignoreMerges = false;
  if (m.pre.empty() || m.pre == "gpt-2" || m.pre == "gpt2" ||
      m.pre == "default") {
    doc["pre_tokenizer"] = byteLevel(true);
  } else if (m.pre == "llama-bpe" || m.pre == "llama3" || m.pre == "llama-v3") {
    doc["pre_tokenizer"] = {
        {"type", "Sequence"},
        {"pretokenizers", json::array({splitRegex(llama3), byteLevel(false)})}};
    ignoreMerges = true;
  } else if (m.pre == "qwen2" || m.pre == "deepseek-r1-qwen") {
    doc["normalizer"] = {{"type", "NFC"}};
    doc["pre_tokenizer"] = {
        {"type", "Sequence"},
        {"pretokenizers", json::array({splitRegex(qwen2), byteLevel(false)})}};
  } else {
    fail("tokenizer.ggml.pre",
         "unsupported pre-tokenizer '" + m.pre +
             "' (supported: gpt-2, default, llama-bpe, qwen2)");
  }
}

void addTemplate(const Metadata &m, bool bosByDefault, json &doc) {
  bool bos = m.addBos < 0 ? bosByDefault : m.addBos == 1;
  bool eos = m.addEos == 1;
  if (bos && m.bos < 0) {
    if (m.addBos == 1)
      fail("tokenizer.ggml.add_bos_token",
           "true, but tokenizer.ggml.bos_token_id is absent");
    bos = false;
  }
  if (eos && m.eos < 0)
    fail("tokenizer.ggml.add_eos_token",
         "true, but tokenizer.ggml.eos_token_id is absent");
  if (!bos && !eos)
    return;
  json single = json::array(), specials = json::object();
  auto special = [&](int32_t id) {
    const std::string &name = m.tokens[size_t(id)];
    specials[name] = {{"id", name},
                      {"ids", json::array({id})},
                      {"tokens", json::array({name})}};
    return json{{"SpecialToken", {{"id", name}, {"type_id", 0}}}};
  };
  if (bos)
    single.push_back(special(m.bos));
  single.push_back({{"Sequence", {{"id", "A"}, {"type_id", 0}}}});
  if (eos)
    single.push_back(special(m.eos));
  doc["post_processor"] = {{"type", "TemplateProcessing"},
                           {"single", single},
                           {"pair", json::array()},
                           {"special_tokens", specials}};
}

json describe(const Metadata &m) {
  json doc = json::object();
  json vocab = json::object(), added = json::array();
  for (size_t i = 0; i < m.tokens.size(); ++i) {
    // A repeated string keeps its first id, as llama.cpp's text -> id map.
    vocab.emplace(m.tokens[i], int32_t(i));
    int32_t type = typeOf(m, i);
    bool isUnk = type == kUnknown || int32_t(i) == m.unk;
    if (type == kControl || type == kUserDefined || (isUnk && m.model == "llama"))
      added.push_back({{"id", int32_t(i)},
                       {"content", m.tokens[i]},
                       {"special", type != kUserDefined},
                       {"normalized", false}});
  }
  json model = {{"type", "BPE"}, {"vocab", std::move(vocab)}};
  if (m.model == "gpt2") {
    bool ignoreMerges = false;
    gpt2PreTokenizer(m, doc, ignoreMerges);
    model["merges"] = m.merges;
    model["ignore_merges"] = ignoreMerges;
    doc["decoder"] = byteLevel(true);
    addTemplate(m, /*bosByDefault=*/false, doc);
  } else {
    model["merges"] = m.hasMerges ? json(m.merges) : mergesFromScores(m);
    model["byte_fallback"] = true;
    model["fuse_unk"] = true;
    int32_t unk = m.unk;
    for (size_t i = 0; unk < 0 && i < m.types.size(); ++i)
      if (m.types[i] == kUnknown)
        unk = int32_t(i);
    if (unk >= 0)
      model["unk_token"] = m.tokens[size_t(unk)];
    json replace = {{"type", "Replace"},
                    {"pattern", {{"String", " "}}},
                    {"content", "\u2581"}};
    json decoders = json::array(
        {{{"type", "Replace"},
          {"pattern", {{"String", "\u2581"}}},
          {"content", " "}},
         {{"type", "ByteFallback"}},
         {{"type", "Fuse"}}});
    json normalizers = json::array();
    if (m.addSpacePrefix) {
      normalizers.push_back({{"type", "Prepend"}, {"prepend", "\u2581"}});
      decoders.push_back(
          {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}});
    }
    normalizers.push_back(replace);
    doc["normalizer"] = {{"type", "Sequence"}, {"normalizers", normalizers}};
    doc["decoder"] = {{"type", "Sequence"}, {"decoders", decoders}};
    addTemplate(m, /*bosByDefault=*/true, doc);
  }
  doc["model"] = std::move(model);
  doc["added_tokens"] = std::move(added);
  return doc;
}

// The JSON loader names fields of the document; say which metadata they
// came from.
std::string metadataField(std::string msg) {
  static const std::pair<const char *, const char *> fields[] = {
      {"model.vocab", "tokenizer.ggml.tokens"},
      {"model.merges", "tokenizer.ggml.merges"},
      {"model.unk_token", "tokenizer.ggml.unknown_token_id"},
      {"added_tokens", "tokenizer.ggml.tokens"},
      {"post_processor", "tokenizer.ggml.bos_token_id"},
  };
  for (const auto &[from, to] : fields)
    if (msg.rfind(from, 0) == 0)
      return to + msg.substr(std::string(from).size());
  return msg;
}

} // namespace
} // namespace tok

std::unique_ptr<Tokenizer> Tokenizer::fromGguf(const gguf::File &file,
                                               std::string *error) {
  auto setError = [&](const std::string &msg) {
    if (error)
      *error = file.name() + ": error: " + msg;
    return nullptr;
  };
  try {
    tok::Metadata m = tok::readMetadata(file);
    std::unique_ptr<tok::TokenizerImpl> impl;
    try {
      impl = tok::loadDom(tok::describe(m));
    } catch (const tok::LoadError &e) {
      return setError(tok::metadataField(e.what()));
    }
    // The file's ids win over the guesses from token names.
    if (m.bos >= 0)
      impl->bos = m.bos;
    if (m.eos >= 0 || m.eot >= 0)
      impl->eos = m.eos >= 0 ? m.eos : m.eot;
    return std::unique_ptr<Tokenizer>(new Tokenizer(std::move(impl)));
  } catch (const tok::LoadError &e) {
    return setError(e.what());
  } catch (const std::bad_alloc &) {
    return setError("out of memory");
  } catch (const std::exception &e) {
    return setError(e.what());
  }
}

std::unique_ptr<Tokenizer> Tokenizer::fromGgufFile(const std::string &path,
                                                   std::string *error) {
  std::string err;
  std::unique_ptr<gguf::File> file = gguf::File::open(path, &err);
  if (!file) {
    if (error)
      *error = err;
    return nullptr;
  }
  return fromGguf(*file, error);
}

} // namespace decc
