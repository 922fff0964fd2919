// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// typical_p scores -|c - x| with c = max + log Z - H; an entropy feature of
// the caller's row takes its sums from the scan, and typical_p shares them.
// CHECK-LABEL: func.func @decc_row_ty(
// CHECK-SAME:    scan+softmax(check,mask,max) | entropy: reuse-softmax | typical_p: reuse-softmax mass-pivots@row compact@row select-rounds@list
// CHECK:         math.absf {{.*}} : vector<16xf32>
// CHECK:         arith.negf {{.*}} : vector<16xf32>
dec.strategy @ty(%p: f32 = 0.5) {
  %l = dec.logits : !dec.logits
  %e = dec.entropy %l : f32
  %1 = dec.typical_p %l, %p : f32
  %t = arith.addf %e, %p : f32
  %2 = dec.temperature %1, %t : f32
  dec.sample %2
}
