//===- Source.cpp ---------------------------------------------------------===//

#include "decc/Grammar/Source.h"

#include "decc/Grammar/Ebnf.h"
#include "decc/Grammar/Gbnf.h"
#include "decc/Grammar/Regex.h"

namespace decc {
namespace grammar {

std::optional<SourceKind> sourceKindForExtension(std::string_view extension) {
  if (extension == ".gbnf")
    return SourceKind::Gbnf;
  if (extension == ".ebnf")
    return SourceKind::Ebnf;
  if (extension == ".regex")
    return SourceKind::Regex;
  return std::nullopt;
}

std::optional<Grammar> parseSource(SourceKind kind, std::string_view source,
                                   std::vector<Diagnostic> &diags, const Limits &limits) {
  switch (kind) {
  case SourceKind::Gbnf: {
    GbnfLimits gl;
    gl.maxNesting = limits.maxNesting;
    return parseGbnf(source, diags, gl);
  }
  case SourceKind::Ebnf: {
    EbnfLimits el;
    el.maxNesting = limits.maxNesting;
    el.maxRepeat = limits.maxRepeat;
    return parseEbnf(source, diags, el);
  }
  case SourceKind::Regex: {
    RegexLimits rl;
    rl.maxNesting = limits.maxNesting;
    rl.maxRepeat = limits.maxRepeat;
    return parseRegexFile(source, diags, rl);
  }
  }
  return std::nullopt;
}

std::shared_ptr<const CompiledGrammar> compileSource(SourceKind kind, std::string_view source,
                                                     std::vector<Diagnostic> &diags,
                                                     const Limits &limits) {
  std::optional<Grammar> g = parseSource(kind, source, diags, limits);
  if (!g)
    return nullptr;
  return compile(*g, diags, limits);
}

} // namespace grammar
} // namespace decc
