// RUN: not decc-opt %s -gram-build-table -split-input-file 2>/dev/null | FileCheck %s
// RUN: decc-opt %s -gram-build-table -split-input-file -verify-diagnostics -o /dev/null
// Terminals export to the same language, so the pipeline still compiles.
// RUN: decc-opt %s -gram-extract-lexer -gram-build-table -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LEXED

// The runtime's serialised table (docs/grammars.md): magic, version 2, one
// rule (root 0), start state 0, not nullable, not a lexeme, name "root".
// CHECK-LABEL: gram.grammar @ab root(@root) attributes {table = "DGRM\02\00\00\00\01\00\00\00\00\00\00\00\00\00\00\00\00\00\04\00\00\00root
// LEXED-LABEL: gram.grammar @ab root(@root) attributes {table = "DGRM\02\00\00\00
gram.grammar @ab root(@root) {
  gram.rule @root {
    %0 = gram.literal "a"
    %1 = gram.class ["b"]
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
}

// -----

// Errors of the runtime's compiler are reported at the op they are about.
gram.grammar @too_many root(@root) {
  gram.rule @root {
    %0 = gram.literal "a"
    // expected-error @+1 {{repetition count 3000 exceeds the limit of 2000}}
    %1 = gram.repeat %0 min 0 max 3000
    gram.yield %1
  }
}

// -----

gram.grammar @no_finite_string root(@root) {
  gram.rule @root {
    %0 = gram.literal "a"
    %1 = gram.ref @loop
    %2 = gram.alt(%0, %1)
    gram.yield %2
  }
  // expected-error @+1 {{rule 'loop' derives no finite string (every derivation is infinite)}}
  gram.rule @loop {
    %0 = gram.literal "b"
    %1 = gram.ref @loop
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
}

// -----

// A lexeme rule keeps its flag in the table: rule 1, "NAME", starts at
// state 3 (after the root's three), is not nullable and is a lexeme (the
// byte after nullable).
// CHECK-LABEL: gram.grammar @lexeme root(@root) attributes {table = "DGRM\02\00\00\00\02\00\00\00\00\00\00\00\00\00\00\00\00\00\04\00\00\00root\03\00\00\00\00\01\04\00\00\00NAME
// LEXED-LABEL: gram.grammar @lexeme root(@root) attributes {table = "DGRM\02\00\00\00\02\00\00\00\00\00\00\00\00\00\00\00\00\00\04\00\00\00root\03\00\00\00\00\01\04\00\00\00NAME
gram.grammar @lexeme root(@root) {
  gram.rule @root {
    %0 = gram.ref @NAME
    %1 = gram.literal ";"
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
  gram.rule @NAME lexeme {
    %0 = gram.class ["a" to "z"]
    %1 = gram.repeat %0 min 1
    gram.yield %1
  }
}

// -----

// The runtime IR spells a terminal as looping helper rules, which a lexeme
// may not refer to.
gram.grammar @terminal_in_lexeme root(@root) {
  gram.rule @root {
    %0 = gram.ref @NAME
    gram.yield %0
  }
  gram.rule @NAME lexeme {
    // expected-error @+1 {{a terminal cannot be exported inside lexeme 'NAME'}}
    %0 = gram.terminal states 2 final [1] edges [0: "a" to "z" -> 1, 1: "a" to "z" -> 1]
    gram.yield %0
  }
}
