// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// min_p is a threshold at max + log p: one compaction pass, no selection.
// CHECK-LABEL: func.func @decc_row_m(
// CHECK-SAME:    min_p: compact@row | greedy: softmax+argmax@list | row-passes=2
// CHECK:         arith.cmpf ole, %{{.*}}, %{{.*}} : f32
// CHECK:         scf.if
// CHECK:           math.log
// CHECK-NOT:     scf.while
dec.strategy @m(%p: f32 = 0.1) {
  %l = dec.logits : !dec.logits
  %1 = dec.min_p %l, %p : f32
  dec.greedy %1
}
