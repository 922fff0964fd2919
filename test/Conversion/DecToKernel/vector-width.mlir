// RUN: decc-opt %s -convert-dec-to-kernel=vector-width=8 | FileCheck %s

// Narrower blocks for targets without AVX-512.
// CHECK-LABEL: func.func @decc_row_g(
// CHECK:         vector.load {{.*}} : memref<?xf32>, vector<8xf32>
dec.strategy @g() {
  %l = dec.logits : !dec.logits
  dec.greedy %l
}
