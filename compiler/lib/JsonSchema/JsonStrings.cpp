//===- JsonStrings.cpp ----------------------------------------------------===//
#include "JsonStrings.h"

#include "DigitRanges.h"

#include <cstdio>
#include <set>

namespace decc::jsonschema {
using namespace gbnf;

namespace {
struct ShortEscape { char letter; uint32_t value; };
constexpr ShortEscape kShortEscapes[] = {{'"', '"'}, {'\\', '\\'}, {'/', '/'}, {'b', 8},
                                         {'f', 12},  {'n', 10},    {'r', 13},   {'t', 9}};

std::vector<unsigned> hex4(uint32_t v) {
  return {(v >> 12) & 15, (v >> 8) & 15, (v >> 4) & 15, v & 15};
}
ExprP hexRange(uint32_t lo, uint32_t hi) { return fixedWidthRange(hex4(lo), hex4(hi), 16, hexDigits); }

ExprP surrogatePairs(uint32_t lo, uint32_t hi) {
  // cp = 0x10000 + ((H - 0xD800) << 10) + (L - 0xDC00).
  auto high = [](uint32_t c) { return 0xD800 + ((c - 0x10000) >> 10); };
  auto low = [](uint32_t c) { return 0xDC00 + ((c - 0x10000) & 0x3FF); };
  auto pair = [](ExprP h, ExprP l) { return seq({h, lit("\\u"), l}); };
  uint32_t hl = high(lo), hh = high(hi);
  if (hl == hh)
    return pair(hexRange(hl, hl), hexRange(low(lo), low(hi)));
  std::vector<ExprP> alts;
  uint32_t midLo = hl, midHi = hh;
  if (low(lo) != 0xDC00) {
    alts.push_back(pair(hexRange(hl, hl), hexRange(low(lo), 0xDFFF)));
    ++midLo;
  }
  std::optional<ExprP> last;
  if (low(hi) != 0xDFFF) {
    last = pair(hexRange(hh, hh), hexRange(0xDC00, low(hi)));
    --midHi;
  }
  if (midLo <= midHi)
    alts.push_back(pair(hexRange(midLo, midHi), hexRange(0xDC00, 0xDFFF)));
  if (last)
    alts.push_back(*last);
  return alt(alts);
}
} // namespace

ExprP StringSpeller::spell(const CodePointSet &set) {
  CodePointSet mustEscape = CodePointSet::of(0, 0x1F);
  mustEscape.add('"', '"');
  mustEscape.add('\\', '\\');
  // Surrogates are not code points of UTF-8 text: never raw.
  mustEscape.add(0xD800, 0xDFFF);
  std::vector<ExprP> alts{cls(set.minus(mustEscape))};
  std::vector<ExprP> escapes;
  CodePointSet letters;
  for (const ShortEscape &e : kShortEscapes)
    if (set.contains(e.value))
      letters.add(uint32_t(e.letter), uint32_t(e.letter));
  escapes.push_back(cls(letters));
  CodePointSet bmp = set.intersect(CodePointSet::of(0, 0xFFFF)).minus(CodePointSet::of(0xD800, 0xDFFF));
  std::vector<ExprP> units;
  for (auto [lo, hi] : bmp.ranges())
    units.push_back(hexRange(lo, hi));
  CodePointSet astral = set.intersect(CodePointSet::of(0x10000, kMaxCodePoint));
  for (auto [lo, hi] : astral.ranges())
    units.push_back(surrogatePairs(lo, hi));
  escapes.push_back(seq({lit("u"), alt(units)}));
  alts.push_back(seq({lit("\\"), alt(escapes)}));
  return alt(alts);
}

ExprP StringSpeller::codePoint(const CodePointSet &set) {
  if (set.empty())
    return nothing();
  std::string key = set.key();
  auto it = rules_.find(key);
  if (it != rules_.end())
    return ref(it->second);
  // A single printable code point needs no rule of its own unless it has
  // escaped spellings too; rules keep the grammar readable either way.
  std::string name = g_.add(set == CodePointSet::all() ? "char" : "char-set", spell(set));
  rules_[key] = name;
  return ref(name);
}

ExprP StringSpeller::stringNotIn(const std::vector<std::string> &names) {
  // A trie of the excluded names over code points; at each node a string may
  // end (unless a name ends here), continue into a child, or leave the trie.
  struct Node { std::map<uint32_t, size_t> kids; bool terminal = false; };
  std::vector<Node> trie(1);
  for (const std::string &n : names) {
    size_t at = 0;
    for (uint32_t c : decodeUtf8(n)) {
      auto it = trie[at].kids.find(c);
      if (it == trie[at].kids.end()) {
        trie.push_back({});
        it = trie[at].kids.emplace(c, trie.size() - 1).first;
      }
      at = it->second;
    }
    trie[at].terminal = true;
  }
  ExprP anyRest = seq({star(codePoint(CodePointSet::all())), lit("\"")});
  std::vector<std::string> ruleOf(trie.size());
  for (size_t i = 0; i < trie.size(); ++i)
    ruleOf[i] = g_.reserve("key-other");
  for (size_t i = 0; i < trie.size(); ++i) {
    std::vector<ExprP> alts;
    if (!trie[i].terminal)
      alts.push_back(lit("\""));
    CodePointSet children;
    for (auto [c, k] : trie[i].kids) {
      children.add(c, c);
      alts.push_back(seq({codePoint(CodePointSet::single(c)), ref(ruleOf[k])}));
    }
    alts.push_back(seq({codePoint(children.complement()), anyRest}));
    g_.define(ruleOf[i], alt(alts));
  }
  return seq({lit("\""), ref(ruleOf[0])});
}

std::string canonicalJsonString(const std::string &utf8) {
  std::string out = "\"";
  for (unsigned char c : utf8) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out += char(c);
      }
    }
  }
  return out + "\"";
}

std::vector<uint32_t> decodeUtf8(const std::string &s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    unsigned len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    bool ok = true;
    for (unsigned k = 1; k < len; ++k) {
      unsigned char d = s[i + k];
      ok &= (d >> 6) == 2;
      cp = (cp << 6) | (d & 0x3F);
    }
    out.push_back(ok ? cp : 0xFFFD);
    i += ok ? len : 1;
  }
  return out;
}

} // namespace decc::jsonschema
