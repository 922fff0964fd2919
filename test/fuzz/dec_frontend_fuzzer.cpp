//===- dec_frontend_fuzzer.cpp - libFuzzer target for the .dec front end --===//
//
// Any byte string must end in a module or in diagnostics: no crash, no hang,
// no sanitizer report. A successful parse must also dump, and the dump must
// be deterministic.
//
//===----------------------------------------------------------------------===//

#include "decc/Frontend/Frontend.h"

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string source(reinterpret_cast<const char *>(data), size);
  std::ostringstream os;
  decc::DiagnosticEngine diags("fuzz.dec", source, os);
  diags.setMaxErrors(50);
  std::unique_ptr<decc::ast::Module> module = decc::parseAndCheck("fuzz.dec", source, diags);
  if (module) {
    if (diags.errorCount() != 0)
      std::abort(); // a module is returned only when no error was reported
    if (decc::ast::dump(*module) != decc::ast::dump(*module))
      std::abort();
  } else if (diags.errorCount() == 0) {
    std::abort(); // a rejection must say why
  }
  return 0;
}
