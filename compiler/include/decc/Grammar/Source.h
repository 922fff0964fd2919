//===- Source.h - Grammar source kinds and their front ends -----*- C++ -*-===//
//
// The one place that maps a grammar kind (a file extension in decc-grammar,
// a declaration kind in .dec programs) to its front end. JSON Schema is a
// kind too, but it is translated to GBNF text by DeccJsonSchema first, which
// this library does not link.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_GRAMMAR_SOURCE_H
#define DECC_GRAMMAR_SOURCE_H

#include "decc/grammar.h"

#include <optional>
#include <string_view>
#include <vector>

namespace decc {
namespace grammar {

enum class SourceKind { Gbnf, Ebnf, Regex };

/// `.gbnf`, `.ebnf`, `.regex`; nullopt for any other extension.
std::optional<SourceKind> sourceKindForExtension(std::string_view extension);

/// Parses `source` of `kind` into the IR (located diagnostics on error),
/// within the parse-time parts of `limits` (nesting, repetition counts).
std::optional<Grammar> parseSource(SourceKind kind, std::string_view source,
                                   std::vector<Diagnostic> &diags,
                                   const Limits &limits = Limits());

/// parseSource + compile.
std::shared_ptr<const CompiledGrammar> compileSource(SourceKind kind, std::string_view source,
                                                     std::vector<Diagnostic> &diags,
                                                     const Limits &limits = Limits());

} // namespace grammar
} // namespace decc

#endif
