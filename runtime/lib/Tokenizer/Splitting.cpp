#include "Splitting.h"

#include "Unicode.h"

#include <algorithm>
#include <array>

namespace decc::tok {

std::optional<SplitBehavior> parseSplitBehavior(std::string_view name) {
  if (name == "Removed")
    return SplitBehavior::Removed;
  if (name == "Isolated")
    return SplitBehavior::Isolated;
  if (name == "MergedWithPrevious")
    return SplitBehavior::MergedWithPrevious;
  if (name == "MergedWithNext")
    return SplitBehavior::MergedWithNext;
  if (name == "Contiguous")
    return SplitBehavior::Contiguous;
  return std::nullopt;
}

static constexpr std::string_view kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
static constexpr std::string_view kLlama3Head =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N})";
static constexpr std::string_view kLlama3Tail =
    R"(| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

RegexSplitter RegexSplitter::gpt2() { return RegexSplitter(Family::Gpt2, 0); }

std::optional<RegexSplitter> RegexSplitter::recognize(std::string_view p) {
  if (p == kGpt2Pattern)
    return gpt2();
  if (p.size() < kLlama3Head.size() + kLlama3Tail.size() ||
      p.substr(0, kLlama3Head.size()) != kLlama3Head ||
      p.substr(p.size() - kLlama3Tail.size()) != kLlama3Tail)
    return std::nullopt;
  std::string_view quant = p.substr(
      kLlama3Head.size(), p.size() - kLlama3Head.size() - kLlama3Tail.size());
  if (quant.empty())
    return RegexSplitter(Family::Llama3, 1);
  if (quant.size() == 5 && quant.substr(0, 3) == "{1," && quant[4] == '}' &&
      quant[3] >= '1' && quant[3] <= '9')
    return RegexSplitter(Family::Llama3, quant[3] - '0');
  return std::nullopt;
}

namespace {
// Matching works on code points; each returns the end index of the match
// starting at i (i itself when the alternative fails), following the
// backtracking order of the original regex alternatives.
struct Matcher {
  const std::vector<CodePoint> &c;
  const std::vector<uint8_t> &cls; // charClasses of each code point
  size_t n;
  char32_t at(size_t i) const { return i < n ? c[i].cp : 0; }
  bool has(size_t i) const { return i < n; }
  bool letter(size_t i) const { return has(i) && (cls[i] & kClassLetter); }
  bool number(size_t i) const { return has(i) && (cls[i] & kClassNumber); }
  bool space(size_t i) const { return has(i) && (cls[i] & kClassSpace); }
  bool newline(size_t i) const {
    return has(i) && (c[i].cp == '\r' || c[i].cp == '\n');
  }
  bool other(size_t i) const { // [^\s\p{L}\p{N}]
    return has(i) && !space(i) && !letter(i) && !number(i);
  }

  size_t contraction(size_t i, bool ignoreCase) const {
    if (at(i) != '\'')
      return i;
    auto lower = [&](size_t k) -> char32_t {
      char32_t ch = at(k);
      return ignoreCase && ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
    };
    char32_t a = lower(i + 1);
    if (!has(i + 1))
      return i;
    if (a == 's' || a == 't' || a == 'm' || a == 'd')
      return i + 2;
    if (!has(i + 2))
      return i;
    char32_t b = lower(i + 2);
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') ||
        (a == 'l' && b == 'l'))
      return i + 3;
    return i;
  }
  size_t runOf(size_t i, bool (Matcher::*pred)(size_t) const) const {
    while ((this->*pred)(i))
      ++i;
    return i;
  }
  // \s+(?!\S) then \s+ : a whitespace run, leaving its last character to
  // the next match when a non-space follows (so " word" keeps its space).
  size_t spaces(size_t i) const {
    size_t j = runOf(i, &Matcher::space);
    if (j == i)
      return i;
    if (j == n || j - i == 1)
      return j;
    return j - 1;
  }

  size_t gpt2(size_t i) const {
    size_t e = contraction(i, false);
    if (e != i)
      return e;
    size_t s = at(i) == ' ' ? i + 1 : i;
    if (letter(s))
      return runOf(s, &Matcher::letter);
    if (number(s))
      return runOf(s, &Matcher::number);
    if (other(s))
      return runOf(s, &Matcher::other);
    return spaces(i);
  }

  size_t llama3(size_t i, int maxDigits) const {
    size_t e = contraction(i, true);
    if (e != i)
      return e;
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (has(i) && !newline(i) && !letter(i) && !number(i) && letter(i + 1))
      return runOf(i + 1, &Matcher::letter);
    if (letter(i))
      return runOf(i, &Matcher::letter);
    // \p{N}{1,k}
    if (number(i)) {
      size_t j = i;
      while (number(j) && (maxDigits == 0 || j - i < (size_t)maxDigits))
        ++j;
      return j;
    }
    //  ?[^\s\p{L}\p{N}]+[\r\n]*
    size_t s = at(i) == ' ' && other(i + 1) ? i + 1 : i;
    if (other(s))
      return runOf(runOf(s, &Matcher::other), &Matcher::newline);
    // \s*[\r\n]+ : the whitespace run up to and including its last newline.
    size_t j = runOf(i, &Matcher::space);
    for (size_t k = j; k > i; --k)
      if (newline(k - 1))
        return k;
    return spaces(i);
  }
};
} // namespace

void RegexSplitter::find(std::string_view text, std::vector<Range> &out) const {
  out.clear();
  std::vector<CodePoint> cps = decodeUtf8(text);
  std::vector<uint8_t> cls(cps.size());
  for (size_t k = 0; k < cps.size(); ++k)
    cls[k] = charClasses(cps[k].cp);
  Matcher m{cps, cls, cps.size()};
  auto offset = [&](size_t k) -> uint32_t {
    return k < cps.size() ? cps[k].offset : (uint32_t)text.size();
  };
  size_t gapStart = 0;
  for (size_t i = 0; i < cps.size();) {
    size_t e = family_ == Family::Gpt2 ? m.gpt2(i) : m.llama3(i, maxDigits_);
    if (e == i) { // cannot happen for these patterns; keep the text anyway
      ++i;
      continue;
    }
    if (gapStart < i)
      out.push_back({offset(gapStart), offset(i), false});
    out.push_back({offset(i), offset(e), true});
    i = gapStart = e;
  }
  if (gapStart < cps.size())
    out.push_back({offset(gapStart), (uint32_t)text.size(), false});
}

void findLiteral(std::string_view text, std::string_view literal,
                 std::vector<Range> &out) {
  out.clear();
  if (literal.empty()) {
    out.push_back({0, (uint32_t)text.size(), false});
    return;
  }
  size_t prev = 0;
  for (size_t pos = text.find(literal); pos != std::string_view::npos;
       pos = text.find(literal, pos + literal.size())) {
    if (prev < pos)
      out.push_back({(uint32_t)prev, (uint32_t)pos, false});
    out.push_back({(uint32_t)pos, (uint32_t)(pos + literal.size()), true});
    prev = pos + literal.size();
  }
  if (prev < text.size())
    out.push_back({(uint32_t)prev, (uint32_t)text.size(), false});
}

void applySplitBehavior(std::vector<Range> &ranges, SplitBehavior behavior,
                        bool invert) {
  if (invert)
    for (Range &r : ranges)
      r.match = !r.match;
  // Range::match is reused below as "remove this piece".
  std::vector<Range> res;
  res.reserve(ranges.size());
  switch (behavior) {
  case SplitBehavior::Isolated:
    for (const Range &r : ranges)
      res.push_back({r.begin, r.end, false});
    break;
  case SplitBehavior::Removed:
    for (const Range &r : ranges)
      res.push_back({r.begin, r.end, r.match});
    break;
  case SplitBehavior::Contiguous: {
    bool prevMatch = false;
    for (const Range &r : ranges) {
      if (r.match == prevMatch && !res.empty())
        res.back().end = r.end;
      else
        res.push_back({r.begin, r.end, false});
      prevMatch = r.match;
    }
    break;
  }
  case SplitBehavior::MergedWithPrevious: {
    bool prevMatch = false;
    for (const Range &r : ranges) {
      if (r.match && !prevMatch && !res.empty())
        res.back().end = r.end;
      else
        res.push_back({r.begin, r.end, false});
      prevMatch = r.match;
    }
    break;
  }
  case SplitBehavior::MergedWithNext: {
    bool prevMatch = false;
    for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {
      if (it->match && !prevMatch && !res.empty())
        res.back().begin = it->begin;
      else
        res.push_back({it->begin, it->end, false});
      prevMatch = it->match;
    }
    std::reverse(res.begin(), res.end());
    break;
  }
  }
  ranges.clear();
  for (const Range &r : res)
    if (!r.match && r.end > r.begin)
      ranges.push_back({r.begin, r.end, true});
}

const char32_t *byteToUnicode() {
  static const auto table = [] {
    std::array<char32_t, 256> t{};
    int n = 0;
    for (int b = 0; b < 256; ++b) {
      bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) ||
                       (b >= 0xAE && b <= 0xFF);
      t[b] = printable ? (char32_t)b : (char32_t)(256 + n++);
    }
    return t;
  }();
  return table.data();
}

int unicodeToByte(char32_t cp) {
  static const auto inverse = [] {
    std::array<int16_t, 324> inv;
    inv.fill(-1);
    for (int b = 0; b < 256; ++b)
      inv[byteToUnicode()[b]] = (int16_t)b;
    return inv;
  }();
  return cp < inverse.size() ? inverse[cp] : -1;
}

std::string byteLevelEncode(std::string_view bytes) {
  static const auto encoded = [] {
    std::array<std::string, 256> e;
    for (int b = 0; b < 256; ++b)
      appendUtf8(e[b], byteToUnicode()[b]);
    return e;
  }();
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes)
    out += encoded[b];
  return out;
}

} // namespace decc::tok
