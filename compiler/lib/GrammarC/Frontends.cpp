//===- Frontends.cpp - grammar source of a decgram_kind -> compiled grammar ===//

#include "Frontends.h"

#include "decc/Grammar/Gbnf.h"
#include "decc/JsonSchema/JsonSchema.h"

#include <sstream>

namespace decc::grammarc {
namespace {

decgram_status compileGbnfText(std::string_view gbnf, const std::string &shownName,
                               std::shared_ptr<const grammar::CompiledGrammar> &out,
                               std::string &error) {
  std::vector<grammar::Diagnostic> diags;
  std::shared_ptr<const grammar::CompiledGrammar> g = grammar::compileGbnf(gbnf, diags);
  if (!g) {
    std::ostringstream os;
    grammar::printDiagnostics(shownName, std::string(gbnf), diags, os);
    error = os.str();
    return DECGRAM_ERR_GRAMMAR;
  }
  out = std::move(g);
  return DECGRAM_OK;
}

jsonschema::Options schemaOptions(const decgram_compile_options &o) {
  jsonschema::Options s;
  s.whitespace = o.json_whitespace == DECGRAM_JSON_WS_COMPACT   ? jsonschema::Whitespace::Compact
                 : o.json_whitespace == DECGRAM_JSON_WS_BOUNDED ? jsonschema::Whitespace::Bounded
                                                                : jsonschema::Whitespace::Flexible;
  s.strictObjects = o.json_strict_objects;
  s.lenient = o.json_lenient;
  return s;
}

} // namespace

bool isKnownKind(int kind) {
  return kind == DECGRAM_KIND_GBNF || kind == DECGRAM_KIND_JSON_SCHEMA ||
         kind == DECGRAM_KIND_REGEX || kind == DECGRAM_KIND_EBNF;
}

bool kindSupported(decgram_kind kind) {
  return kind == DECGRAM_KIND_GBNF || kind == DECGRAM_KIND_JSON_SCHEMA;
}

const char *kindName(decgram_kind kind) {
  switch (kind) {
  case DECGRAM_KIND_GBNF: return "GBNF";
  case DECGRAM_KIND_JSON_SCHEMA: return "JSON Schema";
  case DECGRAM_KIND_REGEX: return "regex";
  case DECGRAM_KIND_EBNF: return "EBNF";
  }
  return "unknown";
}

decgram_status compileSource(decgram_kind kind, std::string_view text,
                             const decgram_compile_options &options,
                             std::shared_ptr<const grammar::CompiledGrammar> &out,
                             std::string &error) {
  switch (kind) {
  case DECGRAM_KIND_GBNF:
    return compileGbnfText(text, "<gbnf>", out, error);
  case DECGRAM_KIND_JSON_SCHEMA: {
    jsonschema::Result r = jsonschema::toGbnf(text, schemaOptions(options), "<json-schema>");
    if (!r.ok) {
      error = r.render();
      return DECGRAM_ERR_GRAMMAR;
    }
    // The translation is GBNF by construction; what can still fail is a
    // compile limit, reported against the generated text.
    return compileGbnfText(r.gbnf, "<json-schema> (as GBNF)", out, error);
  }
  case DECGRAM_KIND_REGEX:
  case DECGRAM_KIND_EBNF:
    break;
  }
  error = std::string("no ") + kindName(kind) +
          " front end in this build (supported: GBNF, JSON Schema)";
  return DECGRAM_ERR_UNSUPPORTED;
}

} // namespace decc::grammarc
