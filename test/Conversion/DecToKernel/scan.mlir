// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// The first pass is one vectorised loop: load, NaN/+inf test, mask, max;
// then status 2 / status 1 exits.
// CHECK-LABEL: func.func @decc_row_g(
// CHECK:         scf.for {{.*}} -> (vector<16xf32>, vector<16xi1>, vector<16xf32>)
// CHECK:           vector.load {{.*}} : memref<?xf32>, vector<16xf32>
// CHECK:           arith.cmpf uge, {{.*}} : vector<16xf32>
// CHECK:           arith.select {{.*}} : vector<16xi1>, vector<16xf32>
// CHECK:           arith.maxnumf {{.*}} fastmath<nnan> : vector<16xf32>
// The tail block is a masked load.
// CHECK:         vector.create_mask
// CHECK:         vector.maskedload
// CHECK:         vector.reduction <or>
// CHECK:         cf.cond_br {{.*}}, ^bb{{[0-9]+}}(%{{.*}}, %{{.*}}, %{{.*}} : i32, i32, f32)
// CHECK:         vector.reduction <maxnumf>
dec.strategy @g() {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}
