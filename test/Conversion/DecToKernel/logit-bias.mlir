// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// The bias table is a private constant global; ids >= V are skipped.
// CHECK: memref.global "private" constant @__decc_bias_b_0_tokens : memref<2xi64> = dense<[3, 7]>
// CHECK: memref.global "private" constant @__decc_bias_b_0_biases : memref<2xf32> = dense<[0xFF800000, 2.500000e+00]>
// CHECK-LABEL: func.func @decc_row_b(
// CHECK-SAME:    logit_bias: bias@const max-if-touched@row
// CHECK:         memref.get_global @__decc_bias_b_0_tokens
// CHECK:         arith.cmpi ult, %{{.*}}, %{{.*}} : i64
dec.strategy @b() {
  %l = dec.logits : !dec.logits
  %1 = dec.logit_bias %l [3, 7], [0xFF800000, 2.5]
  dec.greedy %1
}
