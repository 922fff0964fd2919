// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// The softmax pass keeps one f32 sum per chunk of 16 blocks (Z in f64), and
// nothing else (no entropy sum, no argmax);
// Philox4x32-10 is unrolled scalar code (two 32x32->64 products per round);
// sampling walks the chunk sums in f64, then scans one chunk.
// CHECK-LABEL: func.func @decc_row_s(
// CHECK:         scf.for {{.*}} -> (f64) {
// CHECK:           scf.for {{.*}} -> (vector<16xf32>) {
// CHECK:           vector.reduction <add>, {{.*}} : vector<16xf32> into f32
// CHECK:           memref.store {{.*}} : memref<?xf32>
// CHECK-COUNT-20: arith.constant {{-?[0-9]+}} : i64
// CHECK:         arith.uitofp {{.*}} : i32 to f32
// CHECK:         scf.while
// CHECK:           memref.load {{.*}} : memref<?xf32>
// CHECK:           arith.extf {{.*}} : f32 to f64
// CHECK:         scf.for
// CHECK:         cf.br ^bb{{[0-9]+}}(%{{.*}}, %{{.*}}, %{{.*}} : i32, i32, f32)
dec.strategy @s() {
  %l = dec.logits : !dec.logits
  dec.sample %l
}
