// RUN: decc-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{root @start does not name a rule of the grammar}}
gram.grammar @g root(@start) {
  gram.rule @root {
    %0 = gram.literal "a"
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{refers to undefined rule @missing}}
    %0 = gram.ref @missing
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    %0 = gram.literal "a"
    // expected-error @+1 {{requires min <= max (3 > 2)}}
    %1 = gram.repeat %0 min 3 max 2
    gram.yield %1
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    %0 = gram.literal "a"
    // expected-error @+1 {{max 4294967295 is out of range}}
    %1 = gram.repeat %0 min 0 max 4294967295
    gram.yield %1
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{range #1 is reversed (122 > 97)}}
    %0 = gram.class ["0", "z" to "a"]
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{has no range and matches nothing}}
    %0 = gram.class []
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{code point out of range (0 to 0x10FFFF)}}
    %0 = gram.class [0x110000]
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{expected a string of one code point}}
    %0 = gram.class ["ab"]
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  // expected-error @+1 {{body must end with gram.yield}}
  "gram.rule"() <{sym_name = "root"}> ({
    %0 = gram.literal "a"
  }) : () -> ()
}

// -----

// expected-error @+1 {{holds a 'gram.grammar'; a gram.grammar holds only gram.rule ops}}
gram.grammar @g root(@root) {
  gram.rule @root {
    %0 = gram.literal "a"
    gram.yield %0
  }
  gram.grammar @nested root(@r) {
    gram.rule @r {
      %0 = gram.literal "a"
      gram.yield %0
    }
  }
}

// -----

gram.grammar @g root(@root) {
  // expected-note @+1 {{see existing symbol definition here}}
  gram.rule @root {
    %0 = gram.literal "a"
    gram.yield %0
  }
  // expected-error @+1 {{redefinition of symbol named 'root'}}
  gram.rule @root {
    %0 = gram.literal "b"
    gram.yield %0
  }
}

// -----

// expected-error @+1 {{'gram.rule' op expects parent op 'gram.grammar'}}
gram.rule @loose {
  %0 = gram.literal "a"
  gram.yield %0
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{state 0 has overlapping edges}}
    %0 = gram.terminal states 2 final [1] edges [0: "a" to "c" -> 1, 0: "c" -> 0]
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{edge #0 names a state out of range (2 states)}}
    %0 = gram.terminal states 2 final [1] edges [0: "a" -> 2]
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{final state 3 out of range (2 states)}}
    %0 = gram.terminal states 2 final [3] edges []
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{expected a string of one byte}}
    %0 = gram.terminal states 2 final [1] edges [0: "é" -> 1]
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{has 1000000000 states but only 1 edges: every state must be reachable from state 0}}
    %0 = gram.terminal states 1000000000 final [1] edges [0: "a" -> 1]
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{state 2 is not reachable from state 0}}
    %0 = gram.terminal states 3 final [1] edges [0: "a" -> 1, 2: "b" -> 1]
    gram.yield %0
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    // expected-error @+1 {{'arith.constant' op is not a gram op; a rule body holds only gram expressions}}
    %c = arith.constant 1 : i32
    %0 = gram.literal "a"
    gram.yield %0
  }
}

// -----

// A lexeme's language must be regular: every rule it refers to is inlined
// into it, so none may be recursive (the runtime's compile() error).
gram.grammar @g root(@root) {
  gram.rule @root {
    %0 = gram.ref @LIST
    gram.yield %0
  }
  // expected-error @+1 {{lexeme 'LIST' refers to rule 'item', which is recursive (a lexeme must be regular)}}
  gram.rule @LIST lexeme {
    %0 = gram.ref @item
    gram.yield %0
  }
  gram.rule @item {
    %0 = gram.ref @nested
    gram.yield %0
  }
  gram.rule @nested {
    %0 = gram.literal "["
    %1 = gram.ref @item
    %2 = gram.literal "]"
    %3 = gram.seq(%0, %1, %2)
    %4 = gram.literal "x"
    %5 = gram.alt(%3, %4)
    gram.yield %5
  }
}

// -----

gram.grammar @g root(@root) {
  gram.rule @root {
    %0 = gram.ref @A
    gram.yield %0
  }
  // expected-error @+1 {{lexeme 'A' refers to rule 'A', which is recursive}}
  gram.rule @A lexeme {
    %0 = gram.literal "a"
    %1 = gram.ref @A
    %2 = gram.seq(%0, %1)
    %3 = gram.alt(%0, %2)
    gram.yield %3
  }
}
