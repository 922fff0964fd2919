#include "Pipeline.h"

namespace decc::tok {

static std::string replaceAll(std::string_view text, std::string_view from,
                              std::string_view to) {
  if (from.empty())
    return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t prev = 0;
  for (size_t pos = text.find(from); pos != std::string_view::npos;
       pos = text.find(from, prev)) {
    out.append(text.substr(prev, pos - prev));
    out.append(to);
    prev = pos + from.size();
  }
  out.append(text.substr(prev));
  return out;
}

std::string applyNormalizers(const std::vector<NormalizerStep> &steps,
                             std::string text) {
  for (const NormalizerStep &s : steps) {
    switch (s.kind) {
    case NormalizerStep::Kind::Normalize:
      text = normalize(text, s.form);
      break;
    case NormalizerStep::Kind::Replace:
      text = replaceAll(text, s.pattern, s.content);
      break;
    case NormalizerStep::Kind::Prepend:
      if (!text.empty())
        text.insert(0, s.content);
      break;
    }
  }
  return text;
}

static void applyStep(const PreTokenizerStep &s, std::vector<Piece> &pieces) {
  std::vector<Piece> out;
  out.reserve(pieces.size());
  std::vector<Range> ranges;
  switch (s.kind) {
  case PreTokenizerStep::Kind::SplitRegex:
    for (const Piece &p : pieces) {
      s.regex->find(p.text, ranges);
      splitPiece(p, ranges, s.behavior, s.invert, out);
    }
    break;
  case PreTokenizerStep::Kind::SplitLiteral:
    for (const Piece &p : pieces) {
      findLiteral(p.text, s.literal, ranges);
      splitPiece(p, ranges, s.behavior, s.invert, out);
    }
    break;
  case PreTokenizerStep::Kind::ByteLevel: {
    static const RegexSplitter gpt2 = RegexSplitter::gpt2();
    std::vector<Piece> split;
    for (Piece &p : pieces) {
      if (s.addPrefixSpace && (p.text.empty() || p.text[0] != ' '))
        p.text.insert(0, " ");
      if (s.useRegex) {
        gpt2.find(p.text, ranges);
        splitPiece(p, ranges, SplitBehavior::Isolated, false, split);
      } else {
        split.push_back(std::move(p));
      }
    }
    for (Piece &p : split)
      out.push_back({byteLevelEncode(p.text), p.atStart});
    break;
  }
  case PreTokenizerStep::Kind::Metaspace:
    for (Piece &p : pieces) {
      Piece q{replaceAll(p.text, " ", s.replacement), p.atStart};
      bool startsWith = q.text.compare(0, s.replacement.size(),
                                       s.replacement) == 0;
      if (!startsWith && (s.prepend == PreTokenizerStep::Prepend::Always ||
                          (s.prepend == PreTokenizerStep::Prepend::First &&
                           q.atStart)))
        q.text.insert(0, s.replacement);
      if (s.split) {
        findLiteral(q.text, s.replacement, ranges);
        splitPiece(q, ranges, SplitBehavior::MergedWithNext, false, out);
      } else if (!q.text.empty()) {
        out.push_back(std::move(q));
      }
    }
    break;
  }
  pieces.swap(out);
}

void applyPreTokenizers(const std::vector<PreTokenizerStep> &steps,
                        std::vector<Piece> &pieces) {
  for (const PreTokenizerStep &s : steps)
    applyStep(s, pieces);
}

} // namespace decc::tok
