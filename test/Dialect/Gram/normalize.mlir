// RUN: decc-opt %s -gram-normalize -split-input-file | FileCheck %s

// A rule used once and not recursive is inlined; the nested sequences it
// leaves are flattened and repeat{1,1} folds.
// CHECK-LABEL: gram.grammar @inline_single_use root(@root) {
// CHECK-NEXT:    gram.rule @root {
// CHECK-DAG:       %[[A:.*]] = gram.literal "(a"
// CHECK-DAG:       %[[D:.*]] = gram.class ["0" to "9"]
// CHECK-DAG:       %[[P:.*]] = gram.literal ")"
// CHECK:           %[[S:.*]] = gram.seq(%[[A]], %[[D]], %[[P]])
// CHECK-NEXT:      gram.yield %[[S]]
// CHECK-NEXT:    }
// CHECK-NEXT:  }
gram.grammar @inline_single_use root(@root) {
  gram.rule @root {
    %0 = gram.literal "("
    %1 = gram.ref @inner
    %2 = gram.literal ")"
    %3 = gram.seq(%0, %1, %2)
    gram.yield %3
  }
  gram.rule @inner {
    %0 = gram.literal "a"
    %1 = gram.class ["0" to "9"]
    %2 = gram.repeat %1 min 1 max 1
    %3 = gram.seq(%0, %2)
    gram.yield %3
  }
}

// -----

// A rule used twice stays a rule; a recursive rule is never inlined, even
// when it is used once from elsewhere.
// CHECK-LABEL: gram.grammar @keep_shared_and_recursive root(@root) {
// CHECK:         gram.rule @root {
// CHECK:           gram.ref @digit
// CHECK:           gram.ref @list
// CHECK:         gram.rule @digit {
// CHECK:         gram.rule @list {
// CHECK:           gram.ref @digit
// CHECK:           gram.ref @list
gram.grammar @keep_shared_and_recursive root(@root) {
  gram.rule @root {
    %0 = gram.ref @digit
    %1 = gram.ref @list
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
  gram.rule @digit {
    %0 = gram.class ["0" to "9"]
    gram.yield %0
  }
  gram.rule @list {
    %0 = gram.ref @digit
    %1 = gram.literal ","
    %2 = gram.ref @list
    %3 = gram.seq(%0, %1, %2)
    %4 = gram.literal ""
    %5 = gram.alt(%3, %4)
    gram.yield %5
  }
}

// -----

// Unreachable rules go; rules with equal bodies merge (alternatives compare
// as sets); the merged rule, now used twice, stays a rule.
// CHECK-LABEL: gram.grammar @merge_and_drop root(@root) {
// CHECK-NEXT:    gram.rule @root {
// CHECK-NEXT:      %[[X:.*]] = gram.ref @x
// CHECK-NEXT:      %[[S:.*]] = gram.seq(%[[X]], %[[X]])
// CHECK-NEXT:      gram.yield %[[S]]
// CHECK-NEXT:    }
// CHECK-NEXT:    gram.rule @x {
// CHECK-NEXT:      %[[A:.*]] = gram.literal "a"
// CHECK-NEXT:      %[[B:.*]] = gram.literal "b"
// CHECK-NEXT:      %[[ALT:.*]] = gram.alt(%[[A]], %[[B]])
// CHECK-NEXT:      gram.yield %[[ALT]]
// CHECK-NEXT:    }
// CHECK-NEXT:  }
gram.grammar @merge_and_drop root(@root) {
  gram.rule @root {
    %0 = gram.ref @x
    %1 = gram.ref @y
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
  gram.rule @x {
    %0 = gram.literal "a"
    %1 = gram.literal "b"
    %2 = gram.alt(%0, %1)
    gram.yield %2
  }
  gram.rule @y {
    %0 = gram.literal "b"
    %1 = gram.literal "a"
    %2 = gram.alt(%0, %1)
    gram.yield %2
  }
  gram.rule @unused {
    %0 = gram.literal "never"
    gram.yield %0
  }
}

// -----

// A rule that derives no finite string is the empty language where it is
// used: the alternative through it disappears, and so does the rule.
// CHECK-LABEL: gram.grammar @unproductive root(@root) {
// CHECK-NEXT:    gram.rule @root {
// CHECK-NEXT:      %[[A:.*]] = gram.literal "a"
// CHECK-NEXT:      gram.yield %[[A]]
// CHECK-NEXT:    }
// CHECK-NEXT:  }
gram.grammar @unproductive root(@root) {
  gram.rule @root {
    %0 = gram.literal "a"
    %1 = gram.ref @loop
    %2 = gram.alt(%0, %1)
    gram.yield %2
  }
  gram.rule @loop {
    %0 = gram.literal "b"
    %1 = gram.ref @loop
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
}

// -----

// An empty root keeps its rule, with the empty language as its body.
// CHECK-LABEL: gram.grammar @empty_root root(@root) {
// CHECK-NEXT:    gram.rule @root {
// CHECK-NEXT:      %[[N:.*]] = gram.alt()
// CHECK-NEXT:      gram.yield %[[N]]
gram.grammar @empty_root root(@root) {
  gram.rule @root {
    %0 = gram.literal "b"
    %1 = gram.ref @root
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
}

// -----

// A duplicate of the root merges into the root.
// CHECK-LABEL: gram.grammar @duplicate_of_root root(@root) {
// CHECK:         gram.rule @root {
// CHECK:           gram.ref @root
// CHECK-NOT:     gram.rule
gram.grammar @duplicate_of_root root(@root) {
  gram.rule @root {
    %0 = gram.literal "x"
    %1 = gram.ref @again
    %2 = gram.literal ""
    %3 = gram.seq(%0, %1)
    %4 = gram.alt(%3, %2)
    gram.yield %4
  }
  gram.rule @again {
    %0 = gram.literal "x"
    %1 = gram.ref @again
    %2 = gram.literal ""
    %3 = gram.seq(%0, %1)
    %4 = gram.alt(%3, %2)
    gram.yield %4
  }
}

// -----

// Mutually recursive rules used once each are not inlined (that would not
// terminate); the chain of single-use rules leading to them is.
// CHECK-LABEL: gram.grammar @mutual root(@root) {
// CHECK:         gram.rule @root {
// CHECK:           gram.ref @even
// CHECK-NOT:       gram.ref @start
// CHECK:         gram.rule @even {
// CHECK:           gram.ref @odd
// CHECK:         gram.rule @odd {
// CHECK:           gram.ref @even
// CHECK-NOT:     gram.rule @start
gram.grammar @mutual root(@root) {
  gram.rule @root {
    %0 = gram.ref @start
    %1 = gram.literal "!"
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
  gram.rule @start {
    %0 = gram.literal ">"
    %1 = gram.ref @even
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
  gram.rule @even {
    %0 = gram.literal "a"
    %1 = gram.ref @odd
    %2 = gram.seq(%0, %1)
    %3 = gram.literal ""
    %4 = gram.alt(%2, %3)
    gram.yield %4
  }
  gram.rule @odd {
    %0 = gram.literal "b"
    %1 = gram.ref @even
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
}

// -----

// Lexemes follow the runtime's inlining: a lexeme used once is not inlined
// into its user (the matcher completes it greedily), every rule a lexeme
// refers to is inlined into it (a rule used twice inside one lexeme is
// copied once), and then unused rules are dropped.
// CHECK-LABEL: gram.grammar @lexemes root(@root) {
// CHECK-NEXT:    gram.rule @root {
// CHECK-NEXT:      %[[N:.*]] = gram.ref @NAME
// CHECK-NEXT:      %[[S:.*]] = gram.literal ";"
// CHECK-NEXT:      %[[Q:.*]] = gram.seq(%[[N]], %[[S]])
// CHECK-NEXT:      gram.yield %[[Q]]
// CHECK-NEXT:    }
// CHECK-NEXT:    gram.rule @NAME lexeme {
// CHECK-NEXT:      %[[L:.*]] = gram.class ["a" to "z"]
// CHECK-NEXT:      %[[D:.*]] = gram.class ["0" to "9"]
// CHECK-NEXT:      %[[A:.*]] = gram.alt(%[[L]], %[[D]])
// CHECK-NEXT:      %[[R:.*]] = gram.repeat %[[A]] min 0
// CHECK-NEXT:      %[[W:.*]] = gram.seq(%[[L]], %[[R]])
// CHECK-NEXT:      gram.yield %[[W]]
// CHECK-NEXT:    }
// CHECK-NEXT:  }
gram.grammar @lexemes root(@root) {
  gram.rule @root {
    %0 = gram.ref @NAME
    %1 = gram.literal ";"
    %2 = gram.seq(%0, %1)
    gram.yield %2
  }
  gram.rule @NAME lexeme {
    %0 = gram.ref @letter
    %1 = gram.ref @alnum
    %2 = gram.repeat %1 min 0
    %3 = gram.seq(%0, %2)
    gram.yield %3
  }
  gram.rule @alnum {
    %0 = gram.ref @letter
    %1 = gram.class ["0" to "9"]
    %2 = gram.alt(%0, %1)
    gram.yield %2
  }
  gram.rule @letter {
    %0 = gram.class ["a" to "z"]
    gram.yield %0
  }
}

// -----

// Equal bodies merge only within one kind: the lexeme "if" and the plain
// rule kw stay apart, the two equal lexemes merge.
// CHECK-LABEL: gram.grammar @merge_kinds root(@root) {
// CHECK:         gram.ref @IF
// CHECK-NOT:     gram.ref @IF2
// CHECK:         gram.rule @kw {
// CHECK:         gram.rule @IF lexeme {
// CHECK-NOT:     gram.rule @IF2
gram.grammar @merge_kinds root(@root) {
  gram.rule @root {
    %0 = gram.ref @IF
    %1 = gram.ref @IF2
    %2 = gram.ref @kw
    %3 = gram.seq(%0, %1, %2, %2)
    gram.yield %3
  }
  gram.rule @kw {
    %0 = gram.literal "if"
    gram.yield %0
  }
  gram.rule @IF lexeme {
    %0 = gram.literal "if"
    gram.yield %0
  }
  gram.rule @IF2 lexeme {
    %0 = gram.literal "if"
    gram.yield %0
  }
}
