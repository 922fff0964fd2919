//===- Frontends.cpp - grammar source of a decgram_kind -> compiled grammar ===//

#include "Frontends.h"

#include "decc/Grammar/Gbnf.h"
#include "decc/Grammar/Source.h"
#include "decc/JsonSchema/JsonSchema.h"

#include <iterator>
#include <optional>
#include <sstream>

namespace decc::grammarc {
namespace {

/// The front end of a kind that compiles through grammar::compileSource;
/// nullopt for JSON Schema (translated to GBNF first).
std::optional<grammar::SourceKind> sourceKind(decgram_kind kind) {
  switch (kind) {
  case DECGRAM_KIND_GBNF: return grammar::SourceKind::Gbnf;
  case DECGRAM_KIND_REGEX: return grammar::SourceKind::Regex;
  case DECGRAM_KIND_EBNF: return grammar::SourceKind::Ebnf;
  case DECGRAM_KIND_JSON_SCHEMA: break;
  }
  return std::nullopt;
}

decgram_status compileText(grammar::SourceKind kind, std::string_view text,
                           const std::string &shownName,
                           std::shared_ptr<const grammar::CompiledGrammar> &out,
                           std::string &error) {
  std::vector<grammar::Diagnostic> diags;
  std::shared_ptr<const grammar::CompiledGrammar> g = grammar::compileSource(kind, text, diags);
  if (!g) {
    std::ostringstream os;
    grammar::printDiagnostics(shownName, std::string(text), diags, os);
    error = os.str();
    return DECGRAM_ERR_GRAMMAR;
  }
  out = std::move(g);
  return DECGRAM_OK;
}

struct DraftInfo {
  decgram_json_draft value;
  const char *name;
  jsonschema::Draft draft;
};

/// Every decgram_json_draft; its index is the draft's code in cache keys.
constexpr DraftInfo kDrafts[] = {
    {DECGRAM_JSON_DRAFT_AUTO, "DECGRAM_JSON_DRAFT_AUTO", jsonschema::Draft::Auto},
    {DECGRAM_JSON_DRAFT_7, "DECGRAM_JSON_DRAFT_7", jsonschema::Draft::Draft7},
    {DECGRAM_JSON_DRAFT_2020_12, "DECGRAM_JSON_DRAFT_2020_12", jsonschema::Draft::Draft2020_12},
};

jsonschema::Options schemaOptions(const decgram_compile_options_ex &o) {
  jsonschema::Options s;
  s.draft = kDrafts[*draftCode(o.json_draft)].draft;
  s.whitespace = o.json_whitespace == DECGRAM_JSON_WS_COMPACT   ? jsonschema::Whitespace::Compact
                 : o.json_whitespace == DECGRAM_JSON_WS_BOUNDED ? jsonschema::Whitespace::Bounded
                                                                : jsonschema::Whitespace::Flexible;
  s.strictObjects = o.json_strict_objects;
  s.lenient = o.json_lenient;
  return s;
}

} // namespace

std::optional<uint8_t> draftCode(decgram_json_draft draft) {
  for (size_t i = 0; i < std::size(kDrafts); ++i)
    if (kDrafts[i].value == draft)
      return static_cast<uint8_t>(i);
  return std::nullopt;
}

std::string supportedDrafts() {
  std::string out;
  for (const DraftInfo &d : kDrafts)
    out += std::string(out.empty() ? "" : ", ") + d.name + " (" +
           std::to_string(static_cast<int>(d.value)) + ")";
  return out;
}

bool isKnownKind(int kind) {
  return kind == DECGRAM_KIND_GBNF || kind == DECGRAM_KIND_JSON_SCHEMA ||
         kind == DECGRAM_KIND_REGEX || kind == DECGRAM_KIND_EBNF;
}

bool kindSupported(decgram_kind kind) {
  return kind == DECGRAM_KIND_JSON_SCHEMA || sourceKind(kind).has_value();
}

const char *kindTag(decgram_kind kind) {
  switch (kind) {
  case DECGRAM_KIND_GBNF: return "gbnf";
  case DECGRAM_KIND_JSON_SCHEMA: return "json-schema";
  case DECGRAM_KIND_REGEX: return "regex";
  case DECGRAM_KIND_EBNF: return "ebnf";
  }
  return "unknown";
}

std::string supportedKinds() {
  std::string out;
  for (decgram_kind k : {DECGRAM_KIND_GBNF, DECGRAM_KIND_JSON_SCHEMA, DECGRAM_KIND_REGEX,
                         DECGRAM_KIND_EBNF})
    if (kindSupported(k))
      out += std::string(out.empty() ? "" : ", ") + kindName(k);
  return out;
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

decgram_status compileKind(decgram_kind kind, std::string_view text,
                             const decgram_compile_options_ex &options,
                             std::shared_ptr<const grammar::CompiledGrammar> &out,
                             std::string &error) {
  if (kind == DECGRAM_KIND_JSON_SCHEMA) {
    jsonschema::Result r = jsonschema::toGbnf(text, schemaOptions(options), "<json-schema>");
    if (!r.ok) {
      error = r.render();
      return DECGRAM_ERR_GRAMMAR;
    }
    // The translator's IR goes straight to the grammar compiler (no GBNF
    // parse); what can still fail is a compile limit.
    std::vector<grammar::Diagnostic> diags;
    out = grammar::compile(*r.grammar, diags);
    if (!out) {
      error = "<json-schema>: error: " + (diags.empty() ? std::string("grammar compile failed")
                                                        : diags.front().message);
      return DECGRAM_ERR_GRAMMAR;
    }
    return DECGRAM_OK;
  }
  if (std::optional<grammar::SourceKind> k = sourceKind(kind))
    return compileText(*k, text, std::string("<") + kindTag(kind) + ">", out, error);
  error = std::string("no ") + kindName(kind) + " front end in this build (supported: " +
          supportedKinds() + ")";
  return DECGRAM_ERR_UNSUPPORTED;
}

} // namespace decc::grammarc
