// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// top_k: one counting pass with six pivots below the max, a compaction of the
// candidates, then 16-way rounds on order keys. No sort anywhere.
// CHECK-LABEL: func.func @decc_row_k(
// CHECK-SAME:    top_k: count-pivots@row compact@row select-rounds@list
// CHECK-NOT:     sort
// CHECK:         scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-6:   arith.cmpf oge, {{.*}} : vector<16xf32>
// Survivors are appended branch-free within blocks that have any.
// CHECK:         vector.reduction <or>
// CHECK:         scf.if
// CHECK:           vector.extractelement
// CHECK:           arith.extui {{.*}} : i1 to i32
// Order keys: sign-dependent xor of the float bits.
// CHECK:         arith.bitcast {{.*}} : vector<16xf32> to vector<16xi32>
// CHECK:         arith.xori
// CHECK:         scf.while
// CHECK:           arith.cmpi uge, {{.*}} : vector<16xi32>
// CHECK-NOT:     sort
dec.strategy @k(%k: i32 = 40) {
  %l = dec.logits : !dec.logits
  %1 = dec.top_k %l, %k : i32
  dec.greedy %1
}
