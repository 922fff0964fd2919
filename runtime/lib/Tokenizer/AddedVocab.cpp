#include "AddedVocab.h"

#include "Unicode.h"

#include <unicode/uchar.h>

namespace decc::tok {

static constexpr uint32_t kNone = 0;

AddedTokenMatcher::AddedTokenMatcher() : nodes_(1) { rootChildren_.fill(kNone); }

uint32_t AddedTokenMatcher::child(uint32_t node, uint8_t b) const {
  if (node == 0)
    return rootChildren_[b];
  for (const auto &c : nodes_[node].children)
    if (c.first == b)
      return c.second;
  return kNone;
}

void AddedTokenMatcher::add(std::string_view pattern, uint32_t token) {
  if (pattern.empty())
    return;
  uint32_t node = 0;
  for (unsigned char b : pattern) {
    uint32_t next = child(node, b);
    if (next == kNone) {
      next = (uint32_t)nodes_.size();
      nodes_.emplace_back();
      if (node == 0)
        rootChildren_[b] = next;
      else
        nodes_[node].children.push_back({b, next});
    }
    node = next;
  }
  // The first token added for a pattern wins, like HF's pattern order.
  if (nodes_[node].token < 0)
    nodes_[node].token = (int32_t)token;
}

namespace {
bool isWordChar(char32_t c) {
  return c == '_' || u_hasBinaryProperty((UChar32)c, UCHAR_ALPHABETIC) ||
         isNumber(c);
}
char32_t lastChar(std::string_view s) {
  size_t i = s.size();
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
    --i;
  if (i > 0)
    --i;
  return decodeUtf8(s.substr(i)).front().cp;
}
} // namespace

void AddedTokenMatcher::split(std::string_view text,
                              const std::vector<AddedToken> &tokens,
                              bool parseSpecial,
                              std::vector<Segment> &out) const {
  out.clear();
  uint32_t startOffset = 0;
  size_t n = text.size();
  for (size_t i = 0; i < n;) {
    // Longest pattern starting at i.
    uint32_t node = 0;
    int32_t best = -1;
    size_t bestEnd = 0;
    for (size_t k = i; k < n; ++k) {
      node = child(node, (uint8_t)text[k]);
      if (node == kNone)
        break;
      if (nodes_[node].token >= 0) {
        best = nodes_[node].token;
        bestEnd = k + 1;
      }
    }
    if (best < 0) {
      ++i;
      continue;
    }
    size_t start = i, stop = bestEnd;
    i = bestEnd;
    const AddedToken &t = tokens[best];
    if (!parseSpecial && t.special)
      continue;
    if (t.singleWord) {
      bool startOk = start == 0 || !isWordChar(lastChar(text.substr(0, start)));
      bool stopOk = stop == n || !isWordChar(decodeUtf8(text.substr(stop, 4)).front().cp);
      if (!startOk || !stopOk)
        continue;
    }
    if (t.lstrip && start > startOffset) {
      std::vector<CodePoint> before = decodeUtf8(text.substr(startOffset, start - startOffset));
      size_t s = start;
      for (size_t k = before.size(); k > 0 && isWhitespace(before[k - 1].cp); --k)
        s = startOffset + before[k - 1].offset;
      start = s;
    }
    if (t.rstrip) {
      std::vector<CodePoint> after = decodeUtf8(text.substr(stop));
      size_t k = 0;
      while (k < after.size() && isWhitespace(after[k].cp))
        ++k;
      // The search goes on from the end of the match, not of the strip: a
      // token right after it is still emitted, overlapping, as HF does.
      stop += k < after.size() ? after[k].offset : n - stop;
    }
    if (startOffset < start)
      out.push_back({startOffset, (uint32_t)start, -1});
    out.push_back({(uint32_t)start, (uint32_t)stop, t.id});
    startOffset = (uint32_t)stop;
  }
  if (startOffset < n)
    out.push_back({startOffset, (uint32_t)n, -1});
}

} // namespace decc::tok
