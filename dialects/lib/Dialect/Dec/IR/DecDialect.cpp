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

void DecDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "decc/Dialect/Dec/IR/DecOpsTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "decc/Dialect/Dec/IR/DecOps.cpp.inc"
      >();
}
