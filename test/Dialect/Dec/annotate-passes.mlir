// RUN: decc-opt %s -dec-annotate-passes -split-input-file | FileCheck %s

// The example of the design: an entropy-adaptive temperature needs the
// entropy of the penalised row (pass 0) before the row can be scaled (pass 1);
// every filter after it needs the row its predecessor produced.
// CHECK-LABEL: dec.strategy @chat
// CHECK-SAME:    attributes {dec.row_passes = 5 : i64}
// CHECK:         dec.repetition_penalty {{.*}} {dec.row_access = "sparse", dec.row_pass = 0 : i64, window = 64 : i64}
// CHECK:         dec.entropy {{.*}} {dec.row_access = "softmax", dec.row_pass = 0 : i64}
// CHECK:         dec.temperature {{.*}} {dec.row_access = "map", dec.row_pass = 1 : i64}
// CHECK:         dec.top_k {{.*}} {dec.row_access = "rank", dec.row_pass = 1 : i64}
// CHECK:         dec.top_p {{.*}} {dec.row_access = "mass", dec.row_pass = 2 : i64}
// CHECK:         dec.min_p {{.*}} {dec.row_access = "max", dec.row_pass = 3 : i64}
// CHECK:         dec.sample {{.*}} {dec.row_access = "softmax", dec.row_pass = 4 : i64}
dec.strategy @chat(%temperature: f32 = 0.7 min 0.0, %k: i32 = 40 min 0) {
  %l = dec.logits : !dec.logits
  %r = arith.constant 1.1 : f32
  %0 = dec.repetition_penalty %l, %r {window = 64} : f32
  %e = dec.entropy %0 : f32
  %t = arith.mulf %temperature, %e : f32
  %1 = dec.temperature %0, %t : f32
  %2 = dec.top_k %1, %k : i32
  %p = arith.constant 0.95 : f32
  %3 = dec.top_p %2, %p : f32
  %q = arith.constant 0.05 : f32
  %4 = dec.min_p %3, %q : f32
  dec.sample %4
}

// -----

// Elementwise and sparse operators fuse into the selection's pass: one read.
// CHECK-LABEL: dec.strategy @one_pass
// CHECK-SAME:    attributes {dec.row_passes = 1 : i64}
// CHECK:         dec.logit_bias {{.*}} {dec.row_access = "sparse", dec.row_pass = 0 : i64}
// CHECK:         dec.temperature {{.*}} {dec.row_access = "map", dec.row_pass = 0 : i64}
// CHECK:         dec.greedy {{.*}} {dec.row_access = "max", dec.row_pass = 0 : i64}
dec.strategy @one_pass(%t: f32 = 0.7) {
  %l = dec.logits : !dec.logits
  %0 = dec.logit_bias %l [3], [0xFF800000]
  %1 = dec.temperature %0, %t : f32
  dec.greedy %1
}

// -----

// Two features of the same row share its pass; a temperature computed from a
// step feature needs no reduction and fuses into the selection's pass.
// CHECK-LABEL: dec.strategy @shared
// CHECK-SAME:    attributes {dec.row_passes = 3 : i64}
// CHECK:         dec.entropy {{.*}}dec.row_pass = 0
// CHECK:         dec.max_prob {{.*}}dec.row_pass = 0
// CHECK:         dec.temperature {{.*}}dec.row_pass = 1
// CHECK:         dec.typical_p {{.*}}dec.row_access = "mass", dec.row_pass = 1
// CHECK:         dec.temperature {{.*}}dec.row_access = "map", dec.row_pass = 2
// CHECK:         dec.sample {{.*}}dec.row_pass = 2
dec.strategy @shared() {
  %l = dec.logits : !dec.logits
  %e = dec.entropy %l : f32
  %m = dec.max_prob %l : f32
  %t = arith.addf %e, %m : f32
  %0 = dec.temperature %l, %t : f32
  %1 = dec.typical_p %0, %t : f32
  %s = dec.step : i32
  %sf = arith.sitofp %s : i32 to f32
  %2 = dec.temperature %1, %sf : f32
  dec.sample %2
}
