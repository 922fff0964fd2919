// RUN: decc-opt %s -gram-check -split-input-file -verify-diagnostics
// Without the warnings, a grammar with unused rules passes silently (the
// other grammars of this file still fail).
// RUN: not decc-opt %s -gram-check=warn-unreachable=false -split-input-file 2>&1 | FileCheck %s --check-prefix=QUIET
// QUIET-NOT: warning
// QUIET: gram.grammar @unused_rules

// The root derives no finite string.
gram.grammar @empty_root root(@root) {
  // expected-error @+1 {{empty language: rule 'root' derives no finite string}}
  gram.rule @root {
    %0 = gram.literal "("
    %1 = gram.ref @root
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
}

// -----

// A reachable rule whose every derivation is infinite, even though the root
// has other alternatives; an unreachable one is only a warning.
gram.grammar @infinite root(@root) {
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
    %2 = gram.repeat %1 min 1
    %3 = gram.seq(%0, %2)
    gram.yield %3
  }
  // expected-warning @+1 {{rule 'island' is unreachable from the root 'root'}}
  gram.rule @island {
    %0 = gram.ref @island
    gram.yield %0
  }
}

// -----

// The empty language and classes that match no encodable code point.
gram.grammar @empty_pieces root(@root) {
  // expected-error @+1 {{empty language: rule 'root' derives no finite string}}
  gram.rule @root {
    %0 = gram.ref @surrogates
    %1 = gram.ref @nothing
    %2 = gram.ref @everything_excluded
    %3 = gram.alt(%0, %1, %2)
    gram.yield %3
  }
  // expected-error @+1 {{rule 'surrogates' derives no finite string}}
  gram.rule @surrogates {
    %0 = gram.class [0xD800 to 0xDFFF]
    gram.yield %0
  }
  // expected-error @+1 {{rule 'nothing' derives no finite string}}
  gram.rule @nothing {
    %0 = gram.alt()
    gram.yield %0
  }
  // expected-error @+1 {{rule 'everything_excluded' derives no finite string}}
  gram.rule @everything_excluded {
    %0 = gram.class not [0 to 0xD7FF, 0xE000 to 0x10FFFF]
    gram.yield %0
  }
}

// -----

// Optional and nullable pieces derive something: x{0,} of an empty
// language is the empty string.
gram.grammar @fine root(@root) {
  gram.rule @root {
    %0 = gram.alt()
    %1 = gram.repeat %0 min 0
    %2 = gram.class not []
    %3 = gram.seq(%1, %2)
    gram.yield %3
  }
}

// -----

gram.grammar @unused_rules root(@root) {
  gram.rule @root {
    %0 = gram.literal "a"
    gram.yield %0
  }
  // expected-warning @+1 {{rule 'spare' is unreachable from the root 'root'}}
  gram.rule @spare {
    %0 = gram.literal "b"
    gram.yield %0
  }
}

// -----

// Undefined references are rejected before any pass runs, at the reference.
gram.grammar @undefined root(@root) {
  gram.rule @root {
    // expected-error @+1 {{refers to undefined rule @nowhere}}
    %0 = gram.ref @nowhere
    gram.yield %0
  }
}

// -----

// Lexemes are checked like any rule and keep their attribute.
// QUIET-LABEL: gram.grammar @lexemes
// QUIET:         gram.rule @NAME lexeme {
gram.grammar @lexemes root(@root) {
  gram.rule @root {
    %0 = gram.ref @NAME
    gram.yield %0
  }
  gram.rule @NAME lexeme {
    %0 = gram.class ["a" to "z"]
    %1 = gram.repeat %0 min 1
    gram.yield %1
  }
}

// -----

gram.grammar @empty_lexeme root(@root) {
  gram.rule @root {
    %0 = gram.ref @NAME
    %1 = gram.ref @NEVER
    %2 = gram.alt(%0, %1)
    gram.yield %2
  }
  gram.rule @NAME lexeme {
    %0 = gram.class ["a" to "z"]
    gram.yield %0
  }
  // expected-error @+1 {{rule 'NEVER' derives no finite string}}
  gram.rule @NEVER lexeme {
    %0 = gram.literal "("
    %1 = gram.alt()
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
}
