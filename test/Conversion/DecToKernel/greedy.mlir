// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// Greedy's softmax pass sums only Z (f64 per chunk, f32 lanes): the argmax
// comes from the scan's chunk lane maxima (the first chunk with a set whose
// max is the row max, then that chunk alone), not from the pass.
// CHECK-LABEL: func.func @decc_row_g(
// CHECK:         scf.for {{.*}} -> (f64) {
// CHECK:           scf.for {{.*}} -> (vector<16xf32>) {
// CHECK-NOT:         arith.minsi
// CHECK:         scf.while {{.*}} : (index) -> index
// CHECK:           arith.cmpf oeq, {{.*}} : vector<16xf32>
// CHECK:           vector.reduction <or>
// CHECK:         scf.for {{.*}} -> (vector<16xi32>)
// CHECK:           arith.minsi {{.*}} : vector<16xi32>
// CHECK:         vector.reduction <minsi>
// CHECK:         cf.br
dec.strategy @g() {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}

// After a temperature the lane maxima are read through it (x / T is
// monotone), so the argmax still comes from them.
// CHECK-LABEL: func.func @decc_row_gt(
// CHECK:         scf.while {{.*}} : (index) -> index
// CHECK:           arith.divf {{.*}} : vector<16xf32>
// CHECK:           arith.cmpf oeq, {{.*}} : vector<16xf32>
dec.strategy @gt() {
  %l = dec.logits : !dec.logits
  %t = arith.constant 0.7 : f32
  %1 = dec.temperature %l, %t : f32
  dec.greedy %1
}

// After point updates they are stale: the softmax pass keeps the argmax.
// CHECK-LABEL: func.func @decc_row_gb(
// CHECK:         scf.for {{.*}} -> (f64, vector<16xi32>) {
// CHECK:           arith.minsi {{.*}} : vector<16xi32>
// CHECK-NOT:     scf.while {{.*}} : (index) -> index
// CHECK:         cf.br
dec.strategy @gb() {
  %l = dec.logits : !dec.logits
  %1 = dec.logit_bias %l [3], [2.5]
  dec.greedy %1
}
