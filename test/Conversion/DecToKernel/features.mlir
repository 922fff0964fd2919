// RUN: decc-opt %s -convert-dec-to-kernel | FileCheck %s

// Step features come from the arguments; max_prob is 1/Z of its row, whose
// sums the scan keeps (online max per lane): no softmax pass of its own.
// CHECK-LABEL: func.func @decc_row_f(
// CHECK-SAME:    scan+softmax(check,mask,max) | max_prob: reuse-softmax | temperature: pending
// CHECK:         arith.trunci %{{.*}} : i64 to i32
// CHECK:         arith.index_cast
// CHECK:         arith.divf %{{.*}}, %{{.*}} : f32
dec.strategy @f() {
  %l = dec.logits : !dec.logits
  %s = dec.step : i32
  %h = dec.history_len : i32
  %m = dec.max_prob %l : f32
  %a = arith.addi %s, %h : i32
  %af = arith.sitofp %a : i32 to f32
  %t = arith.addf %af, %m : f32
  %1 = dec.temperature %l, %t : f32
  dec.sample %1
}
