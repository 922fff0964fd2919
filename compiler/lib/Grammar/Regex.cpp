//===- Regex.cpp - ECMAScript-style regular expressions -> grammar IR -----===//
//
// A hand-written recursive-descent parser rather than an ANTLR grammar
// (unlike Gbnf.g4 and Ebnf.g4): in a regular expression every character is a
// token whose meaning depends on its context (outside or inside a class,
// after `\`, after `(?`, `{` as a quantifier), which ANTLR expresses only with
// lexer modes (a split lexer/parser grammar pair) or a parser over
// single-character tokens; either way the escape decoding and the messages
// here would still be hand-written, every pattern of a JSON Schema or an EBNF
// grammar would pay for an ANTLR lexer and parser, and the JSON Schema
// translator would gain the ANTLR runtime. Depth is bounded by
// RegexLimits::maxNesting before recursing, so no input exhausts the stack.

#include "decc/Grammar/Regex.h"

#include "RegexClasses.h"
#include "Utf8Decode.h"

#include <cstdio>
#include <string>

namespace decc {
namespace grammar {
namespace {

using regex::Ranges;

/// Internal unwinding after the first error (already recorded).
struct Failed {};

bool isAsciiLetter(uint32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool isDigit(uint32_t c) { return c >= '0' && c <= '9'; }
int hexValue(uint32_t c) {
  if (isDigit(c))
    return static_cast<int>(c - '0');
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
    return static_cast<int>((c | 0x20) - 'a' + 10);
  return -1;
}

/// A class member or escape: one code point, or a set (\d, \w, ...).
struct Member {
  Ranges set;
  bool single = false;
};

/// An atom: `single` literal code points are merged into literal runs.
struct Atom {
  Expr expr;
  bool single = false;
  uint32_t cp = 0;
};

class Parser {
public:
  Parser(std::vector<uint32_t> cps, const RegexOptions &opt, std::vector<Diagnostic> &diags)
      : cps_(std::move(cps)), opt_(opt), diags_(diags) {}

  Expr pattern() {
    std::vector<Expr> alts;
    do {
      size_t start = pos_;
      bool anchoredStart = eat('^');
      Expr body = alternative(/*topLevel=*/true);
      bool anchoredEnd = eat('$');
      if (!atEnd() && peek() == ')')
        fail(pos_, "unmatched ')'");
      if (opt_.match == RegexMatch::Search) {
        std::vector<Expr> parts;
        if (!anchoredStart)
          parts.push_back(anyString(start));
        parts.push_back(std::move(body));
        if (!anchoredEnd)
          parts.push_back(anyString(pos_));
        body = Expr::seq(std::move(parts), loc(start));
      }
      alts.push_back(std::move(body));
    } while (eat('|'));
    if (alts.size() == 1)
      return std::move(alts[0]);
    return Expr::alt(std::move(alts), loc(0));
  }

private:
  Loc loc(size_t at) const {
    return {opt_.origin.line, opt_.origin.col + static_cast<uint32_t>(at)};
  }
  [[noreturn]] void fail(size_t at, std::string message) {
    diags_.push_back({loc(at), std::move(message)});
    throw Failed{};
  }
  bool atEnd() const { return pos_ >= cps_.size(); }
  uint32_t peek(size_t ahead = 0) const {
    return pos_ + ahead < cps_.size() ? cps_[pos_ + ahead] : UINT32_MAX;
  }
  bool eat(uint32_t c) {
    if (peek() != c)
      return false;
    ++pos_;
    return true;
  }

  Expr anyString(size_t at) { return Expr::repeat(Expr::any(loc(at)), 0, kUnbounded, loc(at)); }

  Expr disjunction() {
    size_t start = pos_;
    std::vector<Expr> alts;
    alts.push_back(alternative(false));
    while (eat('|'))
      alts.push_back(alternative(false));
    if (alts.size() == 1)
      return std::move(alts[0]);
    return Expr::alt(std::move(alts), loc(start));
  }

  /// A sequence up to `|`, `)` or the end; at top level also up to a `$`
  /// that ends the alternative.
  Expr alternative(bool topLevel) {
    size_t start = pos_;
    std::vector<Expr> items;
    std::string run; // consecutive unquantified literal code points
    size_t runStart = 0;
    auto flush = [&] {
      if (!run.empty())
        items.push_back(Expr::literal(std::move(run), loc(runStart)));
      run.clear();
    };
    while (!atEnd() && peek() != '|' && peek() != ')') {
      uint32_t c = peek();
      if (c == '$' && topLevel && (pos_ + 1 == cps_.size() || peek(1) == '|'))
        break;
      if (c == '^' || c == '$')
        fail(pos_, std::string("anchor '") + static_cast<char>(c) +
                       "' is only supported at the start ('^') or end ('$') of a top-level "
                       "alternative");
      size_t at = pos_;
      Atom a = atom();
      std::optional<Expr> quantified = quantifier(a.expr);
      if (!quantified && a.single) {
        if (run.empty())
          runStart = at;
        appendUtf8(run, a.cp);
        continue;
      }
      flush();
      items.push_back(quantified ? std::move(*quantified) : std::move(a.expr));
    }
    flush();
    if (items.empty())
      return Expr::literal("", loc(start));
    if (items.size() == 1)
      return std::move(items[0]);
    return Expr::seq(std::move(items), loc(start));
  }

  uint32_t count(size_t quantStart) {
    if (!isDigit(peek()))
      fail(pos_, "expected a number in the quantifier");
    uint64_t v = 0;
    while (isDigit(peek())) {
      v = std::min<uint64_t>(v * 10 + (peek() - '0'), UINT32_MAX - 1);
      ++pos_;
    }
    if (v > opt_.limits.maxRepeat)
      fail(quantStart, "repetition count " + std::to_string(v) + " exceeds the limit of " +
                           std::to_string(opt_.limits.maxRepeat));
    return static_cast<uint32_t>(v);
  }

  /// The quantified atom, or nullopt when no quantifier follows.
  std::optional<Expr> quantifier(Expr &e) {
    size_t at = pos_;
    uint32_t min = 0, max = kUnbounded;
    if (eat('*')) {
    } else if (eat('+')) {
      min = 1;
    } else if (eat('?')) {
      max = 1;
    } else if (eat('{')) {
      min = max = count(at);
      if (eat(',')) {
        max = kUnbounded;
        if (peek() != '}')
          max = count(at);
      }
      if (!eat('}'))
        fail(pos_, "expected '}' to end the quantifier");
      if (max < min)
        fail(at, "quantifier {" + std::to_string(min) + "," + std::to_string(max) +
                     "} has its maximum below its minimum");
    } else {
      return std::nullopt;
    }
    eat('?'); // lazy: the same language
    uint32_t c = peek();
    if (c == '*' || c == '+' || c == '?' || c == '{')
      fail(pos_, "nothing to repeat (a quantifier cannot follow a quantifier)");
    return Expr::repeat(std::move(e), min, max, loc(at));
  }

  Expr classExpr(Ranges set, bool negated, size_t at) {
    if (opt_.ignoreCase)
      set = regex::foldAsciiCase(std::move(set));
    return Expr::cls(std::move(set), negated, loc(at));
  }

  Atom literalAtom(uint32_t cp, size_t at) {
    if (opt_.ignoreCase && isAsciiLetter(cp))
      return {classExpr({{cp, cp}}, false, at), false, 0};
    std::string bytes;
    appendUtf8(bytes, cp);
    return {Expr::literal(std::move(bytes), loc(at)), true, cp};
  }

  Atom atom() {
    size_t at = pos_;
    uint32_t c = cps_[pos_++];
    switch (c) {
    case '.':
      if (opt_.dotAll)
        return {Expr::any(loc(at)), false, 0};
      return {Expr::cls(regex::lineTerminators(), true, loc(at)), false, 0};
    case '(':
      return {group(at), false, 0};
    case '[':
      return {characterClass(at), false, 0};
    case '\\': {
      Member m = escape(/*inClass=*/false, at);
      if (m.single)
        return literalAtom(m.set[0].lo, at);
      return {classExpr(std::move(m.set), false, at), false, 0};
    }
    case '*':
    case '+':
    case '?':
      fail(at, "nothing to repeat");
    case '{':
      fail(at, "a literal '{' must be escaped as '\\{'");
    case '}':
      fail(at, "a literal '}' must be escaped as '\\}'");
    case ']':
      fail(at, "a literal ']' must be escaped as '\\]'");
    default:
      return literalAtom(c, at);
    }
  }

  Expr group(size_t at) {
    if (++depth_ > opt_.limits.maxNesting)
      fail(at, "groups nested deeper than the limit of " +
                   std::to_string(opt_.limits.maxNesting));
    if (eat('?')) {
      if (eat(':')) {
      } else if (peek() == '=' || peek() == '!' ||
                 (peek() == '<' && (peek(1) == '=' || peek(1) == '!'))) {
        fail(at, "lookaround assertions are not supported");
      } else if (eat('<')) {
        groupName(at);
      } else {
        fail(at, "unsupported group syntax (supported: '(', '(?:', '(?<name>')");
      }
    }
    Expr e = disjunction();
    if (!eat(')'))
      fail(at, "missing ')' for this '('");
    --depth_;
    return e;
  }

  void groupName(size_t at) {
    size_t start = pos_;
    while (!atEnd() && peek() != '>') {
      uint32_t c = peek();
      bool ok = c == '_' || c == '$' || isAsciiLetter(c) || c >= 0x80 ||
                (isDigit(c) && pos_ > start);
      if (!ok)
        fail(pos_, "invalid character in a group name");
      ++pos_;
    }
    if (atEnd())
      fail(at, "unterminated group name (expected '>')");
    if (pos_ == start)
      fail(pos_, "empty group name");
    ++pos_;
  }

  uint32_t hexDigits(unsigned n, size_t escStart) {
    uint32_t v = 0;
    for (unsigned i = 0; i < n; ++i) {
      int d = hexValue(peek());
      if (d < 0)
        fail(escStart, "escape needs " + std::to_string(n) + " hexadecimal digits");
      v = v * 16 + static_cast<uint32_t>(d);
      ++pos_;
    }
    return v;
  }

  Member single(uint32_t cp) { return {{{cp, cp}}, true}; }

  Member unicodeEscape(size_t at) {
    if (eat('{')) {
      uint64_t v = 0;
      size_t n = 0;
      while (peek() != '}') {
        int d = hexValue(peek());
        if (d < 0)
          fail(at, "escape '\\u{...}' needs hexadecimal digits and a closing '}'");
        v = v * 16 + static_cast<uint64_t>(d);
        if (v > 0x10FFFF)
          fail(at, "escape names a value above U+10FFFF");
        ++pos_, ++n;
      }
      ++pos_;
      if (n == 0)
        fail(at, "escape '\\u{}' needs hexadecimal digits");
      if (v >= 0xD800 && v <= 0xDFFF)
        fail(at, "a lone surrogate cannot match a code point");
      return single(static_cast<uint32_t>(v));
    }
    uint32_t v = hexDigits(4, at);
    // A surrogate pair written as two escapes is one code point.
    if (v >= 0xD800 && v <= 0xDBFF && peek() == '\\' && peek(1) == 'u') {
      size_t save = pos_;
      pos_ += 2;
      bool fourHex = true;
      for (size_t k = 0; k < 4; ++k)
        fourHex &= hexValue(peek(k)) >= 0;
      if (fourHex) {
        uint32_t lo = hexDigits(4, save);
        if (lo >= 0xDC00 && lo <= 0xDFFF)
          return single(0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00));
      }
      pos_ = save;
    }
    if (v >= 0xD800 && v <= 0xDFFF)
      fail(at, "a lone surrogate cannot match a code point");
    return single(v);
  }

  /// After a backslash at `at`.
  Member escape(bool inClass, size_t at) {
    if (atEnd())
      fail(at, "trailing backslash");
    uint32_t c = cps_[pos_++];
    switch (c) {
    case 'd': return {regex::digits(), false};
    case 'D': return {regex::complement(regex::digits()), false};
    case 'w': return {regex::wordChars(), false};
    case 'W': return {regex::complement(regex::wordChars()), false};
    case 's': return {regex::whitespace(), false};
    case 'S': return {regex::complement(regex::whitespace()), false};
    case 't': return single('\t');
    case 'n': return single('\n');
    case 'r': return single('\r');
    case 'v': return single(0x0B);
    case 'f': return single(0x0C);
    case '0':
      if (isDigit(peek()))
        fail(at, "octal escapes are not supported");
      return single(0);
    case 'x': return single(hexDigits(2, at));
    case 'u': return unicodeEscape(at);
    case 'c':
      if (isAsciiLetter(peek()))
        return single(cps_[pos_++] % 32);
      fail(at, "escape '\\c' needs an ASCII letter");
    case 'b':
      if (inClass)
        return single(0x08);
      fail(at, "word boundary assertions (\\b) are not supported");
    case 'B': fail(at, "word boundary assertions (\\B) are not supported");
    case 'p':
    case 'P': fail(at, "Unicode property escapes (\\p{...}) are not supported");
    case 'k': fail(at, "named backreferences (\\k<name>) are not supported");
    default:
      if (isDigit(c))
        fail(at, "backreferences are not supported");
      // Identity escapes: any ASCII character other than a letter or digit
      // (the syntax characters, `/`, `-`, and quotes of embedding formats).
      if (c < 0x80 && !isAsciiLetter(c))
        return single(c);
      std::string shown;
      appendUtf8(shown, c);
      fail(at, "unknown escape '\\" + shown + "'");
    }
  }

  Member classMember() {
    size_t at = pos_;
    uint32_t c = cps_[pos_++];
    if (c == '\\')
      return escape(/*inClass=*/true, at);
    return single(c);
  }

  Expr characterClass(size_t at) {
    bool negated = eat('^');
    Ranges set;
    while (true) {
      if (atEnd())
        fail(at, "unterminated character class");
      if (eat(']'))
        break;
      size_t memberAt = pos_;
      Member lo = classMember();
      if (peek() == '-' && peek(1) != ']' && pos_ + 1 < cps_.size()) {
        ++pos_;
        size_t hiAt = pos_;
        Member hi = classMember();
        if (!lo.single || !hi.single)
          fail(lo.single ? hiAt : memberAt, "a class escape cannot bound a range");
        if (hi.set[0].lo < lo.set[0].lo)
          fail(memberAt, "range out of order in character class");
        set.push_back({lo.set[0].lo, hi.set[0].lo});
      } else {
        set.insert(set.end(), lo.set.begin(), lo.set.end());
      }
    }
    return classExpr(regex::normalize(std::move(set)), negated, at);
  }

  std::vector<uint32_t> cps_;
  size_t pos_ = 0;
  uint32_t depth_ = 0;
  const RegexOptions &opt_;
  std::vector<Diagnostic> &diags_;
};

} // namespace

std::optional<Expr> parseRegex(std::string_view pattern, std::vector<Diagnostic> &diags,
                               const RegexOptions &options) {
  if (pattern.size() > options.limits.maxSourceBytes) {
    diags.push_back({options.origin, "regular expression is too large (" +
                                         std::to_string(pattern.size()) +
                                         " bytes; the limit is " +
                                         std::to_string(options.limits.maxSourceBytes) + ")"});
    return std::nullopt;
  }
  // A line break is an ordinary pattern character (a JSON Schema pattern may
  // hold one), so columns simply count code points from the origin.
  std::vector<uint32_t> cps;
  cps.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size();) {
    uint32_t cp = 0;
    size_t len = decodeUtf8(pattern, i, cp);
    if (len == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(pattern[i]));
      Loc at{options.origin.line, options.origin.col + static_cast<uint32_t>(cps.size())};
      diags.push_back({at, std::string("invalid UTF-8 (byte ") + hex + ")"});
      return std::nullopt;
    }
    i += len;
    cps.push_back(cp);
  }
  try {
    Parser p(std::move(cps), options, diags);
    return p.pattern();
  } catch (const Failed &) {
  } catch (const std::bad_alloc &) {
    diags.push_back({options.origin, "out of memory while parsing the regular expression"});
  }
  return std::nullopt;
}

std::optional<Grammar> parseRegexGrammar(std::string_view pattern,
                                         std::vector<Diagnostic> &diags,
                                         const RegexOptions &options) {
  std::optional<Expr> e = parseRegex(pattern, diags, options);
  if (!e)
    return std::nullopt;
  Grammar g;
  g.root = g.ruleId("root");
  Rule &r = g.rules[g.root];
  r.defined = true;
  r.loc = options.origin;
  r.body = std::move(*e);
  return g;
}

std::optional<Grammar> parseRegexFile(std::string_view source, std::vector<Diagnostic> &diags,
                                      const RegexLimits &limits) {
  if (source.size() >= 2 && source.substr(source.size() - 2) == "\r\n")
    source.remove_suffix(2);
  else if (!source.empty() && source.back() == '\n')
    source.remove_suffix(1);
  size_t lineBreak = source.find_first_of("\r\n");
  if (lineBreak != std::string_view::npos) {
    // Locate the break by its code-point column.
    Loc at{1, 1};
    for (size_t i = 0; i < lineBreak; ++i)
      if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80)
        ++at.col;
    diags.push_back({at, "a regular expression is one line (write \\n for a line break)"});
    return std::nullopt;
  }
  RegexOptions opt;
  opt.limits = limits;
  return parseRegexGrammar(source, diags, opt);
}

} // namespace grammar
} // namespace decc
