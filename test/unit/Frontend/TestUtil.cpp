//===- TestUtil.cpp -------------------------------------------------------===//

#include "TestUtil.h"

#include <sstream>

namespace decc::test {

Compiled compile(const std::string &source, const FrontendLimits &limits) {
  std::ostringstream os;
  DiagnosticEngine diags("t.dec", source, os);
  Compiled c;
  c.module = parseAndCheck("t.dec", source, diags, limits);
  c.diagnostics = os.str();
  c.errors = diags.errorCount();
  c.warnings = diags.warningCount();
  return c;
}

std::string inLogits(const std::string &ops) {
  return "strategy s {\n  logits {\n    " + ops + "\n  }\n  sample\n}\n";
}

std::string firstLine(const std::string &diagnostics) {
  return diagnostics.substr(0, diagnostics.find('\n'));
}

} // namespace decc::test
