// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// Philox4x32-10 is unrolled scalar code (two 32x32->64 products per round);
// the prefix search sums whole blocks in f64 until one crosses u * Z.
// CHECK-LABEL: func.func @decc_row_s(
// CHECK-COUNT-20: arith.constant {{-?[0-9]+}} : i64
// CHECK:         arith.uitofp {{.*}} : i32 to f32
// CHECK:         scf.while
// CHECK:           vector.reduction <add>, {{.*}} : vector<16xf64> into f64
// CHECK:         scf.for
// CHECK:         cf.br ^bb{{[0-9]+}}(%{{.*}}, %{{.*}}, %{{.*}} : i32, i32, f32)
dec.strategy @s() {
  %l = dec.logits : !dec.logits
  dec.sample %l
}
