// RUN: decc-opt %s -gram-extract-lexer -split-input-file | FileCheck %s
// A second run changes nothing: terminals are not re-extracted.
// RUN: decc-opt %s -gram-extract-lexer -split-input-file | decc-opt -gram-extract-lexer -split-input-file | FileCheck %s
// RUN: decc-opt %s -gram-extract-lexer=max-states=4 -split-input-file | FileCheck %s --check-prefix=SMALL

// Maximal rule-free sub-expressions become minimal DFAs; what refers to
// rules stays (the parser's part). UTF-8 is visible: é is C3 A9.
// CHECK-LABEL: gram.grammar @lex root(@root) {
// CHECK:         gram.rule @root {
// CHECK-NEXT:      %[[L:.*]] = gram.terminal states 2 final [1] edges [0: "[" -> 1]
// CHECK-NEXT:      %[[N:.*]] = gram.ref @number
// CHECK-NEXT:      %[[C:.*]] = gram.terminal states 2 final [1] edges [0: "," -> 1]
// CHECK-NEXT:      %[[S:.*]] = gram.seq(%[[C]], %[[N]])
// CHECK-NEXT:      %[[R:.*]] = gram.repeat %[[S]] min 0
// CHECK-NEXT:      %[[E:.*]] = gram.terminal states 2 final [1] edges [0: "]" -> 1]
// CHECK-NEXT:      gram.seq(%[[L]], %[[N]], %[[R]], %[[E]])
// CHECK:         gram.rule @number {
// CHECK-NEXT:      %[[T:.*]] = gram.terminal states 5 final [2, 4] edges [0: "-" -> 1, 0: "0" to "9" -> 2, 1: "0" to "9" -> 2, 2: "." -> 3, 2: "0" to "9" -> 2, 3: "0" to "9" -> 4, 4: "0" to "9" -> 4]
// CHECK-NEXT:      gram.yield %[[T]]
// CHECK:         gram.rule @word {
// CHECK-NEXT:      %[[W:.*]] = gram.terminal states 3 final [1] edges [0: "a" to "z" -> 1, 0: 0xC3 -> 2, 1: "a" to "z" -> 1, 1: 0xC3 -> 2, 2: 0xA9 -> 1]
// CHECK-NEXT:      gram.yield %[[W]]
gram.grammar @lex root(@root) {
  gram.rule @root {
    %0 = gram.literal "["
    %1 = gram.ref @number
    %2 = gram.literal ","
    %3 = gram.seq(%2, %1)
    %4 = gram.repeat %3 min 0
    %5 = gram.literal "]"
    %6 = gram.seq(%0, %1, %4, %5)
    gram.yield %6
  }
  gram.rule @number {
    %0 = gram.literal "-"
    %1 = gram.repeat %0 min 0 max 1
    %2 = gram.class ["0" to "9"]
    %3 = gram.repeat %2 min 1
    %4 = gram.literal "."
    %5 = gram.seq(%4, %3)
    %6 = gram.repeat %5 min 0 max 1
    %7 = gram.seq(%1, %3, %6)
    gram.yield %7
  }
  gram.rule @word {
    %0 = gram.class ["a" to "z", 0xE9]
    %1 = gram.repeat %0 min 1
    %2 = gram.literal "ab"
    %3 = gram.literal "ac"
    %4 = gram.alt(%2, %3)
    %5 = gram.alt(%1, %4)
    gram.yield %5
  }
}

// -----

// (a|b)* a [ab]{3} needs 16 DFA states: with max-states=4 its operands
// become terminals instead.
// CHECK-LABEL: gram.grammar @big
// CHECK:         gram.terminal states 16 final
// SMALL-LABEL: gram.grammar @big
// SMALL-DAG:     %[[X:.*]] = gram.terminal states 1 final [0] edges [0: "a" to "b" -> 0]
// SMALL-DAG:     %[[A:.*]] = gram.terminal states 2 final [1] edges [0: "a" -> 1]
// SMALL-DAG:     %[[Y:.*]] = gram.terminal states 4 final [3] edges [0: "a" to "b" -> 1, 1: "a" to "b" -> 2, 2: "a" to "b" -> 3]
// SMALL:         gram.seq(%[[X]], %[[A]], %[[Y]])
gram.grammar @big root(@root) {
  gram.rule @root {
    %a = gram.literal "a"
    %b = gram.literal "b"
    %0 = gram.alt(%a, %b)
    %1 = gram.repeat %0 min 0
    %2 = gram.class ["a" to "b"]
    %3 = gram.repeat %2 min 3 max 3
    %4 = gram.seq(%1, %a, %3)
    gram.yield %4
  }
}

// -----

// The empty string is a one-state terminal; the empty language is none.
// CHECK-LABEL: gram.grammar @edges
// CHECK:         gram.terminal states 1 final [0] edges []
// CHECK:         gram.alt()
gram.grammar @edges root(@root) {
  gram.rule @root {
    %0 = gram.literal ""
    %1 = gram.ref @none
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
  gram.rule @none {
    %0 = gram.alt()
    gram.yield %0
  }
}

// -----

// A lexeme rule is one terminal already (the runtime builds its automaton):
// its body and attribute stay; plain rules around it are extracted.
// CHECK-LABEL: gram.grammar @lexemes root(@root) {
// CHECK:         gram.rule @root {
// CHECK-NEXT:      %[[N:.*]] = gram.ref @NAME
// CHECK-NEXT:      %[[S:.*]] = gram.terminal states 2 final [1] edges [0: ";" -> 1]
// CHECK-NEXT:      gram.seq(%[[N]], %[[S]])
// CHECK:         gram.rule @NAME lexeme {
// CHECK-NEXT:      %[[C:.*]] = gram.class ["a" to "z"]
// CHECK-NEXT:      %[[R:.*]] = gram.repeat %[[C]] min 1
// CHECK-NEXT:      gram.yield %[[R]]
gram.grammar @lexemes root(@root) {
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
