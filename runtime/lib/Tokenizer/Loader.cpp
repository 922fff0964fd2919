// tokenizer.json -> TokenizerImpl. Every field the supported families use is
// read and checked; anything else is refused with "<file>: error: <field>:
// <why>" so that a tokenizer that loads encodes exactly as HF does.
#include "decc/tokenizer.h"

#include "JsonLoader.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace decc {
namespace tok {
namespace {

using json = nlohmann::json;

// Larger ids would make the per-id tables absurdly big; no real vocabulary
// comes near this.
constexpr int64_t kMaxTokenId = (1 << 24) - 1;

std::string describe(const json &j) {
  switch (j.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::object:
    return "an object";
  case json::value_t::array:
    return "an array";
  case json::value_t::string:
    return "a string";
  case json::value_t::boolean:
    return "a boolean";
  case json::value_t::number_float:
    return "a floating-point number";
  default:
    return "a number";
  }
}

// A JSON value and the field path that leads to it, for messages.
struct Node {
  const json &j;
  std::string path;

  [[noreturn]] void fail(const std::string &msg) const {
    throw LoadError(path, msg);
  }
  void expect(bool ok, const char *what) const {
    if (!ok)
      fail(std::string("expected ") + what + ", found " + describe(j));
  }
  bool isNull() const { return j.is_null(); }
  /// Member `key` (null when absent); the object check is done here.
  Node operator[](const char *key) const {
    static const json null;
    expect(j.is_object(), "an object");
    auto it = j.find(key);
    return {it == j.end() ? null : *it, path.empty() ? key : path + "." + key};
  }
  Node at(size_t i) const {
    return {j[i], path + "[" + std::to_string(i) + "]"};
  }
  size_t size() const {
    expect(j.is_array(), "an array");
    return j.size();
  }
  std::string str() const {
    expect(j.is_string(), "a string");
    return j.get<std::string>();
  }
  std::string strOr(const char *dflt) const { return isNull() ? dflt : str(); }
  bool boolean(bool dflt) const {
    if (isNull())
      return dflt;
    expect(j.is_boolean(), "a boolean");
    return j.get<bool>();
  }
  int64_t integer(int64_t lo, int64_t hi) const {
    expect(j.is_number_integer(), "an integer");
    if (j.is_number_unsigned() ? j.get<uint64_t>() > (uint64_t)hi
                               : j.get<int64_t>() < lo || j.get<int64_t>() > hi)
      fail("integer out of range [" + std::to_string(lo) + ", " +
           std::to_string(hi) + "]");
    return j.get<int64_t>();
  }
  std::string type() const { return (*this)["type"].str(); }
  [[noreturn]] void unsupported(const std::string &what) const {
    (*this)["type"].fail("unsupported " + what + " '" + type() + "'");
  }
};

// Pattern {"String": s} as a literal; Regex patterns are only accepted by
// the Split pre-tokenizer, through RegexSplitter.
std::string literalPattern(const Node &n) {
  Node p = n["pattern"];
  Node s = p["String"];
  if (s.isNull())
    p.fail("only {\"String\": ...} patterns are supported here");
  return s.str();
}

std::string oneChar(const Node &n) {
  std::string s = n.str();
  if (s.empty() || !isValidUtf8(s) || decodeUtf8(s).size() != 1)
    n.fail("expected a single character");
  return s;
}

void loadNormalizer(const Node &n, std::vector<NormalizerStep> &out) {
  if (n.isNull())
    return;
  std::string t = n.type();
  if (t == "Sequence") {
    Node list = n["normalizers"];
    for (size_t i = 0, e = list.size(); i < e; ++i)
      loadNormalizer(list.at(i), out);
  } else if (t == "NFC" || t == "NFD" || t == "NFKC" || t == "NFKD") {
    NormalizerStep s;
    s.kind = NormalizerStep::Kind::Normalize;
    s.form = t == "NFC"    ? NormalForm::NFC
             : t == "NFD"  ? NormalForm::NFD
             : t == "NFKC" ? NormalForm::NFKC
                           : NormalForm::NFKD;
    out.push_back(s);
  } else if (t == "Replace") {
    NormalizerStep s;
    s.kind = NormalizerStep::Kind::Replace;
    s.pattern = literalPattern(n);
    s.content = n["content"].str();
    out.push_back(s);
  } else if (t == "Prepend") {
    NormalizerStep s;
    s.kind = NormalizerStep::Kind::Prepend;
    s.content = n["prepend"].str();
    out.push_back(s);
  } else {
    n.unsupported("normalizer");
  }
}

void loadPreTokenizer(const Node &n, std::vector<PreTokenizerStep> &out) {
  if (n.isNull())
    return;
  std::string t = n.type();
  PreTokenizerStep s;
  s.kind = PreTokenizerStep::Kind::ByteLevel;
  if (t == "Sequence") {
    Node list = n["pretokenizers"];
    for (size_t i = 0, e = list.size(); i < e; ++i)
      loadPreTokenizer(list.at(i), out);
    return;
  }
  if (t == "Split") {
    Node pattern = n["pattern"];
    Node regex = pattern["Regex"];
    if (!regex.isNull()) {
      s.kind = PreTokenizerStep::Kind::SplitRegex;
      s.regex = RegexSplitter::recognize(regex.str());
      if (!s.regex)
        regex.fail("unsupported regex (supported: the GPT-2 and "
                   "Llama-3/Qwen pre-tokenizer patterns)");
    } else {
      s.kind = PreTokenizerStep::Kind::SplitLiteral;
      s.literal = literalPattern(n);
    }
    Node behavior = n["behavior"];
    std::optional<SplitBehavior> b = parseSplitBehavior(behavior.str());
    if (!b)
      behavior.fail("unknown split behavior '" + behavior.str() + "'");
    s.behavior = *b;
    s.invert = n["invert"].boolean(false);
  } else if (t == "ByteLevel") {
    s.addPrefixSpace = n["add_prefix_space"].boolean(true);
    s.useRegex = n["use_regex"].boolean(true);
  } else if (t == "Metaspace") {
    s.kind = PreTokenizerStep::Kind::Metaspace;
    s.replacement = oneChar(n["replacement"]);
    s.split = n["split"].boolean(true);
    Node scheme = n["prepend_scheme"];
    if (scheme.isNull()) {
      s.prepend = n["add_prefix_space"].boolean(true)
                      ? PreTokenizerStep::Prepend::Always
                      : PreTokenizerStep::Prepend::Never;
    } else {
      std::string v = scheme.str();
      if (v == "always")
        s.prepend = PreTokenizerStep::Prepend::Always;
      else if (v == "first")
        s.prepend = PreTokenizerStep::Prepend::First;
      else if (v == "never")
        s.prepend = PreTokenizerStep::Prepend::Never;
      else
        scheme.fail("unknown prepend_scheme '" + v + "'");
    }
  } else {
    n.unsupported("pre-tokenizer");
  }
  out.push_back(std::move(s));
}

DecoderSpec::TokenStep tokenStep(DecoderSpec::TokenStep::Kind kind) {
  DecoderSpec::TokenStep s;
  s.kind = kind;
  return s;
}

void loadDecoderStep(const Node &n, DecoderSpec &d, bool &fused,
                     bool &byteFallback, size_t &count) {
  std::string t = n.type();
  using Step = DecoderSpec::TokenStep;
  if (t == "Sequence") {
    Node list = n["decoders"];
    for (size_t i = 0, e = list.size(); i < e; ++i)
      loadDecoderStep(list.at(i), d, fused, byteFallback, count);
    return;
  }
  ++count;
  bool perToken = t == "Replace" || t == "ByteFallback" || t == "Metaspace" ||
                  t == "ByteLevel";
  if (perToken && fused)
    n.fail("decoder '" + t + "' after Fuse is not supported");
  if (perToken && byteFallback)
    n.fail("decoder '" + t + "' after ByteFallback is not supported");
  if (t == "ByteLevel") {
    if (count != 1)
      n.fail("ByteLevel combined with other decoders is not supported");
    d.tokenSteps.push_back(tokenStep(Step::Kind::ByteLevel));
    d.lossy = DecoderSpec::Lossy::WholeText;
  } else if (t == "Replace") {
    Step s = tokenStep(Step::Kind::Replace);
    s.from = literalPattern(n);
    s.to = n["content"].str();
    d.tokenSteps.push_back(s);
  } else if (t == "Metaspace") {
    Step s = tokenStep(Step::Kind::Metaspace);
    s.from = oneChar(n["replacement"]);
    Node scheme = n["prepend_scheme"];
    s.stripFirst = scheme.isNull() ? n["add_prefix_space"].boolean(true)
                                   : scheme.str() != "never";
    d.firstTokenDiffers = d.firstTokenDiffers || s.stripFirst;
    d.tokenSteps.push_back(s);
  } else if (t == "ByteFallback") {
    d.tokenSteps.push_back(tokenStep(Step::Kind::ByteFallback));
    d.lossy = DecoderSpec::Lossy::ByteRuns;
    byteFallback = true;
  } else if (t == "Fuse") {
    fused = true;
  } else if (t == "Strip") {
    if (!fused)
      n.fail("Strip before Fuse (per-token strip) is not supported");
    DecoderSpec::Strip s;
    s.content = oneChar(n["content"]);
    s.start = (size_t)n["start"].integer(0, 1 << 20);
    s.stop = (size_t)n["stop"].integer(0, 1 << 20);
    d.textStrips.push_back(s);
  } else {
    n.unsupported("decoder");
  }
  if (d.lossy == DecoderSpec::Lossy::WholeText && count > 1)
    n.fail("ByteLevel combined with other decoders is not supported");
}

void loadDecoder(const Node &n, DecoderSpec &d) {
  if (n.isNull())
    n.fail("a null decoder (tokens joined by spaces) is not supported");
  bool fused = false, byteFallback = false;
  size_t count = 0;
  loadDecoderStep(n, d, fused, byteFallback, count);
}

void loadPostProcessor(const Node &n, TokenizerImpl &t) {
  if (n.isNull())
    return;
  std::string type = n.type();
  if (type == "Sequence") {
    Node list = n["processors"];
    for (size_t i = 0, e = list.size(); i < e; ++i)
      loadPostProcessor(list.at(i), t);
  } else if (type == "ByteLevel") {
    // Only trims offsets; the ids are unchanged.
  } else if (type == "TemplateProcessing") {
    if (!t.prefixIds.empty() || !t.suffixIds.empty())
      n.fail("more than one TemplateProcessing is not supported");
    Node single = n["single"];
    Node specials = n["special_tokens"];
    bool seenA = false;
    for (size_t i = 0, e = single.size(); i < e; ++i) {
      Node item = single.at(i);
      Node seq = item["Sequence"];
      if (!seq.isNull()) {
        if (seq["id"].str() != "A" || seenA)
          seq["id"].fail("the single template must contain sequence A once");
        seenA = true;
        continue;
      }
      Node special = item["SpecialToken"];
      if (special.isNull())
        item.fail("expected {\"Sequence\": ...} or {\"SpecialToken\": ...}");
      std::string name = special["id"].str();
      Node entry = specials[name.c_str()];
      if (entry.isNull())
        special["id"].fail("special token '" + name +
                           "' is not in special_tokens");
      Node ids = entry["ids"];
      for (size_t k = 0, m = ids.size(); k < m; ++k)
        (seenA ? t.suffixIds : t.prefixIds)
            .push_back((int32_t)ids.at(k).integer(0, kMaxTokenId));
    }
    if (!seenA)
      single.fail("the single template must contain sequence A");
  } else {
    n.unsupported("post-processor");
  }
}

void loadModel(const Node &m, BpeModel &bpe) {
  if (m.type() != "BPE")
    m.unsupported("model type");
  Node vocab = m["vocab"];
  vocab.expect(vocab.j.is_object(), "an object");
  bpe.vocab.reserve(vocab.j.size());
  for (auto it = vocab.j.begin(); it != vocab.j.end(); ++it) {
    Node v{it.value(), vocab.path + "[\"" + it.key() + "\"]"};
    if (!isValidUtf8(it.key()))
      v.fail("token is not valid UTF-8");
    bpe.vocab.insert(it.key(), (int32_t)v.integer(0, kMaxTokenId));
  }
  Node dropout = m["dropout"];
  if (!dropout.isNull() &&
      !(dropout.j.is_number() && dropout.j.get<double>() == 0.0))
    dropout.fail("BPE dropout is not supported (encoding would be random)");
  for (const char *affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
    Node a = m[affix];
    if (!a.isNull() && !a.str().empty())
      a.fail("a non-empty value is not supported");
  }
  bpe.fuseUnk = m["fuse_unk"].boolean(false);
  bpe.byteFallback = m["byte_fallback"].boolean(false);
  bpe.ignoreMerges = m["ignore_merges"].boolean(false);
  Node unk = m["unk_token"];
  if (!unk.isNull()) {
    bpe.unkId = bpe.vocab.find(unk.str());
    if (bpe.unkId < 0)
      unk.fail("unk_token '" + unk.str() + "' is not in the vocabulary");
  }
  static const char hex[] = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) {
    char name[] = {'<', '0', 'x', hex[b >> 4], hex[b & 15], '>', 0};
    bpe.byteTokens[b] = bpe.vocab.find(name);
  }
  Node merges = m["merges"];
  size_t n = merges.isNull() ? 0 : merges.size();
  bpe.merges.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Node item = merges.at(i);
    std::string a, b;
    if (item.j.is_string()) {
      std::string s = item.str();
      size_t sp = s.find(' ');
      if (sp == std::string::npos)
        item.fail("expected \"left right\"");
      a = s.substr(0, sp);
      b = s.substr(sp + 1);
    } else {
      if (item.size() != 2)
        item.fail("expected a pair of strings");
      a = item.at(0).str();
      b = item.at(1).str();
    }
    int32_t ia = bpe.vocab.find(a), ib = bpe.vocab.find(b);
    int32_t merged = bpe.vocab.find(a + b);
    if (ia < 0 || ib < 0 || merged < 0)
      item.fail("merge '" + a + "' + '" + b +
                "' refers to a token that is not in the vocabulary");
    bpe.merges.insert((uint32_t)ia, (uint32_t)ib, {(int32_t)i, merged});
  }
}

// HF ignores the ids written in added_tokens and assigns them again: the
// model's id when the content is in the vocabulary, else the next id after
// the vocabulary and the tokens added so far. Done the same way here.
void loadAddedTokens(const Node &list, TokenizerImpl &t) {
  if (list.isNull())
    return;
  int32_t vocabCount = (int32_t)t.model.vocab.size();
  int32_t maxAdded = -1;
  std::vector<AddedToken> special, plain;
  for (size_t i = 0, e = list.size(); i < e; ++i) {
    Node n = list.at(i);
    AddedToken a;
    a.content = n["content"].str();
    if (!isValidUtf8(a.content))
      n["content"].fail("not valid UTF-8");
    n["id"].integer(0, kMaxTokenId);
    a.special = n["special"].boolean(false);
    a.lstrip = n["lstrip"].boolean(false);
    a.rstrip = n["rstrip"].boolean(false);
    a.singleWord = n["single_word"].boolean(false);
    a.normalized = n["normalized"].boolean(!a.special);
    if (a.content.empty() || t.addedIds.find(a.content) >= 0)
      continue;
    int32_t id = t.model.vocab.find(a.content);
    if (id < 0)
      id = maxAdded < 0 ? vocabCount
           : (maxAdded >= vocabCount || vocabCount == 0) ? maxAdded + 1
                                                         : vocabCount;
    if (id > kMaxTokenId)
      n["id"].fail("too many added tokens");
    a.id = id;
    maxAdded = std::max(maxAdded, id);
    t.addedIds.insert(a.content, id);
    (a.special ? special : plain).push_back(a);
  }
  // HF matches special tokens first, then the others, in insertion order.
  t.added = std::move(special);
  t.added.insert(t.added.end(), plain.begin(), plain.end());
  for (size_t k = 0; k < t.added.size(); ++k) {
    const AddedToken &a = t.added[k];
    if (a.normalized)
      t.normalizedMatcher.add(applyNormalizers(t.normalizers, a.content),
                              (uint32_t)k);
    else
      t.rawMatcher.add(a.content, (uint32_t)k);
  }
}

} // namespace

std::unique_ptr<TokenizerImpl> loadDom(const json &root) {
  Node r{root, ""};
  r.expect(root.is_object(), "an object at the top level");
  for (const char *unsupported : {"truncation", "padding"})
    if (!r[unsupported].isNull())
      r[unsupported].fail("must be null (not supported)");
  auto t = std::make_unique<TokenizerImpl>();
  Node model = r["model"];
  if (model.isNull())
    model.fail("missing");
  loadModel(model, t->model);
  loadNormalizer(r["normalizer"], t->normalizers);
  loadPreTokenizer(r["pre_tokenizer"], t->preTokenizers);
  loadAddedTokens(r["added_tokens"], *t);
  loadPostProcessor(r["post_processor"], *t);
  loadDecoder(r["decoder"], t->decoder);
  t->buildTables();
  int32_t size = (int32_t)t->pieces.size();
  for (int32_t id : t->prefixIds)
    if (id >= size)
      r["post_processor"].fail("special token id " + std::to_string(id) +
                               " is not in the vocabulary");
  for (int32_t id : t->suffixIds)
    if (id >= size)
      r["post_processor"].fail("special token id " + std::to_string(id) +
                               " is not in the vocabulary");
  return t;
}

namespace {

// "<name>:<line>:<col>: error: <msg>", the line (clipped) and a caret.
std::string syntaxError(std::string_view text, const std::string &name,
                        size_t byte, const std::string &msg) {
  byte = std::min(byte, text.size());
  size_t lineStart = text.rfind('\n', byte ? byte - 1 : 0);
  lineStart = lineStart == std::string_view::npos || byte == 0 ? 0 : lineStart + 1;
  size_t line = 1 + std::count(text.begin(), text.begin() + lineStart, '\n');
  size_t col = byte - lineStart + 1;
  size_t lineEnd = text.find('\n', lineStart);
  if (lineEnd == std::string_view::npos)
    lineEnd = text.size();
  // Real tokenizer.json lines can be megabytes long: show 60 bytes around.
  size_t from = col > 40 ? byte - 40 : lineStart;
  size_t to = std::min(lineEnd, from + 60);
  std::string excerpt(text.substr(from, to - from));
  for (char &c : excerpt)
    if ((unsigned char)c < 0x20)
      c = ' ';
  std::ostringstream os;
  os << name << ':' << line << ':' << col << ": error: " << msg << '\n'
     << excerpt << '\n'
     << std::string(byte - from, ' ') << '^';
  return os.str();
}

} // namespace
} // namespace tok

std::unique_ptr<Tokenizer> Tokenizer::fromJson(std::string_view text,
                                               const std::string &name,
                                               std::string *error) {
  auto setError = [&](const std::string &msg) {
    if (error)
      *error = msg;
    return nullptr;
  };
  tok::json root;
  try {
    root = tok::json::parse(text.begin(), text.end());
  } catch (const tok::json::parse_error &e) {
    std::string msg = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at
    // line 1, column 2: " prefix; the position is reported our way.
    size_t colon = msg.find(": ", msg.find("parse error"));
    if (colon != std::string::npos)
      msg = msg.substr(colon + 2);
    return setError(tok::syntaxError(text, name, e.byte ? e.byte - 1 : 0,
                                     "invalid JSON: " + msg));
  } catch (const std::exception &e) {
    return setError(name + ": error: invalid JSON: " + e.what());
  }
  try {
    return std::unique_ptr<Tokenizer>(new Tokenizer(tok::loadDom(root)));
  } catch (const tok::LoadError &e) {
    return setError(name + ": error: " + e.what());
  } catch (const std::bad_alloc &) {
    return setError(name + ": error: out of memory");
  } catch (const std::exception &e) {
    return setError(name + ": error: " + e.what());
  }
}

std::unique_ptr<Tokenizer> Tokenizer::fromFile(const std::string &path,
                                               std::string *error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error)
      *error = path + ": error: cannot open file";
    return nullptr;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return fromJson(buf.str(), path, error);
}

} // namespace decc
