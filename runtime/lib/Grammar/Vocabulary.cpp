//===- Vocabulary.cpp - token byte strings as a flattened trie ------------===//
//
// Tokens sorted by their bytes give the trie's depth-first preorder
// directly: each token adds the nodes past its longest common prefix with
// the previous one, and equal strings land on the node created last. The
// mask walk then moves forward through flat arrays and skips a rejected
// subtree by jumping to subtreeEnd. Slices (TokenSlices.h) get tries of
// their own, built the same way from the same order.

#include "ByteBuckets.h"
#include "TokenSlices.h"
#include "decc/grammar.h"
#include "decc/tokenizer.h"

#include <algorithm>

namespace decc {
namespace grammar {

Vocabulary::Vocabulary(const std::vector<std::string> &tokens,
                       const std::vector<bool> &special, std::vector<int32_t> eos)
    : size_(tokens.size()), eos_(std::move(eos)) {
  bytesBegin_.reserve(tokens.size() + 1);
  for (size_t i = 0; i < tokens.size(); ++i) {
    bytesBegin_.push_back(static_cast<uint32_t>(bytes_.size()));
    bool isSpecial = i < special.size() && special[i];
    if (!isSpecial)
      bytes_ += tokens[i];
  }
  bytesBegin_.push_back(static_cast<uint32_t>(bytes_.size()));

  std::vector<int32_t> order;
  for (size_t i = 0; i < tokens.size(); ++i)
    if (!bytes(static_cast<int32_t>(i)).empty())
      order.push_back(static_cast<int32_t>(i));
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    std::string_view x = bytes(a), y = bytes(b);
    return x != y ? x < y : a < b;
  });
  auto bytesOf = [this](int32_t id) { return bytes(id); };
  trie = buildTokenTrie(order, bytesOf, SubtreeSummaries::With);
  defineTokenSlices(sliceClasses, slices, partialClass, partialOf);
  sliceClassWithin.assign(sliceClasses.size(), 0);
  for (size_t c = 0; c < sliceClasses.size(); ++c)
    for (size_t p = 0; p < sliceClasses.size(); ++p)
      if (p != c && sliceClasses[c].within(sliceClasses[p]))
        sliceClassWithin[c] |= 1u << p;
  partitionIntoSlices(order, bytesOf, size_, sliceClasses, partialClass, slices, rest, classTries);
}

TokenTrie buildTokenTrie(const std::vector<int32_t> &sorted,
                         const std::function<std::string_view(int32_t)> &bytesOf, SubtreeSummaries summaries) {
  TokenTrie t;
  t.nodeByte.push_back(0);
  t.nodeDepth.push_back(0);
  t.subtreeEnd.push_back(0);
  t.tokenBegin.push_back(0);
  std::vector<uint32_t> path{0}; // node at each depth
  std::string_view prev;
  for (int32_t id : sorted) {
    std::string_view s = bytesOf(id);
    size_t lcp = 0;
    while (lcp < prev.size() && lcp < s.size() && prev[lcp] == s[lcp])
      ++lcp;
    while (path.size() > lcp + 1) {
      t.subtreeEnd[path.back()] = t.numNodes();
      path.pop_back();
    }
    for (size_t i = lcp; i < s.size(); ++i) {
      path.push_back(t.numNodes());
      t.nodeByte.push_back(static_cast<uint8_t>(s[i]));
      t.nodeDepth.push_back(static_cast<uint32_t>(i + 1));
      t.maxDepth = std::max(t.maxDepth, static_cast<uint32_t>(i + 1));
      t.subtreeEnd.push_back(0);
      t.tokenBegin.push_back(static_cast<uint32_t>(t.tokenIds.size()));
    }
    t.tokenIds.push_back(id);
    prev = s;
  }
  for (uint32_t n : path)
    t.subtreeEnd[n] = t.numNodes();
  t.tokenBegin.push_back(static_cast<uint32_t>(t.tokenIds.size()));
  if (summaries == SubtreeSummaries::Without)
    return t;
  // Children come after their parent in preorder: the last node first.
  t.subtreeBuckets.assign(t.numNodes(), 0);
  t.subtreeHeight.assign(t.numNodes(), 0);
  for (uint32_t n = t.numNodes(); n-- > 1;) {
    uint64_t m = 0;
    uint32_t h = 0;
    for (uint32_t c = n + 1; c < t.subtreeEnd[n]; c = t.subtreeEnd[c]) {
      m |= t.subtreeBuckets[c] | uint64_t(1) << byteBucket(t.nodeByte[c]);
      h = std::max<uint32_t>(h, t.subtreeHeight[c] + 1u);
    }
    t.subtreeBuckets[n] = m;
    t.subtreeHeight[n] = static_cast<uint8_t>(std::min<uint32_t>(h, 255));
  }
  return t;
}

size_t TokenTrie::memoryBytes() const {
  return nodeByte.size() + (nodeDepth.size() + subtreeEnd.size() + tokenBegin.size() + tokenIds.size()) * 4 +
         subtreeBuckets.size() * 8 + subtreeHeight.size();
}

void Vocabulary::tokenizerTokens(const Tokenizer &tok, std::vector<std::string> &tokens,
                                 std::vector<bool> &special) {
  size_t n = static_cast<size_t>(tok.vocabSize());
  tokens.assign(n, std::string());
  special.assign(n, false);
  for (size_t i = 0; i < n; ++i) {
    tokens[i] = tok.tokenBytes(static_cast<int32_t>(i));
    special[i] = tok.isSpecial(static_cast<int32_t>(i));
  }
}

std::shared_ptr<const Vocabulary> Vocabulary::fromTokenizer(const Tokenizer &tok) {
  std::vector<std::string> tokens;
  std::vector<bool> special;
  tokenizerTokens(tok, tokens, special);
  std::vector<int32_t> eos;
  if (std::optional<int32_t> e = tok.eosId())
    eos.push_back(*e);
  return std::make_shared<Vocabulary>(tokens, special, std::move(eos));
}

bool Vocabulary::isEos(int32_t id) const {
  return std::find(eos_.begin(), eos_.end(), id) != eos_.end();
}

std::string_view Vocabulary::bytes(int32_t id) const {
  if (id < 0 || static_cast<size_t>(id) >= size_)
    return {};
  return std::string_view(bytes_).substr(bytesBegin_[id], bytesBegin_[id + 1] - bytesBegin_[id]);
}

size_t Vocabulary::memoryBytes() const {
  size_t n = sizeof(*this) + trie.memoryBytes() + rest.memoryBytes() + bytesBegin_.size() * 4 +
             bytes_.size() + eos_.size() * 4;
  for (const TokenSlice &s : slices)
    n += sizeof(s) + s.maskThrough.size() * 4 + s.trie.memoryBytes();
  for (const TokenTrie &t : classTries)
    n += t.memoryBytes();
  return n;
}

} // namespace grammar
} // namespace decc
