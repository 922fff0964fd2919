//===- DecOps.cpp - Operations of the `dec` dialect ----------------------===//
#include "decc/Dialect/Dec/IR/DecOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace decc::dec;

//===----------------------------------------------------------------------===//
// StrategyOp
//===----------------------------------------------------------------------===//

Operation *StrategyOp::getSelection() {
  Block &b = getBodyBlock();
  if (b.empty())
    return nullptr;
  Operation *last = &b.back();
  return isa<GreedyOp, SampleOp>(last) ? last : nullptr;
}

ParseResult StrategyOp::parse(OpAsmParser &parser, OperationState &result) {
  StringAttr name;
  if (parser.parseSymbolName(name, SymbolTable::getSymbolAttrName(),
                             result.attributes))
    return failure();
  SmallVector<OpAsmParser::Argument> args;
  if (parser.parseArgumentList(args, OpAsmParser::Delimiter::Paren,
                               /*allowType=*/true))
    return failure();
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  Region *body = result.addRegion();
  if (parser.parseRegion(*body, args))
    return failure();
  return success();
}

void StrategyOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printSymbolName(getSymName());
  p << '(';
  llvm::interleaveComma(getBodyBlock().getArguments(), p,
                        [&](BlockArgument a) { p.printRegionArgument(a); });
  p << ')';
  p.printOptionalAttrDictWithKeyword((*this)->getAttrs(),
                                     {SymbolTable::getSymbolAttrName()});
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false);
}

LogicalResult StrategyOp::verify() {
  Block &b = getBodyBlock();
  size_t n = b.getNumArguments();
  if (getParamNames().size() != n || getParamDefaults().size() != n ||
      getParamMins().size() != n || getParamMaxs().size() != n)
    return emitOpError("parameter attributes must have one entry per body "
                       "argument (")
           << n << ")";
  for (BlockArgument a : b.getArguments())
    if (!a.getType().isF32() && !a.getType().isSignlessInteger(32))
      return emitOpError("parameter #") << a.getArgNumber()
                                        << " must be f32 or i32";
  if (!getSelection())
    return emitOpError("body must end with a selection (dec.greedy or "
                       "dec.sample)");
  return success();
}

#define GET_OP_CLASSES
#include "decc/Dialect/Dec/IR/DecOps.cpp.inc"
