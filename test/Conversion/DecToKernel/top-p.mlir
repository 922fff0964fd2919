// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// top_p after top_k runs on the compact list: nothing after top_k streams
// over the row; top_p leaves its threshold pending (no compaction). A short
// list takes exact rounds on all its entries, a long one the histogram.
// CHECK-LABEL: func.func @decc_row_kp(
// CHECK-SAME:    top_p: mass-rounds@list | sample: softmax@list chunk-walk@const | row-passes=1
// The mass histogram weighs with exp(x - max) written out (no math.exp):
// scale 2^n built from the float bits, then buckets as integers.
// CHECK:         arith.minimumf
// CHECK-NOT:     math.exp
// CHECK:         arith.shli {{.*}} : vector<16xi32>
// CHECK:         arith.fptosi {{.*}} : vector<16xf32> to vector<16xi32>
dec.strategy @kp() {
  %l = dec.logits : !dec.logits
  %k = arith.constant 40 : i32
  %1 = dec.top_k %l, %k : i32
  %p = arith.constant 0.9 : f32
  %2 = dec.top_p %1, %p : f32
  dec.sample %2
}
