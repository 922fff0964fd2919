// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// A leading penalty makes the scan copy the row; the penalty walks only the
// history window (zero counts, count, apply once per distinct id), then the
// max is recomputed.
// CHECK-LABEL: func.func @decc_row_p(
// CHECK-SAME:    decc.plan = "scan+copy(check,mask,max) | repetition_penalty: penalty@window max-if-touched@row | frequency_penalty: penalty@window max-if-touched@row | greedy: softmax+argmax@row | row-passes=2"
// CHECK:         vector.store
// CHECK:         memref.dim %{{.*}}, %{{.*}} : memref<?xi32>
// CHECK:         scf.for
// CHECK:           memref.store %{{.*}} : memref<?xi32>
// CHECK:         scf.for
// CHECK:           arith.addi
// CHECK:         scf.for
// CHECK:           arith.cmpf ogt
// CHECK:           arith.divf
// CHECK:           arith.mulf
dec.strategy @p(%r: f32 = 1.2) {
  %l = dec.logits : !dec.logits
  %1 = dec.repetition_penalty %l, %r {window = 64} : f32
  %f = arith.constant 0.3 : f32
  %2 = dec.frequency_penalty %1, %f : f32
  dec.greedy %2
}
