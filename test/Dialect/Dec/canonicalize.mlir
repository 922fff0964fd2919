// RUN: decc-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: dec.strategy @temperature_one
// CHECK-NEXT:    %[[L:.*]] = dec.logits
// CHECK-NEXT:    dec.sample %[[L]]
dec.strategy @temperature_one() {
  %l = dec.logits : !dec.logits
  %c = arith.constant 1.0 : f32
  %0 = dec.temperature %l, %c : f32
  dec.sample %0
}

// -----

// CHECK-LABEL: dec.strategy @top_k_disabled
// CHECK-NOT:     dec.top_k
dec.strategy @top_k_disabled() {
  %l = dec.logits : !dec.logits
  %c = arith.constant 0 : i32
  %m = arith.constant -5 : i32
  %0 = dec.top_k %l, %c : i32
  %1 = dec.top_k %0, %m : i32
  dec.sample %1
}

// -----

// CHECK-LABEL: dec.strategy @p_filters_disabled
// CHECK-NEXT:    %[[L:.*]] = dec.logits
// CHECK-NEXT:    dec.sample %[[L]]
dec.strategy @p_filters_disabled() {
  %l = dec.logits : !dec.logits
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %0 = dec.top_p %l, %one : f32
  %1 = dec.min_p %0, %zero : f32
  %2 = dec.typical_p %1, %one : f32
  dec.sample %2
}

// -----

// CHECK-LABEL: dec.strategy @penalties_disabled
// CHECK-NEXT:    %[[L:.*]] = dec.logits
// CHECK-NEXT:    dec.sample %[[L]]
dec.strategy @penalties_disabled() {
  %l = dec.logits : !dec.logits
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %0 = dec.repetition_penalty %l, %one {window = 64} : f32
  %1 = dec.presence_penalty %0, %zero : f32
  %2 = dec.frequency_penalty %1, %zero : f32
  dec.sample %2
}

// -----

// Operators whose argument is not the identity stay.
// CHECK-LABEL: dec.strategy @not_identity
// CHECK:         dec.temperature
// CHECK:         dec.top_k
// CHECK:         dec.top_p
// CHECK:         dec.min_p
// CHECK:         dec.typical_p
// CHECK:         dec.repetition_penalty
// CHECK:         dec.presence_penalty
// CHECK:         dec.frequency_penalty
dec.strategy @not_identity(%k: i32 = 0) {
  %l = dec.logits : !dec.logits
  %t = arith.constant 0.5 : f32
  %p = arith.constant 0.9 : f32
  %r = arith.constant 1.2 : f32
  %0 = dec.temperature %l, %t : f32
  %1 = dec.top_k %0, %k : i32
  %2 = dec.top_p %1, %p : f32
  %3 = dec.min_p %2, %p : f32
  %4 = dec.typical_p %3, %p : f32
  %5 = dec.repetition_penalty %4, %r : f32
  %6 = dec.presence_penalty %5, %r : f32
  %7 = dec.frequency_penalty %6, %r : f32
  dec.sample %7
}

// -----

// CHECK-LABEL: dec.strategy @empty_bias
// CHECK-NOT:     dec.logit_bias
dec.strategy @empty_bias() {
  %l = dec.logits : !dec.logits
  %0 = dec.logit_bias %l [], []
  dec.sample %0
}

// -----

// Zero biases are dropped; only zeros left means no operator.
// CHECK-LABEL: dec.strategy @zero_biases
// CHECK:         dec.logit_bias %{{.*}} [4], [0xFF800000]
// CHECK-NOT:     dec.logit_bias
dec.strategy @zero_biases() {
  %l = dec.logits : !dec.logits
  %p = arith.constant 0.5 : f32
  %0 = dec.logit_bias %l [1, 4, 9], [0.0, 0xFF800000, 0.0]
  %1 = dec.presence_penalty %0, %p : f32
  %2 = dec.logit_bias %1 [3], [0.0]
  dec.sample %2
}

// -----

// CHECK-LABEL: dec.strategy @merge_biases
// CHECK-NEXT:    %[[L:.*]] = dec.logits
// CHECK-NEXT:    %[[B:.*]] = dec.logit_bias %[[L]] [1, 2, 5], [0xFF800000, 3.000000e+00, 1.000000e+00]
// CHECK-NEXT:    dec.sample %[[B]]
dec.strategy @merge_biases() {
  %l = dec.logits : !dec.logits
  %0 = dec.logit_bias %l [1, 2], [0xFF800000, 1.0]
  %1 = dec.logit_bias %0 [2, 1, 5], [2.0, 4.0, 1.0]
  dec.sample %1
}

// -----

// CHECK-LABEL: dec.strategy @merge_temperatures
// CHECK-DAG:     %[[C:.*]] = arith.constant 1.500000e+00 : f32
// CHECK-DAG:     %[[L:.*]] = dec.logits
// CHECK:         %[[T:.*]] = dec.temperature %[[L]], %[[C]] : f32
// CHECK-NOT:     dec.temperature
// CHECK:         dec.sample %[[T]]
// Constant temperatures 0.5 and 2.0 merge to 1.0 — which is itself an
// identity, removed in the next iteration:
// CHECK-LABEL: dec.strategy @merge_temperatures_identity
// CHECK-NEXT:    %[[L:.*]] = dec.logits
// CHECK-NEXT:    dec.sample %[[L]]
dec.strategy @merge_temperatures() {
  %l = dec.logits : !dec.logits
  %a = arith.constant 0.5 : f32
  %b = arith.constant 4.0 : f32
  %c = arith.constant 0.75 : f32
  %0 = dec.temperature %l, %a : f32
  %1 = dec.temperature %0, %b : f32
  %2 = dec.temperature %1, %c : f32
  dec.sample %2
}
dec.strategy @merge_temperatures_identity() {
  %l = dec.logits : !dec.logits
  %a = arith.constant 0.5 : f32
  %b = arith.constant 2.0 : f32
  %0 = dec.temperature %l, %a : f32
  %1 = dec.temperature %0, %b : f32
  dec.sample %1
}

// -----

// Dynamic temperatures merge into one product.
// CHECK-LABEL: dec.strategy @merge_dynamic
// CHECK:         %[[P:.*]] = arith.mulf %t, %[[E:.*]] : f32
// CHECK-NEXT:    %[[T:.*]] = dec.temperature %{{.*}}, %[[P]] : f32
// CHECK-NEXT:    dec.sample %[[T]]
dec.strategy @merge_dynamic(%t: f32 = 0.7 min 0.0) {
  %l = dec.logits : !dec.logits
  %s = dec.step : i32
  %sf = arith.sitofp %s : i32 to f32
  %0 = dec.temperature %l, %t : f32
  %1 = dec.temperature %0, %sf : f32
  dec.sample %1
}

// -----

// A feature observes the intermediate row: no merge.
// CHECK-LABEL: dec.strategy @no_merge_when_observed
// CHECK:         %[[A:.*]] = dec.temperature %{{.*}}, %t
// CHECK:         dec.entropy %[[A]]
// CHECK:         dec.temperature %[[A]]
dec.strategy @no_merge_when_observed(%t: f32 = 0.7 min 0.0) {
  %l = dec.logits : !dec.logits
  %0 = dec.temperature %l, %t : f32
  %e = dec.entropy %0 : f32
  %1 = dec.temperature %0, %e : f32
  dec.sample %1
}

// -----

// Constant parameter expressions fold, including math of constants:
// temperature(0.5 * (1 + log(exp(1))) ) == temperature(1.0) disappears.
// CHECK-LABEL: dec.strategy @fold_expressions
// CHECK-NEXT:    %[[L:.*]] = dec.logits
// CHECK-NEXT:    dec.sample %[[L]]
dec.strategy @fold_expressions() {
  %l = dec.logits : !dec.logits
  %half = arith.constant 0.5 : f32
  %one = arith.constant 1.0 : f32
  %e = math.exp %one : f32
  %le = math.log %e : f32
  %sum = arith.addf %one, %le : f32
  %t = arith.mulf %half, %sum : f32
  %0 = dec.temperature %l, %t : f32
  dec.sample %0
}

// -----

// CHECK-LABEL: dec.strategy @fold_sqrt
// CHECK:         %[[C:.*]] = arith.constant 3.000000e+00 : f32
// CHECK:         dec.temperature %{{.*}}, %[[C]]
dec.strategy @fold_sqrt() {
  %l = dec.logits : !dec.logits
  %nine = arith.constant 9.0 : f32
  %t = math.sqrt %nine : f32
  %0 = dec.temperature %l, %t : f32
  dec.sample %0
}

// -----

// Integer expressions fold too: top_k(2 - 2) is disabled.
// CHECK-LABEL: dec.strategy @fold_int
// CHECK-NOT:     dec.top_k
dec.strategy @fold_int() {
  %l = dec.logits : !dec.logits
  %two = arith.constant 2 : i32
  %k = arith.subi %two, %two : i32
  %0 = dec.top_k %l, %k : i32
  dec.sample %0
}

// -----

// Dead features (Pure) are erased.
// CHECK-LABEL: dec.strategy @dead_features
// CHECK-NOT:     dec.entropy
// CHECK-NOT:     dec.max_prob
// CHECK-NOT:     dec.step
dec.strategy @dead_features() {
  %l = dec.logits : !dec.logits
  %e = dec.entropy %l : f32
  %m = dec.max_prob %l : f32
  %s = dec.step : i32
  dec.sample %l
}

// -----

// top_k and min_p(p <= 1) never drop the argmax: greedy does not need them.
// CHECK-LABEL: dec.strategy @greedy_ignores_filters
// CHECK-NEXT:    %[[L:.*]] = dec.logits
// CHECK-NEXT:    %[[T:.*]] = dec.temperature %[[L]]
// CHECK-NEXT:    dec.greedy %[[T]]
dec.strategy @greedy_ignores_filters(%k: i32 = 40, %t: f32 = 0.5) {
  %l = dec.logits : !dec.logits
  %p = arith.constant 0.1 : f32
  %0 = dec.temperature %l, %t : f32
  %1 = dec.top_k %0, %k : i32
  %2 = dec.min_p %1, %p : f32
  dec.greedy %2
}

// -----

// top_p may drop tied maxima and a dynamic min_p may exceed 1: both stay.
// CHECK-LABEL: dec.strategy @greedy_keeps_filters
// CHECK:         dec.top_p
// CHECK:         dec.min_p
// CHECK:         dec.greedy
dec.strategy @greedy_keeps_filters(%p: f32 = 0.5) {
  %l = dec.logits : !dec.logits
  %q = arith.constant 0.9 : f32
  %0 = dec.top_p %l, %q : f32
  %1 = dec.min_p %0, %p : f32
  dec.greedy %1
}
