//===- SchemaOptions.h - How .dec programs translate JSON Schemas -*- C++ -*-===//
//
// A `json_schema` grammar is translated twice: by the front end, to report
// the schema's errors against its file, and by DecToGram, which compiles the
// schema text a dec.grammar carries. Both must build the same language, so
// the options live here once.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_FRONTEND_SCHEMAOPTIONS_H
#define DECC_FRONTEND_SCHEMAOPTIONS_H

#include "decc/JsonSchema/JsonSchema.h"

namespace decc {

/// Grammars in a .dec program constrain generation: bounded whitespace keeps
/// a model from padding a JSON value with whitespace forever.
inline jsonschema::Options decSchemaOptions() {
  jsonschema::Options options;
  options.whitespace = jsonschema::Whitespace::Bounded;
  return options;
}

} // namespace decc

#endif // DECC_FRONTEND_SCHEMAOPTIONS_H
