//===- GramDialect.cpp - The `gram` dialect ------------------------------===//
#include "decc/Dialect/Gram/IR/GramDialect.h"
#include "decc/Dialect/Gram/IR/GramOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace decc::gram;

#include "decc/Dialect/Gram/IR/GramOpsDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "decc/Dialect/Gram/IR/GramOpsTypes.cpp.inc"

void GramDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "decc/Dialect/Gram/IR/GramOpsTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "decc/Dialect/Gram/IR/GramOps.cpp.inc"
      >();
}
