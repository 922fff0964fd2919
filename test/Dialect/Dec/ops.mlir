// RUN: decc-opt %s | decc-opt | FileCheck %s
// RUN: decc-opt %s --mlir-print-op-generic | decc-opt | FileCheck %s
// RUN: decc-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: dec.strategy @chat(%temperature: f32 = 7.000000e-01 min 0.000000e+00, %k: i32 = 40 min 0 max 1000) stop(eos, max_tokens = 512, tokens = [13, 2]) {
// CHECK-NEXT:    %[[L:.*]] = dec.logits : !dec.logits
// CHECK-NEXT:    %[[E:.*]] = dec.entropy %[[L]] : f32
// CHECK-NEXT:    %[[T:.*]] = arith.mulf %temperature, %[[E]] : f32
// CHECK-NEXT:    %[[R0:.*]] = dec.temperature %[[L]], %[[T]] : f32
// CHECK-NEXT:    %[[R1:.*]] = dec.top_k %[[R0]], %k : i32
// CHECK-NEXT:    dec.sample %[[R1]]
// CHECK-NEXT:  }
dec.strategy @chat(%temperature: f32 = 0.7 min 0.0, %k: i32 = 40 min 0 max 1000)
    stop(eos, max_tokens = 512, tokens = [13, 2]) {
  %l = dec.logits : !dec.logits
  %e = dec.entropy %l : f32
  %t = arith.mulf %temperature, %e : f32
  %0 = dec.temperature %l, %t : f32
  %1 = dec.top_k %0, %k : i32
  dec.sample %1
}

// Every operator of the pipeline, in one chain.
// CHECK-LABEL: dec.strategy @all_ops() {
// CHECK:      %[[L:.*]] = dec.logits : !dec.logits
// CHECK-NEXT: dec.max_prob %[[L]] : f32
// CHECK-NEXT: dec.step : i32
// CHECK-NEXT: dec.vocab_size : i32
// CHECK-NEXT: dec.history_len : i32
// CHECK-NEXT: arith.constant
// CHECK-NEXT: arith.constant
// CHECK-NEXT: %[[A:.*]] = dec.repetition_penalty %[[L]], %{{.*}} {window = 64 : i64} : f32
// CHECK-NEXT: %[[B:.*]] = dec.presence_penalty %[[A]], %{{.*}} : f32
// CHECK-NEXT: %[[C:.*]] = dec.frequency_penalty %[[B]], %{{.*}} {window = 8 : i64} : f32
// CHECK-NEXT: %[[D:.*]] = dec.logit_bias %[[C]] [1, 7], [0xFF800000, 2.500000e+00]
// CHECK-NEXT: %[[E:.*]] = dec.top_p %[[D]], %{{.*}} : f32
// CHECK-NEXT: %[[F:.*]] = dec.min_p %[[E]], %{{.*}} : f32
// CHECK-NEXT: %[[G:.*]] = dec.typical_p %[[F]], %{{.*}} : f32
// CHECK-NEXT: dec.greedy %[[G]]
dec.strategy @all_ops() {
  %l = dec.logits : !dec.logits
  %mp = dec.max_prob %l : f32
  %s = dec.step : i32
  %v = dec.vocab_size : i32
  %h = dec.history_len : i32
  %r = arith.constant 1.1 : f32
  %p = arith.constant 0.5 : f32
  %0 = dec.repetition_penalty %l, %r {window = 64} : f32
  %1 = dec.presence_penalty %0, %p : f32
  %2 = dec.frequency_penalty %1, %p {window = 8} : f32
  %3 = dec.logit_bias %2 [1, 7], [0xFF800000, 2.5]
  %4 = dec.top_p %3, %p : f32
  %5 = dec.min_p %4, %p : f32
  %6 = dec.typical_p %5, %p : f32
  dec.greedy %6
}

// max_tokens can be a parameter; a name that is not an SSA identifier is kept
// in the attribute dictionary.
// CHECK-LABEL: dec.strategy @param_max(%n: i32 = 16 min 1) stop(max_tokens = %n) {
dec.strategy @param_max(%n: i32 = 16 min 1) stop(max_tokens = %n) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// CHECK-LABEL: dec.strategy @odd_name(%top_k: f32 = 1.000000e+00) attributes {param_names = ["top k"]} {
dec.strategy @odd_name(%x: f32 = 1.0) attributes {param_names = ["top k"]} {
  %l = dec.logits : !dec.logits
  %0 = dec.temperature %l, %x : f32
  dec.sample %0
}

// Negative bounds and defaults; extra attributes survive.
// CHECK-LABEL: dec.strategy @negative(%a: f32 = -5.000000e-01 min -2.000000e+00 max 2.000000e+00, %b: i32 = -3 max 0) attributes {note = "x"} {
dec.strategy @negative(%a: f32 = -0.5 min -2.0 max 2.0, %b: i32 = -3 max 0) attributes {note = "x"} {
  %l = dec.logits : !dec.logits
  %0 = dec.presence_penalty %l, %a : f32
  dec.sample %0
}

// A constrained strategy refers to a module-level grammar.
// CHECK-LABEL: dec.grammar @Answer = gbnf "root ::= \22yes\22 | \22no\22\0A"
// CHECK-LABEL: dec.strategy @yes_no() constrain(@Answer) stop(eos) {
// CHECK-NEXT:    %[[L:.*]] = dec.logits : !dec.logits
// CHECK-NEXT:    dec.greedy %[[L]]
// CHECK-NEXT:  }
dec.grammar @Answer = gbnf "root ::= \"yes\" | \"no\"\n"
dec.strategy @yes_no() constrain(@Answer) stop(eos) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// Every kind keeps its language and its text, in both the custom and the
// generic form (the second RUN line); extra attributes print after the source.
// CHECK-LABEL: dec.grammar @Ebnf = ebnf "start: \22a\22+\0A"
// CHECK-NEXT:  dec.grammar @Regex = regex "[0-9]{4}"
// CHECK-NEXT:  dec.grammar @Schema = json_schema "{\22type\22: \22boolean\22}"
// CHECK-NEXT:  dec.grammar @Tagged = gbnf "root ::= \22x\22" {note = "kept"}
dec.grammar @Ebnf = ebnf "start: \"a\"+\n"
dec.grammar @Regex = regex "[0-9]{4}"
dec.grammar @Schema = json_schema "{\"type\": \"boolean\"}"
dec.grammar @Tagged = gbnf "root ::= \"x\"" {note = "kept"}

// The generic form names the kind as a dec attribute.
// GENERIC-LABEL: "dec.grammar"() <{kind = #dec<grammar_kind regex>, source = "[0-9]{4}", sym_name = "Regex"}>
