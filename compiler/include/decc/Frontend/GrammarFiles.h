//===- GrammarFiles.h - Read and compile the files of `grammar` decls -*- C++ -*-===//
//
// The one place where a .dec program's grammar files are read and checked at
// compile time. It is a library of its own (DeccGrammarFiles) so that the
// front end proper links neither the GBNF compiler nor the JSON Schema
// translator.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_FRONTEND_GRAMMARFILES_H
#define DECC_FRONTEND_GRAMMARFILES_H

#include "decc/AST/AST.h"
#include "decc/Frontend/Diagnostics.h"

#include <cstddef>

namespace decc {

struct GrammarFileLimits {
  /// Larger files are refused without being read to the end.
  size_t maxFileBytes = 8u << 20;
};

/// For every grammar of `module`: resolves its path against the directory of
/// `module.fileName`, reads the file (an inline regex is its own text) and
/// compiles it with its kind's front end, so that a broken grammar fails the
/// build rather than a server loading it. Fills `resolvedPath` and `source`
/// (the text as read, whatever its kind). Errors inside a grammar
/// file are printed with that file's locations, each followed by a note at its
/// declaration. Returns false if any error was reported.
bool loadGrammarFiles(ast::Module &module, DiagnosticEngine &diags,
                      const GrammarFileLimits &limits = {});

} // namespace decc

#endif // DECC_FRONTEND_GRAMMARFILES_H
