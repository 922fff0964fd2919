//===- Diagnostics.cpp - clang-style located diagnostics ------------------===//

#include "decc/Frontend/Diagnostics.h"

#include <algorithm>

namespace decc {

/// Code points shown on each side of the column on very long lines.
static constexpr size_t kContext = 120;

DiagnosticEngine::DiagnosticEngine(std::string fileName, std::string source,
                                   std::ostream &os)
    : fileName_(std::move(fileName)), source_(std::move(source)), os_(os) {
  lineStarts_.push_back(0);
  for (size_t i = 0; i < source_.size(); ++i)
    if (source_[i] == '\n')
      lineStarts_.push_back(i + 1);
}

const std::vector<size_t> &DiagnosticEngine::codePoints(uint32_t line) {
  if (line == cachedLine_)
    return cachedPoints_;
  cachedLine_ = line;
  cachedPoints_.clear();
  size_t begin = source_.size(), end = source_.size();
  if (line != 0 && line <= lineStarts_.size()) {
    begin = lineStarts_[line - 1];
    end = line < lineStarts_.size() ? lineStarts_[line] - 1 : source_.size();
    if (end > begin && source_[end - 1] == '\r')
      --end;
  }
  for (size_t i = begin; i < end; ++i)
    if ((static_cast<unsigned char>(source_[i]) & 0xC0) != 0x80)
      cachedPoints_.push_back(i);
  cachedPoints_.push_back(end);
  return cachedPoints_;
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

  // Columns count code points (as ANTLR does). Very long lines (generated
  // input) are cut to a window around the column: echoing a megabyte line
  // per diagnostic would turn thousands of warnings into gigabytes.
  const std::vector<size_t> &points = codePoints(loc.line);
  size_t count = points.size() - 1; // the last entry is the end of the line
  size_t column = loc.col == 0 ? 1 : loc.col;
  size_t first = 0, last = count;
  if (count > 2 * kContext) {
    first = std::min(count, column > kContext ? column - kContext : 0);
    last = std::min(count, column + kContext);
  }
  os_ << source_.substr(points[first], points[last] - points[first]) << '\n';
  // Tabs stay tabs so that the caret lines up whatever the tab width.
  std::string caret;
  for (size_t i = first; i + 1 < column; ++i)
    caret += i < count && source_[points[i]] == '\t' ? '\t' : ' ';
  os_ << caret << "^\n";
}

} // namespace decc
