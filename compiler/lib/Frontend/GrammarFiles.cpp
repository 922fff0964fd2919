//===- GrammarFiles.cpp ---------------------------------------------------===//

#include "decc/Frontend/GrammarFiles.h"

#include "decc/Frontend/SchemaOptions.h"
#include "decc/Grammar/Gbnf.h"
#include "decc/Grammar/Regex.h"
#include "decc/Grammar/Source.h"
#include "decc/JsonSchema/JsonSchema.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace decc {

namespace {

/// The file's bytes, or an error message naming `path`.
bool readBounded(const std::string &path, size_t maxBytes, std::string &out,
                 std::string &error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "cannot read grammar file '" + path + "': it is a directory";
    return false;
  }
  std::unique_ptr<FILE, int (*)(FILE *)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    error = "cannot read grammar file '" + path + "': " + std::strerror(errno);
    return false;
  }
  char buf[1 << 16];
  size_t n;
  // Bounded even when the "file" is a device that never ends.
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    if (out.size() + n > maxBytes) {
      error = "grammar file '" + path + "' is too large (the limit is " +
              std::to_string(maxBytes) + " bytes)";
      return false;
    }
    out.append(buf, n);
  }
  if (std::ferror(f.get())) {
    error = "cannot read grammar file '" + path + "': " + std::strerror(errno);
    return false;
  }
  return true;
}

/// The column in the .dec source of code point `index` (0-based) of the
/// string literal whose opening quote is at `quote`: the lexer's escapes
/// (`\` before any character) make the literal longer than its value. The
/// quote's own location when the source no longer matches.
ast::SourceLoc literalColumn(const std::string &decSource, ast::SourceLoc quote, size_t index) {
  size_t at = 0;
  for (uint32_t line = 1; line < quote.line; ++line) {
    at = decSource.find('\n', at);
    if (at == std::string::npos)
      return quote;
    ++at;
  }
  auto nextCodePoint = [&] {
    ++at;
    while (at < decSource.size() && (static_cast<unsigned char>(decSource[at]) & 0xC0) == 0x80)
      ++at;
  };
  for (uint32_t col = 1; col < quote.col; ++col)
    nextCodePoint();
  if (at >= decSource.size() || decSource[at] != '"')
    return quote;
  ast::SourceLoc loc = quote;
  nextCodePoint();
  ++loc.col;
  for (size_t i = 0; i < index; ++i) {
    if (at >= decSource.size() || decSource[at] == '"' || decSource[at] == '\n')
      return quote;
    if (decSource[at] == '\\')
      nextCodePoint(), ++loc.col;
    nextCodePoint();
    ++loc.col;
  }
  if (at < decSource.size() && decSource[at] == '\\')
    ++loc.col; // point at the escaped character, as the pattern sees it
  return loc;
}

std::string resolve(const std::string &decFile, const std::string &path) {
  std::filesystem::path p(path);
  if (p.is_absolute())
    return p.string();
  return (std::filesystem::path(decFile).parent_path() / p).lexically_normal().string();
}

class Loader {
public:
  Loader(DiagnosticEngine &diags, const GrammarFileLimits &limits)
      : diags_(diags), limits_(limits) {}

  /// Reads the grammar into `g.source` and compiles it with its kind's front
  /// end, only to report errors: dec.grammar carries the text itself.
  bool load(ast::GrammarDecl &g, const std::string &decFile) {
    if (g.kind == ast::GrammarKind::Regex && !isRegexFile(g.path))
      return loadInlineRegex(g, decFile);
    g.resolvedPath = resolve(decFile, g.path);
    std::string error;
    if (!readBounded(g.resolvedPath, limits_.maxFileBytes, g.source, error)) {
      diags_.error(g.pathLoc, error);
      return false;
    }
    switch (g.kind) {
    case ast::GrammarKind::Gbnf:
      return compile(g, grammar::SourceKind::Gbnf);
    case ast::GrammarKind::Ebnf:
      return compile(g, grammar::SourceKind::Ebnf);
    case ast::GrammarKind::Regex:
      return compile(g, grammar::SourceKind::Regex);
    case ast::GrammarKind::JsonSchema:
      return compileSchema(g);
    }
    return false;
  }

private:
  static bool isRegexFile(const std::string &path) {
    const std::string ext = ".regex";
    return path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
  }

  /// `regex "PATTERN"`: errors are located in the .dec file itself. The
  /// pattern is the source: a .dec string holds no line break, so it reads
  /// the same as a one-line `.regex` file.
  bool loadInlineRegex(ast::GrammarDecl &g, const std::string &decFile) {
    std::vector<grammar::Diagnostic> errors;
    std::optional<grammar::Grammar> ir = grammar::parseRegexGrammar(g.path, errors);
    if (ir && grammar::compile(*ir, errors)) {
      g.source = g.path;
      return true;
    }
    std::string decSource, readError;
    readBounded(decFile, limits_.maxFileBytes, decSource, readError);
    for (const grammar::Diagnostic &d : errors)
      diags_.error(literalColumn(decSource, g.pathLoc, d.loc.col ? d.loc.col - 1 : 0), d.message);
    diags_.note(g.loc, "in the regular expression of grammar '" + g.name + "' declared here");
    return false;
  }

  bool compile(const ast::GrammarDecl &g, grammar::SourceKind kind) {
    std::vector<grammar::Diagnostic> errors;
    if (grammar::compileSource(kind, g.source, errors))
      return true;
    grammar::printDiagnostics(g.resolvedPath, g.source, errors, diags_.stream());
    failedIn(g, errors.size(), "in grammar '" + g.name + "' declared here");
    return false;
  }

  bool compileSchema(const ast::GrammarDecl &g) {
    jsonschema::Result r = jsonschema::toGbnf(g.source, decSchemaOptions(), g.resolvedPath);
    if (!r.diagnostics.empty())
      diags_.stream() << r.render();
    if (!r.ok) {
      failedIn(g, r.errorCount(), "in the JSON Schema of grammar '" + g.name + "' declared here");
      return false;
    }
    // The translation is valid GBNF by construction; what can still fail is
    // a compile limit, reported against the generated text.
    std::vector<grammar::Diagnostic> errors;
    if (grammar::compileGbnf(r.gbnf, errors))
      return true;
    grammar::printDiagnostics(g.resolvedPath + " (as GBNF)", r.gbnf, errors, diags_.stream());
    failedIn(g, errors.size(), "in grammar '" + g.name + "' declared here");
    return false;
  }

  void failedIn(const ast::GrammarDecl &g, size_t errors, const std::string &note) {
    diags_.countExternalErrors(errors ? static_cast<unsigned>(errors) : 1);
    diags_.note(g.loc, note);
  }

  DiagnosticEngine &diags_;
  const GrammarFileLimits &limits_;
};

} // namespace

bool loadGrammarFiles(ast::Module &module, DiagnosticEngine &diags,
                      const GrammarFileLimits &limits) {
  Loader loader(diags, limits);
  bool ok = true;
  for (ast::GrammarDecl &g : module.grammars)
    ok &= loader.load(g, module.fileName);
  return ok;
}

} // namespace decc
