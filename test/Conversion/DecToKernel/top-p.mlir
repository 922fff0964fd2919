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

// With a feature of the caller's row, top_p on the row first bounds Z from
// the lane sets (their maxima and sums from the scan): when that decides the
// nucleus, the row is a short list and the rest of the strategy (sampling)
// is emitted for it; otherwise the dense path (weight pass, the subsample
// bracket's exact pass) and its own copy of the rest follow.
// CHECK-LABEL: func.func @decc_row_e(
// CHECK-SAME:    top_p: set-bounds+visit@chunks weights+copy@row bracket@row select-rounds@list
// CHECK:         cf.cond_br %{{.*}}, ^bb[[LIST:[0-9]+]], ^bb[[DENSE:[0-9]+]]
// CHECK:       ^bb[[LIST]]:
// CHECK:         scf.while
// CHECK:         cf.br ^bb{{[0-9]+}}(%{{.*}}, %{{.*}}, %{{.*}} : i32, i32, f32)
// CHECK:       ^bb[[DENSE]]:
// CHECK:         scf.while
// CHECK:         cf.br ^bb{{[0-9]+}}(%{{.*}}, %{{.*}}, %{{.*}} : i32, i32, f32)
dec.strategy @e() {
  %l = dec.logits : !dec.logits
  %h = dec.entropy %l : f32
  %c = arith.constant 0.5 : f32
  %t = arith.mulf %h, %c : f32
  %1 = dec.temperature %l, %t : f32
  %p = arith.constant 0.9 : f32
  %2 = dec.top_p %1, %p : f32
  dec.sample %2
}
