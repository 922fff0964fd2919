// RUN: decc-opt %s | FileCheck %s
// Round trip: the printed form parses back to the same IR.
// RUN: decc-opt %s | decc-opt | FileCheck %s
// RUN: decc-opt %s -mlir-print-op-generic | decc-opt | FileCheck %s

// CHECK-LABEL: gram.grammar @json root(@root) {
// CHECK-NEXT:    gram.rule @root {
// CHECK-NEXT:      %[[WS:.*]] = gram.ref @ws
// CHECK-NEXT:      %[[V:.*]] = gram.ref @value
// CHECK-NEXT:      %[[S:.*]] = gram.seq(%[[WS]], %[[V]], %[[WS]])
// CHECK-NEXT:      gram.yield %[[S]]
// CHECK:         gram.rule @value {
// CHECK:           gram.literal "null"
// CHECK:           gram.literal "\22\\\0A"
// CHECK:           gram.class ["0" to "9"]
// CHECK:           gram.class not ["\22", "\\", 0x00 to 0x1F]
// CHECK:           gram.class ["a" to "z", "_", 0xE9, 0x100 to 0x10FFFF]
// CHECK:           gram.class not []
// CHECK:           gram.repeat %{{.*}} min 1{{$}}
// CHECK:           gram.repeat %{{.*}} min 0 max 3{{$}}
// CHECK:           gram.alt(%{{.*}}, %{{.*}}, %{{.*}})
// CHECK:         gram.rule @"json-ws" {
// CHECK:           %[[E:.*]] = gram.seq(){{$}}
// CHECK:           gram.alt(){{$}}
gram.grammar @json root(@root) {
  gram.rule @root {
    %0 = gram.ref @ws
    %1 = gram.ref @value
    %2 = gram.seq(%0, %1, %0)
    gram.yield %2
  }
  gram.rule @value {
    %0 = gram.literal "null"
    %1 = gram.literal "\22\\\0A"
    %2 = gram.class ["0" to "9"]
    %3 = gram.class not ["\"", "\\", 0 to 31]
    %4 = gram.class [0x61 to "z", "_", "é", 256 to 0x10FFFF]
    %5 = gram.class not []
    %6 = gram.repeat %2 min 1
    %7 = gram.repeat %3 min 0 max 3
    %8 = gram.seq(%1, %7, %4, %5)
    %9 = gram.alt(%0, %6, %8)
    gram.yield %9
  }
  gram.rule @ws {
    %0 = gram.ref @"json-ws"
    gram.yield %0
  }
  gram.rule @"json-ws" {
    %0 = gram.seq()
    %1 = gram.alt()
    %2 = gram.alt(%0, %1)
    gram.yield %2
  }
}

// CHECK-LABEL: gram.grammar @digits root(@root) attributes {table = "DGRM"} {
// CHECK:         gram.terminal states 2 final [1] edges [0: "0" to "9" -> 1, 1: "0" to "9" -> 1, 1: 0x80 -> 0]
gram.grammar @digits root(@root) attributes {table = "DGRM"} {
  gram.rule @root {
    %0 = gram.terminal states 2 final [1] edges [0: "0" to "9" -> 1, 1: 0x30 to "9" -> 1, 1: 128 -> 0]
    gram.yield %0
  }
}

// A lexeme rule: the unit attribute prints as a keyword after the name, and
// a lexeme may refer to rules that are not recursive (NAME to letter).
// CHECK-LABEL: gram.grammar @lexer root(@root) {
// CHECK:         gram.rule @root {
// CHECK:         gram.rule @NAME lexeme {
// CHECK-NEXT:      gram.ref @letter
// CHECK:         gram.rule @letter {
gram.grammar @lexer root(@root) {
  gram.rule @root {
    %0 = gram.ref @NAME
    %1 = gram.literal " "
    %2 = gram.seq(%0, %1, %0)
    gram.yield %2
  }
  gram.rule @NAME lexeme {
    %0 = gram.ref @letter
    %1 = gram.repeat %0 min 1
    gram.yield %1
  }
  gram.rule @letter {
    %0 = gram.class ["a" to "z"]
    gram.yield %0
  }
}
