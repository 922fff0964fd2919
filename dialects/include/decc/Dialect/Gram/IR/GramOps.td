//===- GramOps.td - Operations of the `gram` dialect -------*- tablegen -*-===//
#ifndef DECC_DIALECT_GRAM_GRAMOPS_TD
#define DECC_DIALECT_GRAM_GRAMOPS_TD

include "decc/Dialect/Gram/IR/GramDialect.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Structure: grammar, rule, yield
//===----------------------------------------------------------------------===//

def Gram_GrammarOp : Gram_Op<"grammar", [Symbol, SymbolTable,
    IsolatedFromAbove, NoTerminator, SingleBlock, NoRegionArguments]> {
  let summary = "a grammar: a symbol table of rules and its start rule";
  let description = [{
    The body holds `gram.rule` ops only. `root` names the start rule.
    `-gram-build-table` sets `table`, the serialised `CompiledGrammar`
    (format `DGRM`, docs/grammars.md) the runtime matcher loads.

    ```mlir
    gram.grammar @Answer root(@root) {
      gram.rule @root {
        %0 = gram.literal "yes"
        %1 = gram.literal "no"
        %2 = gram.alt(%0, %1)
        gram.yield %2
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, FlatSymbolRefAttr:$root,
                       OptionalAttr<StrAttr>:$table);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name `root` `(` $root `)` attr-dict-with-keyword $body";
  let hasVerifier = 1;
  // Lexemes must be regular: checked once the rules themselves verify.
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "::llvm::StringRef":$root)>
  ];
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    /// The rule named by `root` (null only in IR that failed verification).
    RuleOp getRootRule();
    RuleOp lookupRule(::llvm::StringRef name);
    auto getRules() { return getBodyBlock().getOps<RuleOp>(); }
  }];
}

def Gram_RuleOp : Gram_Op<"rule", [Symbol, IsolatedFromAbove, SingleBlock,
    HasParent<"GrammarOp">, NoRegionArguments]> {
  let summary = "a rule: its body computes the right-hand side and yields it";
  let description = [{
    ```mlir
    gram.rule @digits {
      %0 = gram.class ["0" to "9"]
      %1 = gram.repeat %0 min 1
      gram.yield %1
    }
    ```

    `lexeme` marks a terminal of a grammar with a lexer (`Rule::lexeme` of
    the runtime's grammar IR, EBNF's `%lexer contextual`): the matcher
    completes it greedily (a derivation ends only where no lexeme started at
    the same position reads the next byte), so it is never inlined into
    another rule, and its language must be regular: every rule it refers to
    is inlined into it, so none of them may lead to a recursive rule (the
    grammar's verifier checks this).

    ```mlir
    gram.rule @NAME lexeme {
      %0 = gram.class ["a" to "z"]
      %1 = gram.repeat %0 min 1
      gram.yield %1
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, UnitAttr:$lexeme);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name (`lexeme` $lexeme^)? attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
                                 CArg<"bool", "false">:$lexeme)>];
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    /// The yielded right-hand side.
    ::mlir::Value getRhs();
  }];
}

def Gram_YieldOp : Gram_Op<"yield", [Pure, Terminator, ReturnLike,
    HasParent<"RuleOp">]> {
  let summary = "the right-hand side of the enclosing rule";
  let arguments = (ins Gram_ExprType:$value);
  let assemblyFormat = "$value attr-dict";
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

class Gram_ExprOp<string mnemonic, list<Trait> traits = []>
    : Gram_Op<mnemonic, !listconcat([Pure], traits)> {
  let results = (outs Gram_ExprType:$result);
}

def Gram_LiteralOp : Gram_ExprOp<"literal"> {
  let summary = "exactly these bytes (empty: the empty string)";
  let arguments = (ins StrAttr:$bytes);
  let assemblyFormat = "$bytes attr-dict";
}

def Gram_ClassOp : Gram_ExprOp<"class"> {
  let summary = "one code point in (or, negated, not in) inclusive ranges";
  let description = [{
    Code points are matched as their UTF-8 bytes (surrogates excluded), so
    the class is a language over bytes like every expression. `ranges` holds
    (lo, hi) pairs. Printed with printable ASCII as one-character strings and
    other code points in hex; `not []` is any code point (GBNF's `.`).

    ```mlir
    %0 = gram.class ["a" to "z", "_", 0xE9]
    %1 = gram.class not ["\22", "\\"]
    ```
  }];
  let arguments = (ins DenseI32ArrayAttr:$ranges, UnitAttr:$negated);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def Gram_RefOp : Gram_ExprOp<"ref",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "one derivation of a rule of the enclosing grammar";
  let arguments = (ins FlatSymbolRefAttr:$rule);
  let assemblyFormat = "$rule attr-dict";
}

def Gram_SeqOp : Gram_ExprOp<"seq"> {
  let summary = "concatenation (no operand: the empty string)";
  let arguments = (ins Variadic<Gram_ExprType>:$items);
  let assemblyFormat = "`(` $items `)` attr-dict";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Gram_AltOp : Gram_ExprOp<"alt"> {
  let summary = "union (no operand: the empty language)";
  let arguments = (ins Variadic<Gram_ExprType>:$items);
  let assemblyFormat = "`(` $items `)` attr-dict";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Gram_RepeatOp : Gram_ExprOp<"repeat"> {
  let summary = "`min` to `max` concatenated copies (no max: unbounded)";
  let description = [{
    ```mlir
    %1 = gram.repeat %0 min 0          // x*
    %2 = gram.repeat %0 min 2 max 5    // x{2,5}
    ```
  }];
  let arguments = (ins Gram_ExprType:$item, I64Attr:$min,
                       OptionalAttr<I64Attr>:$max);
  let assemblyFormat = "$item `min` $min (`max` $max^)? attr-dict";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Gram_TerminalOp : Gram_ExprOp<"terminal"> {
  let summary = "a terminal as a minimal deterministic automaton over bytes";
  let description = [{
    Built by `-gram-extract-lexer` from a maximal rule-free sub-expression.
    States are numbered from 0 (the start state); `final` lists the
    accepting states; `edges` holds (from, lo, hi, to) quadruples: on a byte
    in [lo, hi] the automaton moves from `from` to `to`. Missing transitions
    reject. Per state, edge ranges are disjoint (the automaton is
    deterministic).

    ```mlir
    %0 = gram.terminal states 2 final [1] edges [0: "0" to "9" -> 1, 1: "0" to "9" -> 1]
    ```
  }];
  let arguments = (ins I64Attr:$states, DenseI32ArrayAttr:$final,
                       DenseI32ArrayAttr:$edges);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

#endif // DECC_DIALECT_GRAM_GRAMOPS_TD
