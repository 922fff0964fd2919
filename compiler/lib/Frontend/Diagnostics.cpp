//===- Diagnostics.cpp - clang-style located diagnostics ------------------===//

#include "decc/Frontend/Diagnostics.h"

namespace decc {

DiagnosticEngine::DiagnosticEngine(std::string fileName, std::string source,
                                   std::ostream &os)
    : fileName_(std::move(fileName)), source_(std::move(source)), os_(os) {
  lineStarts_.push_back(0);
  for (size_t i = 0; i < source_.size(); ++i)
    if (source_[i] == '\n')
      lineStarts_.push_back(i + 1);
}

std::string DiagnosticEngine::sourceLine(uint32_t line) const {
  if (line == 0 || line > lineStarts_.size())
    return {};
  size_t begin = lineStarts_[line - 1];
  size_t end = line < lineStarts_.size() ? lineStarts_[line] - 1 : source_.size();
  if (end > begin && source_[end - 1] == '\r')
    --end;
  return source_.substr(begin, end - begin);
}

static const char *severityName(Severity s) {
  switch (s) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

void DiagnosticEngine::report(Severity severity, ast::SourceLoc loc,
                              const std::string &message) {
  if (severity == Severity::Warning && warningsAsErrors_)
    severity = Severity::Error;

  if (severity == Severity::Note) {
    if (lastSuppressed_)
      return;
  } else if (severity == Severity::Warning) {
    ++warnings_;
    lastSuppressed_ = limitReached_;
    if (lastSuppressed_)
      return;
  } else {
    ++errors_;
    if (limitReached_) {
      lastSuppressed_ = true;
      return;
    }
    if (maxErrors_ != 0 && printedErrors_ == maxErrors_) {
      limitReached_ = lastSuppressed_ = true;
      os_ << fileName_ << ": error: too many errors emitted, stopping now\n";
      return;
    }
    ++printedErrors_;
    lastSuppressed_ = false;
  }

  os_ << fileName_;
  if (loc.line != 0)
    os_ << ':' << loc.line << ':' << (loc.col == 0 ? 1 : loc.col);
  os_ << ": " << severityName(severity) << ": " << message << '\n';
  if (loc.line == 0)
    return;

  std::string text = sourceLine(loc.line);
  os_ << text << '\n';
  // Columns count code points (as ANTLR does); keep tabs so the caret lines
  // up whatever the tab width of the terminal.
  std::string caret;
  uint32_t column = 1;
  for (size_t i = 0; i < text.size() && column < loc.col; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80)
      continue; // UTF-8 continuation byte
    caret += c == '\t' ? '\t' : ' ';
    ++column;
  }
  for (; column < loc.col; ++column)
    caret += ' ';
  os_ << caret << "^\n";
}

} // namespace decc
