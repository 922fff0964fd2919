//===- DecDialect.cpp - The `dec` dialect --------------------------------===//
#include "decc/Dialect/Dec/IR/DecDialect.h"
#include "decc/Dialect/Dec/IR/DecOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace decc::dec;

#include "decc/Dialect/Dec/IR/DecOpsDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "decc/Dialect/Dec/IR/DecOpsTypes.cpp.inc"

#include "decc/Dialect/Dec/IR/DecEnums.cpp.inc"

/// A grammar kind as its keyword (`custom<GrammarKind>` in DecAttrs.td).
static ParseResult parseGrammarKind(AsmParser &parser, GrammarKind &kind) {
  SMLoc loc = parser.getCurrentLocation();
  std::string keyword;
  if (parser.parseKeywordOrString(&keyword))
    return failure();
  std::optional<GrammarKind> k = symbolizeGrammarKind(keyword);
  if (!k) {
    InFlightDiagnostic d = parser.emitError(loc, "unknown grammar kind '")
                           << keyword << "' (expected one of:";
    for (uint32_t i = 0; i <= getMaxEnumValForGrammarKind(); ++i)
      d << (i ? ", " : " ") << stringifyGrammarKind(*symbolizeGrammarKind(i));
    return d << ")";
  }
  kind = *k;
  return success();
}

static void printGrammarKind(AsmPrinter &printer, GrammarKind kind) {
  printer << stringifyGrammarKind(kind);
}

#define GET_ATTRDEF_CLASSES
#include "decc/Dialect/Dec/IR/DecAttrs.cpp.inc"

void DecDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "decc/Dialect/Dec/IR/DecAttrs.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "decc/Dialect/Dec/IR/DecOpsTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "decc/Dialect/Dec/IR/DecOps.cpp.inc"
      >();
}
