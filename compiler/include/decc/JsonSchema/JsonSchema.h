//===- JsonSchema.h - JSON Schema -> GBNF, exact or an explicit error -*- C++ -*-===//
//
// Translates a JSON Schema (draft 2020-12 or draft 7) into GBNF text as
// llama.cpp defines it. The language of the grammar is the set of JSON texts
// valid under the schema, modulo the documented spelling model (whitespace
// policy, object keys in schema order, canonical spellings of fixed strings and
// numbers; see docs/json-schema.md). A keyword that a grammar cannot enforce is
// an error naming the keyword and its JSON pointer, or a warning in lenient
// mode. Nothing is ignored silently.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_JSONSCHEMA_JSONSCHEMA_H
#define DECC_JSONSCHEMA_JSONSCHEMA_H

#include "decc/grammar.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

namespace decc::jsonschema {

enum class Draft { Auto, Draft7, Draft2020_12 };
/// Where whitespace may appear between the tokens of a JSON value (never
/// around the top-level value):
///  - Compact: nowhere;
///  - Flexible: any run of JSON whitespace, wherever JSON allows it;
///  - Bounded: wherever JSON allows it, at most one space, or one newline
///    followed by up to 20 spaces/tabs (llama.cpp's choice): pretty-printed
///    JSON up to 10 levels deep, without letting a model pad forever.
enum class Whitespace { Compact, Flexible, Bounded };

struct Limits {
  size_t maxSchemaBytes = 8u << 20;  ///< schema text size
  unsigned maxDepth = 256;           ///< JSON nesting depth of the schema text
  size_t maxRules = 20000;           ///< GBNF rules emitted
  uint64_t maxRepetition = 10000;    ///< counts in {m,n}: lengths, item counts, regex quantifiers
};

struct Options {
  /// Auto: from `$schema`, else 2020-12.
  Draft draft = Draft::Auto;
  /// The specification's default: properties not listed are allowed (with any
  /// value). Strict objects treat a missing `additionalProperties` as false.
  bool strictObjects = false;
  Whitespace whitespace = Whitespace::Flexible;
  /// Unsupported keywords become warnings and are left unenforced: the grammar
  /// then accepts a superset of the valid instances.
  bool lenient = false;
  Limits limits;
};

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  /// JSON pointer of the schema object the message is about ("" = root);
  /// unset (line != 0) for syntax errors, which carry a source position.
  std::string pointer;
  std::string message;
  unsigned line = 0, column = 0;  ///< 1-based; 0 = no source position
  std::string sourceLine;         ///< the line of a positioned diagnostic
};

struct Result {
  bool ok = false;
  std::string gbnf;  ///< set when ok
  /// The same grammar as the grammar compiler's IR (set when ok): compile it
  /// with grammar::compile, skipping GBNF's parser.
  std::optional<grammar::Grammar> grammar;
  std::vector<Diagnostic> diagnostics;
  std::string sourceName;

  /// Every diagnostic, one per line (`NAME: error: /ptr: message`, or
  /// `NAME:L:C: error: message` + source line + caret).
  std::string render() const;
  size_t errorCount() const;
};

Result toGbnf(std::string_view schemaText, const Options &options, std::string sourceName);

} // namespace decc::jsonschema

#endif // DECC_JSONSCHEMA_JSONSCHEMA_H
