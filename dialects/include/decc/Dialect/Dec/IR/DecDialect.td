//===- DecDialect.td - The `dec` dialect ------------------*- tablegen -*-===//
//
// `dec` models decoding strategies: a load-time parameterised strategy whose
// body is the per-step logits pipeline, written as a chain of `!dec.logits`
// values so the operator order of the source is the SSA order of the IR.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_DIALECT_DEC_DECDIALECT_TD
#define DECC_DIALECT_DEC_DECDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Dec_Dialect : Dialect {
  let name = "dec";
  let cppNamespace = "::decc::dec";
  let summary = "Decoding strategies: logits pipelines and token selection";
  let description = [{
    A `dec.strategy` holds one decoding step: it starts from the raw logits row
    (`dec.logits`), applies logits operators in source order and ends with a
    selection terminator (`dec.greedy` or `dec.sample`). Parameters of the
    strategy are the entry block's arguments; their schema (names, defaults,
    ranges) lives in attributes and becomes the ABI parameter table.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
}

class Dec_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Dec_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Dec_LogitsType : Dec_Type<"Logits", "logits"> {
  let summary = "one row of logits as transformed so far";
  let description = [{
    The state of the distribution over the vocabulary at one point of the
    pipeline: unnormalised log-probabilities, where excluded tokens are -inf.
  }];
}

class Dec_Op<string mnemonic, list<Trait> traits = []>
    : Op<Dec_Dialect, mnemonic, traits>;

#endif // DECC_DIALECT_DEC_DECDIALECT_TD
