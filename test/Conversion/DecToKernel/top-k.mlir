// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// top_k: a vectorised pass computing each entry's bucket of (max - x), a
// scalar scatter-add into four histogram copies, the entries of the bucket
// that reaches k as order keys, 16-way rounds on them, then a compaction of
// the survivors. No sort anywhere.
// CHECK-LABEL: func.func @decc_row_k(
// CHECK-SAME:    top_k: count-histogram@row scatter@row bucket@row select-rounds@list compact@row
// CHECK-NOT:     sort
// CHECK:         arith.fptosi {{.*}} : vector<16xf32> to vector<16xi32>
// CHECK:         scf.for
// CHECK-COUNT-4:   arith.addf {{.*}} : f32
// CHECK:         scf.while
// CHECK:         vector.reduction <or>
// CHECK:         scf.if
// CHECK:           vector.extractelement
// CHECK:         scf.while
// CHECK:           arith.cmpi uge, {{.*}} : vector<16xi32>
// CHECK-NOT:     sort
dec.strategy @k(%k: i32 = 40) {
  %l = dec.logits : !dec.logits
  %1 = dec.top_k %l, %k : i32
  dec.greedy %1
}
