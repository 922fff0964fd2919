#include "decc/tokenizer.h"

#include "TokenizerImpl.h"
#include "Unicode.h"

#include <algorithm>

namespace decc {
namespace tok {

namespace {
enum : uint8_t { kValid = 4 };

std::optional<int32_t> firstPresent(const TokenizerImpl &t,
                                    std::initializer_list<const char *> names) {
  for (const char *n : names) {
    // Only added tokens: "<s>" can be an ordinary piece of a BPE vocabulary.
    int32_t id = t.addedIds.find(n);
    if (id >= 0)
      return id;
  }
  return std::nullopt;
}
} // namespace

void TokenizerImpl::buildTables() {
  int32_t size = 0;
  const std::vector<int32_t> &ids = model.vocab.values();
  for (int32_t id : ids)
    size = std::max(size, id + 1);
  for (const AddedToken &t : added)
    size = std::max(size, t.id + 1);
  pieces.assign(size, std::string());
  bytes.assign(size, std::string());
  flags.assign(size, 0);
  const std::vector<std::string> &keys = model.vocab.keys();
  for (size_t k = 0; k < keys.size(); ++k) {
    pieces[ids[k]] = keys[k];
    flags[ids[k]] = kValid;
  }
  StringIdMap special;
  for (const AddedToken &t : added) {
    pieces[t.id] = t.content;
    flags[t.id] = kValid;
    if (t.special)
      special.insert(t.content, t.id);
  }
  for (int32_t id = 0; id < size; ++id) {
    if (!(flags[id] & kValid))
      continue;
    bool isByte = false;
    bytes[id] = tokenBytesOf(decoder, pieces[id], false, &isByte);
    if (isByte)
      flags[id] |= kByte;
    if (special.find(pieces[id]) >= 0)
      flags[id] |= kSpecial;
  }
  if (!prefixIds.empty())
    bos = prefixIds.front();
  else
    bos = firstPresent(*this, {"<|begin_of_text|>", "<s>", "<bos>", "<|bos|>"});
  // <|bos|>/<|eos|>: the project's own default-model tokenizer
  // (examples/models/decc-tokenizer.json).
  eos = firstPresent(*this, {"<|end_of_text|>", "<|im_end|>", "<end_of_turn>",
                             "</s>", "<eos>", "<|endoftext|>", "<|eos|>"});
}

void TokenizerImpl::encode(std::string_view input, bool addSpecial,
                           bool parseSpecial, std::vector<int32_t> &out) const {
  out.clear();
  if (addSpecial)
    out.insert(out.end(), prefixIds.begin(), prefixIds.end());
  std::string sanitized;
  if (!isValidUtf8(input)) {
    sanitized = utf8Lossy(input);
    input = sanitized;
  }
  std::vector<Segment> segments, inner;
  struct ToModel : WordSink {
    const BpeModel &model;
    std::vector<int32_t> &out;
    ToModel(const BpeModel &m, std::vector<int32_t> &o) : model(m), out(o) {}
    void word(std::string_view w) override { model.encodeWord(w, out); }
  } sink(model, out);
  auto encodeText = [&](std::string_view text, bool atStart) {
    forEachWord(preTokenizers, Piece{std::string(text), atStart}, sink);
  };
  if (rawMatcher.empty())
    segments.assign(1, {0, (uint32_t)input.size(), -1});
  else
    rawMatcher.split(input, added, parseSpecial, segments);
  for (const Segment &seg : segments) {
    if (seg.id >= 0) {
      out.push_back(seg.id);
      continue;
    }
    if (seg.end == seg.begin)
      continue;
    std::string norm = applyNormalizers(
        normalizers, std::string(input.substr(seg.begin, seg.end - seg.begin)));
    if (normalizedMatcher.empty()) {
      if (!norm.empty())
        encodeText(norm, seg.begin == 0);
      continue;
    }
    normalizedMatcher.split(norm, added, parseSpecial, inner);
    for (const Segment &s : inner) {
      if (s.id >= 0)
        out.push_back(s.id);
      else if (s.end > s.begin)
        encodeText(std::string_view(norm).substr(s.begin, s.end - s.begin),
                   seg.begin == 0 && s.begin == 0);
    }
  }
  if (addSpecial)
    out.insert(out.end(), suffixIds.begin(), suffixIds.end());
}

std::string TokenizerImpl::decode(const int32_t *ids, size_t n,
                                  bool skipSpecial, bool lossy) const {
  std::string out, run;
  bool byteRuns = lossy && decoder.lossy == DecoderSpec::Lossy::ByteRuns;
  auto flushRun = [&] {
    if (isValidUtf8(run)) {
      out += run;
    } else {
      for (size_t k = 0; k < run.size(); ++k)
        out += "\xEF\xBF\xBD";
    }
    run.clear();
  };
  bool first = true;
  std::string firstBytes;
  for (size_t k = 0; k < n; ++k) {
    int32_t id = ids[k];
    if (id < 0 || (size_t)id >= flags.size() || !(flags[id] & kValid))
      continue;
    if (skipSpecial && (flags[id] & kSpecial))
      continue;
    const std::string *b = &bytes[id];
    bool isByte = flags[id] & kByte;
    if (first && decoder.firstTokenDiffers) {
      firstBytes = tokenBytesOf(decoder, pieces[id], true, &isByte);
      b = &firstBytes;
    }
    first = false;
    if (byteRuns && isByte) {
      run += *b;
      continue;
    }
    if (byteRuns && !run.empty())
      flushRun();
    out += *b;
  }
  if (byteRuns && !run.empty())
    flushRun();
  if (lossy && decoder.lossy == DecoderSpec::Lossy::WholeText)
    out = utf8Lossy(out);
  applyTextStrips(decoder, out);
  return out;
}

} // namespace tok

Tokenizer::Tokenizer(std::unique_ptr<tok::TokenizerImpl> impl)
    : impl_(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool addSpecial,
                                       bool parseSpecial) const {
  std::vector<int32_t> out;
  impl_->encode(text, addSpecial, parseSpecial, out);
  return out;
}

std::string Tokenizer::decode(const int32_t *ids, size_t count,
                              bool skipSpecial) const {
  return impl_->decode(ids, count, skipSpecial, false);
}

std::string Tokenizer::decodeLossy(const int32_t *ids, size_t count,
                                   bool skipSpecial) const {
  return impl_->decode(ids, count, skipSpecial, true);
}

static const std::string kEmpty;

const std::string &Tokenizer::tokenBytes(int32_t id) const {
  if (id < 0 || (size_t)id >= impl_->bytes.size())
    return kEmpty;
  return impl_->bytes[id];
}

const std::string &Tokenizer::tokenPiece(int32_t id) const {
  if (id < 0 || (size_t)id >= impl_->pieces.size())
    return kEmpty;
  return impl_->pieces[id];
}

int32_t Tokenizer::tokenId(std::string_view piece) const {
  int32_t id = impl_->addedIds.find(piece);
  return id >= 0 ? id : impl_->model.vocab.find(piece);
}

bool Tokenizer::isSpecial(int32_t id) const {
  return id >= 0 && (size_t)id < impl_->flags.size() &&
         (impl_->flags[id] & tok::TokenizerImpl::kSpecial);
}

bool Tokenizer::isByteFallback(int32_t id) const {
  return id >= 0 && (size_t)id < impl_->flags.size() &&
         (impl_->flags[id] & tok::TokenizerImpl::kByte);
}

int32_t Tokenizer::vocabSize() const { return (int32_t)impl_->pieces.size(); }
std::optional<int32_t> Tokenizer::bosId() const { return impl_->bos; }
std::optional<int32_t> Tokenizer::eosId() const { return impl_->eos; }

} // namespace decc
