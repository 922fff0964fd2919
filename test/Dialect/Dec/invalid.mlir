// RUN: decc-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{body must end with a selection (dec.greedy or dec.sample)}}
dec.strategy @no_selection() {
  %l = dec.logits : !dec.logits
}

// -----

// expected-error @+1 {{parameter attributes must have one entry per body argument (1)}}
"dec.strategy"() <{sym_name = "s", param_names = ["a", "b"], param_defaults = array<f64: 1.0>, param_mins = array<f64: 0.0>, param_maxs = array<f64: 2.0>, stop_tokens = array<i64>}> ({
^bb0(%a: f32):
  %l = dec.logits : !dec.logits
  dec.greedy %l
}) : () -> ()

// -----

// expected-error @+1 {{parameter #0 must be f32 or i32}}
dec.strategy @bad_type(%a: f64 = 1.0) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{parameter 'k' must satisfy min <= default <= max (0 <= 40 <= 10)}}
dec.strategy @default_above_max(%k: i32 = 40 min 0 max 10) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{parameter 't' must satisfy min <= default <= max}}
dec.strategy @default_below_min(%t: f32 = 0.5 min 1.0) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{parameter name 'a' is not unique}}
dec.strategy @dup(%x: f32 = 1.0, %y: f32 = 1.0) attributes {param_names = ["a", "a"]} {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{i32 parameter 'k' needs an integral default within i32}}
"dec.strategy"() <{sym_name = "s", param_names = ["k"], param_defaults = array<f64: 1.5>, param_mins = array<f64: 0.0>, param_maxs = array<f64: 2.0>, stop_tokens = array<i64>}> ({
^bb0(%k: i32):
  %l = dec.logits : !dec.logits
  dec.greedy %l
}) : () -> ()

// -----

// expected-error @+1 {{stop token -1 must be >= 0}}
dec.strategy @neg_stop() stop(tokens = [-1]) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{max_tokens must be >= 1, got 0}}
dec.strategy @zero_max() stop(max_tokens = 0) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{max_tokens parameter 'n' needs min >= 1}}
dec.strategy @unbounded_max(%n: i32 = 16) stop(max_tokens = %n) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

dec.strategy @bad_stop_key() stop(eos,
// expected-error @+1 {{expected 'eos', 'max_tokens' or 'tokens' in stop clause}}
    foo) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{max_tokens_param must refer to an i32 parameter}}
dec.strategy @f32_max(%t: f32 = 1.0) stop(max_tokens = %t) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{max_tokens_param 3 is not a parameter index (1 parameters)}}
dec.strategy @bad_index(%n: i32 = 4 min 1) attributes {max_tokens_param = 3 : i32} {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{max_tokens and max_tokens_param are exclusive}}
dec.strategy @both(%n: i32 = 4 min 1) stop(max_tokens = 5, max_tokens = %n) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

dec.strategy @unknown_param(%n: i32 = 4) stop(
// expected-error @+1 {{max_tokens refers to %m, which is not a parameter}}
    max_tokens = %m) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

dec.strategy @fork() {
  %c = arith.constant 3 : i32
  %p = arith.constant 0.5 : f32
  // expected-note @+1 {{value defined here}}
  %l = dec.logits : !dec.logits
  %0 = dec.top_k %l, %c : i32
  // expected-error @+1 {{'dec.top_p' op consumes a !dec.logits value that 'dec.top_k' already consumes: the logits pipeline must be a chain}}
  %1 = dec.top_p %l, %p : f32
  dec.greedy %0
}

// -----

dec.strategy @fork_into_selection() {
  // expected-note @+1 {{value defined here}}
  %l = dec.logits : !dec.logits
  %c = arith.constant 3 : i32
  %0 = dec.top_k %l, %c : i32
  // expected-error @+1 {{'dec.greedy' op consumes a !dec.logits value}}
  dec.greedy %l
}

// -----

dec.strategy @window() {
  %l = dec.logits : !dec.logits
  %r = arith.constant 1.2 : f32
  // expected-error @+1 {{'dec.repetition_penalty' op window must be >= 0 (0 = whole history), got -1}}
  %0 = dec.repetition_penalty %l, %r {window = -1} : f32
  dec.greedy %0
}

// -----

dec.strategy @bias_sizes() {
  %l = dec.logits : !dec.logits
  // expected-error @+1 {{'dec.logit_bias' op has 2 tokens but 1 biases}}
  %0 = dec.logit_bias %l [1, 2], [1.0]
  dec.greedy %0
}

// -----

dec.strategy @bias_negative_token() {
  %l = dec.logits : !dec.logits
  // expected-error @+1 {{'dec.logit_bias' op token -4 must be >= 0}}
  %0 = dec.logit_bias %l [-4], [1.0]
  dec.greedy %0
}

// -----

dec.strategy @bias_duplicate() {
  %l = dec.logits : !dec.logits
  // expected-error @+1 {{'dec.logit_bias' op token 5 appears more than once}}
  %0 = dec.logit_bias %l [5, 6, 5], [1.0, 2.0, 3.0]
  dec.greedy %0
}

// -----

dec.strategy @bias_plus_inf() {
  %l = dec.logits : !dec.logits
  // expected-error @+1 {{'dec.logit_bias' op bias of token 3 must be finite or -inf}}
  %0 = dec.logit_bias %l [3], [0x7F800000]
  dec.greedy %0
}

// -----

func.func @f(%l: !dec.logits) {
  // expected-error @+1 {{'dec.sample' op expects parent op 'dec.strategy'}}
  dec.sample %l
}

// -----

// expected-error @+1 {{constraint @Missing does not name a symbol}}
dec.strategy @unknown_grammar() constrain(@Missing) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

dec.strategy @other() {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}
// expected-error @+1 {{constraint @other must name a dec.grammar, not a 'dec.strategy'}}
dec.strategy @not_a_grammar() constrain(@other) {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// -----

// expected-error @+1 {{unknown grammar kind 'yaml' (expected one of: gbnf, ebnf, regex, json_schema)}}
dec.grammar @Config = yaml "key: value"

// -----

// The kind is a dec attribute: the string of older IR is not one.
// expected-error @+1 {{Invalid attribute `kind` in property conversion: "regex"}}
"dec.grammar"() <{sym_name = "Digits", kind = "regex", source = "[0-9]+"}> : () -> ()

// -----

// expected-error @+1 {{unknown grammar kind 'yaml' (expected one of: gbnf, ebnf, regex, json_schema)}}
"dec.grammar"() <{sym_name = "Config", kind = #dec<grammar_kind yaml>, source = "key: value"}> : () -> ()

// -----

// expected-error @+1 {{source must not be empty}}
dec.grammar @Empty = regex ""

// -----

dec.strategy @outer() {
  %l = dec.logits : !dec.logits
  // expected-error @+1 {{expects parent op 'builtin.module'}}
  "dec.grammar"() <{sym_name = "Inner", kind = #dec<grammar_kind gbnf>, source = "root ::= \"a\""}> : () -> ()
  dec.greedy %l
}
