#include "Decoding.h"

#include "Splitting.h"
#include "Unicode.h"

namespace decc::tok {

static std::string replaceAll(const std::string &s, const std::string &from,
                              const std::string &to) {
  if (from.empty() || s.find(from) == std::string::npos)
    return s;
  std::string out;
  size_t prev = 0;
  for (size_t pos = s.find(from); pos != std::string::npos;
       pos = s.find(from, prev)) {
    out.append(s, prev, pos - prev);
    out += to;
    prev = pos + from.size();
  }
  out.append(s, prev, std::string::npos);
  return out;
}

static int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string tokenBytesOf(const DecoderSpec &d, const std::string &piece,
                         bool first, bool *isByte) {
  std::string s = piece;
  *isByte = false;
  for (const DecoderSpec::TokenStep &step : d.tokenSteps) {
    if (*isByte)
      break; // a byte stays a byte through the remaining per-token steps
    switch (step.kind) {
    case DecoderSpec::TokenStep::Kind::Replace:
      s = replaceAll(s, step.from, step.to);
      break;
    case DecoderSpec::TokenStep::Kind::Metaspace:
      s = replaceAll(s, step.from, first && step.stripFirst ? "" : " ");
      break;
    case DecoderSpec::TokenStep::Kind::ByteFallback:
      // HF: six bytes "<0x" h h ">" with h parsed by u8::from_str_radix.
      if (s.size() == 6 && s.compare(0, 3, "<0x") == 0 && s[5] == '>') {
        // from_str_radix also takes a leading '+'.
        int hi = s[3] == '+' ? 0 : hexDigit(s[3]), lo = hexDigit(s[4]);
        if (hi >= 0 && lo >= 0) {
          s.assign(1, (char)(hi * 16 + lo));
          *isByte = true;
        }
      }
      break;
    case DecoderSpec::TokenStep::Kind::ByteLevel: {
      std::string bytes;
      bool all = true;
      for (const CodePoint &c : decodeUtf8(s)) {
        int b = unicodeToByte(c.cp);
        if (b < 0) {
          all = false;
          break;
        }
        bytes += (char)b;
      }
      if (all)
        s = std::move(bytes);
      break;
    }
    }
  }
  return s;
}

void applyTextStrips(const DecoderSpec &d, std::string &text) {
  for (const DecoderSpec::Strip &st : d.textStrips) {
    const std::string &c = st.content;
    size_t b = 0;
    for (size_t k = 0; k < st.start && text.compare(b, c.size(), c) == 0; ++k)
      b += c.size();
    size_t e = text.size();
    for (size_t k = 0; k < st.stop && e >= b + c.size() &&
                       text.compare(e - c.size(), c.size(), c) == 0;
         ++k)
      e -= c.size();
    text = text.substr(b, e - b);
  }
}

} // namespace decc::tok
