//===- TokenSlices.cpp - character classes and the vocabulary's slices ----===//

#include "TokenSlices.h"

#include <algorithm>
#include <cstring>

namespace decc {
namespace grammar {

namespace {
// Utf8ClassDfa's states: between characters, then inside a sequence by how
// many continuation bytes remain and which range the next one must lie in.
enum : uint8_t {
  kBoundary = 0,
  kCont1,   // one byte of 80..BF left
  kCont2,   // two left
  kCont3,   // three left
  kAfterE0, // A0..BF, then one (no overlong 3-byte forms)
  kAfterED, // 80..9F, then one (no surrogates)
  kAfterF0, // 90..BF, then two (no overlong 4-byte forms)
  kAfterF4, // 80..8F, then two (nothing above U+10FFFF)
};

/// Characters started in `bytes` (bytes that are not UTF-8 continuations).
uint32_t charCount(std::string_view bytes) {
  uint32_t n = 0;
  for (char c : bytes)
    n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

void setRange(uint8_t (&row)[256], int lo, int hi, uint8_t to) {
  for (int b = lo; b <= hi; ++b)
    row[b] = to;
}
} // namespace

Utf8ClassDfa::Utf8ClassDfa(const std::vector<bool> &ascii, bool nonAscii) {
  std::memset(next, kReject, sizeof(next));
  for (int b = 0; b < 128; ++b)
    if (b < static_cast<int>(ascii.size()) && ascii[b])
      next[kBoundary][b] = kBoundary;
  if (!nonAscii)
    return;
  setRange(next[kBoundary], 0xC2, 0xDF, kCont1);
  setRange(next[kBoundary], 0xE0, 0xE0, kAfterE0);
  setRange(next[kBoundary], 0xE1, 0xEC, kCont2);
  setRange(next[kBoundary], 0xED, 0xED, kAfterED);
  setRange(next[kBoundary], 0xEE, 0xEF, kCont2);
  setRange(next[kBoundary], 0xF0, 0xF0, kAfterF0);
  setRange(next[kBoundary], 0xF1, 0xF3, kCont3);
  setRange(next[kBoundary], 0xF4, 0xF4, kAfterF4);
  setRange(next[kCont1], 0x80, 0xBF, kBoundary);
  setRange(next[kCont2], 0x80, 0xBF, kCont1);
  setRange(next[kCont3], 0x80, 0xBF, kCont2);
  setRange(next[kAfterE0], 0xA0, 0xBF, kCont1);
  setRange(next[kAfterED], 0x80, 0x9F, kCont1);
  setRange(next[kAfterF0], 0x90, 0xBF, kCont2);
  setRange(next[kAfterF4], 0x80, 0x8F, kCont2);
}

uint8_t Utf8ClassDfa::run(std::string_view bytes) const {
  uint8_t s = kBoundary;
  for (char c : bytes) {
    s = next[s][static_cast<uint8_t>(c)];
    if (s == kReject)
      break;
  }
  return s;
}

bool Utf8ClassDfa::accepts(std::string_view bytes) const { return run(bytes) != kReject; }

bool Utf8ClassDfa::acceptsWhole(std::string_view bytes) const { return run(bytes) == kBoundary; }

bool Utf8ClassDfa::within(const Utf8ClassDfa &o) const {
  for (int u = 0; u < kStates; ++u)
    for (int b = 0; b < 256; ++b)
      if (next[u][b] != kReject && o.next[u][b] != next[u][b])
        return false;
  return true;
}

void defineTokenSlices(std::vector<Utf8ClassDfa> &classes, std::vector<TokenSlice> &slices,
                       uint32_t &partialClass, uint32_t &partialOf) {
  // From the narrowest class to the widest, since a token goes to the first
  // slice that holds it: lowercase words and numbers (identifiers, host
  // names, lowercase patterns), words with capitals, then everything a JSON
  // string holds unescaped: U+0020 and above but '"' and '\'. DEL is left
  // out because llama.cpp's json.gbnf (and so decc's) excludes it; a
  // grammar that allows it still takes the slices.
  std::vector<bool> lower(128, false), word(128, false), json(128, false);
  for (int b = 0; b < 128; ++b) {
    const bool digit = b >= '0' && b <= '9', small = b >= 'a' && b <= 'z';
    lower[b] = digit || small;
    word[b] = lower[b] || (b >= 'A' && b <= 'Z');
    json[b] = b >= 0x20 && b < 0x7F && b != '"' && b != '\\';
  }
  static_assert(sizeof(uint32_t) * 8 >= 4, "Vocabulary::sliceClassWithin holds a bit per class");
  classes.clear();
  // The tokens that end inside a character (Llama-3: ~1,100, such as a
  // space and the first two bytes of a CJK character) come first: a fill
  // reads the answers of the class they end inside of, and classes are
  // answered from the last one down.
  classes.emplace_back(json, /*nonAscii=*/true);
  classes.emplace_back(lower, /*nonAscii=*/false);
  classes.emplace_back(word, /*nonAscii=*/false);
  classes.emplace_back(json, /*nonAscii=*/true);
  partialClass = 0;
  partialOf = 3;
  const char *names[] = {"json-string-partial", "lower-word", "word", "json-string"};
  // Tiers by character count: a string bounded by maxLength takes the
  // tiers shorter than what it has left and leaves out the longer ones, so
  // with a tier per count up to 16 (nearly every token) nothing is walked
  // but the rest; coarser above, where tokens are few.
  const uint32_t bounds[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 20, 24, 32, UINT32_MAX};
  slices.clear();
  for (uint32_t c = 0; c < classes.size(); ++c)
    for (size_t t = 0; t + 1 < sizeof(bounds) / sizeof(bounds[0]); ++t) {
      TokenSlice s;
      s.name = std::string(names[c]) + "(" + std::to_string(bounds[t]) + "," +
               (bounds[t + 1] == UINT32_MAX ? std::string("inf") : std::to_string(bounds[t + 1])) +
               "]";
      s.cls = c;
      s.minChars = bounds[t];
      s.maxChars = bounds[t + 1];
      slices.push_back(std::move(s));
    }
}

void partitionIntoSlices(const std::vector<int32_t> &sorted,
                         const std::function<std::string_view(int32_t)> &bytesOf, size_t vocabSize,
                         const std::vector<Utf8ClassDfa> &classes, uint32_t partialClass,
                         std::vector<TokenSlice> &slices, TokenTrie &rest,
                         std::vector<TokenTrie> &classTries) {
  std::vector<std::vector<int32_t>> members(slices.size()), classMembers(classes.size());
  std::vector<int32_t> others;
  for (int32_t id : sorted) {
    std::string_view b = bytesOf(id);
    const uint32_t chars = charCount(b);
    size_t i = 0;
    for (; i < slices.size(); ++i) {
      const TokenSlice &s = slices[i];
      if (chars <= s.minChars || chars > s.maxChars)
        continue;
      const uint8_t end = classes[s.cls].run(b);
      if (s.cls == partialClass ? end != Utf8ClassDfa::kReject && end != Utf8ClassDfa::kBetween
                                : end == Utf8ClassDfa::kBetween)
        break;
    }
    if (i < slices.size()) {
      members[i].push_back(id);
      classMembers[slices[i].cls].push_back(id);
    } else {
      others.push_back(id);
    }
  }
  const size_t words = (vocabSize + 31) / 32;
  for (size_t i = 0; i < slices.size(); ++i) {
    TokenSlice &s = slices[i];
    if (i > 0 && slices[i - 1].cls == s.cls)
      s.maskThrough = slices[i - 1].maskThrough;
    else
      s.maskThrough.assign(words, 0);
    s.longestChars = s.minChars;
    for (int32_t id : members[i]) {
      s.maskThrough[id >> 5] |= 1u << (id & 31);
      s.longestChars = std::max(s.longestChars, charCount(bytesOf(id)));
    }
    // Subsequences of a sorted order stay sorted. A tier's own trie is
    // walked only near a bound (the tiers below it taken whole, those above
    // left out), where no loop or long chain holds.
    s.trie = buildTokenTrie(members[i], bytesOf, SubtreeSummaries::Without);
  }
  // Every token of the rest holds a byte that ends or escapes a string or a
  // character no class admits: its subtrees are never taken whole.
  rest = buildTokenTrie(others, bytesOf, SubtreeSummaries::Without);
  classTries.clear();
  for (const std::vector<int32_t> &m : classMembers)
    classTries.push_back(buildTokenTrie(m, bytesOf, SubtreeSummaries::With));
}

} // namespace grammar
} // namespace decc
