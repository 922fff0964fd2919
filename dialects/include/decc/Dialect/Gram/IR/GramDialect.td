//===- GramDialect.td - The `gram` dialect -----------------*- tablegen -*-===//
//
// `gram` is the compile-time form of a grammar constraint: a symbol table of
// rules whose bodies are expression trees over byte literals, code-point
// classes and rule references. Expressions are SSA values of type
// `!gram.expr`, so upstream folding, CSE and dead-code elimination do the
// local algebra and the passes only deal with rules.
//
//===----------------------------------------------------------------------===//
#ifndef DECC_DIALECT_GRAM_GRAMDIALECT_TD
#define DECC_DIALECT_GRAM_GRAMDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Gram_Dialect : Dialect {
  let name = "gram";
  let cppNamespace = "::decc::gram";
  let summary = "Grammars of constrained decoding: rules, expressions, terminals";
  let description = [{
    A `gram.grammar` holds `gram.rule` symbols; a rule's body computes one
    `!gram.expr` value (its right-hand side) and yields it. The `gram`
    passes normalise, check and compile the grammar; the table the runtime
    matcher executes is built by the runtime's own `grammar::compile`.
  }];
  let useDefaultTypePrinterParser = 1;
}

class Gram_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Gram_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Gram_ExprType : Gram_Type<"Expr", "expr"> {
  let summary = "a language over bytes";
  let description = [{
    The value of a grammar expression: the set of byte strings it derives.
  }];
}

class Gram_Op<string mnemonic, list<Trait> traits = []>
    : Op<Gram_Dialect, mnemonic, traits>;

#endif // DECC_DIALECT_GRAM_GRAMDIALECT_TD
