//===- ParseJson.cpp ------------------------------------------------------===//
//
// nlohmann's parser reads numbers into doubles and 64-bit integers, and it
// refuses a number a double cannot hold (1e400) outright. So the number
// tokens are first found in the text (outside strings, in valid JSON, a
// number is a maximal run of [-+.eE0-9] starting with '-' or a digit); the
// SAX handler then stores, for the n-th number the parser reports, the text
// of the n-th token. A token that may overflow a double is replaced in the
// parser's copy by "0.0" padded with spaces (same length, so positions in
// later syntax errors stay right); the handler still stores its text. Each
// number the parser reports is checked against its token, so a scanner out
// of step on valid JSON is an error, never a misattributed value (on
// invalid JSON the parser's syntax error is reported).
//
//===----------------------------------------------------------------------===//
#include "ParseJson.h"

#include "Numbers.h"

#include <cctype>
#include <cstdio>
#include <cstring>

namespace decc::jsonschema {

namespace {
struct NumberToken {
  size_t offset;
  std::string text;
  bool replaced = false;  ///< the parser sees "0.0" here
};

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// The length of the number -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
/// read greedily from the start of `s`, as nlohmann's lexer reads it ("01"
/// is "0" then more); 0 where the lexer fails ("1.x", "-").
size_t numberPrefix(const std::string &s) {
  size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i < n && s[i] == '0') ++i;
  else if (i < n && isDigit(s[i])) while (i < n && isDigit(s[i])) ++i;
  else return 0;
  if (i < n && s[i] == '.') {
    size_t start = ++i;
    while (i < n && isDigit(s[i])) ++i;
    if (i == start) return 0;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < n && isDigit(s[i])) ++i;
    if (i == start) return 0;
  }
  return i;
}

std::vector<NumberToken> scanNumbers(std::string_view text) {
  std::vector<NumberToken> out;
  scanOutsideStrings(text, [&](size_t i) {
    if (text[i] != '-' && !isDigit(text[i]))
      return i + 1;
    size_t j = i;
    while (j < text.size() && (isDigit(text[j]) || std::strchr("+-.eE", text[j])))
      ++j;
    out.push_back({i, std::string(text.substr(i, j - i))});
    return j;
  });
  return out;
}

/// Only a numeral with an exponent or of more than 308 digits can exceed a
/// double; replacing others too would be harmless (the token's text is
/// what is stored), this only keeps the copy rare.
bool mayOverflowDouble(const std::string &token) {
  return token.find_first_of("eE") != std::string::npos || token.size() > 300;
}

/// Spellings equal but for the decimal point, which nlohmann writes in the
/// C library's locale.
bool sameSpelling(const std::string &parsed, const std::string &token) {
  if (parsed.size() != token.size())
    return false;
  for (size_t i = 0; i < token.size(); ++i)
    if (parsed[i] != token[i] && token[i] != '.')
      return false;
  return true;
}

/// The lexer's rendering of the text it read ("last read: '...'" in its
/// errors): control characters as <U+XXXX>, other bytes as they are.
std::string lexerQuote(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (static_cast<unsigned char>(c) <= 0x1F) {
      char buf[9];
      std::snprintf(buf, sizeof buf, "<U+%.4X>", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

/// A lexer error quotes the parser's copy, where a replaced number reads
/// "0.0"; the copy has the source's length and positions, so the quote is
/// the same span of the source. `end` is the offset just past the last byte
/// read. The span is the longest one ending there whose rendering is the
/// quote.
std::string quoteSource(std::string message, std::string_view copy, std::string_view source, size_t end) {
  const std::string lead = "; last read: '";
  size_t start = message.find(lead);
  if (start == std::string::npos || end > copy.size())
    return message;
  start += lead.size();
  for (size_t from = 0; from < end; ++from) {
    std::string quoted = lexerQuote(copy.substr(from, end - from));
    if (message.compare(start, quoted.size(), quoted) == 0 && message[start + quoted.size()] == '\'')
      return message.replace(start, quoted.size(), lexerQuote(source.substr(from, end - from)));
  }
  return message;
}

class ExactNumbers : public nlohmann::detail::json_sax_dom_parser<Json> {
public:
  ExactNumbers(Json &root, const std::vector<NumberToken> &tokens) : json_sax_dom_parser(root), tokens_(tokens) {}

  bool number_integer(number_integer_t v) { return take(nullptr, std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) { return take(nullptr, std::to_string(v)); }
  bool number_float(number_float_t, const string_t &text) { return take(&text, ""); }

  /// The token the parser and the scan disagree on, or nullopt when every
  /// number was read as scanned.
  std::optional<size_t> outOfStep() const {
    if (mismatch_) return mismatch_;
    if (next_ != tokens_.size()) return tokens_[next_].offset;
    return std::nullopt;
  }

private:
  /// Integers arrive as values (their text is their decimal spelling up to
  /// "-0" = "0"), other numbers as the parser's token text.
  /// Out of step, the parse goes on (storing null) so that a syntax
  /// error, the usual cause ("01" is the numbers 0 and 1 to the parser),
  /// is what gets reported.
  bool take(const std::string *floatText, const std::string &integerText) {
    if (mismatch_)
      return null();
    if (next_ >= tokens_.size()) {
      mismatch_ = tokens_.empty() ? 0 : tokens_.back().offset;
      return null();
    }
    const NumberToken &t = tokens_[next_];
    bool ok;
    if (floatText) {
      ok = t.replaced ? *floatText == "0.0" : sameSpelling(*floatText, t.text);
    } else {
      auto a = Decimal::parse(integerText), b = Decimal::parse(t.text);
      ok = !t.replaced && a && b && compare(*a, *b) == 0;
    }
    if (!ok) {
      mismatch_ = t.offset;
      return null();
    }
    ++next_;
    binary_t bytes = numberBinary(t.text);
    return binary(bytes);
  }

  const std::vector<NumberToken> &tokens_;
  size_t next_ = 0;
  std::optional<size_t> mismatch_;
};
} // namespace

ParsedJson parseJsonExact(std::string_view text) {
  ParsedJson r;
  std::vector<NumberToken> tokens = scanNumbers(text);
  std::string copy;
  for (NumberToken &t : tokens) {
    // The part the lexer reads as a number: in "1e400.5" that is "1e400",
    // which must not stop the parse with an overflow before the syntax
    // error at ".5" (a token the parser reads only in part is out of step,
    // and the syntax error follows).
    size_t n = numberPrefix(t.text);
    if (n < 3 || !mayOverflowDouble(t.text.substr(0, n)))
      continue;
    if (copy.empty())
      copy = std::string(text);
    copy.replace(t.offset, n, "0.0" + std::string(n - 3, ' '));
    t.replaced = n == t.text.size();
  }
  std::string_view input = copy.empty() ? text : std::string_view(copy);
  Json root;
  ExactNumbers handler(root, tokens);
  try {
    bool parsed = Json::sax_parse(input.begin(), input.end(), &handler);
    if (auto at = handler.outOfStep(); !parsed || at) {
      r.error = "internal error: the JSON parser and the number scan disagree";
      r.offset = at;
      return r;
    }
  } catch (const Json::parse_error &e) {
    std::string m = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing ..."
    size_t colon = m.find(": ", m.find("parse error"));
    r.error = "invalid JSON: " + (colon == std::string::npos ? m : m.substr(colon + 2));
    if (!copy.empty())
      r.error = quoteSource(r.error, copy, text, e.byte);
    r.offset = e.byte > 0 ? e.byte - 1 : 0;
    return r;
  } catch (const Json::exception &e) {
    std::string m = e.what();
    size_t close = m.find("] ");
    r.error = "invalid JSON: " + (close == std::string::npos ? m : m.substr(close + 2));
    return r;
  }
  // Only now, so that a syntax error is reported first.
  for (const NumberToken &t : tokens)
    if (!Decimal::parse(t.text)) {
      std::string shown = t.text.size() > 40 ? t.text.substr(0, 20) + "..." + t.text.substr(t.text.size() - 17) : t.text;
      r.error = "number " + shown + " is out of the supported range: its exponent would write out more than " +
                std::to_string(Decimal::kMaxAddedZeros) + " zeros";
      r.offset = t.offset;
      return r;
    }
  r.value = std::move(root);
  return r;
}

} // namespace decc::jsonschema
