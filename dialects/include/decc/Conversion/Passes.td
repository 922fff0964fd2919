//===- Passes.td - Conversions out of the `dec` dialect ----*- tablegen -*-===//
#ifndef DECC_CONVERSION_PASSES_TD
#define DECC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDecToKernel : Pass<"convert-dec-to-kernel", "::mlir::ModuleOp"> {
  let summary = "Lower each dec.strategy to one fused CPU row kernel";
  let description = [{
    Replaces every `dec.strategy @S` by two functions:

      func.func @decc_row_S(%logits: memref<?xf32>, %mask: memref<?xi32>,
                            %history: memref<?xi32>, %params: memref<?xf64>,
                            %seed: i64, %step: i64, %workspace: memref<?xi8>)
          -> (i32, i32, f32)            // status, token, logprob
      func.func @decc_workspace_S(%vocab: i64) -> i64

    The body is built from scf/arith/math/memref/vector operations only (no
    calls, no allocation). A planner groups the logits operators into
    streaming passes over the row; the plan is attached to the row function as
    the `decc.plan` string attribute so tests and humans can check it.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::func::FuncDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect"
  ];
  let options = [
    Option<"vectorWidth", "vector-width", "unsigned", /*default=*/"16",
           "f32 lanes per vector block of the streaming loops (power of two, 4..64)">
  ];
}

def ApproximateMath : Pass<"decc-approximate-math", "::mlir::func::FuncOp"> {
  let summary = "Expand math ops into polynomials (vectorisable, no libm)";
  let description = [{
    Rewrites math.exp, math.log and the other transcendental ops MLIR knows
    how to approximate into arith polynomials, so kernels stay vectorised
    and the shared object needs no libm.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // DECC_CONVERSION_PASSES_TD
