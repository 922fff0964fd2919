//===- decc-opt.cpp - Run any decc or MLIR pass on a .mlir file ----------===//
//
// The mlir-opt of decc: parses IR of every stage (dec, lowered kernels, llvm
// dialect), runs the passes named on the command line and prints the result.
//
//===----------------------------------------------------------------------===//
#include "decc/InitAllDialects.h"
#include "decc/InitAllPasses.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  decc::registerAllPasses();
  mlir::DialectRegistry registry;
  decc::registerAllDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "decc optimizer driver: passes over the dec dialect and "
                  "its lowerings\n",
      registry));
}
