//===- DecToGram.cpp - dec.grammar (any kind) -> gram.grammar ------------===//
#include "decc/Conversion/DecToGram/DecToGram.h"

#include "decc/Conversion/GrammarToGram/GrammarToGram.h"
#include "decc/Dialect/Gram/Transforms/Passes.h"
#include "decc/Frontend/SchemaOptions.h"
#include "decc/Grammar/Source.h"
#include "decc/JsonSchema/JsonSchema.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;

namespace decc {
namespace gram {

namespace {

/// The language as diagnostics name it.
StringRef languageName(dec::GrammarKind kind) {
  switch (kind) {
  case dec::GrammarKind::Gbnf:
    return "GBNF";
  case dec::GrammarKind::Ebnf:
    return "EBNF";
  case dec::GrammarKind::Regex:
    return "regex";
  case dec::GrammarKind::JsonSchema:
    return "JSON Schema";
  }
  llvm_unreachable("unknown grammar kind");
}

/// Reads the grammar of `grammar` with the front end of its kind; on error,
/// nullopt and that front end's diagnostics in `notes` ("LINE:COL: message",
/// or "/json/pointer: message" for a schema).
std::optional<decc::grammar::Grammar> parseSourceOf(dec::GrammarOp grammar,
                                                    std::vector<std::string> &notes) {
  StringRef source = grammar.getSource();
  std::string_view text(source.data(), source.size());
  auto viaSource = [&](decc::grammar::SourceKind kind, std::string_view src) {
    std::vector<decc::grammar::Diagnostic> diags;
    std::optional<decc::grammar::Grammar> g = decc::grammar::parseSource(kind, src, diags);
    for (const decc::grammar::Diagnostic &d : diags)
      notes.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " +
                      d.message);
    return g;
  };
  switch (grammar.getKind()) {
  case dec::GrammarKind::Gbnf:
    return viaSource(decc::grammar::SourceKind::Gbnf, text);
  case dec::GrammarKind::Ebnf:
    return viaSource(decc::grammar::SourceKind::Ebnf, text);
  case dec::GrammarKind::Regex:
    return viaSource(decc::grammar::SourceKind::Regex, text);
  case dec::GrammarKind::JsonSchema: {
    jsonschema::Result r =
        jsonschema::toGbnf(text, decSchemaOptions(), grammar.getSymName().str());
    // Warnings were the front end's to report; only why it failed matters here.
    for (const jsonschema::Diagnostic &d : r.diagnostics) {
      if (d.severity != jsonschema::Severity::Error)
        continue;
      notes.push_back(d.line ? std::to_string(d.line) + ":" + std::to_string(d.column) +
                                   ": " + d.message
                             : (d.pointer.empty() ? "/" : d.pointer) + ": " + d.message);
    }
    if (!r.ok)
      return std::nullopt;
    // The GBNF translation, not r.grammar: it is the text the front end
    // compiled to check the schema, so the table is built from exactly what
    // was checked (and gram locations are positions in it).
    return viaSource(decc::grammar::SourceKind::Gbnf, r.gbnf);
  }
  }
  llvm_unreachable("unknown grammar kind");
}

} // namespace

FailureOr<GrammarOp> importDecGrammar(dec::GrammarOp grammar, OpBuilder &builder) {
  grammar.getContext()->getOrLoadDialect<GramDialect>();
  std::vector<std::string> notes;
  std::optional<decc::grammar::Grammar> g = parseSourceOf(grammar, notes);
  if (!g) {
    StringRef language = languageName(grammar.getKind());
    InFlightDiagnostic d = grammar.emitError("grammar '")
                           << grammar.getSymName() << "' is not valid " << language;
    for (const std::string &note : notes)
      d.attachNote() << language << " " << note;
    return failure();
  }
  return importGrammar(builder, grammar.getLoc(), grammar.getSymName(), *g,
                       grammar.getSymName());
}

OwningOpRef<ModuleOp> importDecGrammars(ModuleOp module) {
  OpBuilder b(module.getContext());
  OwningOpRef<ModuleOp> out = ModuleOp::create(module.getLoc());
  b.setInsertionPointToEnd(out->getBody());
  for (auto grammar : module.getOps<dec::GrammarOp>())
    if (failed(importDecGrammar(grammar, b)))
      return nullptr;
  return out;
}

FailureOr<std::vector<uint8_t>> buildConstraintTable(dec::GrammarOp grammar) {
  OpBuilder b(grammar.getContext());
  OwningOpRef<ModuleOp> module = ModuleOp::create(grammar.getLoc());
  b.setInsertionPointToEnd(module->getBody());
  FailureOr<GrammarOp> g = importDecGrammar(grammar, b);
  if (failed(g))
    return failure();
  PassManager pm(grammar.getContext());
  buildGramTablePipeline(pm);
  if (failed(pm.run(*module)))
    return failure();
  StringRef table = g->getTableAttr().getValue();
  return std::vector<uint8_t>(table.begin(), table.end());
}

} // namespace gram
} // namespace decc
