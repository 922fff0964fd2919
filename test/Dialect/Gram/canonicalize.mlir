// RUN: decc-opt %s -canonicalize -split-input-file | FileCheck %s

// Nested sequences flatten, epsilons disappear, adjacent literals merge.
// CHECK-LABEL: gram.grammar @flatten_seq
// CHECK:         %[[R:.*]] = gram.ref @x
// CHECK-NEXT:    %[[AB:.*]] = gram.literal "abc"
// CHECK-NEXT:    %[[S:.*]] = gram.seq(%[[AB]], %[[R]])
// CHECK-NEXT:    gram.yield %[[S]]
gram.grammar @flatten_seq root(@root) {
  gram.rule @root {
    %a = gram.literal "a"
    %b = gram.literal "b"
    %c = gram.literal "c"
    %e = gram.literal ""
    %r = gram.ref @x
    %0 = gram.seq(%b, %e, %c)
    %1 = gram.seq(%a, %0, %r)
    gram.yield %1
  }
  gram.rule @x {
    %0 = gram.literal "x"
    gram.yield %0
  }
}

// -----

// Nested alternatives flatten and duplicates go; a single operand folds.
// CHECK-LABEL: gram.grammar @flatten_alt
// CHECK:         %[[A:.*]] = gram.literal "a"
// CHECK:         %[[B:.*]] = gram.literal "b"
// CHECK:         %[[C:.*]] = gram.literal "c"
// CHECK-NEXT:    %[[ALT:.*]] = gram.alt(%[[A]], %[[B]], %[[C]])
// CHECK-NEXT:    gram.yield %[[ALT]]
gram.grammar @flatten_alt root(@root) {
  gram.rule @root {
    %a = gram.literal "a"
    %b = gram.literal "b"
    %c = gram.literal "c"
    %0 = gram.alt(%b, %a)
    %1 = gram.alt(%a, %0, %c, %b)
    %2 = gram.seq(%1)
    %3 = gram.alt(%2, %2)
    gram.yield %3
  }
}

// -----

// repeat{1,1} is its operand; repeat{0,0} and repeats of "" are "".
// CHECK-LABEL: gram.grammar @repeat
// CHECK:         gram.rule @one {
// CHECK-NEXT:      %[[X:.*]] = gram.class ["x"]
// CHECK-NEXT:      gram.yield %[[X]]
// CHECK:         gram.rule @zero {
// CHECK-NEXT:      %[[E:.*]] = gram.literal ""
// CHECK-NEXT:      gram.yield %[[E]]
// CHECK:         gram.rule @eps {
// CHECK-NEXT:      %[[E2:.*]] = gram.literal ""
// CHECK-NEXT:      gram.yield %[[E2]]
gram.grammar @repeat root(@one) {
  gram.rule @one {
    %0 = gram.class ["x"]
    %1 = gram.repeat %0 min 1 max 1
    gram.yield %1
  }
  gram.rule @zero {
    %0 = gram.class ["x"]
    %1 = gram.repeat %0 min 0 max 0
    gram.yield %1
  }
  gram.rule @eps {
    %0 = gram.literal ""
    %1 = gram.repeat %0 min 2
    gram.yield %1
  }
}

// -----

// The empty language (alt with no operand) absorbs a sequence, vanishes
// from an alternative, and makes x{0,n} the empty string.
// CHECK-LABEL: gram.grammar @empty
// CHECK:         gram.rule @seq {
// CHECK-NEXT:      %[[N:.*]] = gram.alt(){{$}}
// CHECK-NEXT:      gram.yield %[[N]]
// CHECK:         gram.rule @alt {
// CHECK-NEXT:      %[[A:.*]] = gram.literal "a"
// CHECK-NEXT:      gram.yield %[[A]]
// CHECK:         gram.rule @opt {
// CHECK-NEXT:      %[[E:.*]] = gram.literal ""
// CHECK-NEXT:      gram.yield %[[E]]
// CHECK:         gram.rule @plus {
// CHECK-NEXT:      %[[N2:.*]] = gram.alt(){{$}}
// CHECK-NEXT:      gram.yield %[[N2]]
gram.grammar @empty root(@seq) {
  gram.rule @seq {
    %n = gram.alt()
    %a = gram.literal "a"
    %0 = gram.seq(%a, %n)
    gram.yield %0
  }
  gram.rule @alt {
    %n = gram.alt()
    %a = gram.literal "a"
    %0 = gram.alt(%n, %a)
    gram.yield %0
  }
  gram.rule @opt {
    %n = gram.alt()
    %0 = gram.repeat %n min 0 max 4
    gram.yield %0
  }
  gram.rule @plus {
    %n = gram.alt()
    %0 = gram.repeat %n min 1
    gram.yield %0
  }
}

// -----

// Nested repetitions: (x*){2,3} = x*, (x+){2,} = x{2,}, (x?)* = x*; others
// stay: (x+){2,3} and (x{2}){0,} are not single repetitions of x.
// CHECK-LABEL: gram.grammar @nested_repeat
// CHECK:         gram.rule @star {
// CHECK-NEXT:      %[[X:.*]] = gram.literal "x"
// CHECK-NEXT:      %[[S:.*]] = gram.repeat %[[X]] min 0{{$}}
// CHECK-NEXT:      gram.yield %[[S]]
// CHECK:         gram.rule @plus {
// CHECK-NEXT:      %[[X:.*]] = gram.literal "x"
// CHECK-NEXT:      %[[P:.*]] = gram.repeat %[[X]] min 2{{$}}
// CHECK-NEXT:      gram.yield %[[P]]
// CHECK:         gram.rule @opt {
// CHECK-NEXT:      %[[X:.*]] = gram.literal "x"
// CHECK-NEXT:      %[[O:.*]] = gram.repeat %[[X]] min 0{{$}}
// CHECK-NEXT:      gram.yield %[[O]]
// CHECK:         gram.rule @kept {
// CHECK-NEXT:      %[[X:.*]] = gram.literal "x"
// CHECK-NEXT:      %[[A:.*]] = gram.repeat %[[X]] min 1{{$}}
// CHECK-NEXT:      %[[B:.*]] = gram.repeat %[[A]] min 2 max 3
// CHECK-NEXT:      %[[C:.*]] = gram.repeat %[[X]] min 2 max 2
// CHECK-NEXT:      %[[D:.*]] = gram.repeat %[[C]] min 0{{$}}
// CHECK-NEXT:      %[[E:.*]] = gram.seq(%[[B]], %[[D]])
gram.grammar @nested_repeat root(@star) {
  gram.rule @star {
    %0 = gram.literal "x"
    %1 = gram.repeat %0 min 0
    %2 = gram.repeat %1 min 2 max 3
    gram.yield %2
  }
  gram.rule @plus {
    %0 = gram.literal "x"
    %1 = gram.repeat %0 min 1
    %2 = gram.repeat %1 min 2
    gram.yield %2
  }
  gram.rule @opt {
    %0 = gram.literal "x"
    %1 = gram.repeat %0 min 0 max 1
    %2 = gram.repeat %1 min 0
    gram.yield %2
  }
  gram.rule @kept {
    %0 = gram.literal "x"
    %1 = gram.repeat %0 min 1
    %2 = gram.repeat %1 min 2 max 3
    %3 = gram.repeat %0 min 2 max 2
    %4 = gram.repeat %3 min 0
    %5 = gram.seq(%2, %4)
    gram.yield %5
  }
}
