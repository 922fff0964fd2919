// RUN: not decc-opt %s -gram-build-table -split-input-file 2>/dev/null | FileCheck %s
// RUN: decc-opt %s -gram-build-table -split-input-file -verify-diagnostics -o /dev/null
// Terminals export to the same language, so the pipeline still compiles.
// RUN: decc-opt %s -gram-extract-lexer -gram-build-table -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LEXED

// The runtime's serialised table (docs/grammars.md): magic, version 1, one
// rule (root 0), start state 0, not nullable, name "root".
// CHECK-LABEL: gram.grammar @ab root(@root) attributes {table = "DGRM\01\00\00\00\01\00\00\00\00\00\00\00\00\00\00\00\00\04\00\00\00root
// LEXED-LABEL: gram.grammar @ab root(@root) attributes {table = "DGRM\01\00\00\00
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
