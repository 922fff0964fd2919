//===- jsonschema_fuzzer.cpp - libFuzzer target for JSON Schema -> GBNF ---===//
//
// Any input must give a grammar or diagnostics, within the limits, never a
// crash or a hang. The first byte picks the options so that both whitespace
// policies, strict objects, lenient mode and both drafts are exercised.
//
//===----------------------------------------------------------------------===//
#include "decc/JsonSchema/JsonSchema.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  using namespace decc::jsonschema;
  Options o;
  uint8_t flags = data[0];
  o.whitespace = flags & 1 ? Whitespace::Flexible : Whitespace::Compact;
  o.strictObjects = flags & 2;
  o.lenient = flags & 4;
  o.draft = flags & 8 ? Draft::Draft7 : Draft::Auto;
  // Small limits keep each run fast; the limits themselves are under test.
  o.limits.maxRules = 2000;
  o.limits.maxRepetition = 1000;
  o.limits.maxSchemaBytes = 1 << 16;
  Result r = toGbnf(std::string_view(reinterpret_cast<const char *>(data) + 1, size - 1), o, "fuzz.json");
  if (r.ok == (r.errorCount() > 0))
    __builtin_trap();  // ok exactly when there is no error
  (void)r.render();
  return 0;
}
