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

namespace {
struct Walker {
  const std::vector<PreTokenizerStep> &steps;
  WordSink &sink;

  void emitSpans(size_t k, const Piece &p, std::vector<Range> &ranges) {
    for (const Range &r : ranges)
      run(k + 1, Piece{p.text.substr(r.begin, r.end - r.begin),
                       p.atStart && r.begin == 0});
  }

  void run(size_t k, Piece p) {
    if (k == steps.size()) {
      if (!p.text.empty())
        sink.word(p.text);
      return;
    }
    const PreTokenizerStep &s = steps[k];
    std::vector<Range> ranges;
    switch (s.kind) {
    case PreTokenizerStep::Kind::SplitRegex:
      s.regex->find(p.text, ranges);
      applySplitBehavior(ranges, s.behavior, s.invert);
      emitSpans(k, p, ranges);
      break;
    case PreTokenizerStep::Kind::SplitLiteral:
      findLiteral(p.text, s.literal, ranges);
      applySplitBehavior(ranges, s.behavior, s.invert);
      emitSpans(k, p, ranges);
      break;
    case PreTokenizerStep::Kind::ByteLevel: {
      if (s.addPrefixSpace && (p.text.empty() || p.text[0] != ' '))
        p.text.insert(0, " ");
      if (!s.useRegex) {
        run(k + 1, Piece{byteLevelEncode(p.text), p.atStart});
        break;
      }
      static const RegexSplitter gpt2 = RegexSplitter::gpt2();
      gpt2.find(p.text, ranges);
      applySplitBehavior(ranges, SplitBehavior::Isolated, false);
      for (const Range &r : ranges)
        run(k + 1, Piece{byteLevelEncode(std::string_view(p.text).substr(
                             r.begin, r.end - r.begin)),
                         p.atStart && r.begin == 0});
      break;
    }
    case PreTokenizerStep::Kind::Metaspace: {
      Piece q{replaceAll(p.text, " ", s.replacement), p.atStart};
      bool startsWith =
          q.text.compare(0, s.replacement.size(), s.replacement) == 0;
      if (!startsWith && (s.prepend == PreTokenizerStep::Prepend::Always ||
                          (s.prepend == PreTokenizerStep::Prepend::First &&
                           q.atStart)))
        q.text.insert(0, s.replacement);
      if (!s.split) {
        run(k + 1, std::move(q));
        break;
      }
      findLiteral(q.text, s.replacement, ranges);
      applySplitBehavior(ranges, SplitBehavior::MergedWithNext, false);
      emitSpans(k, q, ranges);
      break;
    }
    }
  }
};
} // namespace

void forEachWord(const std::vector<PreTokenizerStep> &steps, Piece piece,
                 WordSink &sink) {
  Walker{steps, sink}.run(0, std::move(piece));
}

} // namespace decc::tok
