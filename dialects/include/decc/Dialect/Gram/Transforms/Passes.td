//===- Passes.td - Passes over the `gram` dialect ----------*- tablegen -*-===//
#ifndef DECC_DIALECT_GRAM_TRANSFORMS_PASSES_TD
#define DECC_DIALECT_GRAM_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def GramNormalize : Pass<"gram-normalize", "::decc::gram::GrammarOp"> {
  let summary = "Simplify a grammar without changing its language";
  let description = [{
    Repeats until nothing changes:

    * the canonicalization patterns of the gram ops (flatten nested
      `gram.seq` / `gram.alt`, fold `repeat{1,1}`, merge adjacent literals,
      propagate the empty language) and CSE inside each rule;
    * references to rules that derive no finite string become the empty
      language (`gram.alt()`) and those rules are removed (the root is kept);
    * rules unreachable from the root are removed;
    * rules with identical bodies are merged (references redirected to the
      first, or to the root);
    * a rule referenced exactly once and not recursive is inlined into its
      user (the root is never inlined);
    * lexemes follow the runtime's rules (`grammar::compile`): a `lexeme`
      rule is never inlined into another rule, every rule a lexeme refers to
      is inlined into it (so that its body refers to no rule, as far as the
      nesting limit allows; `compile` inlines the rest), and rules are
      merged only with rules of the same kind (lexeme or not).
  }];
}

def GramCheck : Pass<"gram-check", "::decc::gram::GrammarOp"> {
  let summary = "Report grammars the runtime cannot use, at their rules";
  let description = [{
    Errors: the root derives no finite string (empty language); a rule
    reachable from the root derives no finite string (every derivation is
    infinite). Warnings (with `warn-unreachable`): rules unreachable from the
    root. References to undefined rules are rejected by the verifier of
    `gram.ref` before any pass runs.
  }];
  let options = [
    Option<"warnUnreachable", "warn-unreachable", "bool", /*default=*/"true",
           "Warn about rules that the root never reaches">
  ];
}

def GramExtractLexer : Pass<"gram-extract-lexer", "::decc::gram::GrammarOp"> {
  let summary = "Turn maximal rule-free sub-expressions into terminal DFAs";
  let description = [{
    Every maximal sub-expression of a rule body without `gram.ref` (and
    without an existing `gram.terminal`) becomes a `gram.terminal`: the
    minimal deterministic automaton over bytes of its language (code-point
    classes expanded to UTF-8 by the runtime's automaton construction, then
    subset construction and Moore minimisation; states numbered in
    breadth-first order from the start state 0). An expression whose DFA
    would exceed `max-states` is left as it is and its operands are tried
    instead; the empty language is not a terminal. Rules marked `lexeme`
    are left as they are: such a rule is one terminal already (the runtime
    builds its byte automaton and completes it greedily), and the runtime IR
    could spell a `gram.terminal` only as looping helper rules, which a
    lexeme may not refer to.
  }];
  let options = [
    Option<"maxStates", "max-states", "int64_t", /*default=*/"4096",
           "Largest DFA (in states) a terminal may have">
  ];
}

def GramBuildTable : Pass<"gram-build-table", "::decc::gram::GrammarOp"> {
  let summary = "Compile the grammar with the runtime and attach its table";
  let description = [{
    Exports the grammar to the runtime's grammar IR, compiles it with
    `grammar::compile` (the same normalisation the per-request path uses)
    and sets the grammar's `table` attribute to the serialised
    `CompiledGrammar` (`DGRM` format). Errors of the compiler are reported
    at the ops they are about.
  }];
}

#endif // DECC_DIALECT_GRAM_TRANSFORMS_PASSES_TD
