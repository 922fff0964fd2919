//===- DecAttrs.td - Attributes of the `dec` dialect -------*- tablegen -*-===//
#ifndef DECC_DIALECT_DEC_DECATTRS_TD
#define DECC_DIALECT_DEC_DECATTRS_TD

include "decc/Dialect/Dec/IR/DecDialect.td"
include "mlir/IR/EnumAttr.td"

// The languages a `grammar` declaration of a .dec program may be written in.
// The kind selects the front end that compiles a dec.grammar's source, so it
// is an enum rather than a string: an unknown kind cannot reach a consumer.
def Dec_GrammarKind : I32EnumAttr<"GrammarKind", "language of a dec.grammar's source", [
    I32EnumAttrCase<"Gbnf", 0, "gbnf">,
    I32EnumAttrCase<"Ebnf", 1, "ebnf">,
    I32EnumAttrCase<"Regex", 2, "regex">,
    I32EnumAttrCase<"JsonSchema", 3, "json_schema">]> {
  let cppNamespace = "::decc::dec";
  let genSpecializedAttr = 0;
}

// Printed as the bare keyword (`regex`), both in dec.grammar's assembly and
// as `#dec<grammar_kind regex>` in the generic form. The custom directive
// reports an unknown kind in one error that lists the known ones.
def Dec_GrammarKindAttr : EnumAttr<Dec_Dialect, Dec_GrammarKind, "grammar_kind"> {
  let assemblyFormat = "custom<GrammarKind>($value)";
}

#endif // DECC_DIALECT_DEC_DECATTRS_TD
