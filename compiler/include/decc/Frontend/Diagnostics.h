//===- Diagnostics.h - Located, clang-style diagnostics ---------*- C++ -*-===//
//
// Every stage that reads user input reports through a DiagnosticEngine:
//
//   FILE:LINE:COL: error: message
//   <the source line>
//   <spaces/tabs>^
//
// A location with line 0 has no source position (e.g. "the file is too
// large"); it prints as `FILE: error: message`.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_FRONTEND_DIAGNOSTICS_H
#define DECC_FRONTEND_DIAGNOSTICS_H

#include "decc/AST/AST.h"

#include <ostream>
#include <string>
#include <vector>

namespace decc {

enum class Severity { Error, Warning, Note };

class DiagnosticEngine {
public:
  DiagnosticEngine(std::string fileName, std::string source, std::ostream &os);

  void report(Severity severity, ast::SourceLoc loc, const std::string &message);
  void error(ast::SourceLoc l, const std::string &m) { report(Severity::Error, l, m); }
  void warning(ast::SourceLoc l, const std::string &m) { report(Severity::Warning, l, m); }
  void note(ast::SourceLoc l, const std::string &m) { report(Severity::Note, l, m); }

  /// Errors reported so far, including those suppressed by the error limit
  /// and warnings promoted by setWarningsAsErrors.
  unsigned errorCount() const { return errors_; }
  unsigned warningCount() const { return warnings_; }

  void setWarningsAsErrors(bool on) { warningsAsErrors_ = on; }
  /// Print at most `n` errors (0 = no limit); the next one prints a single
  /// "too many errors" line and everything after it is counted but silent.
  void setMaxErrors(unsigned n) { maxErrors_ = n; }

  const std::string &fileName() const { return fileName_; }

  /// For errors about another file, printed by that file's own printer to
  /// this stream: they count like the engine's own (exit status, -Werror).
  std::ostream &stream() { return os_; }
  void countExternalErrors(unsigned n) { errors_ += n; }

private:
  /// Byte offsets of the code points of 1-based line `line` (without its
  /// terminator), plus the offset of its end. Cached: diagnostics cluster on
  /// the same line, which may be very long in generated input.
  const std::vector<size_t> &codePoints(uint32_t line);

  std::string fileName_;
  std::string source_;
  std::ostream &os_;
  std::vector<size_t> lineStarts_;
  unsigned errors_ = 0;
  unsigned warnings_ = 0;
  unsigned printedErrors_ = 0;
  unsigned maxErrors_ = 0;
  bool warningsAsErrors_ = false;
  bool limitReached_ = false;
  /// Notes belong to the diagnostic before them: silent if it was.
  bool lastSuppressed_ = false;
  uint32_t cachedLine_ = 0;
  std::vector<size_t> cachedPoints_;
};

} // namespace decc

#endif // DECC_FRONTEND_DIAGNOSTICS_H
