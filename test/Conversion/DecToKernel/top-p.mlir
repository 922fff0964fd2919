// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// top_p after top_k runs on the compact list: nothing after top_k streams
// over the row.
// CHECK-LABEL: func.func @decc_row_kp(
// CHECK-SAME:    top_k: count-pivots@row compact@row select-rounds@list | top_p: softmax@list mass-pivots@list compact@list select-rounds@list | sample: softmax@list prefix-search@list | row-passes=3
// The mass pivots weigh with exp(x - max).
// CHECK:         arith.minimumf
// CHECK:         math.exp
dec.strategy @kp() {
  %l = dec.logits : !dec.logits
  %k = arith.constant 40 : i32
  %1 = dec.top_k %l, %k : i32
  %p = arith.constant 0.9 : f32
  %2 = dec.top_p %1, %p : f32
  dec.sample %2
}
