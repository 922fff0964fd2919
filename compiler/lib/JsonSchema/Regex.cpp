//===- Regex.cpp ----------------------------------------------------------===//
#include "Regex.h"

#include "JsonStrings.h"

#include <cctype>

namespace decc::jsonschema {
using namespace gbnf;

CodePointSet regexWhitespace() {
  CodePointSet s;
  for (uint32_t c : {0x09u, 0x0Au, 0x0Bu, 0x0Cu, 0x0Du, 0x20u, 0xA0u, 0x1680u, 0x2028u, 0x2029u,
                     0x202Fu, 0x205Fu, 0x3000u, 0xFEFFu})
    s.add(c, c);
  s.add(0x2000, 0x200A);
  return s;
}

namespace {
CodePointSet wordChars() {
  CodePointSet s = CodePointSet::of('a', 'z');
  s.add('A', 'Z');
  s.add('0', '9');
  s.add('_', '_');
  return s;
}
CodePointSet lineTerminators() {
  CodePointSet s = CodePointSet::of('\n', '\n');
  s.add('\r', '\r');
  s.add(0x2028, 0x2029);
  return s;
}

struct Failure { std::string message; };

class Parser {
public:
  Parser(const std::string &p, const std::function<ExprP(const CodePointSet &)> &atom, uint64_t maxRep)
      : cps_(decodeUtf8(p)), atom_(atom), maxRep_(maxRep) {}

  ExprP top() {
    // Top-level alternatives carry the anchors.
    std::vector<ExprP> alts;
    do {
      bool start = eat('^');
      ExprP body = alternative(/*topLevel=*/true);
      bool end = eat('$');
      if (!atEnd() && peek() != '|')
        fail("'$' is only supported at the end of a top-level alternative");
      ExprP any = star(atom_(CodePointSet::all()));
      alts.push_back(seq({start ? empty() : any, body, end ? empty() : any}));
    } while (eat('|'));
    if (!atEnd())
      fail("unexpected ')'");
    return alt(alts);
  }

private:
  [[noreturn]] void fail(const std::string &m) {
    throw Failure{"at offset " + std::to_string(pos_) + ": " + m};
  }
  bool atEnd() const { return pos_ >= cps_.size(); }
  uint32_t peek() const { return cps_[pos_]; }
  bool eat(uint32_t c) {
    if (!atEnd() && peek() == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  ExprP disjunction() {
    std::vector<ExprP> alts{alternative(false)};
    while (eat('|'))
      alts.push_back(alternative(false));
    return alt(alts);
  }

  ExprP alternative(bool topLevel) {
    std::vector<ExprP> items;
    while (!atEnd() && peek() != '|' && peek() != ')') {
      if (peek() == '$' && topLevel)
        break;
      if (peek() == '^' || peek() == '$')
        fail("anchor '" + std::string(1, char(peek())) +
             "' is only supported at the start/end of a top-level alternative");
      items.push_back(quantified(atom()));
    }
    return seq(items);
  }

  uint64_t number() {
    if (atEnd() || peek() < '0' || peek() > '9')
      fail("expected a number in a quantifier");
    uint64_t v = 0;
    while (!atEnd() && peek() >= '0' && peek() <= '9') {
      v = v * 10 + (peek() - '0');
      if (v > maxRep_)
        fail("repetition count exceeds the limit " + std::to_string(maxRep_));
      ++pos_;
    }
    return v;
  }

  ExprP quantified(ExprP e) {
    if (atEnd())
      return e;
    uint64_t min;
    std::optional<uint64_t> max;
    if (eat('*')) {
      min = 0;
    } else if (eat('+')) {
      min = 1;
    } else if (eat('?')) {
      min = 0;
      max = 1;
    } else if (peek() == '{') {
      ++pos_;
      min = number();
      max = min;
      if (eat(',')) {
        max.reset();
        if (!atEnd() && peek() != '}')
          max = number();
      }
      if (!eat('}'))
        fail("expected '}' in a quantifier");
      if (max && *max < min)
        fail("quantifier {m,n} with n < m");
    } else {
      return e;
    }
    eat('?');  // lazy: the same language
    if (!atEnd() && (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{'))
      fail("nothing to repeat");
    return rep(e, min, max);
  }

  ExprP atom() {
    uint32_t c = peek();
    ++pos_;
    switch (c) {
    case '.': return atom_(lineTerminators().complement());
    case '(': {
      // Bounded recursion: a pattern of many '(' must not exhaust the stack.
      if (++depth_ > 256)
        fail("groups nested deeper than 256");
      if (eat('?')) {
        if (eat(':')) {
        } else if (!atEnd() && peek() == '<' && pos_ + 1 < cps_.size() && cps_[pos_ + 1] != '=' &&
                   cps_[pos_ + 1] != '!') {
          while (!atEnd() && peek() != '>')
            ++pos_;
          if (!eat('>'))
            fail("unterminated group name");
        } else {
          fail("lookaround assertions are not supported");
        }
      }
      ExprP e = disjunction();
      if (!eat(')'))
        fail("missing ')'");
      --depth_;
      return e;
    }
    case '[': return atom_(classBody());
    case '\\': return atom_(escape(false));
    case '*': case '+': case '?': fail("nothing to repeat");
    case '{': fail("a literal '{' must be escaped");
    case '}': case ']': fail("a literal '" + std::string(1, char(c)) + "' must be escaped");
    default: return atom_(CodePointSet::single(c));
    }
  }

  uint32_t hexDigits(unsigned n) {
    uint32_t v = 0;
    for (unsigned i = 0; i < n; ++i) {
      if (atEnd() || !std::isxdigit(int(peek() < 128 ? peek() : 0)))
        fail("bad hexadecimal escape");
      uint32_t c = peek();
      v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
      ++pos_;
    }
    return v;
  }

  CodePointSet escape(bool inClass) {
    if (atEnd())
      fail("trailing backslash");
    uint32_t c = peek();
    ++pos_;
    switch (c) {
    case 'd': return CodePointSet::of('0', '9');
    case 'D': return CodePointSet::of('0', '9').complement();
    case 'w': return wordChars();
    case 'W': return wordChars().complement();
    case 's': return regexWhitespace();
    case 'S': return regexWhitespace().complement();
    case 't': return CodePointSet::single('\t');
    case 'n': return CodePointSet::single('\n');
    case 'r': return CodePointSet::single('\r');
    case 'v': return CodePointSet::single(0x0B);
    case 'f': return CodePointSet::single(0x0C);
    case '0':
      if (!atEnd() && peek() >= '0' && peek() <= '9')
        fail("octal escapes are not supported");
      return CodePointSet::single(0);
    case 'x': return CodePointSet::single(hexDigits(2));
    case 'u': {
      if (eat('{')) {
        uint32_t v = 0;
        unsigned n = 0;
        while (!atEnd() && peek() != '}') {
          v = v * 16 + hexDigits(1);
          if (++n > 6 || v > kMaxCodePoint)
            fail("code point out of range");
        }
        if (!eat('}') || n == 0)
          fail("bad \\u{...} escape");
        return CodePointSet::single(v);
      }
      uint32_t v = hexDigits(4);
      if (v >= 0xD800 && v < 0xDC00 && pos_ + 1 < cps_.size() && peek() == '\\' && cps_[pos_ + 1] == 'u') {
        size_t save = pos_;
        pos_ += 2;
        uint32_t lo = hexDigits(4);
        if (lo >= 0xDC00 && lo < 0xE000)
          return CodePointSet::single(0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00));
        pos_ = save;
      }
      if (v >= 0xD800 && v < 0xE000)
        fail("a lone surrogate cannot match a code point");
      return CodePointSet::single(v);
    }
    case 'c':
      if (!atEnd() && ((peek() | 0x20) >= 'a' && (peek() | 0x20) <= 'z')) {
        uint32_t v = peek() % 32;
        ++pos_;
        return CodePointSet::single(v);
      }
      fail("bad \\c escape");
    case 'b':
      if (inClass)
        return CodePointSet::single(8);
      fail("word boundary \\b is not supported");
    case 'B': fail("\\B is not supported");
    case 'p': case 'P': fail("Unicode property escapes are not supported");
    case 'k': fail("named backreferences are not supported");
    default:
      if (c >= '1' && c <= '9')
        fail("backreferences are not supported");
      if (std::string("^$\\.*+?()[]{}|/-").find(char(c < 128 ? c : 0)) != std::string::npos && c < 128)
        return CodePointSet::single(c);
      fail("unknown escape '\\" + std::string(1, char(c < 128 ? c : '?')) + "'");
    }
  }

  CodePointSet classBody() {
    bool negated = eat('^');
    CodePointSet set;
    auto member = [&](bool &single) -> CodePointSet {
      uint32_t c = peek();
      ++pos_;
      if (c == '\\') {
        CodePointSet s = escape(true);
        single = s.ranges().size() == 1 && s.ranges()[0].first == s.ranges()[0].second;
        return s;
      }
      single = true;
      return CodePointSet::single(c);
    };
    while (true) {
      if (atEnd())
        fail("unterminated character class");
      if (eat(']'))
        break;
      bool single = false;
      CodePointSet a = member(single);
      if (single && !atEnd() && peek() == '-' && pos_ + 1 < cps_.size() && cps_[pos_ + 1] != ']') {
        ++pos_;
        bool single2 = false;
        CodePointSet b = member(single2);
        if (!single2)
          fail("a class escape cannot bound a range");
        uint32_t lo = a.ranges()[0].first, hi = b.ranges()[0].first;
        if (lo > hi)
          fail("range out of order in character class");
        set.add(lo, hi);
      } else {
        set.add(a);
      }
    }
    return negated ? set.complement() : set;
  }

  std::vector<uint32_t> cps_;
  size_t pos_ = 0;
  unsigned depth_ = 0;
  const std::function<ExprP(const CodePointSet &)> &atom_;
  uint64_t maxRep_;
};
} // namespace

RegexResult regexToGbnf(const std::string &pattern,
                        const std::function<ExprP(const CodePointSet &)> &atom, uint64_t maxRepetition) {
  try {
    Parser p(pattern, atom, maxRepetition);
    return {p.top(), ""};
  } catch (const Failure &f) {
    return {nullptr, f.message};
  }
}

} // namespace decc::jsonschema
